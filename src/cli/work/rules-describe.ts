/**
 * A rule in words, for `rules show`, `audit --explain` and docs/rules.md: conditions become
 * sentences ("`wsusHealth` (eventIds: parameter healthErrorIds = [12002, …]) is not empty"),
 * parameters show default and effective value. One renderer for terminal and Markdown: both read
 * `code` in backticks well.
 */
import { relative, sep } from "node:path";
import { SHIPPED_RULES_DIR } from "../../checks/catalogue.js";
import { describeSources } from "../../collectors/sources.js";
import { describeOperator, showValue } from "../../engine/operators.js";
import type { Condition, LoadedRule, RuleFile } from "../../engine/rule-file.js";
import { sourceTitle } from "../../engine/types.js";

type Params = Record<string, unknown>;

function isParamRef(value: unknown): value is { $param: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as Record<string, unknown>)["$param"] === "string"
  );
}

/** Replace parameter references by their values (for operators' phrases). */
function resolveRefs(value: unknown, params: Params): unknown {
  if (isParamRef(value)) return params[value.$param];
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, params));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveRefs(item, params)]));
  }
  return value;
}

/** A value as written, naming the parameter it comes from. */
function showWritten(value: unknown, params: Params): string {
  if (isParamRef(value)) return `parameter ${value.$param} = ${showValue(params[value.$param])}`;
  return showValue(resolveRefs(value, params));
}

/** `fact` (param: value, …) at `path` */
export function describeFactUse(
  fact: string,
  factParams: Params | undefined,
  path: string | undefined,
  params: Params,
): string {
  const entries = Object.entries(factParams ?? {});
  const shownParams = entries.length
    ? ` (${entries.map(([key, value]) => `${key}: ${showWritten(value, params)}`).join(", ")})`
    : "";
  return `\`${fact}\`${shownParams}${path ? ` at \`${path}\`` : ""}`;
}

/** One leaf condition as a sentence. */
export function describeLeaf(
  leaf: { fact: string; operator: string; value: unknown; path?: string; params?: Params },
  params: Params,
): string {
  const value = resolveRefs(leaf.value, params);
  const fromParam = isParamRef(leaf.value) ? ` (parameter ${leaf.value.$param})` : "";
  return `${describeFactUse(leaf.fact, leaf.params, leaf.path, params)} ${describeOperator(leaf.operator, value)}${fromParam}`;
}

/** Conditions as nested bullet lines. `params` are the effective values, for {"$param"} references. */
export function describeConditions(condition: Condition, params: Params, indent = ""): string[] {
  if ("all" in condition || "any" in condition) {
    const children = "all" in condition ? condition.all : condition.any;
    if (children.length === 1) return describeConditions(children[0]!, params, indent);
    const head = "all" in condition ? "all of these hold:" : "any of these holds:";
    return [
      `${indent}- ${head}`,
      ...children.flatMap((child) => describeConditions(child, params, `${indent}  `)),
    ];
  }
  if ("not" in condition) {
    return [`${indent}- this does not hold:`, ...describeConditions(condition.not, params, `${indent}  `)];
  }
  return [`${indent}- ${describeLeaf(condition, params)}`];
}

export interface ParameterRow {
  name: string;
  description: string;
  default: unknown;
  value: unknown;
  overridden: boolean;
}

export function parameterRows(rule: LoadedRule): ParameterRow[] {
  return Object.entries(rule.definition.params ?? {}).map(([name, spec]) => ({
    name,
    description: spec.description,
    default: spec.default,
    value: rule.params[name],
    overridden: JSON.stringify(rule.params[name]) !== JSON.stringify(spec.default),
  }));
}

function requirement(def: RuleFile): string {
  const all = `${describeSources(def.requires)} (${def.requires.join(", ")})`;
  return def.requiresAny?.length
    ? `${all}, and one of: ${describeSources(def.requiresAny)} (${def.requiresAny.join(", ")})`
    : all;
}

/** `wsus-audit rules show <id>`: everything about a rule, in words. */
/** The rule's file as an author finds it: inside the package for shipped rules, else from here. */
export function rulePathShown(rule: LoadedRule): string {
  return rule.origin === "shipped"
    ? `rules/${relative(SHIPPED_RULES_DIR, rule.file).split(sep).join("/")}`
    : relative(process.cwd(), rule.file);
}

export function describeRule(
  rule: LoadedRule,
  tests?: { valid: number; invalid: number; notEvaluated: number; file: string },
): string {
  const def = rule.definition;
  const out: string[] = [];
  out.push(`${def.id}: ${def.title}`);
  out.push(
    `  checks ${def.checks.join(", ")} · severity ${rule.severity}${rule.severity !== def.severity ? ` (default ${def.severity})` : ""} · area ${def.area}${def.confidence ? ` · ${def.confidence}` : ""}${rule.enabled ? "" : " · DISABLED"}`,
  );
  out.push(
    rule.origin === "shipped"
      ? `  shipped with wsus-audit (${rulePathShown(rule)})`
      : `  from the rule folder ${rule.origin} (${rulePathShown(rule)})`,
  );
  out.push(
    `  source: ${sourceTitle(def.source)}, "${def.source.section}"${def.source.url ? ` (${def.source.url})` : ""}`,
  );
  if (rule.overrides.length) out.push(`  changed by the configuration: ${rule.overrides.join("; ")}`);
  if (def.description) out.push("", def.description.trim());
  out.push("", `Needs evidence: ${requirement(def)}`);
  if (def.applicable) {
    out.push("", "Evaluated only when:", ...describeConditions(def.applicable, rule.params, "  "));
    if (def.notEvaluatedReason) out.push(`  otherwise not evaluated: ${def.notEvaluatedReason}`);
  }
  out.push("", "Fires (a finding) when:", ...describeConditions(def.conditions, rule.params, "  "));
  const rows = parameterRows(rule);
  if (rows.length) {
    out.push("", "Parameters (override per customer in wsus-audit.config.json → rules.<id>.params):");
    for (const row of rows) {
      const value = row.overridden
        ? `${showValue(row.value)} (default ${showValue(row.default)}; set by the configuration)`
        : `${showValue(row.value)} (default)`;
      out.push(`  - ${row.name} = ${value}`, `      ${row.description}`);
    }
  }
  out.push("", "Evidence shown with a finding:");
  for (const spec of def.evidence) {
    out.push(
      `  - ${spec.id}: ${spec.label}`,
      `      from ${describeFactUse(spec.fact, spec.params, spec.path, rule.params)}`,
    );
  }
  out.push("", `Summary: ${def.summary}`, "", `Impact: ${def.impact.trim()}`, "", "Remediation:");
  def.remediation.forEach((step, index) => {
    const text = typeof step === "string" ? step : step.text;
    out.push(`  ${index + 1}. ${text}`);
    if (typeof step !== "string") {
      if (step.each) out.push(`     (commands once per row of evidence "${step.each}")`);
      for (const command of step.commands ?? []) out.push(`     > ${command}`);
    }
  });
  if (def.related?.length) out.push("", `Related checks: ${def.related.join(", ")}`);
  if (def.references?.length) out.push("", "References:", ...def.references.map((ref) => `  - ${ref}`));
  if (tests) {
    out.push(
      "",
      `Tests: ${tests.file}: ${tests.invalid} must fire, ${tests.valid} must not${tests.notEvaluated ? `, ${tests.notEvaluated} must be not evaluated` : ""} (run \`wsus-audit rules test\`)`,
    );
  }
  return out.join("\n");
}
