/**
 * A zipped bundle, listed like a folder: every entry becomes an EvidenceFile whose open() streams
 * the entry again from the archive (nothing is extracted), or a set-aside entry with its reason, so
 * every entry reaches the inventory (folders excepted). Zips of logs inside the bundle are opened
 * recursively with the same limits. Hostile archives (zip-slip names, too many entries or bytes)
 * are refused as a whole with a message that says why.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { MANIFEST_NAME, parseManifest, type OpenedBundle, type SetAsideFile } from "./discover.js";
import { evidenceFileFrom } from "./evidence-file.js";
import type { BundleManifest, EvidenceFile } from "./types.js";
import { DistinctPaths } from "./zip/distinct-paths.js";
import { openZip, type OpenedZip, type ZipEntryInfo } from "./zip/read-zip.js";
import { DEFAULT_ZIP_LIMITS, ZipBudget, ZipUnreadableError, type ZipLimits } from "./zip/limits.js";

export { DEFAULT_ZIP_LIMITS, ZipRefusedError, ZipUnreadableError, type ZipLimits } from "./zip/limits.js";

export interface ZipBundleOptions {
  limits?: Partial<ZipLimits>;
}

/** Evidence files probed at once (each probe opens its entry twice). */
const PROBE_CONCURRENCY = 8;

export async function listZipBundle(zipPath: string, options: ZipBundleOptions = {}): Promise<OpenedBundle> {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const display = zipPath;
  const state: ListingState = {
    budget: new ZipBudget(limits, display),
    zips: [],
    tempDir: undefined,
    pending: [],
    setAside: [],
    paths: new DistinctPaths(),
  };
  const dispose = async (): Promise<void> => {
    await Promise.all(state.zips.map((zip) => zip.close()));
    if (state.tempDir) await rm(state.tempDir, { recursive: true, force: true });
  };
  try {
    const outer = await openZip({ file: zipPath }, display, state.budget);
    state.zips.push(outer);
    const name = basename(zipPath).replace(/\.zip$/i, "");
    const strip = commonTopFolder(outer.entries, name);
    let manifest: BundleManifest = {};
    const manifestProblems: string[] = [];

    for (const info of sortByPath(outer.entries)) {
      const path = state.paths.take(strip ? info.path.slice(strip.length) : info.path);
      if (info.kind === "file" && path === MANIFEST_NAME) {
        const special = await readSpecial(outer, info, path);
        if (special.manifest) {
          manifest = special.manifest.manifest;
          manifestProblems.push(...special.manifest.problems);
        }
        state.setAside.push(special.entry);
        continue;
      }
      await addEntry(state, outer, info, path, 1, display);
    }
    const files = await probeAll(state);
    return { name, root: zipPath, manifest, manifestProblems, files, setAside: state.setAside, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface ListingState {
  budget: ZipBudget;
  zips: OpenedZip[];
  tempDir: string | undefined;
  /** Evidence entries waiting to be probed (encoding, gzip), in bundle order. */
  pending: { path: string; info: ZipEntryInfo; zip: OpenedZip }[];
  setAside: SetAsideFile[];
  /** Paths already listed: a path the archive holds twice is listed twice, distinctly. */
  paths: DistinctPaths;
}

async function addEntry(
  state: ListingState,
  zip: OpenedZip,
  info: ZipEntryInfo,
  path: string,
  depth: number,
  display: string,
): Promise<void> {
  const size = info.uncompressedSize;
  switch (info.kind) {
    case "directory":
      return;
    case "link":
      state.setAside.push({
        path,
        size: 0,
        kind: "link",
        status: "skipped",
        reason: "symbolic link stored in the zip: not followed",
      });
      return;
    case "encrypted":
      state.setAside.push({
        path,
        size,
        kind: "unreadable",
        status: "failed",
        reason: "password-protected zip entry: cannot be read (zip the evidence without a password)",
      });
      return;
    case "unsupported-compression":
      state.setAside.push({
        path,
        size,
        kind: "unreadable",
        status: "failed",
        reason: `compressed with zip method ${info.entry.compressionMethod}; only Stored and Deflate can be read (re-create the zip with Windows' "Send to > Compressed folder" or Compress-Archive)`,
      });
      return;
    case "file":
      break;
  }
  if (/\.zip$/i.test(path)) {
    await addNestedZip(state, zip, info, path, depth, display);
    return;
  }
  state.pending.push({ path, info, zip });
}

async function addNestedZip(
  state: ListingState,
  parent: OpenedZip,
  info: ZipEntryInfo,
  path: string,
  depth: number,
  display: string,
): Promise<void> {
  const limits = state.budget.limits;
  const size = info.uncompressedSize;
  const nestedDisplay = `${display} › ${path}`;
  if (depth >= limits.maxNestingDepth) {
    state.setAside.push({
      path,
      size,
      kind: "unreadable",
      status: "skipped",
      reason: `zip nested ${depth} levels deep: not opened (the limit is ${limits.maxNestingDepth}); unzip it and add its files to the bundle`,
    });
    return;
  }
  let nested: OpenedZip;
  try {
    const source =
      size <= limits.maxNestedInMemoryBytes
        ? { buffer: await readAll(parent, info) }
        : { file: await extractToTemp(state, parent, info) };
    nested = await openZip(source, nestedDisplay, state.budget);
  } catch (error) {
    // A nested archive that is corrupt is one bad file; a hostile one refuses the whole bundle.
    if (error instanceof ZipUnreadableError || !(error instanceof Error && error.name === "BundleError")) {
      state.setAside.push({
        path,
        size,
        kind: "unreadable",
        status: "failed",
        reason: `nested zip could not be read: ${(error as Error).message}`,
      });
      return;
    }
    throw error;
  }
  state.zips.push(nested);
  const files = nested.entries.filter((entry) => entry.kind !== "directory").length;
  state.setAside.push({
    // Not a kind discovery knows yet: shown as set aside with the reason below (see the report).
    kind: "archive" as SetAsideFile["kind"],
    path,
    size,
    status: "parsed",
    reason: `nested zip: its ${files} file(s) are listed as ${path}/…`,
  });
  for (const entry of sortByPath(nested.entries))
    await addEntry(state, nested, entry, state.paths.take(`${path}/${entry.path}`), depth + 1, nestedDisplay);
}

async function probeAll(state: ListingState): Promise<EvidenceFile[]> {
  const files: (EvidenceFile | undefined)[] = new Array(state.pending.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < state.pending.length) {
      const index = next++;
      const { path, info, zip } = state.pending[index]!;
      try {
        files[index] = await evidenceFileFrom({
          path,
          size: info.uncompressedSize,
          openRaw: () => zip.openEntry(info.entry),
        });
      } catch (error) {
        state.setAside.push({
          path,
          size: info.uncompressedSize,
          kind: "unreadable",
          status: "failed",
          reason: `could not be read from the zip: ${(error as Error).message}`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, state.pending.length) }, worker));
  return files.filter((file): file is EvidenceFile => file !== undefined);
}

async function readSpecial(
  zip: OpenedZip,
  info: ZipEntryInfo,
  path: string,
): Promise<{ entry: SetAsideFile; manifest?: { manifest: BundleManifest; problems: string[] } }> {
  const size = info.uncompressedSize;
  let parsed: { manifest: BundleManifest; problems: string[] };
  try {
    const file = await evidenceFileFrom({ path, size, openRaw: () => zip.openEntry(info.entry) });
    parsed =
      size > 1024 * 1024
        ? { manifest: {}, problems: ["bundle.json is larger than 1 MB; it was ignored."] }
        : parseManifest(await file.readText());
  } catch (error) {
    parsed = {
      manifest: {},
      problems: [`bundle.json could not be read from the zip (${(error as Error).message}); it was ignored.`],
    };
  }
  const failed = parsed.problems.length > 0;
  return {
    manifest: parsed,
    entry: {
      path,
      size,
      kind: "manifest",
      status: failed ? "failed" : "parsed",
      reason: failed ? parsed.problems.join(" ") : "bundle manifest (site description)",
    },
  };
}

/**
 * "Send to > Compressed folder" on a folder puts every file under that folder's name. When all
 * entries share one top folder named like the zip or holding bundle.json, that folder is the root.
 */
function commonTopFolder(entries: readonly ZipEntryInfo[], zipName: string): string | undefined {
  const files = entries.filter((entry) => entry.kind !== "directory");
  if (files.length === 0) return undefined;
  const first = files[0]!.path.split("/")[0]!;
  const prefix = `${first}/`;
  if (!files.every((entry) => entry.path.startsWith(prefix))) return undefined;
  const holdsManifest = files.some((entry) => entry.path === `${prefix}${MANIFEST_NAME}`);
  return holdsManifest || first.toLowerCase() === zipName.toLowerCase() ? prefix : undefined;
}

function sortByPath(entries: readonly ZipEntryInfo[]): ZipEntryInfo[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function readAll(zip: OpenedZip, info: ZipEntryInfo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of zip.openEntry(info.entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function extractToTemp(state: ListingState, zip: OpenedZip, info: ZipEntryInfo): Promise<string> {
  state.tempDir ??= await mkdtemp(join(tmpdir(), "wsus-audit-zip-"));
  // The temporary name is ours, never the entry's: no name from the archive touches the disk.
  const file = join(state.tempDir, `nested-${state.zips.length}-${Date.now()}.zip`);
  await pipeline(zip.openEntry(info.entry), createWriteStream(file));
  return file;
}
