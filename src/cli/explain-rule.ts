/** `audit --explain <rule>`: each condition of the rule with the fact value it saw and its result. */
import type { AuditResult } from "../engine/types.js";

export function describeExplain(result: AuditResult, ruleId: string): string {
  const outcome = result.rules.find((rule) => rule.id === ruleId);
  if (!outcome) return `explain: no rule "${ruleId}" in this run (see \`wsus-audit rules list\`).`;
  const lines = [`explain ${ruleId}: ${outcome.outcome}${outcome.reason ? ` — ${outcome.reason}` : ""}`];
  if (!outcome.conditions || outcome.conditions.length === 0) {
    lines.push("  (no condition was evaluated; use `wsus-audit facts <bundle>` to see the values the bundle gives)");
    return lines.join("\n");
  }
  lines.push("  (json-rules-engine stops at the first condition that decides an all/any: later ones may be absent)");
  for (const trace of outcome.conditions) {
    const params = trace.params ? ` ${JSON.stringify(trace.params)}` : "";
    const path = trace.path ? ` ${trace.path}` : "";
    lines.push(`  ${trace.result ? "✓" : "✗"} ${trace.fact}${params}${path} ${trace.operator} ${JSON.stringify(trace.value)}`);
    lines.push(`      fact value: ${truncate(JSON.stringify(trace.factResult))}`);
  }
  return lines.join("\n");
}

function truncate(text: string | undefined): string {
  const value = text ?? "undefined";
  return value.length > 400 ? `${value.slice(0, 400)}… (${value.length} characters)` : value;
}
