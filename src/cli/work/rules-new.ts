/**
 * `wsus-audit rules new <id> --area <area>`: a scaffold rule and its test file that validate and
 * whose tests pass as generated, so an author starts from green and changes one thing at a time.
 */
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { SourceName } from "../../collectors/types.js";
import { findRuleFiles, loadRules, RuleLoadError } from "../../engine/load-rules.js";
import { FACT_CATALOGUE, RULE_SCHEMA_PATH, SHIPPED_RULES_DIR } from "../../checks/catalogue.js";
import type { RuleFile } from "../../engine/rule-file.js";
import type { RuleTestFile } from "../../engine/rule-tests.js";
import { runRuleTestsWithEvidence } from "../../pipeline/rule-tests.js";
import { AREAS, type Area } from "../../result/types.js";
import { UserError } from "../errors.js";

/** The evidence source a new rule of each area reads first. */
export const AREA_SOURCE: Record<Area, SourceName> = {
  gpo: "gpo",
  acl: "acl",
  iis: "iisLog",
  evt: "eventlog",
  nps: "nps",
  clients: "wsusComputers",
  client: "client",
};

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function checkIdFor(id: string): string {
  return `CUSTOM.${id.toUpperCase().replace(/-/g, "_")}`;
}

export function scaffoldRule(
  id: string,
  area: Area,
  title: string,
  schemaPath: string,
): RuleFile & { $schema: string } {
  const source = AREA_SOURCE[area];
  return {
    $schema: schemaPath,
    id,
    title,
    checks: [checkIdFor(id)],
    severity: "medium",
    area,
    requires: [source],
    source: {
      title: "Replace with the title of the document this check comes from",
      section: "Replace with its section title",
    },
    confidence: "confirmed",
    description: `Scaffold from \`wsus-audit rules new\`. Replace the condition's fact, path and operator with the check you want (\`wsus-audit rules facts\` lists the facts, \`wsus-audit facts <bundle> --fact ${source}\` shows real values), then update ${id}.test.json and run \`wsus-audit rules test <folder>\`.`,
    params: {
      threshold: {
        description: "The finding fires when the observed count is greater than this.",
        default: 0,
      },
    },
    conditions: {
      all: [
        { fact: source, path: "$.exampleCount", operator: "greaterThan", value: { $param: "threshold" } },
      ],
    },
    evidence: [{ id: "observed", label: "Observed count", fact: source, path: "$.exampleCount" }],
    summary: "The observed count is {{evidence.observed}}, above the threshold of {{params.threshold}}.",
    impact: "Replace with what this problem stops: which clients cannot report in, and why.",
    remediation: [
      {
        text: "Replace with the first step of the fix; commands below are shown copyable in the report.",
        commands: ["Replace-With-A-Command -Threshold {{params.threshold}}"],
      },
    ],
    tags: ["custom"],
  };
}

export function scaffoldTests(area: Area): RuleTestFile {
  const source = AREA_SOURCE[area];
  return {
    valid: [{ name: "the count is at the threshold: no finding", facts: { [source]: { exampleCount: 0 } } }],
    invalid: [
      {
        name: "the count is above the threshold: a finding",
        facts: { [source]: { exampleCount: 3 } },
        expect: { summaryIncludes: "is 3, above the threshold of 0" },
      },
    ],
    notEvaluated: [{ name: "the bundle holds no such evidence", facts: {} }],
  };
}

export interface NewRuleArgs {
  id: string;
  area: string;
  dir?: string;
  title?: string;
}

/** Writes <folder>/<id>.json and <id>.test.json; returns the two paths. */
export async function newRule(
  args: NewRuleArgs,
  cwd = process.cwd(),
): Promise<{ rule: string; tests: string }> {
  if (!ID_PATTERN.test(args.id)) {
    throw new UserError(
      `"${args.id}" is not a rule id: use lower-case letters, digits and dashes (e.g. iis-contoso-port-8531).`,
    );
  }
  if (!(AREAS as readonly string[]).includes(args.area)) {
    throw new UserError(`Unknown area "${args.area}"; choose from ${AREAS.join(", ")}.`);
  }
  const area = args.area as Area;
  if (await shippedIdExists(args.id)) {
    throw new UserError(
      `A shipped rule is already called "${args.id}"; choose another id (to replace it, disable it in the configuration).`,
    );
  }
  const folder = resolve(cwd, args.dir ?? join("rules-custom", area));
  const rulePath = join(folder, `${args.id}.json`);
  const testPath = join(folder, `${args.id}.test.json`);
  for (const path of [rulePath, testPath]) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new UserError(`${relative(cwd, path)} already exists; not overwriting it.`);
  }
  await mkdir(folder, { recursive: true });
  const schemaPath = relative(folder, RULE_SCHEMA_PATH).split("\\").join("/");
  const title = args.title ?? `Custom check ${args.id} found a problem`;
  await writeFile(rulePath, `${JSON.stringify(scaffoldRule(args.id, area, title, schemaPath), null, 2)}\n`);
  await writeFile(testPath, `${JSON.stringify(scaffoldTests(area), null, 2)}\n`);
  await verify(rulePath, cwd);
  return { rule: rulePath, tests: testPath };
}

/** Ids of the shipped rules, read without validating them (a broken shipped rule must not block authors). */
export async function shippedRuleIds(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const file of await findRuleFiles([SHIPPED_RULES_DIR]).catch(() => [])) {
    const id = await readFile(file, "utf8").then(
      (text) => (JSON.parse(text) as { id?: unknown }).id,
      () => undefined,
    );
    if (typeof id === "string") ids.set(id, file);
  }
  return ids;
}

async function shippedIdExists(id: string): Promise<boolean> {
  return (await shippedRuleIds()).has(id);
}

/** The scaffold must load and pass its own tests; a failure here is a bug in this module. */
async function verify(rulePath: string, cwd: string): Promise<void> {
  try {
    const rules = (await loadRules([dirname(rulePath)], { facts: FACT_CATALOGUE, displayRoot: cwd })).filter(
      (rule) => resolve(rule.file) === rulePath,
    );
    const report = await runRuleTestsWithEvidence(rules, (file) => relative(cwd, file));
    const failed = report.results.filter((r) => !r.passed).length + report.problems.length;
    if (rules.length !== 1 || failed > 0) throw new Error(`the scaffold's own tests failed (${failed})`);
  } catch (error) {
    if (error instanceof RuleLoadError) {
      throw new UserError(`The new rule was written but its folder does not load:\n${error.message}`);
    }
    throw error;
  }
}
