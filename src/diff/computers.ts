/**
 * Which computers started or stopped reporting between two audits (issue 16): the two
 * per-computer answers matched by computer name (first DNS label, case-insensitive, as WSUS and
 * the domain name them), never by row order. A computer whose verdict became "unknown" did not
 * stop reporting as far as the evidence shows: it "changed".
 */
import type { AuditResult, ComputerVerdictRow } from "../result/types.js";

export interface ComputerState {
  verdict: string;
  cause: string;
  lastReport: string;
  evidence: string;
}

export interface ComputerChange {
  name: string;
  before?: ComputerState;
  after?: ComputerState;
}

export interface ComputersDiff {
  /** False when either audit had no per-computer answer; `note` says why. */
  compared: boolean;
  note?: string;
  started: ComputerChange[];
  stopped: ComputerChange[];
  /** Still not reporting (or not judged) with another verdict or cause. */
  changed: ComputerChange[];
  /** In the second audit only, and in the first only. */
  appeared: ComputerChange[];
  gone: ComputerChange[];
  unchanged: number;
}

function key(name: string): string {
  const trimmed = name.trim().replace(/\$$/, "");
  const dot = trimmed.indexOf(".");
  return (dot > 0 ? trimmed.slice(0, dot) : trimmed).toUpperCase();
}

function state(row: ComputerVerdictRow): ComputerState {
  return { verdict: row.verdict, cause: row.cause, lastReport: row.lastReport, evidence: row.evidence };
}

function byName(rows: readonly ComputerVerdictRow[]): Map<string, ComputerVerdictRow> {
  const map = new Map<string, ComputerVerdictRow>();
  for (const row of rows) if (!map.has(key(row.name))) map.set(key(row.name), row);
  return map;
}

function missing(result: AuditResult): string | undefined {
  if (!result.computers) return "has no per-computer answer (no WSUS computer list in its bundle)";
  if (!result.computers.evaluable) return `could not judge its computers (${result.computers.reason})`;
  return undefined;
}

const byComputer = (a: ComputerChange, b: ComputerChange): number => a.name.localeCompare(b.name);

export function diffComputers(before: AuditResult, after: AuditResult): ComputersDiff | undefined {
  if (!before.computers && !after.computers) return undefined;
  const empty = { started: [], stopped: [], changed: [], appeared: [], gone: [], unchanged: 0 };
  const why = missing(before) ?? missing(after);
  if (why) {
    const which = missing(before) ? "the first audit" : "the second audit";
    return { compared: false, note: `computers not compared: ${which} ${why}`, ...empty };
  }
  const first = byName(before.computers!.rows);
  const second = byName(after.computers!.rows);
  const diff: ComputersDiff = { compared: true, ...empty };
  for (const [name, was] of first) {
    const now = second.get(name);
    if (!now) {
      diff.gone.push({ name: was.name, before: state(was) });
      continue;
    }
    const change = { name: now.name, before: state(was), after: state(now) };
    if (was.verdict !== "reporting" && now.verdict === "reporting") diff.started.push(change);
    else if (was.verdict === "reporting" && now.verdict !== "reporting" && now.verdict !== "unknown")
      diff.stopped.push(change);
    else if (was.verdict !== now.verdict || was.cause !== now.cause) diff.changed.push(change);
    else diff.unchanged++;
  }
  for (const [name, now] of second)
    if (!first.has(name)) diff.appeared.push({ name: now.name, after: state(now) });
  for (const list of [diff.started, diff.stopped, diff.changed, diff.appeared, diff.gone])
    list.sort(byComputer);
  return diff;
}

/** "3 started reporting, 2 stopped reporting, …" */
export function computersDiffLine(diff: ComputersDiff): string {
  if (!diff.compared) return diff.note ?? "computers not compared";
  return [
    `${diff.started.length} started reporting`,
    `${diff.stopped.length} stopped reporting`,
    `${diff.changed.length} changed verdict or cause`,
    `${diff.appeared.length} new in the lists`,
    `${diff.gone.length} no longer listed`,
    `${diff.unchanged} unchanged`,
  ].join(", ");
}

/** One change in words: "reporting → stale (no WSUS GPO is linked …)". */
export function changeText(change: ComputerChange): string {
  const side = (s: ComputerState | undefined): string =>
    s ? `${s.verdict}${s.cause ? ` (${s.cause})` : ""}` : "not listed";
  return `${side(change.before)} → ${side(change.after)}`;
}
