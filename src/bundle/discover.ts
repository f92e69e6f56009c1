/**
 * Bundle discovery: list every file of a bundle folder (recursively, in a stable order) as an
 * EvidenceFile, and read the optional bundle.json manifest. Nothing is dropped: files that
 * cannot be opened come back as `unreadable` entries so that they reach the inventory.
 */
import type { Dirent, Stats } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, sep } from "node:path";
import { isUtf8 } from "node:buffer";
import { openEvidenceFile } from "./evidence-file.js";
import type { BundleManifest, EvidenceFile } from "./types.js";

export interface BundleListing {
  name: string;
  root: string;
  manifest: BundleManifest;
  /** Problems with bundle.json itself (it is optional; a broken one is reported, not fatal). */
  manifestProblems: string[];
  files: EvidenceFile[];
  /** Files listed but not offered to collectors, each with its reason (manifest, links, unreadable). */
  setAside: SetAsideFile[];
}

/** A listing with whatever it holds open: a folder holds nothing, a zip its file handle. */
export interface OpenedBundle extends BundleListing {
  /** Releases resources (zip file handles, temporary files) when the audit is done. */
  dispose?: () => Promise<void>;
}

export interface SetAsideFile {
  path: string;
  size: number;
  /** special: a named pipe, socket or device; folder: a folder that could not be listed. */
  kind: "manifest" | "link" | "unreadable" | "archive" | "special" | "folder";
  status: "parsed" | "skipped" | "failed";
  reason: string;
}

export const MANIFEST_NAME = "bundle.json";

export class BundleError extends Error {
  override name = "BundleError";
}

/**
 * The most files a bundle folder may hold: the same number as a zip's entries (zip.maxEntries,
 * default 100,000). Counted while the folder is listed, before any file is read.
 */
export async function listBundleFolder(root: string, maxFiles = DEFAULT_MAX_FILES): Promise<BundleListing> {
  const rootInfo = await lstat(root).catch(() => undefined);
  if (!rootInfo) throw new BundleError(`The bundle ${root} does not exist.`);
  if (!rootInfo.isDirectory()) throw new BundleError(`The bundle ${root} is not a folder (or a .zip).`);

  const files: EvidenceFile[] = [];
  const setAside: SetAsideFile[] = [];
  let manifest: BundleManifest = {};
  const manifestProblems: string[] = [];

  const walked = await walk(Buffer.from(root), "", { files: [], unreadableFolders: [], maxFiles });
  if (walked.files.length > maxFiles) {
    throw new BundleError(
      `The bundle folder ${root} was refused: it holds more than ${maxFiles.toLocaleString("en-US")} files (the limit, checked before any file is read; raise it with "zip": { "maxEntries": … } in wsus-audit.config.json if the bundle is genuine, or audit its sub-folders one by one).`,
    );
  }
  for (const folder of walked.unreadableFolders) {
    setAside.push({ path: folder.path, size: 0, kind: "folder", status: "failed", reason: folder.reason });
  }
  for (const { path, location } of walked.files) {
    let info: Stats;
    try {
      info = await lstat(location);
    } catch (error) {
      setAside.push({ path, size: 0, kind: "unreadable", status: "failed", reason: couldNotRead(error) });
      continue;
    }
    if (info.isSymbolicLink()) {
      setAside.push({
        path,
        size: 0,
        kind: "link",
        status: "skipped",
        reason: "symbolic link: not followed",
      });
      continue;
    }
    if (!info.isFile()) {
      // Reading a named pipe waits for a writer that never comes; a device never ends.
      setAside.push({ path, size: 0, kind: "special", status: "skipped", reason: notAFile(info) });
      continue;
    }
    if (path === MANIFEST_NAME) {
      const parsed = await readManifest(location, info.size);
      manifest = parsed.manifest;
      manifestProblems.push(...parsed.problems);
      setAside.push({
        path,
        size: info.size,
        kind: "manifest",
        status: parsed.problems.length > 0 ? "failed" : "parsed",
        reason: parsed.problems.length > 0 ? parsed.problems.join(" ") : "bundle manifest (site description)",
      });
      continue;
    }
    try {
      files.push(await openEvidenceFile(location, path));
    } catch (error) {
      setAside.push({
        path,
        size: info.size,
        kind: "unreadable",
        status: "failed",
        reason: couldNotRead(error),
      });
    }
  }
  return { name: basename(root.replace(/[\\/]+$/, "")), root, manifest, manifestProblems, files, setAside };
}

function couldNotRead(error: unknown): string {
  return `could not be read: ${(error as Error).message}`;
}

function notAFile(info: Stats): string {
  if (info.isFIFO()) return "a named pipe (FIFO), not a file: not read (reading it would wait for a writer)";
  if (info.isSocket()) return "a socket, not a file: not read";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device, not a file: not read";
  return "not a regular file: not read";
}

interface WalkedFile {
  /** Relative path shown in the report (bytes that are not UTF-8 escaped as \xNN). */
  path: string;
  /** What the file system is asked for: a string, or the raw bytes when the name is not UTF-8. */
  location: string | Buffer;
}

interface Walk {
  files: WalkedFile[];
  unreadableFolders: { path: string; reason: string }[];
  /** Listing stops once more than this many files are found: a million-file tree is not walked. */
  maxFiles: number;
}

const DEFAULT_MAX_FILES = 100_000;

/**
 * Every file under `folder`, names read as raw bytes: an old Windows zip unpacked on Linux leaves
 * cp1252 names that are not UTF-8, and a name decoded to a string could not be opened again.
 */
async function walk(folder: Buffer, display: string, into: Walk): Promise<Walk> {
  if (into.files.length > into.maxFiles) return into;
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(folder, { withFileTypes: true, encoding: "buffer" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    into.unreadableFolders.push({
      path: `${display || "."}/`,
      reason: `folder could not be read${code === "EACCES" || code === "EPERM" ? " (access denied)" : ""}: the files in it are not in this audit (${(error as Error).message})`,
    });
    return into;
  }
  const named = entries.map((entry) => ({ entry, name: displayName(entry.name) }));
  named.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.entry.name, b.entry.name),
  );
  for (const { entry, name } of named) {
    if (into.files.length > into.maxFiles) break;
    const location = Buffer.concat([folder, Buffer.from(sep), entry.name]);
    const path = display ? `${display}/${name}` : name;
    if (entry.isDirectory()) await walk(location, path, into);
    else into.files.push({ path, location: isUtf8(location) ? location.toString("utf8") : location });
  }
  return into;
}

/** A file name as text: UTF-8 when it is, otherwise ASCII kept and every other byte as \xNN. */
export function displayName(name: Buffer): string {
  if (isUtf8(name)) return name.toString("utf8");
  return Array.from(name, (byte) =>
    byte >= 0x20 && byte < 0x7f
      ? String.fromCharCode(byte)
      : `\\x${byte.toString(16).toUpperCase().padStart(2, "0")}`,
  ).join("");
}

const MANIFEST_STRINGS = ["customer", "site", "consultant", "collected", "notes"] as const;

/** bundle.json is typed here, once, so rules never compare "8530" with 8530. */
export function parseManifest(text: string): { manifest: BundleManifest; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return {
      manifest: {},
      problems: [`bundle.json is not valid JSON (${(error as Error).message}); it was ignored.`],
    };
  }
  if (!isPlainObject(raw))
    return { manifest: {}, problems: ["bundle.json must hold a JSON object; it was ignored."] };
  const manifest: BundleManifest = {};
  for (const key of MANIFEST_STRINGS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === "string") manifest[key] = value;
    else problems.push(`bundle.json: "${key}" must be a string.`);
  }
  const wsus = raw["wsus"];
  if (wsus !== undefined) {
    if (!isPlainObject(wsus)) problems.push('bundle.json: "wsus" must be an object.');
    else manifest.wsus = parseWsus(wsus, problems);
  }
  return { manifest, problems };
}

function parseWsus(wsus: Record<string, unknown>, problems: string[]): NonNullable<BundleManifest["wsus"]> {
  const result: NonNullable<BundleManifest["wsus"]> = {};
  if (typeof wsus["server"] === "string" && wsus["server"].trim() !== "")
    result.server = wsus["server"].trim();
  else if (wsus["server"] !== undefined) problems.push('bundle.json: "wsus.server" must be a host name.');
  const port = typeof wsus["port"] === "string" ? Number(wsus["port"]) : wsus["port"];
  if (typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536) result.port = port;
  else if (wsus["port"] !== undefined)
    problems.push('bundle.json: "wsus.port" must be a port number (1-65535).');
  if (typeof wsus["ssl"] === "boolean") result.ssl = wsus["ssl"];
  else if (wsus["ssl"] !== undefined) problems.push('bundle.json: "wsus.ssl" must be true or false.');
  if (typeof wsus["contentDir"] === "string" && wsus["contentDir"].trim() !== "") {
    const contentDir = windowsPath(wsus["contentDir"].trim());
    if (contentDir) result.contentDir = contentDir;
    else
      problems.push(
        `bundle.json: "wsus.contentDir" must be a Windows path with a drive letter or a UNC share (D:\\WSUS, \\\\server\\share\\WSUS), not ${JSON.stringify(wsus["contentDir"])}.`,
      );
  } else if (wsus["contentDir"] !== undefined)
    problems.push('bundle.json: "wsus.contentDir" must be a path.');
  return result;
}

/**
 * The WSUS content folder is a path on the server, whichever system runs the audit. A path typed
 * with forward slashes only (D:/WSUS) gets backslashes; doubled separators (but a UNC share's
 * leading pair) and a trailing one are dropped; the rest is kept as typed. Undefined when it is not
 * an absolute Windows path: a drive letter or a UNC share.
 */
export function windowsPath(path: string): string | undefined {
  const separators = path.includes("\\") ? path : path.replace(/\//g, "\\");
  const unc = /^\\\\[^\\]/.test(separators);
  const single = (unc ? "\\" : "") + separators.slice(unc ? 1 : 0).replace(/\\{2,}/g, "\\");
  if (!/^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(single)) return undefined;
  // "D:\" keeps its root separator; "D:\WSUS\" loses the trailing one
  return /^[A-Za-z]:\\$/.test(single) ? single : single.replace(/\\+$/, "");
}

/** bundle.json describes a site in a few lines; a larger one is not a manifest. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

async function readManifest(
  path: string | Buffer,
  size: number,
): Promise<{ manifest: BundleManifest; problems: string[] }> {
  if (size > MAX_MANIFEST_BYTES)
    return { manifest: {}, problems: ["bundle.json is larger than 1 MB; it was ignored."] };
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return {
      manifest: {},
      problems: [`bundle.json could not be read (${(error as Error).message}); it was ignored.`],
    };
  }
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? new TextDecoder("utf-16le").decode(bytes)
      : bytes.toString("utf8");
  return parseManifest(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
