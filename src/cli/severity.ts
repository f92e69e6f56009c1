import { SEVERITIES, type AuditResult, type Finding, type Severity } from "../result/types.js";

export type FailOn = Severity | "none";
export const FAIL_ON_CHOICES: readonly FailOn[] = [...SEVERITIES, "none"];

/** The open findings at or above the threshold: the ones a --fail-on exit is for. */
export function findingsAtOrAbove(result: AuditResult, failOn: FailOn): Finding[] {
  if (failOn === "none") return [];
  const threshold = SEVERITIES.indexOf(failOn);
  return result.findings.filter((f) => f.status === "failed" && SEVERITIES.indexOf(f.severity) <= threshold);
}

/** 1 when an open finding is at or above the threshold, else 0. */
export function exitCodeFor(results: readonly AuditResult[], failOn: FailOn): 0 | 1 {
  return results.some((result) => findingsAtOrAbove(result, failOn).length > 0) ? 1 : 0;
}

/** The sentence printed with exit 1: which findings made --fail-on fail the run. */
export function describeFailOn(findings: readonly Finding[], failOn: FailOn): string {
  const shown = findings.slice(0, 10).map((f) => `  ${f.severity} ${f.ruleId}: ${f.title}`);
  if (findings.length > 10) shown.push(`  … and ${findings.length - 10} more (see the report)`);
  return [
    `exit 1: --fail-on ${failOn} and ${findings.length} open finding(s) at or above it:`,
    ...shown,
  ].join("\n");
}
