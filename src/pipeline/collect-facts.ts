/**
 * Bundle → Facts: offer every file to the collector that recognises it, record each in the
 * inventory (parsed, skipped or failed, with a reason), and merge fragments per source.
 * Nothing here throws for bad evidence; only a bundle that cannot be opened at all does.
 */
import type { BundleListing, SetAsideFile } from "../bundle/discover.js";
import { makeProbe } from "../bundle/evidence-file.js";
import { limitReads } from "../bundle/read-limit.js";
import { describeCollectionManifest, isCollectionManifest } from "../bundle/collection-manifest.js";

/** A manifest of a few dozen steps is a few KB; anything far larger is not one. */
const MAX_COLLECTION_MANIFEST_BYTES = 1024 * 1024;
import {
  DAMAGED_COMPRESSION_ADVICE,
  describeDamagedCompression,
  isDamagedCompression,
} from "../bundle/damaged-compression.js";
import type { EvidenceFile } from "../bundle/types.js";
import { classify } from "../collectors/classify.js";
import type { Facts } from "../collectors/facts.js";
import { SOURCES } from "../collectors/index.js";
import { sourceLabel } from "../collectors/sources.js";
import {
  DEFAULT_LIMITS,
  type Collector,
  type CollectorOutput,
  type EvidenceSource,
  type Limits,
  type SourceAccumulator,
  type SourceName,
} from "../collectors/types.js";
import type { InventoryEntry } from "../result/types.js";

export interface CollectProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  fileSize: number;
}

export interface CollectOptions {
  limits?: Partial<Limits>;
  onProgress?: (progress: CollectProgress) => void;
}

export interface CollectedBundle {
  facts: Facts;
  inventory: InventoryEntry[];
  diagnostics: { severity: "error" | "warning" | "info"; message: string }[];
}

const SET_ASIDE_LABELS: Record<SetAsideFile["kind"], string> = {
  manifest: "Bundle manifest (bundle.json)",
  link: "Symbolic link",
  unreadable: "Unreadable file",
  archive: "Nested zip (contents listed separately)",
  special: "Not a file (pipe, socket or device)",
  folder: "Unreadable folder",
};

export async function collectFacts(
  listing: BundleListing,
  options: CollectOptions = {},
): Promise<CollectedBundle> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const inventory: InventoryEntry[] = listing.setAside.map((file) => ({
    path: file.path,
    kind: ["link", "unreadable", "special", "folder"].includes(file.kind) ? "unknown" : file.kind,
    label: SET_ASIDE_LABELS[file.kind],
    status: file.status,
    reason: file.reason,
    size: file.size,
    records: 0,
    rejected: 0,
    problems: [],
  }));
  const diagnostics: CollectedBundle["diagnostics"] = listing.manifestProblems.map((message) => ({
    severity: "warning",
    message,
  }));
  const fragments = new Map<SourceName, { file: string; facts: unknown }[]>();
  // sources that take each file's fragment as it is read, instead of every fragment at the end
  const accumulators = new Map<SourceName, SourceAccumulator>();
  // an accumulator that failed is reported where its merge would have been, like a failed merge
  const failedAccumulators = new Map<SourceName, Error>();
  const kinds = new Set<string>();

  for (const [index, file] of listing.files.entries()) {
    const entry = await collectOne(file, limits, (bytesRead) =>
      options.onProgress?.({
        file: file.path,
        fileIndex: index,
        fileCount: listing.files.length,
        bytesRead,
        fileSize: file.size,
      }),
    );
    inventory.push(entry.inventory);
    if (entry.collector && entry.output?.status === "parsed" && entry.output.facts !== undefined) {
      const accumulator = accumulatorOf(accumulators, entry.collector.source);
      if (accumulator) {
        const source = entry.collector.source;
        try {
          if (!failedAccumulators.has(source)) accumulator.add(file.path, entry.output.facts);
        } catch (error) {
          failedAccumulators.set(source, error as Error);
        }
      } else {
        const list = fragments.get(entry.collector.source) ?? [];
        list.push({ file: file.path, facts: entry.output.facts });
        fragments.set(entry.collector.source, list);
      }
      kinds.add(entry.collector.kind);
    }
  }

  const facts: Facts = {
    bundle: {
      name: listing.name,
      manifest: listing.manifest,
      wsus: { ...listing.manifest.wsus },
      sources: [],
      kinds: [...kinds].sort(),
    },
  };
  for (const source of mergeOrder()) {
    const list = fragments.get(source.name);
    const accumulator = accumulators.get(source.name);
    if (!accumulator && (!list || list.length === 0)) continue;
    try {
      const failed = failedAccumulators.get(source.name);
      if (failed) throw failed;
      const merged = accumulator
        ? accumulator.finish(listing.manifest, facts)
        : source.merge(list!, listing.manifest, facts);
      (facts as unknown as Record<string, unknown>)[source.name] = merged;
      facts.bundle.sources.push(source.name);
      markNotCounted(inventory, source.notCounted?.(merged) ?? []);
      for (const { file, message } of source.notes?.(merged) ?? [])
        inventory.find((e) => e.path === file)?.problems.push({ severity: "info", message });
    } catch (error) {
      diagnostics.push({
        severity: "error",
        message: `Combining the ${sourceLabel(source.name)} evidence failed: ${(error as Error).message}. Its rules were not evaluated (this is a bug; please report it).`,
      });
    }
  }
  return { facts: inSourceOrder(facts), inventory, diagnostics };
}

/** The accumulator of a source that has one, made at its first fragment. */
function accumulatorOf(
  accumulators: Map<SourceName, SourceAccumulator>,
  name: SourceName,
): SourceAccumulator | undefined {
  let accumulator = accumulators.get(name);
  if (!accumulator) {
    accumulator = SOURCES.find((s) => s.name === name)?.accumulate?.();
    if (accumulator) accumulators.set(name, accumulator);
  }
  return accumulator;
}

/** Sources that read other sources' facts (`after`) are merged once those are. */
function mergeOrder(): EvidenceSource[] {
  return [...SOURCES].sort((a, b) => (a.after?.length ? 1 : 0) - (b.after?.length ? 1 : 0));
}

/** The facts' keys in the source table's order, whatever order they were merged in. */
function inSourceOrder(facts: Facts): Facts {
  const record = facts as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = { bundle: facts.bundle };
  for (const source of SOURCES) if (source.name in record) ordered[source.name] = record[source.name];
  facts.bundle.sources.sort(
    (a, b) => SOURCES.findIndex((s) => s.name === a) - SOURCES.findIndex((s) => s.name === b),
  );
  return ordered as unknown as Facts;
}

/** How the inventory reason of a file read but not counted begins. */
export const NOT_COUNTED = "read, but ";

/** A file read but not counted (another site's IIS log…) is "skipped" in the inventory, with why. */
function markNotCounted(
  inventory: InventoryEntry[],
  files: readonly { file: string; reason: string }[],
): void {
  for (const { file, reason } of files) {
    const entry = inventory.find((e) => e.path === file);
    if (!entry) continue;
    entry.status = "skipped";
    entry.reason = `${NOT_COUNTED}${reason}`;
  }
}

async function collectOne(
  file: EvidenceFile,
  limits: Limits,
  onProgress: (bytesRead: number) => void,
): Promise<{ inventory: InventoryEntry; collector?: Collector; output?: CollectorOutput }> {
  const base = {
    path: file.path,
    size: file.size,
    records: 0,
    rejected: 0,
    problems: [],
    ...(file.encoding ? { encoding: file.encoding } : {}),
  };
  if (file.size > limits.maxFileBytes) {
    return {
      inventory: {
        ...base,
        kind: "unknown",
        label: "Too large",
        status: "skipped",
        reason: `${formatBytes(file.size)} is over the file size limit of ${formatBytes(limits.maxFileBytes)} (${RAISE_FILE_LIMIT})`,
      },
    };
  }
  if (isCollectionManifest(file.path) && file.size <= MAX_COLLECTION_MANIFEST_BYTES) {
    return {
      inventory: {
        ...base,
        kind: "collection-manifest",
        label: "Collection manifest",
        status: "skipped",
        reason: describeCollectionManifest(await file.readText()),
      },
    };
  }
  const probe = await makeProbe(file);
  const { collector, errors } = classify(probe);
  if (!collector) {
    return {
      inventory: {
        ...base,
        kind: "unknown",
        label: "Not recognised",
        status: "skipped",
        reason: `not recognised as any supported evidence kind (${describeStart(probe.head, file.encoding)}); run \`wsus-audit formats\` for the kinds and how to collect them`,
        problems: errors.map((message) => ({
          severity: "error" as const,
          message: `kind detection failed: ${message} (this is a bug)`,
        })),
      },
    };
  }
  const identity = { kind: collector.kind, label: collector.label, source: collector.source };
  const bound = readBound(collector, limits);
  if (file.size > bound.bytes) {
    return {
      inventory: { ...base, ...identity, status: "skipped", reason: tooLarge(formatBytes(file.size), bound) },
    };
  }
  // A .gz or a zip entry is held to the limit as it is read: its stored size says nothing of that.
  let overLimit = false;
  const limited = limitReads(file, bound.bytes, () => (overLimit = true));
  let output: CollectorOutput;
  try {
    output = await collector.collect(limited, { limits, onProgress });
  } catch (error) {
    if (overLimit)
      return { inventory: { ...base, ...identity, status: "skipped", reason: tooLarge("read", bound) } };
    return {
      collector,
      inventory: {
        ...base,
        ...identity,
        status: "failed",
        reason: isDamagedCompression(error)
          ? `${describeDamagedCompression(error)}: ${DAMAGED_COMPRESSION_ADVICE}`
          : `the ${collector.label} reader stopped with an internal error: ${(error as Error).message}. This is a bug; the rest of the bundle was audited.`,
      },
    };
  }
  // A reader that caught the limit's error itself still gets no facts from a file it read only in part.
  if (overLimit)
    return { inventory: { ...base, ...identity, status: "skipped", reason: tooLarge("read", bound) } };
  return {
    collector,
    output,
    inventory: {
      ...base,
      ...identity,
      ...(output.label ? { label: output.label } : {}),
      status: output.status,
      ...(output.reason ? { reason: output.reason } : {}),
      ...(output.encoding ? { encoding: output.encoding } : {}),
      records: output.records,
      rejected: output.rejected,
      problems: output.problems,
    },
  };
}

const RAISE_FILE_LIMIT = "raise it with --max-file-size";

interface ReadBound {
  bytes: number;
  /** The limit as the inventory names it. */
  name: string;
}

/** The smaller of the file size limit and, for a kind read whole into memory, the whole-file limit. */
function readBound(collector: Collector, limits: Limits): ReadBound {
  if (collector.readsWhole && limits.maxWholeFileBytes < limits.maxFileBytes) {
    return {
      bytes: limits.maxWholeFileBytes,
      name: `the ${formatBytes(limits.maxWholeFileBytes)} limit for this kind (it is read whole into memory; raise it with "limits": { "maxWholeFileBytes": … } in the configuration)`,
    };
  }
  return {
    bytes: limits.maxFileBytes,
    name: `the file size limit of ${formatBytes(limits.maxFileBytes)} (${RAISE_FILE_LIMIT})`,
  };
}

/** `size` is the stored size, or "read" when the limit was reached while reading (decompressing). */
function tooLarge(size: string, bound: ReadBound): string {
  return size === "read"
    ? `above ${bound.name} once decompressed: not read further, no facts taken from it`
    : `${size} is above ${bound.name}: not read`;
}

function describeStart(head: string, encoding: string | undefined): string {
  if (!encoding) return "binary content";
  const start = head.replace(/\s+/g, " ").trim().slice(0, 40);
  return start ? `${encoding} text starting "${start}"` : `empty ${encoding} file`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
