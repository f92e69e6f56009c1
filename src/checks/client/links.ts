/**
 * After the engine: each client error row names the server-side findings that explain it
 * ("see IIS.401_1: WSUS virtual directories reject clients with HTTP 401.1"), or says the server side
 * was checked and is clean, or that the bundle holds no evidence for it. The finding's summary then
 * ends with the server-side findings it points to.
 */
import type { Evaluation } from "../../engine/evaluate.js";
import type { Finding, RuleOutcome } from "../../engine/types.js";
import type { ClientErrorRow } from "./facts.js";

function isClientErrorRow(value: unknown): value is ClientErrorRow {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as ClientErrorRow).serverChecks) &&
    typeof (value as ClientErrorRow).seeAlso === "string"
  );
}

function seeAlso(
  checks: readonly string[],
  findings: readonly Finding[],
  outcomes: readonly RuleOutcome[],
): string {
  if (checks.length === 0) return "";
  const linked = findings.filter((finding) => finding.checks.some((check) => checks.includes(check)));
  if (linked.length > 0)
    return `see ${linked.map((f) => `${f.checks.filter((c) => checks.includes(c)).join("/")}: ${f.title}`).join("; ")}`;
  const passed = outcomes.filter((o) => o.outcome === "passed" && o.checks.some((c) => checks.includes(c)));
  if (passed.length > 0)
    return `server side checked without a finding (${[...new Set(passed.flatMap((o) => o.checks.filter((c) => checks.includes(c))))].join(", ")})`;
  return `no server-side evidence in the bundle for ${checks.join(", ")}`;
}

export function linkClientFindings(evaluation: Evaluation): void {
  const { findings, outcomes } = evaluation;
  for (const finding of findings) {
    if (finding.area !== "client") continue;
    const pointed = new Set<Finding>();
    finding.evidence = finding.evidence.map((block) => {
      if (!Array.isArray(block.value) || !block.value.every(isClientErrorRow)) return block;
      const rows = (block.value as ClientErrorRow[]).map((row) => {
        for (const other of findings)
          if (other !== finding && other.checks.some((check) => row.serverChecks.includes(check)))
            pointed.add(other);
        return {
          ...row,
          seeAlso: seeAlso(
            row.serverChecks,
            findings.filter((f) => f !== finding),
            outcomes,
          ),
        };
      });
      return { ...block, value: rows };
    });
    if (pointed.size > 0)
      finding.summary = `${finding.summary} Server side: ${[...pointed].map((f) => f.title).join("; ")}.`;
  }
}
