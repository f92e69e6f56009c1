/**
 * Evaluate loaded rules over a bundle's facts. Each rule runs in a fresh json-rules-engine Engine
 * (an error in one rule's facts cannot take the others down) sharing one memo of fact values.
 * Outcomes: failed (a finding), passed, not-evaluated (evidence missing or `applicable` false),
 * disabled (by configuration). Waivers then move matching findings to "accepted".
 */
import { createHash } from "node:crypto";
import { Almanac, Engine, type RuleResult } from "json-rules-engine";
import type { Facts } from "../collectors/facts.js";
import type { SourceName } from "../collectors/types.js";
import { describeSources } from "../collectors/sources.js";
import { boundTable, EVIDENCE_ROWS_KEPT } from "./evidence-rows.js";
import type { FactCatalogue, FactDefinition } from "./fact-definition.js";
import { CUSTOM_OPERATORS, ROW_OPERATORS, stableStringify } from "./operators.js";
import { selectRows, type RowPredicate } from "./row-predicate.js";
import type { LoadedEvidenceSpec, LoadedRule } from "./rule-file.js";
import { renderCommand, renderText } from "./templates.js";
import {
  sourceTitle,
  type ConditionTrace,
  type EvidenceBlock,
  type Finding,
  type RemediationStep,
  type RuleOutcome,
} from "./types.js";

export interface Evaluation {
  findings: Finding[];
  outcomes: RuleOutcome[];
  /** The evidence sources each check's enabled rules need (requires + requiresAny). */
  sourcesByCheck: Record<string, SourceName[]>;
  diagnostics: { severity: "error" | "warning" | "info"; message: string }[];
}

/** Fact values computed once per bundle, whatever number of rules ask for them. */
class FactMemo {
  private readonly values = new Map<string, unknown>();
  constructor(
    private readonly facts: Facts,
    private readonly keepRows = EVIDENCE_ROWS_KEPT,
  ) {}

  /**
   * `keepLarge` false (an evidence table): a table longer than a finding keeps is not remembered,
   * so the memo never holds every finding's whole table at once; conditions' values are remembered.
   */
  value(definition: FactDefinition, params: Record<string, unknown>, keepLarge = true): unknown {
    const key = `${definition.name}\u0000${stableStringify(params)}`;
    if (this.values.has(key)) return this.values.get(key);
    const value = definition.compute
      ? definition.compute(this.facts, params)
      : (this.facts as unknown as Record<string, unknown>)[definition.name];
    if (keepLarge || !Array.isArray(value) || value.length <= this.keepRows) this.values.set(key, value);
    return value;
  }
}

function newEngine(memo: FactMemo, facts: FactCatalogue): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const operator of CUSTOM_OPERATORS) engine.addOperator(operator.name, operator.evaluate);
  for (const fact of facts) {
    engine.addFact(fact.name, (params) => memo.value(fact, stripEngineParams(params)), { cache: false });
  }
  return engine;
}

/** The facts for evidence tables: the same values the conditions see, the path read as the engine reads it. */
function evidenceAlmanac(memo: FactMemo, facts: FactCatalogue): Almanac {
  const almanac = new Almanac({ allowUndefinedFacts: false });
  for (const fact of facts) {
    almanac.addFact(fact.name, (params) => memo.value(fact, stripEngineParams(params), false), {
      cache: false,
    });
  }
  return almanac;
}

/** One evidence block's value as the rule declares it: the fact with its params and path, rows selected. */
async function evidenceValue(almanac: Almanac, spec: LoadedEvidenceSpec): Promise<unknown> {
  const value = await almanac.factValue(spec.fact, spec.params ?? {}, spec.path ?? "");
  return spec.rows ? selectRows(value, spec.rows.predicate, ROW_OPERATORS, spec.rows.negate) : value;
}

/** json-rules-engine passes the condition's params object; copy it so facts cannot mutate rules. */
function stripEngineParams(params: unknown): Record<string, unknown> {
  return typeof params === "object" && params !== null ? { ...(params as Record<string, unknown>) } : {};
}

export interface EvaluateOptions {
  /** Rows a finding keeps of each evidence table (default EVIDENCE_ROWS_KEPT); Infinity keeps all. */
  keepRows?: number;
}

export async function evaluateRules(
  facts: Facts,
  rules: readonly LoadedRule[],
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const keepRows = options.keepRows ?? EVIDENCE_ROWS_KEPT;
  const memo = new FactMemo(facts, keepRows);
  const present = new Set(facts.bundle.sources);
  const findings: Finding[] = [];
  const outcomes: RuleOutcome[] = [];
  const diagnostics: Evaluation["diagnostics"] = [];

  for (const rule of rules) {
    const def = rule.definition;
    const base = {
      id: def.id,
      title: def.title,
      checks: def.checks,
      severity: rule.severity,
      area: def.area,
      origin: rule.origin,
    };
    if (!rule.enabled) {
      outcomes.push({
        ...base,
        outcome: "disabled",
        reason: rule.overrides.find((o) => o.startsWith("disabled")) ?? "disabled",
      });
      continue;
    }
    const missing = def.requires.filter((source) => !present.has(source));
    if (missing.length > 0) {
      outcomes.push({
        ...base,
        outcome: "not-evaluated",
        reason: `needs evidence the bundle does not contain: ${describeSources(missing)}`,
      });
      continue;
    }
    if (
      def.requiresAny &&
      def.requiresAny.length > 0 &&
      !def.requiresAny.some((source) => present.has(source))
    ) {
      outcomes.push({
        ...base,
        outcome: "not-evaluated",
        reason: `needs one of: ${describeSources(def.requiresAny)}`,
      });
      continue;
    }
    try {
      const result = await runRule(rule, memo, facts, keepRows);
      if (result.kind === "not-evaluated")
        outcomes.push({ ...base, outcome: "not-evaluated", reason: result.reason });
      else if (result.kind === "passed")
        outcomes.push({ ...base, outcome: "passed", conditions: result.conditions });
      else {
        outcomes.push({ ...base, outcome: "failed", conditions: result.finding.conditions });
        findings.push(result.finding);
      }
    } catch (error) {
      const message = `rule ${def.id} could not be evaluated: ${(error as Error).message} (this is a bug in wsus-audit or in a custom rule; please report it)`;
      diagnostics.push({ severity: "error", message });
      outcomes.push({ ...base, outcome: "not-evaluated", reason: message });
    }
  }
  linkRelated(findings);
  return { findings, outcomes, diagnostics, sourcesByCheck: sourcesByCheck(rules) };
}

function sourcesByCheck(rules: readonly LoadedRule[]): Record<string, SourceName[]> {
  const byCheck: Record<string, SourceName[]> = {};
  for (const rule of rules.filter((r) => r.enabled)) {
    const needs = [...rule.definition.requires, ...(rule.definition.requiresAny ?? [])];
    for (const check of rule.definition.checks)
      byCheck[check] = [...new Set([...(byCheck[check] ?? []), ...needs])];
  }
  return byCheck;
}

type RuleRun =
  | { kind: "passed"; conditions: ConditionTrace[] }
  | { kind: "not-evaluated"; reason: string }
  | { kind: "failed"; finding: Finding };

async function runRule(rule: LoadedRule, memo: FactMemo, facts: Facts, keepRows: number): Promise<RuleRun> {
  const engine = newEngine(memo, rule.facts);
  if (rule.applicable)
    engine.addRule({
      name: "applicable",
      conditions: rule.applicable as never,
      event: { type: "applicable" },
    });
  engine.addRule({ name: "check", conditions: rule.conditions as never, event: { type: "finding" } });
  const { results, failureResults } = await engine.run();
  const all = [...results, ...failureResults];
  const applicable = all.find((r) => r.name === "applicable");
  const check = all.find((r) => r.name === "check")!;

  const evidence: EvidenceBlock[] = [];
  const tables = evidenceAlmanac(memo, rule.facts);
  for (const spec of rule.evidence) {
    evidence.push({
      id: spec.id,
      label: spec.label,
      value: (await evidenceValue(tables, spec)) ?? null,
      ...(spec.columns ? { columns: spec.columns } : {}),
    });
  }
  const context = {
    evidence: Object.fromEntries(evidence.map((block) => [block.id, block.value])),
    params: rule.params,
    bundle: facts.bundle,
  };
  const def = rule.definition;
  const unresolved = unresolvedPaths([...(applicable ? [applicable] : []), check]);
  if (unresolved.length > 0) return { kind: "not-evaluated", reason: unresolvedReason(unresolved) };
  if (applicable && applicable.result === false) {
    const reason = def.notEvaluatedReason
      ? renderText(def.notEvaluatedReason, context)
      : "the evidence does not cover what this rule checks";
    return { kind: "not-evaluated", reason };
  }
  if (!check.result) return { kind: "passed", conditions: traceConditions(check) };

  const finding: Finding = {
    ruleId: def.id,
    checks: def.checks,
    severity: rule.severity,
    status: "failed",
    title: def.title,
    area: def.area,
    summary: renderText(def.summary, context),
    impact: def.impact,
    source: {
      title: sourceTitle(def.source),
      section: def.source.section,
      ...(def.source.url ? { url: def.source.url } : {}),
    },
    evidence,
    remediation: renderRemediation(rule, context),
    related: def.related ?? [],
    relatedFindings: [],
    conditions: traceConditions(check),
    fingerprint: fingerprint(def.id, evidence),
    origin: rule.origin,
    ...(def.confidence ? { confidence: def.confidence } : {}),
  };
  // Summary, commands and fingerprint above read every row; the finding keeps the first rows and
  // the total, and computes the whole table again from the facts when a report lists it.
  finding.evidence = evidence.map((block, index) => {
    const spec = rule.evidence[index]!;
    const value = boundTable(
      block.value,
      async () => {
        const rows = await evidenceValue(evidenceAlmanac(new FactMemo(facts), rule.facts), spec);
        return Array.isArray(rows) ? rows : [];
      },
      keepRows,
    );
    return value === block.value ? block : { ...block, value };
  });
  return { kind: "failed", finding };
}

function renderRemediation(rule: LoadedRule, context: Record<string, unknown>): RemediationStep[] {
  const evidence = context["evidence"] as Record<string, unknown>;
  return rule.definition.remediation.map((step) => {
    if (typeof step === "string") return { text: renderText(step, context), commands: [] };
    const items = step.each !== undefined ? evidence[step.each] : undefined;
    const contexts =
      step.each === undefined
        ? [context]
        : Array.isArray(items)
          ? items.map((item) => ({
              ...(typeof item === "object" && item !== null ? item : { value: item }),
              ...context,
              item,
            }))
          : [];
    const commands = (step.commands ?? []).flatMap((command) =>
      contexts
        .map((ctx) => renderCommand(command, ctx, step.shell ?? "powershell"))
        .filter((line) => line.length > 0),
    );
    // Rows often repeat a value (two ACEs on one path): one command per distinct line. A step's own
    // commands are kept as written, repeats included (e.g. two waits in a restart sequence).
    return {
      text: renderText(step.text, context),
      commands: step.each === undefined ? commands : [...new Set(commands)],
      ...(commands.length > 0 ? { shell: step.shell ?? "powershell" } : {}),
    };
  });
}

interface ConditionJson {
  all?: ConditionJson[];
  any?: ConditionJson[];
  not?: ConditionJson;
  fact?: string;
  operator?: string;
  value?: unknown;
  path?: string;
  params?: Record<string, unknown>;
  factResult?: unknown;
  result?: boolean;
}

/**
 * Conditions that read a path the fact's value does not have (`$.failing` of a fact that now returns
 * rows, a misspelt key). json-rules-engine compares `undefined` and the condition quietly does not
 * hold, so the rule would pass on nothing: such a rule is not evaluated, and the reason names the path.
 * Judged on the values at run time, so a right rule is never refused for an incomplete declared shape.
 */
function unresolvedPaths(results: readonly RuleResult[]): { fact: string; path: string }[] {
  const found: { fact: string; path: string }[] = [];
  const walk = (condition: ConditionJson): void => {
    if (condition.all) condition.all.forEach(walk);
    else if (condition.any) condition.any.forEach(walk);
    else if (condition.not) walk(condition.not);
    else if (
      condition.fact !== undefined &&
      condition.path &&
      condition.result !== undefined &&
      condition.factResult === undefined
    )
      found.push({ fact: condition.fact, path: condition.path });
  };
  for (const result of results) walk(conditionsOf(result));
  return found;
}

function unresolvedReason(unresolved: readonly { fact: string; path: string }[]): string {
  const named = [...new Set(unresolved.map(({ fact, path }) => `${path} of fact ${fact}`))].join(", ");
  return `the rule reads ${named}, which the fact does not have, so its condition could not be judged (a rule written for an older fact shape, or a misspelt path; \`wsus-audit rules facts\` lists each fact's fields)`;
}

function conditionsOf(result: RuleResult): ConditionJson {
  return (result as unknown as { toJSON(stringify: boolean): { conditions: ConditionJson } }).toJSON(false)
    .conditions;
}

/** Rows of a row comparison kept in its trace: enough to show why, never a whole large table. */
const ROWS_KEPT = 20;
const ROWS_SHOWN_WHEN_NONE_MATCHED = 3;

/** A row comparison keeps the rows that matched (or the first rows) and the counts; others their value. */
function observed(condition: ConditionJson): Pick<ConditionTrace, "factResult" | "rows"> {
  const table = condition.factResult;
  if (condition.operator?.split(":").pop() !== "someRow" || !Array.isArray(table))
    return { factResult: table ?? null };
  const matched = selectRows(table, condition.value as RowPredicate, ROW_OPERATORS);
  return {
    factResult:
      matched.length > 0 ? matched.slice(0, ROWS_KEPT) : table.slice(0, ROWS_SHOWN_WHEN_NONE_MATCHED),
    rows: { compared: table.length, matched: matched.length },
  };
}

function traceConditions(result: RuleResult): ConditionTrace[] {
  const traces: ConditionTrace[] = [];
  const walk = (condition: ConditionJson, at: string): void => {
    if (condition.all) condition.all.forEach((c, i) => walk(c, `${at}/all/${i}`));
    else if (condition.any) condition.any.forEach((c, i) => walk(c, `${at}/any/${i}`));
    else if (condition.not) walk(condition.not, `${at}/not`);
    else if (condition.fact !== undefined && condition.result !== undefined) {
      traces.push({
        at,
        fact: condition.fact,
        ...(condition.params && Object.keys(condition.params).length ? { params: condition.params } : {}),
        ...(condition.path ? { path: condition.path } : {}),
        operator: condition.operator ?? "",
        value: condition.value,
        ...observed(condition),
        result: condition.result,
      });
    }
  };
  walk(conditionsOf(result), "/conditions");
  return traces;
}

const IDENTITY_KEYS = [
  "path",
  "client",
  "machine",
  "computer",
  "gpo",
  "vdir",
  "process",
  "key",
  "eventId",
  "setting",
  "site",
  "queue",
  "code",
  "principal",
];

/** Rule id + the identifying values of the evidence rows: stable across runs and wording changes. */
export function fingerprint(ruleId: string, evidence: readonly EvidenceBlock[]): string {
  const identities = new Set<string>();
  for (const block of evidence) {
    const rows = Array.isArray(block.value) ? block.value : [];
    for (const row of rows) {
      if (typeof row !== "object" || row === null) continue;
      for (const key of IDENTITY_KEYS) {
        const value = (row as Record<string, unknown>)[key];
        if (typeof value === "string" || typeof value === "number")
          identities.add(`${key}=${String(value).toLowerCase()}`);
      }
    }
  }
  const digest = createHash("sha256")
    .update([ruleId, ...[...identities].sort()].join("\n"))
    .digest("hex");
  return `${ruleId}:${digest.slice(0, 16)}`;
}

/** A finding links to the others that carry a check it names in `related`, both ways. */
function linkRelated(findings: Finding[]): void {
  for (const finding of findings) {
    const linked = findings.filter(
      (other) =>
        other !== finding &&
        (finding.related.some((check) => other.checks.includes(check)) ||
          other.related.some((check) => finding.checks.includes(check))),
    );
    finding.relatedFindings = [...new Set(linked.map((other) => other.ruleId))].sort();
  }
}
