/**
 * Loading rule files: parse, validate against rules/rule.schema.json (ajv), then check what the
 * schema cannot: every fact, operator and parameter exists, templates compile. A problem names
 * the file, the JSON pointer and what is wrong. Rule files never contain code.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import { validate as validateRuleSchema } from "./rule-validator.generated.js";
import type { FactCatalogue } from "./fact-definition.js";
import { findOperator, isKnownOperator, ROW_OPERATORS, stableStringify } from "./operators.js";
import { checkPredicate, type RowPredicate } from "./row-predicate.js";
import type {
  Condition,
  EvidenceSpec,
  LoadedEvidenceSpec,
  LoadedRule,
  RuleFile,
  TopLevelCondition,
} from "./rule-file.js";
import type { RuleSetConfig } from "./rule-set-config.js";
import { checkTemplates } from "./template-check.js";

export interface RuleProblem {
  file: string;
  /** JSON pointer into the file, "" for the whole file. */
  pointer: string;
  message: string;
}

export class RuleLoadError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(
      `${problems.length} problem(s) in rule files:\n` +
        problems.map((p) => `  ${p.file}${p.pointer ? ` at ${p.pointer}` : ""}: ${p.message}`).join("\n"),
    );
  }
}

/** rule.schema.json compiled ahead of time (`npm run generate`). */
const validate = validateRuleSchema as unknown as { (data: unknown): boolean; errors?: ErrorObject[] | null };

/** Every rule file (*.json except tests and the schema) below the folders, in a stable order. */
export async function findRuleFiles(folders: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const folder of folders) files.push(...(await walkJson(resolve(folder))));
  return files;
}

async function walkJson(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new RuleLoadError([
      { file: folder, pointer: "", message: `cannot read the rule folder (${error.code})` },
    ]);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walkJson(path)));
    else if (
      entry.name.endsWith(".json") &&
      !entry.name.endsWith(".test.json") &&
      !entry.name.endsWith(".schema.json")
    ) {
      files.push(path);
    }
  }
  return files;
}

/** A rule-set configuration and, for messages, the file it came from (src/config/load-config.ts). */
export type ConfiguredRuleSet = RuleSetConfig & {
  /** The configuration file, named in problems with a JSON pointer into it. */
  file?: string;
  /** Every rule id the file's "rules" object names, even with nothing changed. */
  ruleIds?: string[];
};

export interface LoadOptions {
  /** The facts rules may name: the domain's catalogue (src/checks/catalogue.ts for WSUS). */
  facts: FactCatalogue;
  config?: ConfiguredRuleSet;
  /** For messages: paths are shown relative to this folder. */
  displayRoot?: string;
  /** A rule's origin as reports show it; default: its path as shown in messages. */
  originLabel?: (file: string) => string;
}

/** Load and validate the rule files of the given folders; throws RuleLoadError listing every problem. */
export async function loadRules(folders: readonly string[], options: LoadOptions): Promise<LoadedRule[]> {
  const problems: RuleProblem[] = [];
  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  const display = (file: string): string =>
    options.displayRoot ? relative(options.displayRoot, file) : file;

  for (const file of await findRuleFiles(folders)) {
    const text = await readFile(file, "utf8");
    const loaded = await parseRuleText(text, display(file), options, problems);
    if (!loaded) continue;
    loaded.file = file;
    if (options.originLabel) loaded.origin = options.originLabel(file);
    const previous = seen.get(loaded.definition.id);
    if (previous) {
      problems.push({
        file: display(file),
        pointer: "/id",
        message: `duplicate rule id "${loaded.definition.id}" (also in ${previous}); give the rule a new id, and disable the other in the config if it replaces it`,
      });
      continue;
    }
    seen.set(loaded.definition.id, display(file));
    rules.push(loaded);
  }
  for (const { id, pointer } of configuredIds(options.config)) {
    if (!seen.has(id)) {
      problems.push({
        file: configFile(options.config),
        pointer,
        message: `names rule "${id}", which no rule folder holds (see \`wsus-audit rules list\`)`,
      });
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}

function configFile(config: ConfiguredRuleSet | undefined): string {
  return config?.file ?? "configuration";
}

/** Rule ids a configuration names, with where: /rules/<id> or /waivers/<n>/rule. */
function configuredIds(config: ConfiguredRuleSet | undefined): { id: string; pointer: string }[] {
  if (!config) return [];
  const ids = new Set([
    ...(config.ruleIds ?? []),
    ...Object.keys(config.disabled ?? {}),
    ...Object.keys(config.severity ?? {}),
    ...Object.keys(config.params ?? {}),
  ]);
  return [
    ...[...ids].map((id) => ({ id, pointer: `/rules/${id}` })),
    ...(config.waivers ?? []).map((waiver, index) => ({
      id: waiver.rule,
      pointer: `/waivers/${index}/rule`,
    })),
  ];
}

/** Own properties only: a rule id such as "constructor" must not find Object.prototype members. */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Parse and check one rule file's text. Problems are appended; undefined when it cannot be used. */
export async function parseRuleText(
  text: string,
  file: string,
  { facts, config }: Pick<LoadOptions, "facts" | "config">,
  problems: RuleProblem[],
): Promise<LoadedRule | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push({ file, pointer: "", message: `not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
  if (!validate(raw)) {
    for (const error of validate.errors ?? [])
      problems.push({ file, pointer: error.instancePath, message: describe(error) });
    return undefined;
  }
  const definition = raw as RuleFile;
  const before = problems.length;
  const params = resolveParams(
    definition,
    own(config?.params, definition.id),
    file,
    configFile(config),
    problems,
  );
  const conditions = substituteParams(
    definition.conditions,
    params,
    "/conditions",
    file,
    problems,
  ) as TopLevelCondition;
  const applicable = definition.applicable
    ? (substituteParams(definition.applicable, params, "/applicable", file, problems) as TopLevelCondition)
    : undefined;
  const evidence = definition.evidence.map((spec, index) =>
    resolveEvidenceRows(
      {
        ...spec,
        params: spec.params
          ? (substituteParams(spec.params, params, `/evidence/${index}/params`, file, problems) as Record<
              string,
              unknown
            >)
          : undefined,
        ...(spec.where !== undefined && typeof spec.where === "object"
          ? {
              where: substituteParams(
                spec.where,
                params,
                `/evidence/${index}/where`,
                file,
                problems,
              ) as RowPredicate,
            }
          : {}),
      },
      { conditions, applicable },
      `/evidence/${index}`,
      file,
      problems,
    ),
  );
  checkConditions(conditions, "/conditions", file, facts, problems);
  if (applicable) checkConditions(applicable, "/applicable", file, facts, problems);
  evidence.forEach((spec, index) =>
    checkFactUse(spec.fact, spec.params, `/evidence/${index}`, file, facts, problems),
  );
  checkEvidenceIds(definition, file, problems);
  checkTemplates(definition, file, problems);
  if (problems.length > before) return undefined;

  const overrides: string[] = [];
  const disabledReason = own(config?.disabled, definition.id);
  if (disabledReason !== undefined) overrides.push(`disabled: ${disabledReason}`);
  const severity = own(config?.severity, definition.id) ?? definition.severity;
  if (severity !== definition.severity) overrides.push(`severity ${definition.severity} → ${severity}`);
  for (const [name, value] of Object.entries(own(config?.params, definition.id) ?? {})) {
    overrides.push(`parameter ${name} = ${JSON.stringify(value)}`);
  }
  return {
    definition,
    file,
    origin: file,
    params,
    severity,
    enabled: disabledReason === undefined,
    overrides,
    conditions,
    ...(applicable ? { applicable } : {}),
    evidence,
    facts,
  };
}

function describe(error: ErrorObject): string {
  if (error.keyword === "additionalProperties") {
    return `unknown property "${String(error.params["additionalProperty"])}"`;
  }
  if (error.keyword === "enum") return `${error.message}: ${JSON.stringify(error.params["allowedValues"])}`;
  return error.message ?? "invalid";
}

function resolveParams(
  rule: RuleFile,
  overrides: Record<string, unknown> | undefined,
  file: string,
  configuration: string,
  problems: RuleProblem[],
): Record<string, unknown> {
  const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, spec] of Object.entries(rule.params ?? {})) params[name] = spec.default;
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (!Object.hasOwn(rule.params ?? {}, name)) {
      const known = Object.keys(rule.params ?? {});
      problems.push({
        file: configuration,
        pointer: `/rules/${rule.id}/params/${name}`,
        message: `rule "${rule.id}" (${file}) has no parameter "${name}"; it has: ${known.length ? known.join(", ") : "none"}`,
      });
      continue;
    }
    const expected = rule.params![name]!.default;
    if (expected !== null && expected !== undefined && typeOf(expected) !== typeOf(value)) {
      problems.push({
        file: configuration,
        pointer: `/rules/${rule.id}/params/${name}`,
        message: `parameter "${name}" of rule "${rule.id}" must be ${typeOf(expected)}, not ${typeOf(value)}`,
      });
      continue;
    }
    params[name] = value;
  }
  return params;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

/** Replace every {"$param": "name"} with the parameter's value. */
function substituteParams(
  value: unknown,
  params: Record<string, unknown>,
  pointer: string,
  file: string,
  problems: RuleProblem[],
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => substituteParams(item, params, `${pointer}/${index}`, file, problems));
  }
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === "$param") {
    const name = record["$param"];
    if (typeof name !== "string" || !(name in params)) {
      problems.push({
        file,
        pointer,
        message: `refers to parameter ${JSON.stringify(name)}, which "params" does not declare`,
      });
      return undefined;
    }
    return params[name];
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === "__proto__") continue;
    copy[key] = substituteParams(record[key], params, `${pointer}/${key}`, file, problems);
  }
  return copy;
}

function checkConditions(
  condition: Condition,
  pointer: string,
  file: string,
  facts: FactCatalogue,
  problems: RuleProblem[],
): void {
  if ("all" in condition)
    condition.all.forEach((c, i) => checkConditions(c, `${pointer}/all/${i}`, file, facts, problems));
  else if ("any" in condition)
    condition.any.forEach((c, i) => checkConditions(c, `${pointer}/any/${i}`, file, facts, problems));
  else if ("not" in condition) checkConditions(condition.not, `${pointer}/not`, file, facts, problems);
  else {
    checkFactUse(condition.fact, condition.params, pointer, file, facts, problems);
    if (!isKnownOperator(condition.operator)) {
      problems.push({
        file,
        pointer: `${pointer}/operator`,
        message: `unknown operator "${condition.operator}"`,
      });
      return;
    }
    const problem = findOperator(condition.operator)?.validateValue?.(condition.value);
    if (problem)
      problems.push({ file, pointer: `${pointer}/value`, message: `${condition.operator}: ${problem}` });
  }
}

function checkFactUse(
  factName: string,
  params: Record<string, unknown> | undefined,
  pointer: string,
  file: string,
  facts: FactCatalogue,
  problems: RuleProblem[],
): void {
  const fact = facts.find((candidate) => candidate.name === factName);
  if (!fact) {
    problems.push({
      file,
      pointer: `${pointer}/fact`,
      message: `unknown fact "${factName}" (run \`wsus-audit rules facts\` for the list)`,
    });
    return;
  }
  for (const key of Object.keys(params ?? {})) {
    if (!fact.params || !Object.hasOwn(fact.params, key)) {
      const known = Object.keys(fact.params ?? {});
      problems.push({
        file,
        pointer: `${pointer}/params/${key}`,
        message: `fact "${factName}" takes no parameter "${key}"${known.length ? `; it takes: ${known.join(", ")}` : ""}`,
      });
    }
  }
  for (const [key, spec] of Object.entries(fact.params ?? {})) {
    if (spec.required && (params === undefined || params[key] === undefined)) {
      problems.push({
        file,
        pointer: `${pointer}/params`,
        message: `fact "${factName}" needs the parameter "${key}"`,
      });
    }
  }
}

function checkEvidenceIds(rule: RuleFile, file: string, problems: RuleProblem[]): void {
  const ids = new Set<string>();
  rule.evidence.forEach((spec, index) => {
    if (ids.has(spec.id))
      problems.push({
        file,
        pointer: `/evidence/${index}/id`,
        message: `duplicate evidence id "${spec.id}"`,
      });
    ids.add(spec.id);
  });
  rule.remediation.forEach((step, index) => {
    if (typeof step === "object" && step.each !== undefined && !ids.has(step.each)) {
      problems.push({
        file,
        pointer: `/remediation/${index}/each`,
        message: `"each" names evidence "${step.each}", which "evidence" does not declare`,
      });
    }
  });
}

/** The condition a JSON pointer such as /conditions/all/0 names, in the loaded rule. */
function conditionAt(
  pointer: string,
  roots: { conditions: TopLevelCondition; applicable?: TopLevelCondition },
): unknown {
  const [, root, ...steps] = pointer.split("/");
  let at: unknown =
    root === "conditions" ? roots.conditions : root === "applicable" ? roots.applicable : undefined;
  for (const step of steps) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/**
 * `where` / `whereNot` as a predicate. A pointer must name a `someRow` condition on the same fact,
 * params and path as the evidence: the table then shows exactly the rows that decided the outcome.
 */
function resolveEvidenceRows(
  spec: EvidenceSpec,
  roots: { conditions: TopLevelCondition; applicable?: TopLevelCondition },
  pointer: string,
  file: string,
  problems: RuleProblem[],
): LoadedEvidenceSpec {
  const { where, whereNot, ...rest } = spec;
  if (where !== undefined && whereNot !== undefined) {
    problems.push({ file, pointer, message: 'give "where" or "whereNot", not both' });
    return rest;
  }
  if (where !== undefined && typeof where === "object") {
    for (const [at, message] of checkPredicate(where, ROW_OPERATORS))
      problems.push({ file, pointer: `${pointer}/where${at}`, message });
    return { ...rest, rows: { predicate: where, negate: false } };
  }
  const target = where ?? whereNot;
  if (target === undefined) return rest;
  const key = where !== undefined ? "where" : "whereNot";
  const condition = conditionAt(target, roots) as
    { fact?: string; operator?: string; value?: unknown; path?: string; params?: unknown } | undefined;
  if (!condition || condition.operator !== "someRow") {
    problems.push({
      file,
      pointer: `${pointer}/${key}`,
      message: `"${target}" is not a condition with the operator someRow in this rule`,
    });
    return rest;
  }
  const same =
    condition.fact === spec.fact &&
    (condition.path ?? "") === (spec.path ?? "") &&
    stableStringify(condition.params ?? {}) === stableStringify(spec.params ?? {});
  if (!same) {
    problems.push({
      file,
      pointer: `${pointer}/${key}`,
      message: `the condition at "${target}" reads another fact, params or path than this evidence; use the same, so the table shows the rows the rule decided on`,
    });
    return rest;
  }
  return { ...rest, rows: { predicate: condition.value as RowPredicate, negate: whereNot !== undefined } };
}
