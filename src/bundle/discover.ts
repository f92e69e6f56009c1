/**
 * Bundle discovery: list every file of a bundle folder (recursively, in a stable order) as an
 * EvidenceFile, and read the optional bundle.json manifest. Nothing is dropped: files that
 * cannot be opened come back as `unreadable` entries so that they reach the inventory.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
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
  kind: "manifest" | "expectations" | "link" | "unreadable" | "archive";
  status: "parsed" | "skipped" | "failed";
  reason: string;
}

export const MANIFEST_NAME = "bundle.json";
export const EXPECTATIONS_NAME = "expected.json";

export class BundleError extends Error {
  override name = "BundleError";
}

export async function listBundleFolder(root: string): Promise<BundleListing> {
  const rootInfo = await lstat(root).catch(() => undefined);
  if (!rootInfo) throw new BundleError(`The bundle ${root} does not exist.`);
  if (!rootInfo.isDirectory()) throw new BundleError(`The bundle ${root} is not a folder (or a .zip).`);

  const files: EvidenceFile[] = [];
  const setAside: SetAsideFile[] = [];
  let manifest: BundleManifest = {};
  const manifestProblems: string[] = [];

  for (const absolutePath of await walk(root)) {
    const path = relative(root, absolutePath).split(sep).join("/");
    const info = await lstat(absolutePath);
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
    if (path === MANIFEST_NAME) {
      const parsed = await readManifest(absolutePath);
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
    if (path === EXPECTATIONS_NAME) {
      setAside.push({
        path,
        size: info.size,
        kind: "expectations",
        status: "skipped",
        reason: "expected results of a sample bundle, not evidence",
      });
      continue;
    }
    try {
      files.push(await openEvidenceFile(absolutePath, path));
    } catch (error) {
      setAside.push({
        path,
        size: info.size,
        kind: "unreadable",
        status: "failed",
        reason: `could not be read: ${(error as Error).message}`,
      });
    }
  }
  return { name: basename(root.replace(/[\\/]+$/, "")), root, manifest, manifestProblems, files, setAside };
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const paths: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) paths.push(...(await walk(path)));
    else paths.push(path);
  }
  return paths;
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
    result.contentDir = wsus["contentDir"].trim();
  } else if (wsus["contentDir"] !== undefined)
    problems.push('bundle.json: "wsus.contentDir" must be a path.');
  return result;
}

async function readManifest(path: string): Promise<{ manifest: BundleManifest; problems: string[] }> {
  const bytes = await readFile(path);
  const text =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? new TextDecoder("utf-16le").decode(bytes)
      : bytes.toString("utf8");
  return parseManifest(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
