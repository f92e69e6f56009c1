/** The few lines `audit` prints: verdict, counts, what to look at. */
import { SEVERITIES, type AuditResult } from "../result/types.js";

export function describeResult(result: AuditResult): string {
  const counts = SEVERITIES.filter((s) => result.summary.findings[s] > 0).map(
    (s) => `${result.summary.findings[s]} ${s}`,
  );
  const rules = result.summary.rules;
  const files = result.summary.files;
  return [
    `${result.bundle.name}: ${result.verdict.headline}`,
    `  findings: ${counts.length ? counts.join(", ") : "none"}${result.summary.accepted ? ` (+${result.summary.accepted} accepted by waiver)` : ""}`,
    `  rules: ${rules.failed} failed, ${rules.passed} passed, ${rules["not-evaluated"]} not evaluated${rules.disabled ? `, ${rules.disabled} disabled` : ""}`,
    `  files: ${files.parsed} parsed, ${files.skipped} skipped, ${files.failed} failed`,
    ...result.diagnostics.filter((d) => d.severity !== "info").map((d) => `  ${d.severity}: ${d.message}`),
  ].join("\n");
}
