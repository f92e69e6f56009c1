/**
 * Waivers accept a known finding instead of hiding it: the finding stays in the report with
 * status "accepted" and the reason. A waiver may match only findings whose evidence holds a
 * row with the given values (a path, a client …). Expired waivers lapse with a warning.
 */
import { allRows, boundedTotal } from "../engine/evidence-rows.js";
import type { Finding, Waiver } from "../engine/types.js";
import { wildcardMatches } from "./wildcard.js";

export interface WaiverOutcome {
  diagnostics: { severity: "warning" | "info"; message: string }[];
}

/** `today` is YYYY-MM-DD; a waiver expiring today still applies. */
export async function applyWaivers(
  findings: Finding[],
  waivers: readonly Waiver[],
  today: string,
): Promise<WaiverOutcome> {
  const diagnostics: WaiverOutcome["diagnostics"] = [];
  for (const waiver of waivers) {
    const label = `waiver for ${waiver.rule}${waiver.match ? ` (${describeMatch(waiver.match)})` : ""}`;
    if (waiver.expires !== undefined && waiver.expires < today) {
      const hit = await someAsync(findings, (finding) => matches(finding, waiver));
      diagnostics.push({
        severity: "warning",
        message: `${label} expired on ${waiver.expires}${hit ? "; the finding is reported as failed again" : ""}.`,
      });
      continue;
    }
    const hits: Finding[] = [];
    for (const finding of findings)
      if (finding.status === "failed" && (await matches(finding, waiver))) hits.push(finding);
    if (hits.length === 0) {
      diagnostics.push({ severity: "info", message: `${label} matched no finding in this bundle.` });
      continue;
    }
    for (const finding of hits) {
      finding.status = "accepted";
      finding.waiver = waiver;
    }
  }
  return { diagnostics };
}

function describeMatch(match: Record<string, string>): string {
  return Object.entries(match)
    .map(([key, value]) => `${key} = ${value}`)
    .join(", ");
}

async function someAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (await test(item)) return true;
  return false;
}

/** A waiver's match is tried on every row, also those a bounded table computes again (engine/evidence-rows.ts). */
async function matches(finding: Finding, waiver: Waiver): Promise<boolean> {
  if (finding.ruleId !== waiver.rule) return false;
  if (!waiver.match || Object.keys(waiver.match).length === 0) return true;
  const wanted = Object.entries(waiver.match);
  const rowMatches = (row: unknown) =>
    typeof row === "object" &&
    row !== null &&
    wanted.every(([key, pattern]) => valueMatches((row as Record<string, unknown>)[key], pattern));
  return someAsync(finding.evidence, async (block) => {
    if (!Array.isArray(block.value)) return rowMatches(block.value);
    // the kept rows first: the whole table is computed only when none of them matches
    return (
      block.value.some(rowMatches) ||
      (boundedTotal(block.value) !== undefined && (await allRows(block.value)).some(rowMatches))
    );
  });
}

/** Case-insensitive equality; `*` in the pattern matches any run of characters (wildcard.ts: no regex). */
export function valueMatches(value: unknown, pattern: string): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  return wildcardMatches(String(value), pattern);
}
