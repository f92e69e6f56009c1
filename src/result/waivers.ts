/**
 * Waivers accept a known finding instead of hiding it: the finding stays in the report with
 * status "accepted" and the reason. A waiver may match only findings whose evidence holds a
 * row with the given values (a path, a client …). Expired waivers lapse with a warning.
 */
import type { Finding, Waiver } from "../engine/types.js";

export interface WaiverOutcome {
  diagnostics: { severity: "warning" | "info"; message: string }[];
}

/** `today` is YYYY-MM-DD; a waiver expiring today still applies. */
export function applyWaivers(findings: Finding[], waivers: readonly Waiver[], today: string): WaiverOutcome {
  const diagnostics: WaiverOutcome["diagnostics"] = [];
  for (const waiver of waivers) {
    const label = `waiver for ${waiver.rule}${waiver.match ? ` (${describeMatch(waiver.match)})` : ""}`;
    if (waiver.expires !== undefined && waiver.expires < today) {
      const hit = findings.some((finding) => matches(finding, waiver));
      diagnostics.push({
        severity: "warning",
        message: `${label} expired on ${waiver.expires}${hit ? "; the finding is reported as failed again" : ""}.`,
      });
      continue;
    }
    const hits = findings.filter((finding) => finding.status === "failed" && matches(finding, waiver));
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

function matches(finding: Finding, waiver: Waiver): boolean {
  if (finding.ruleId !== waiver.rule) return false;
  if (!waiver.match || Object.keys(waiver.match).length === 0) return true;
  const wanted = Object.entries(waiver.match);
  return finding.evidence.some((block) => {
    const rows = Array.isArray(block.value) ? block.value : [block.value];
    return rows.some(
      (row) =>
        typeof row === "object" &&
        row !== null &&
        wanted.every(([key, pattern]) => valueMatches((row as Record<string, unknown>)[key], pattern)),
    );
  });
}

/** Case-insensitive equality; `*` in the pattern matches any run of characters. */
export function valueMatches(value: unknown, pattern: string): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i").test(String(value));
}
