/**
 * The contract between collectors and the rest of the pipeline.
 *
 * A collector turns one EvidenceFile into a facts fragment. It never throws on bad content:
 * it reports problems (file, line, what was wrong) and returns what it could read.
 * An EvidenceSource groups the collectors whose facts share one top-level fact name
 * (e.g. the four Group Policy export formats all feed `gpo`) and merges their fragments.
 */
import type { BundleManifest, EvidenceFile, Probe } from "../bundle/types.js";
import type { SourceName } from "./sources.js";

/** Top-level fact names, one per evidence source: see sources.ts. */
export type { SourceName } from "./sources.js";

export interface Problem {
  /** 1-based line (or record number for binary formats) where the problem is. */
  line?: number;
  /** One sentence a consultant understands. */
  message: string;
  /** A short excerpt of the offending input (already cut to a sane length). */
  sample?: string;
  severity: "error" | "warning" | "info";
}

/** Where a fact came from, so a finding can cite it. */
export interface Provenance {
  file: string;
  line?: number;
}

export interface CollectorOutput<Fragment = unknown> {
  /** "parsed": facts were read; "skipped": recognised but nothing to use (reason says why); "failed": unreadable. */
  status: "parsed" | "skipped" | "failed";
  /** Required for skipped/failed: why, and what to do about it. */
  reason?: string;
  /** The facts this file contributes; undefined when skipped or failed. */
  facts?: Fragment;
  /** Records (lines, entries, events, ACEs …) successfully read. */
  records: number;
  /** Records present but rejected (each counted; a sample appears in problems). */
  rejected: number;
  problems: Problem[];
  /** What the file turned out to be, when more exact than the collector's label (e.g. "System log, native .evtx"). */
  label?: string;
  /** The encoding the collector really decoded with, when it differs from the bundle's guess (e.g. OEM code page 850). */
  encoding?: string;
}

export interface CollectorContext {
  /** Called with the number of bytes consumed so far, for progress bars on big logs. */
  onProgress?: (bytesRead: number) => void;
  /** Bounds that protect the run from hostile or huge input. */
  limits: Limits;
}

export interface Limits {
  /** Files larger than this when read (decompressed) are skipped with a clear reason. */
  maxFileBytes: number;
  /**
   * Kinds read whole into memory (XML documents, .reg exports, tables) refuse files larger than
   * this when read: parsing takes several times the file's size (a 287 MB applicationHost.config
   * peaked at 2.1 GB), and a string over ~512 MB cannot exist in JavaScript at all.
   */
  maxWholeFileBytes: number;
  /** Longer lines are cut and counted as rejected. */
  maxLineLength: number;
  /** Cap for the number of evidence sample lines kept per group. */
  maxSamples: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 64 * 1024 * 1024 * 1024,
  maxWholeFileBytes: 64 * 1024 * 1024,
  maxLineLength: 64 * 1024,
  maxSamples: 5,
};

export interface Collector<Fragment = unknown> {
  /** Stable evidence kind id shown in the inventory, e.g. "gpresult-xml". */
  readonly kind: string;
  /** The fact family this kind feeds. */
  readonly source: SourceName;
  /** Human name, e.g. "gpresult /x RSoP report (XML)". */
  readonly label: string;
  /** How to collect it on Windows: the exact command(s), for `wsus-audit formats` and the inventory. */
  readonly howToCollect: string;
  /** "read" (default): facts come from it; "recognised": identified only, to say how to re-export it. */
  readonly status?: "read" | "recognised";
  /** Set when collect() holds the whole file in memory: the file is then held to limits.maxWholeFileBytes. */
  readonly readsWhole?: boolean;
  /**
   * How sure this collector is that the probe is its kind, from content only (never the name alone):
   * 0 = not mine; 1..100 = confidence. Discovery takes the highest score.
   */
  detect(probe: Probe): number;
  collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<Fragment>>;
}

/** The facts of the sources merged so far, by source name (collect-facts.ts). */
export type MergedSources = { readonly [source in SourceName]?: unknown };

export interface EvidenceSource<Fragment = unknown, Merged = unknown> {
  /** Its row in the source table (sources.ts), which also gives its label. */
  readonly name: SourceName;
  readonly collectors: readonly Collector<Fragment>[];
  /** Combine the fragments of every parsed file of this source into the fact rules see; `merged`
   *  holds the sources listed in `after`, already merged. */
  merge(
    fragments: readonly { file: string; facts: Fragment }[],
    manifest: BundleManifest,
    merged?: MergedSources,
  ): Merged;
  /**
   * For sources whose fragments grow with the evidence (a client table per daily IIS log): an
   * accumulator that takes each file's fragment as soon as it is read, so the fragments are not all
   * held until the end. Gives the facts `merge` gives on the same fragments in the same order.
   */
  accumulate?(): SourceAccumulator<Fragment, Merged>;
  /** Sources whose facts this one's merge reads (the IIS logs are held to the WSUS site of
   *  applicationHost.config), merged first. */
  readonly after?: readonly SourceName[];
  /** Files read but not counted in the merged facts (another site's log…), with the reason the
   *  inventory gives. */
  notCounted?(merged: Merged): readonly { file: string; reason: string }[];
  /** Notes the merge has on files it counted (a log spanning two periods…), for the inventory. */
  notes?(merged: Merged): readonly { file: string; message: string }[];
}

/** Merges a source's fragments one at a time, in bundle order (EvidenceSource.accumulate). */
export interface SourceAccumulator<Fragment = unknown, Merged = unknown> {
  add(file: string, fragment: Fragment): void;
  /** The merged facts, once every fragment was added (`merged`: as for EvidenceSource.merge). */
  finish(manifest: BundleManifest, merged?: MergedSources): Merged;
}
