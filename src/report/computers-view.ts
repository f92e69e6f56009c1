/**
 * The per-computer answer (result.computers) shaped for people: the summary sentence with counts
 * by cause, groups of computers by verdict and cause with the first rows of each (a 50,000-computer
 * estate stays a readable report), and which computers belong to which finding. The whole list
 * goes to computers.csv beside the report; every count comes from the full list.
 */
import type { ComputerVerdictRow, ComputersAnswer, Finding } from "../result/types.js";

/** Rows of each group printed in the report, and groups printed (the rest: counts and computers.csv). */
export const ROWS_PER_GROUP = 25;
export const MAX_GROUPS = 40;
/** Causes named in the executive summary; the rest are counted and listed in the Computers chapter. */
export const SUMMARY_CAUSES = 5;
export const COMPUTERS_CSV = "computers.csv";

/** Report order of the verdicts: the ones a consultant acts on first, reporting computers last. */
export const VERDICT_ORDER = [
  "stale",
  "refused",
  "sync-no-report",
  "never-registered",
  "duplicate-id",
  "unknown",
  "reporting",
] as const;

export const VERDICT_NAMES: Record<string, string> = {
  stale: "Not reporting",
  refused: "Refused by the server",
  "sync-no-report": "Synchronises, no status report",
  "never-registered": "Never registered",
  "duplicate-id": "Shares a client ID",
  unknown: "Not judged",
  reporting: "Reporting",
};

export function verdictName(verdict: string): string {
  return Object.hasOwn(VERDICT_NAMES, verdict) ? VERDICT_NAMES[verdict]! : verdict;
}

function verdictRank(verdict: string): number {
  const rank = (VERDICT_ORDER as readonly string[]).indexOf(verdict);
  return rank < 0 ? VERDICT_ORDER.length : rank;
}

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;

/** Computers of a verdict; 0 for a verdict the result does not count (or counts with no number). */
function countOf(answer: ComputersAnswer, verdict: string): number {
  const n = Object.hasOwn(answer.counts, verdict) ? answer.counts[verdict] : undefined;
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

/** Computers that do not report: every verdict but reporting and the ones that could not be judged. */
export function notReportingCount(answer: ComputersAnswer): number {
  return VERDICT_ORDER.filter((v) => v !== "reporting" && v !== "unknown").reduce(
    (sum, verdict) => sum + countOf(answer, verdict),
    0,
  );
}

export interface ComputersSummary {
  headline: string;
  causes: { count: string; verdict: string; verdictName: string; cause: string }[];
  /** "and 12 more causes (1,204 computers): see Computers", or empty. */
  moreCauses: string;
  bars: { verdict: string; label: string; value: number }[];
}

/** "143 of 1,212 computers have not reported for 30 days or more", counts by cause, bars by verdict. */
export function computersSummary(answer: ComputersAnswer): ComputersSummary | undefined {
  if (!answer.evaluable) return undefined;
  const missing = notReportingCount(answer);
  const unknown = countOf(answer, "unknown");
  const judged = unknown > 0 ? `; ${count(unknown)} could not be judged` : "";
  const headline =
    missing === 0
      ? `All ${count(answer.total - unknown)} computers judged reported within the last ${answer.staleDays} days${judged}.`
      : `${count(missing)} of ${count(answer.total)} computers have not reported for ${answer.staleDays} days or more${judged}:`;
  const acting = answer.causes.filter((c) => c.verdict !== "reporting" && c.verdict !== "unknown");
  const shown = acting.slice(0, SUMMARY_CAUSES);
  const rest = acting.slice(SUMMARY_CAUSES);
  return {
    headline,
    causes: shown.map((c) => ({
      count: count(c.count),
      verdict: c.verdict,
      verdictName: verdictName(c.verdict).toLowerCase(),
      cause: c.cause,
    })),
    moreCauses:
      rest.length > 0
        ? `and ${plural(rest.length, "more cause")} (${plural(
            rest.reduce((n, c) => n + c.count, 0),
            "computer",
          )}): see the Computers chapter`
        : "",
    bars: VERDICT_ORDER.filter((v) => countOf(answer, v) > 0).map((verdict) => ({
      verdict,
      label: verdictName(verdict),
      value: countOf(answer, verdict),
    })),
  };
}

export interface ComputerGroup {
  verdict: string;
  verdictName: string;
  cause: string;
  count: number;
  rows: ComputerVerdictRow[];
  /** Rows of this group left out of the report (all in computers.csv). */
  more: number;
}

/** The cause a group is named by: the shared wording when the model gives one, as its counts do. */
function groupCause(row: ComputerVerdictRow): string {
  return row.causeGroup || row.cause;
}

function groupKey(row: ComputerVerdictRow): string {
  return `${row.verdict}\u0000${groupCause(row)}`;
}

function compareGroups(a: ComputerGroup, b: ComputerGroup): number {
  return (
    verdictRank(a.verdict) - verdictRank(b.verdict) || b.count - a.count || a.cause.localeCompare(b.cause)
  );
}

/** Every computer in groups of one verdict and cause, acted-on verdicts first, largest groups first. */
function allGroups(rows: readonly ComputerVerdictRow[]): ComputerGroup[] {
  const groups = new Map<string, ComputerGroup & { all: ComputerVerdictRow[] }>();
  for (const row of rows) {
    const key = groupKey(row);
    let group = groups.get(key);
    if (!group) {
      group = {
        verdict: row.verdict,
        verdictName: verdictName(row.verdict),
        cause: groupCause(row),
        count: 0,
        rows: [],
        more: 0,
        all: [],
      };
      groups.set(key, group);
    }
    group.count++;
    group.all.push(row);
  }
  return [...groups.values()].map(({ all, ...group }) => ({ ...group, rows: all })).sort(compareGroups);
}

/** The whole list in report order (group by group, names in order within a group), for computers.csv. */
export function computersInReportOrder(answer: ComputersAnswer): ComputerVerdictRow[] {
  return allGroups(answer.rows).flatMap((group) =>
    [...group.rows].sort((a, b) => a.name.localeCompare(b.name)),
  );
}

export interface ComputerGroups {
  groups: ComputerGroup[];
  /** Groups not printed at all, and their computers. */
  moreGroups: number;
  moreComputers: number;
  /** Rows printed in all, and computers in all. */
  shown: number;
  total: number;
}

/** The groups a report prints: the first MAX_GROUPS, each with its first ROWS_PER_GROUP rows. */
export function computerGroups(
  answer: ComputersAnswer,
  rowsPerGroup = ROWS_PER_GROUP,
  maxGroups = MAX_GROUPS,
): ComputerGroups {
  const groups = allGroups(answer.rows);
  const printed = groups.slice(0, maxGroups).map((group) => {
    const rows = [...group.rows].sort((a, b) => a.name.localeCompare(b.name)).slice(0, rowsPerGroup);
    return { ...group, rows, more: group.count - rows.length };
  });
  const left = groups.slice(maxGroups);
  return {
    groups: printed,
    moreGroups: left.length,
    moreComputers: left.reduce((n, g) => n + g.count, 0),
    shown: printed.reduce((n, g) => n + g.rows.length, 0),
    total: answer.rows.length,
  };
}

/**
 * The verdicts a finding is about: the `verdicts` its rule asked the computersWithVerdict fact for
 * (CLIENTS.STALE asks for stale and refused …), read from the finding's own conditions.
 */
export function findingVerdicts(finding: Finding): string[] {
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  for (const condition of finding.conditions) {
    if (condition.fact === "computersWithVerdict") return strings(condition.params?.["verdicts"]);
    // The rule's own row predicate: `computers` someRow { field: "verdict", operator: "in", value: [...] }
    const predicate = condition.value as { field?: unknown; operator?: unknown; value?: unknown } | null;
    if (
      condition.fact === "computers" &&
      condition.operator === "someRow" &&
      predicate?.field === "verdict" &&
      predicate.operator === "in"
    )
      return strings(predicate.value);
  }
  return [];
}

/** The computers a finding is about, in report order. */
export function computersOfFinding(
  finding: Finding,
  ordered: readonly ComputerVerdictRow[],
): ComputerVerdictRow[] {
  const verdicts = new Set(findingVerdicts(finding));
  return verdicts.size === 0 ? [] : ordered.filter((row) => verdicts.has(row.verdict));
}
