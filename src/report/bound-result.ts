/**
 * A report is read by people: a table of 100,000 machines helps no one on screen or paper, and as
 * result.json it reached hundreds of megabytes. Before any format is rendered, per-machine and
 * per-object lists longer than `maxRows` keep their first rows, say how many there are in all and
 * where the full list went: a CSV side file under lists/ (written next to the reports). Counts,
 * verdicts and fingerprints were computed from the full lists before this step, so they stay exact.
 * Bounding is idempotent: a bounded result (e.g. read back by `render`) passes through unchanged.
 */
import { allRows, boundedTotal, EVIDENCE_ROWS_KEPT } from "../engine/evidence-rows.js";
import type { AuditResult, EvidenceBlock, Finding } from "../result/types.js";
import { aclObjectRow, httpErrClientRow, npsMachineRow, radiusMachineRow } from "./facts-view.js";
import { INVENTORY_LIST_FILE, INVENTORY_ROWS, inventoryCsvRow } from "./inventory-summary.js";
import { isPlainObject } from "./model.js";

/** The rows a finding keeps as it is built (engine/evidence-rows.ts) are the rows a report shows. */
export const DEFAULT_MAX_ROWS = EVIDENCE_ROWS_KEPT;
/** Longer summaries (a template that lists every machine) are cut at a separator. */
export const MAX_SUMMARY_CHARS = 4000;
export const LISTS_FOLDER = "lists";
/** A single value longer than this (a 50 MB registry value) is cut, its length stated. */
export const MAX_VALUE_CHARS = 8192;

/** A list cut from the result, in full, for a side file. */
export interface FullList {
  /** Relative to the report folder, with forward slashes: "lists/nps-machines.csv". */
  file: string;
  /** The items, or (a finding's bounded evidence table) how to compute them again when written. */
  rows: readonly unknown[] | (() => Promise<readonly unknown[]>);
  /** How one item reads as a CSV row (default: the item itself). */
  row?: (item: never) => unknown;
}

export interface BoundedResult {
  result: AuditResult;
  lists: FullList[];
}

/**
 * Per-machine and per-object lists of the facts (path below result.facts), the truncation counter
 * each feeds, and how an item reads in the side file (default: every key, nested values as JSON).
 */
const FACT_LISTS: { path: string[]; truncatedKey?: string[]; row?: (item: never) => unknown }[] = [
  { path: ["nps", "machines"], truncatedKey: ["nps", "truncated", "machines"], row: npsMachineRow },
  { path: ["nps", "accounting", "machines"], truncatedKey: ["nps", "truncated", "accountingMachines"] },
  { path: ["nps", "sessions"], truncatedKey: ["nps", "truncated", "sessions"] },
  // each machine's latest RADIUS decision (ADR 0021): up to 100,000 machines
  { path: ["nps", "radius", "machines"], row: radiusMachineRow },
  // what HTTP.sys rejected per client address: up to 50,000 addresses, most rejected first
  { path: ["httpErr", "clients"], row: httpErrClientRow },
  // the computer lists as read; result.computers holds every computer's verdict (and computers.csv)
  { path: ["wsusComputers", "computers"] },
  { path: ["adComputers", "computers"] },
  // a recursive ACL dump keeps up to 20,000 objects (collectors/acl/keep.ts)
  { path: ["acl", "objects"], row: aclObjectRow },
  { path: ["acl", "errors"] },
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function cutNote(kept: number, total: number, file: string): string {
  return `first ${kept.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}; all in ${file}`;
}

const SUMMARY_CUT_NOTE = "; the evidence lists every item)";

export function cutSummary(summary: string, max = MAX_SUMMARY_CHARS): string {
  if (summary.length <= max || summary.endsWith(SUMMARY_CUT_NOTE)) return summary;
  const head = summary.slice(0, max);
  const at = Math.max(head.lastIndexOf("; "), head.lastIndexOf(", "));
  return `${at > max / 2 ? head.slice(0, at) : head} … (cut at ${max.toLocaleString("en-US")} characters${SUMMARY_CUT_NOTE}`;
}

const CUT_NOTE = /… \[cut: [\d,]+ characters in all\]$/;

/** A value this module already cut (render reads a bounded result.json): it keeps its stated length. */
function isCutValue(value: string, max: number): boolean {
  return value.length - max <= 48 && CUT_NOTE.test(value) && value.lastIndexOf("… [cut: ") === max;
}

/**
 * The value with every string longer than `max` cut and its full length stated; the same object
 * when nothing was cut (a large result is walked, not copied).
 */
export function cutLongValues(value: unknown, max = MAX_VALUE_CHARS): unknown {
  if (typeof value === "string") {
    if (value.length <= max || isCutValue(value, max)) return value;
    return `${value.slice(0, max)}… [cut: ${value.length.toLocaleString("en-US")} characters in all]`;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const cut = cutLongValues(item, max);
      if (cut !== item) (copy ??= [...value])[index] = cut;
    });
    return copy ?? value;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const cut = cutLongValues(item, max);
      if (cut !== item) changed = true;
      return [key, cut] as const;
    });
    // fromEntries defines keys: a "__proto__" key read from evidence stays a plain key
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

class Bounder {
  readonly lists: FullList[] = [];
  private readonly names = new Set<string>();
  private readonly files = new Map<unknown[], string>();

  constructor(private readonly maxRows: number) {}

  /** The side file's name, unique within the run. */
  private fileFor(name: string): string {
    let base = slug(name) || "list";
    for (let n = 2; this.names.has(base); n++) base = `${slug(name)}-${n}`;
    this.names.add(base);
    return `${LISTS_FOLDER}/${base}.csv`;
  }

  /**
   * The kept rows, or undefined when the list is short enough. One list cut twice has one file. A
   * table the engine already bounded (engine/evidence-rows.ts) is cut at its total, and its side
   * file is computed again when it is written, so no second whole copy is held.
   */
  cut(
    rows: unknown,
    name: string,
    row?: FullList["row"],
  ): { kept: unknown[]; file: string; total: number } | undefined {
    if (!Array.isArray(rows)) return undefined;
    const total = boundedTotal(rows) ?? rows.length;
    if (total <= this.maxRows) return undefined;
    let file = this.files.get(rows);
    if (!file) {
      file = this.fileFor(name);
      this.files.set(rows, file);
      this.lists.push({ file, rows: total > rows.length ? () => allRows(rows) : rows, row });
    }
    return { kept: rows.length > this.maxRows ? rows.slice(0, this.maxRows) : rows, file, total };
  }

  evidence(finding: Finding, block: EvidenceBlock): EvidenceBlock {
    const cut = this.cut(block.value, `${finding.ruleId}-${block.id}`);
    if (!cut) return block;
    return {
      ...block,
      label: `${block.label} (${cutNote(cut.kept.length, cut.total, cut.file)})`,
      value: cut.kept,
    };
  }

  /** Condition traces keep what decided the outcome; a long factResult is cut like evidence. */
  conditions<T extends { factResult?: unknown }>(conditions: T[] | undefined, name: string): T[] | undefined {
    if (!conditions) return conditions;
    return conditions.map((condition, index) => {
      const cut = this.cut(condition.factResult, `${name}-condition-${index + 1}`);
      if (!cut) return condition;
      return { ...condition, factResult: cut.kept, factResultTotal: cut.total, factResultFile: cut.file };
    });
  }

  facts(facts: AuditResult["facts"]): AuditResult["facts"] {
    let out = facts as unknown as Record<string, unknown>;
    for (const list of FACT_LISTS) {
      const cut = this.cut(readPath(out, list.path), list.path.join("-"), list.row);
      if (!cut) continue;
      out = writePath(out, list.path, cut.kept);
      if (list.truncatedKey) {
        const before = readPath(out, list.truncatedKey);
        out = writePath(
          out,
          list.truncatedKey,
          (typeof before === "number" ? before : 0) + cut.total - cut.kept.length,
        );
      }
    }
    return out as unknown as AuditResult["facts"];
  }
}

function readPath(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) at = isPlainObject(at) ? at[key] : undefined;
  return at;
}

/** A copy with one value replaced; the objects along the path are copied, the rest is shared. */
function writePath(
  value: Record<string, unknown>,
  path: readonly string[],
  replacement: unknown,
): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  const child = value[key];
  return {
    ...value,
    [key]: rest.length === 0 ? replacement : writePath(isPlainObject(child) ? child : {}, rest, replacement),
  };
}

export function boundResult(result: AuditResult, maxRows = DEFAULT_MAX_ROWS): BoundedResult {
  const bounder = new Bounder(maxRows);
  const findings = result.findings.map((finding) => ({
    ...finding,
    summary: cutSummary(finding.summary),
    evidence: finding.evidence.map((block) => {
      const bounded = bounder.evidence(finding, block);
      return { ...bounded, value: cutLongValues(bounded.value) };
    }),
    conditions: bounder.conditions(finding.conditions, finding.ruleId) ?? [],
  }));
  const rules = result.rules.map((rule) =>
    rule.conditions ? { ...rule, conditions: bounder.conditions(rule.conditions, `${rule.id}-rule`) } : rule,
  );
  const facts = cutLongValues(bounder.facts(result.facts)) as AuditResult["facts"];
  // result.json keeps every file (render and diff read it); the HTML and PDF list the first rows
  // and point at this side file (inventory-summary.ts)
  const lists =
    result.inventory.length > INVENTORY_ROWS
      ? [
          ...bounder.lists,
          { file: INVENTORY_LIST_FILE, rows: result.inventory, row: inventoryCsvRow as FullList["row"] },
        ]
      : bounder.lists;
  return { result: { ...result, findings, rules, facts }, lists };
}
