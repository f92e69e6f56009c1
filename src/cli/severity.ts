import { SEVERITIES, type AuditResult, type Severity } from "../result/types.js";

export type FailOn = Severity | "none";
export const FAIL_ON_CHOICES: readonly FailOn[] = [...SEVERITIES, "none"];

/** 1 when an open finding is at or above the threshold, else 0. */
export function exitCodeFor(results: readonly AuditResult[], failOn: FailOn): 0 | 1 {
  if (failOn === "none") return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  const hit = results.some((result) =>
    result.findings.some((f) => f.status === "failed" && SEVERITIES.indexOf(f.severity) <= threshold),
  );
  return hit ? 1 : 0;
}
