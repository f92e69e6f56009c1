/**
 * The batch index as data: one row per bundle (verdict, counts by severity, top findings, links)
 * and the matrix of catalogue checks × bundles. index.json is this model; HTML and CSV render it.
 */
import { CHECKS } from "../../knowledge/checks.js";
import { SEVERITIES, type CheckCoverage, type Severity } from "../../result/types.js";
import type { BatchEntry, BatchRun } from "../../result/batch-entry.js";

export type MatrixCell = CheckCoverage["status"] | "no-result";

export interface BatchIndex {
  tool: { name: "wsus-audit"; version: string };
  generatedAt: string;
  durationMs: number;
  totals: {
    bundles: number;
    audited: number;
    failed: number;
    verdicts: Record<"fail" | "pass" | "incomplete", number>;
    findings: Record<Severity, number>;
  };
  bundles: BatchEntry[];
  checks: { id: string; area: string; title: string }[];
  /** check id → one cell per bundle, in the order of `bundles`. */
  matrix: Record<string, MatrixCell[]>;
}

export function buildBatchIndex(run: BatchRun, version: string): BatchIndex {
  const bundles = run.entries;
  const checks: BatchIndex["checks"] = CHECKS.map((check) => ({
    id: check.id,
    area: check.area,
    title: check.title,
  }));
  // Checks of consultants' own rules that the catalogue does not know still get a row.
  const known = new Set(checks.map((check) => check.id));
  for (const entry of bundles) {
    for (const id of Object.keys(entry.coverage).sort()) {
      if (!known.has(id)) {
        known.add(id);
        checks.push({
          id,
          area: id.split(".")[0]?.toLowerCase() ?? "",
          title: "(check outside the catalogue)",
        });
      }
    }
  }
  const matrix: BatchIndex["matrix"] = {};
  for (const check of checks) {
    matrix[check.id] = bundles.map((entry) =>
      entry.status === "failed" && !entry.verdict ? "no-result" : (entry.coverage[check.id] ?? "no-rule"),
    );
  }
  const verdicts = { fail: 0, pass: 0, incomplete: 0 };
  const findings = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const entry of bundles) {
    if (entry.verdict && entry.status === "audited") verdicts[entry.verdict.status] += 1;
    for (const severity of SEVERITIES) findings[severity] += entry.findings[severity];
  }
  return {
    tool: { name: "wsus-audit", version },
    generatedAt: run.startedAt,
    durationMs: run.durationMs,
    totals: {
      bundles: bundles.length,
      audited: bundles.filter((entry) => entry.status === "audited").length,
      failed: bundles.filter((entry) => entry.status === "failed").length,
      verdicts,
      findings,
    },
    bundles,
    checks,
    matrix,
  };
}
