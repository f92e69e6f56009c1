/**
 * Many bundles → many AuditResults, in parallel, with the rules loaded once. A bundle that cannot
 * be audited becomes a failed entry with its reason and never stops the others. What to do with
 * each result (write its reports) is the caller's `onResult`, so this stage stays free of renderers.
 */
import { availableParallelism } from "node:os";
import type { AuditResult } from "../result/types.js";
import { auditBundle, loadRuleSet, type AuditOptions } from "./audit-bundle.js";
import {
  nothingRecognised,
  summariseResult,
  zeroCounts,
  type BatchEntry,
  type BatchRun,
} from "../result/batch-entry.js";
import { assignFolderNames } from "./batch/folder-names.js";
import type { BundleInput } from "./batch/inputs.js";
import { mapWithConcurrency } from "./batch/pool.js";

export { expandInputs, type BundleInput } from "./batch/inputs.js";
export type { BatchEntry, BatchFindingSummary, BatchRun } from "../result/batch-entry.js";

export interface BatchProgress {
  done: number;
  total: number;
  entry: BatchEntry;
}

export interface BatchOptions extends AuditOptions {
  concurrency?: number;
  /** Called once per audited bundle, before the next starts in this slot; returns the files written. */
  onResult?: (result: AuditResult, entry: BatchEntry) => Promise<{ reports: string[]; warnings: string[] }>;
  onBundleDone?: (progress: BatchProgress) => void;
}

export function defaultConcurrency(): number {
  return Math.max(2, availableParallelism());
}

export async function auditBatch(
  inputs: readonly BundleInput[],
  options: BatchOptions = {},
): Promise<BatchRun> {
  const started = Date.now();
  const { onResult, onBundleDone, concurrency, ...auditOptions } = options;
  const rules = await loadRuleSet(auditOptions);
  const folders = assignFolderNames(inputs.map((input) => input.name));
  let done = 0;
  const entries = await mapWithConcurrency(
    inputs,
    concurrency ?? defaultConcurrency(),
    async (input, index) => {
      const entry = await auditOne(input, folders[index]!, { ...auditOptions, rules }, onResult);
      done += 1;
      onBundleDone?.({ done, total: inputs.length, entry });
      return entry;
    },
  );
  return { entries, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };
}

async function auditOne(
  input: BundleInput,
  folder: string,
  options: AuditOptions,
  onResult: BatchOptions["onResult"],
): Promise<BatchEntry> {
  const started = Date.now();
  const base: BatchEntry = {
    name: input.name,
    input: input.path,
    folder,
    status: "failed",
    findings: zeroCounts(),
    accepted: 0,
    topFindings: [],
    coverage: {},
    reports: [],
    warnings: [],
    durationMs: 0,
  };
  if (input.problem) return { ...base, reason: input.problem };
  let result: AuditResult;
  try {
    result = await auditBundle(input.path, options);
  } catch (error) {
    return { ...base, reason: (error as Error).message, durationMs: Date.now() - started };
  }
  const empty = nothingRecognised(result);
  const entry: BatchEntry = {
    ...base,
    ...summariseResult(result),
    status: empty ? "failed" : "audited",
    ...(empty ? { reason: empty } : {}),
  };
  if (onResult) {
    try {
      const written = await onResult(result, entry);
      entry.reports = written.reports;
      entry.warnings = written.warnings;
    } catch (error) {
      entry.status = "failed";
      entry.reason = `the reports could not be written: ${(error as Error).message}`;
    }
  }
  entry.durationMs = Date.now() - started;
  return entry;
}
