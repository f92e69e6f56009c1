/**
 * After the engine: each client error row names the server-side findings that explain it
 * ("see IIS.401_1: WSUS virtual directories reject clients with HTTP 401.1"), or says the server side
 * was checked and is clean, or that the bundle holds no evidence for it. The finding's summary then
 * ends with the server-side findings it points to.
 */
import type { Evaluation } from "../../engine/evaluate.js";
import { allRows, mapTable } from "../../engine/evidence-rows.js";
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

export async function linkClientFindings(evaluation: Evaluation): Promise<void> {
  const { findings, outcomes } = evaluation;
  for (const finding of findings) {
    if (finding.area !== "client") continue;
    const pointed = new Set<Finding>();
    const linked = (row: ClientErrorRow) => ({
      ...row,
      seeAlso: seeAlso(
        row.serverChecks,
        findings.filter((f) => f !== finding),
        outcomes,
      ),
    });
    const blocks = [];
    for (const block of finding.evidence) {
      if (!Array.isArray(block.value) || !block.value.every(isClientErrorRow)) {
        blocks.push(block);
        continue;
      }
      // every row of a table the engine bounded (engine/evidence-rows.ts), not only the kept ones
      for (const row of (await allRows(block.value)) as ClientErrorRow[])
        for (const other of findings)
          if (other !== finding && other.checks.some((check) => row.serverChecks.includes(check)))
            pointed.add(other);
      blocks.push({ ...block, value: mapTable(block.value, (row) => linked(row as ClientErrorRow)) });
    }
    finding.evidence = blocks;
    if (pointed.size > 0)
      finding.summary = `${finding.summary} Server side: ${[...pointed].map((f) => f.title).join("; ")}.`;
  }
}
