/**
 * What a rule's templates must pass before the rule loads: Handlebars parses them, and no bare
 * {{name}} calls a helper where the author meant the row's field. Templates of the shipped rules
 * were checked ahead of time (`npm run generate` → checked-templates.generated.ts): the cold Handlebars parser was half of loading the rules at every
 * start. A template matches that record only if its text and the helper list are the ones checked,
 * so an edited rule, or a new helper, is checked here again.
 */
import { createHash } from "node:crypto";
import Handlebars from "handlebars";
import { CHECKED_TEMPLATES } from "./checked-templates.generated.js";
import type { RuleFile } from "./rule-file.js";
import { renderText } from "./templates.js";

export interface TemplateProblem {
  file: string;
  pointer: string;
  message: string;
}

/** The helpers src/engine/templates.ts registers (and Handlebars' own): a bare {{count}} calls one. */
export const TEMPLATE_HELPERS = [
  "join",
  "count",
  "plural",
  "eq",
  "gt",
  "lower",
  "upper",
  "default",
  "pluck",
  "first",
  "json",
  "lookup",
  "log",
] as const;
const HELPERS = new Set<string>(TEMPLATE_HELPERS);

export function checkTemplates(rule: RuleFile, file: string, problems: TemplateProblem[]): void {
  let contexts: Record<string, unknown>[] | undefined;
  for (const [pointer, template] of ruleTemplates(rule)) {
    if (CHECKED_TEMPLATES.has(templateDigest(template))) continue;
    const found = templateProblems(template);
    // a template that parses may still fail when it runs ({{#each}} with no list, an unknown helper)
    if (found.length === 0) found.push(...renderProblems(template, (contexts ??= sampleContexts(rule))));
    for (const message of found) problems.push({ file, pointer, message });
  }
}

/**
 * What a rule's templates meet at audit time (evaluate.ts): its evidence by id, its parameters,
 * the bundle, and in a remediation step with `each` one row spread in. Each evidence value is
 * tried as missing, empty, one empty row and an object, so block bodies run as well.
 */
function sampleContexts(rule: RuleFile): Record<string, unknown>[] {
  const params = Object.fromEntries(
    Object.entries(rule.params ?? {}).map(([name, param]) => [name, param.default]),
  );
  const bundle = { name: "bundle", manifest: {}, wsus: {}, sources: [], kinds: [] };
  return [null, [], [{}], {}].map((value) => ({
    evidence: Object.fromEntries((rule.evidence ?? []).map((spec) => [spec.id, value])),
    params,
    bundle,
    item: {},
  }));
}

function renderProblems(template: string, contexts: Record<string, unknown>[]): string[] {
  for (const context of contexts) {
    try {
      renderText(template, context);
    } catch (error) {
      return [`template fails when rendered: ${(error as Error).message.split("\n")[0]}`];
    }
  }
  return [];
}

/** Every template of a rule, with its JSON pointer. */
export function ruleTemplates(rule: RuleFile): [string, string][] {
  const templates: [string, string][] = [["/summary", rule.summary]];
  if (rule.notEvaluatedReason) templates.push(["/notEvaluatedReason", rule.notEvaluatedReason]);
  rule.remediation.forEach((step, index) => {
    if (typeof step === "string") templates.push([`/remediation/${index}`, step]);
    else {
      templates.push([`/remediation/${index}/text`, step.text]);
      step.commands?.forEach((command, k) =>
        templates.push([`/remediation/${index}/commands/${k}`, command]),
      );
    }
  });
  return templates;
}

/** What is wrong with one template ([] when nothing). */
export function templateProblems(template: string): string[] {
  // Parsing finds every syntax error; compiling to JavaScript (precompile) would cost 10x more.
  let ast: ReturnType<typeof Handlebars.parse>;
  try {
    ast = Handlebars.parse(template);
  } catch (error) {
    return [`template does not compile: ${(error as Error).message.split("\n")[0]}`];
  }
  return [...shadowedHelpers(ast)].map(
    (name) =>
      `{{${name}}} calls the template helper "${name}", not a field of that name; write {{this.${name}}} (or pass it arguments)`,
  );
}

/** The record's key of a template: its text under this helper list. */
export function templateDigest(template: string): string {
  return createHash("sha256").update(TEMPLATE_HELPERS.join(",")).update("\0").update(template).digest("hex");
}

/** Names of bare mustaches ({{count}}, no arguments) that resolve to a helper instead of the row's field. */
function shadowedHelpers(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) shadowedHelpers(item, found);
    return found;
  }
  if (typeof node !== "object" || node === null) return found;
  const record = node as {
    type?: string;
    path?: { type?: string; original?: unknown };
    params?: unknown[];
    hash?: unknown;
  };
  if (
    record.type === "MustacheStatement" &&
    record.path?.type === "PathExpression" &&
    typeof record.path.original === "string" &&
    HELPERS.has(record.path.original) &&
    (record.params ?? []).length === 0 &&
    record.hash === undefined
  ) {
    found.add(record.path.original);
  }
  for (const [key, value] of Object.entries(record)) if (key !== "loc") shadowedHelpers(value, found);
  return found;
}
