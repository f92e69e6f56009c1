/**
 * `audit --explain <rule>`: why a rule gave its outcome on this bundle. Each condition that ran,
 * as a sentence, with the value observed, what it was compared with, and its result (for a row
 * comparison, the rows that matched with the fields compared); for a finding, the summary and any
 * waiver; for a rule that did not run, why.
 */
import { describeOperator, ROW_OPERATORS, showValue } from "../../engine/operators.js";
import { fieldValue, predicateFields, selectRows, type RowPredicate } from "../../engine/row-predicate.js";
import type { AuditResult, ConditionTrace } from "../../result/types.js";
import { describeFactUse } from "./rules-describe.js";

const OUTCOME_WORDS: Record<string, string> = {
  failed: "failed: the conditions hold, a finding is reported",
  passed: "passed: the conditions do not hold, no finding",
  accepted: "failed, and a waiver accepted the finding",
  "not-evaluated": "not evaluated",
  disabled: "disabled by the configuration",
};

export function describeExplain(result: AuditResult, ruleId: string): string {
  const outcome = result.rules.find((rule) => rule.id === ruleId);
  if (!outcome) {
    const near = result.rules
      .map((rule) => rule.id)
      .filter((id) => id.startsWith(ruleId.split("-")[0] ?? ruleId));
    return `explain: no rule "${ruleId}" in this run${near.length ? ` (did you mean ${near.slice(0, 5).join(", ")}?)` : ""}; see \`wsus-audit rules list\`.`;
  }
  const lines = [`explain ${ruleId}: ${OUTCOME_WORDS[outcome.outcome] ?? outcome.outcome}`];
  lines.push(`  ${outcome.title} · severity ${outcome.severity} · from ${outcome.origin}`);
  if (outcome.reason && outcome.outcome !== "accepted") lines.push(`  reason: ${outcome.reason}`);
  const finding = result.findings.find((f) => f.ruleId === ruleId);
  if (finding) {
    lines.push(`  summary: ${finding.summary}`);
    if (finding.waiver) {
      const waiver = finding.waiver;
      lines.push(
        `  accepted by the waiver: ${waiver.reason}${waiver.owner ? ` (${waiver.owner})` : ""}${waiver.expires ? `, until ${waiver.expires}` : ""}${waiver.match ? `; matched ${JSON.stringify(waiver.match)}` : ""}`,
      );
    }
  }
  if (outcome.outcome === "disabled") return lines.join("\n");
  if (!outcome.conditions || outcome.conditions.length === 0) {
    lines.push(
      outcome.outcome === "not-evaluated"
        ? "  No condition ran. `wsus-audit facts <bundle>` shows which evidence the bundle gives."
        : "  No condition trace was recorded.",
    );
    return lines.join("\n");
  }
  lines.push("", "  Conditions (✓ holds, ✗ does not):");
  for (const trace of outcome.conditions) lines.push(...describeTrace(trace));
  // Only a false condition in an `all` or a true one in an `any` can stop the others from running.
  const decided = outcome.conditions.some((trace) =>
    /\/all\/\d+$/.test(trace.at) ? !trace.result : /\/any\/\d+$/.test(trace.at) && trace.result,
  );
  if (decided) {
    lines.push(
      "",
      "  Conditions not listed did not run: json-rules-engine stops at the first condition that decides an all/any.",
    );
  }
  return lines.join("\n");
}

function describeTrace(trace: ConditionTrace): string[] {
  const subject = describeFactUse(trace.fact, trace.params, trace.path, {});
  const head = `  ${trace.result ? "✓" : "✗"} ${trace.at}: ${subject} ${describeOperator(trace.operator, trace.value)}`;
  if (trace.operator.split(":").pop() === "someRow") return [head, ...describeRows(trace)];
  return [
    head,
    `      observed: ${truncate(showFactValue(trace.factResult))}`,
    `      compared with: ${truncate(showValue(trace.value))} → ${trace.result ? "holds" : "does not hold"}`,
  ];
}

const ROWS_SHOWN = 10;

/** The rows a someRow condition compared: each matched row with the fields the predicate read. */
function describeRows(trace: ConditionTrace): string[] {
  const predicate = trace.value as RowPredicate;
  const rows = Array.isArray(trace.factResult) ? trace.factResult : [];
  const matched = selectRows(rows, predicate, ROW_OPERATORS);
  const fields = predicateFields(predicate);
  const lines = [`      rows: ${rows.length} compared, ${matched.length} matched`];
  // With no match, the first rows show why none did.
  const shown = matched.length > 0 ? matched : rows;
  for (const row of shown.slice(0, ROWS_SHOWN)) {
    lines.push(`        ${matched.length > 0 ? "✓" : "✗"} ${truncate(describeRow(row, fields))}`);
  }
  if (shown.length > ROWS_SHOWN) lines.push(`        … ${shown.length - ROWS_SHOWN} more`);
  return lines;
}

/** Fields that name a row, in the order a reader looks for them. */
const NAMING_FIELDS = [
  "machine",
  "computer",
  "client",
  "vdir",
  "target",
  "setting",
  "value",
  "path",
  "process",
  "eventId",
  "component",
  "code",
  "name",
];

/** The compared fields first, then up to three fields that name the row (machine, vDir, URL …). */
function describeRow(row: unknown, fields: string[]): string {
  const compared = fields.map((field) => `${field} = ${showValue(fieldValue(row, field))}`).join(", ");
  const record = typeof row === "object" && row !== null ? (row as Record<string, unknown>) : {};
  const naming = NAMING_FIELDS.filter(
    (key) => !fields.includes(key) && (typeof record[key] === "string" || typeof record[key] === "number"),
  )
    .slice(0, 3)
    .map((key) => `${key} ${showValue(record[key])}`)
    .join(", ");
  return naming ? `${compared} · ${naming}` : compared;
}

function showFactValue(value: unknown): string {
  if (value === undefined || value === null) return `${String(value)} (the fact or path gives no value)`;
  if (Array.isArray(value))
    return `${value.length} item${value.length === 1 ? "" : "s"}: ${JSON.stringify(value)}`;
  return typeof value === "object" && value !== null ? JSON.stringify(value) : showValue(value);
}

function truncate(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}
