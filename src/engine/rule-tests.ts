/**
 * Rule tests are data, as ESLint's RuleTester: beside each rule `<id>.json` sits `<id>.test.json`
 * with facts that must fire it (`invalid`), must not (`valid`), and optionally must leave it
 * not evaluated (`notEvaluated`). `wsus-audit rules test` and `npm run check:rules` run them.
 */
import { access, readFile } from "node:fs/promises";
import type { Facts } from "../collectors/facts.js";
import { SOURCE_NAMES } from "../collectors/sources.js";
import { evaluateRules } from "./evaluate.js";
import { stableStringify } from "./operators.js";
import type { LoadedRule } from "./rule-file.js";
import type { RuleOutcomeKind } from "./types.js";

export interface RuleTestCase {
  name: string;
  facts: Record<string, unknown>;
  /** Extra expectations for invalid cases. */
  expect?: { summaryIncludes?: string; evidenceRows?: Record<string, number>; commandsInclude?: string[] };
}

export interface RuleTestFile {
  valid?: RuleTestCase[];
  invalid?: RuleTestCase[];
  notEvaluated?: RuleTestCase[];
}

export interface RuleTestResult {
  rule: string;
  file: string;
  name: string;
  expected: RuleOutcomeKind;
  passed: boolean;
  /** What went wrong, when it failed. */
  message?: string;
}

export interface RuleTestReport {
  results: RuleTestResult[];
  /** Test files missing, unreadable or malformed: each is a failure too. */
  problems: { file: string; message: string }[];
}

export function testFileFor(ruleOrigin: string): string {
  return ruleOrigin.replace(/\.json$/, ".test.json");
}

/** Facts for a case: the sources given, and a bundle filled in around them. */
export function factsForCase(given: Record<string, unknown>): Facts {
  const sources = SOURCE_NAMES.filter((source) => given[source] !== undefined);
  const bundle = (given["bundle"] ?? {}) as Partial<Facts["bundle"]>;
  return {
    ...(given as object),
    bundle: {
      name: bundle.name ?? "rule-test",
      manifest: bundle.manifest ?? {},
      wsus: bundle.wsus ?? {},
      sources: bundle.sources ?? sources,
      kinds: bundle.kinds ?? [],
    },
  } as Facts;
}

/** `showPath` says how a file is named in messages (relative to where the author works). */
export async function runRuleTests(
  rules: readonly LoadedRule[],
  showPath: (file: string) => string = (file) => file,
): Promise<RuleTestReport> {
  const results: RuleTestResult[] = [];
  const problems: RuleTestReport["problems"] = [];
  for (const rule of rules) {
    const file = testFileFor(rule.file);
    const shown = testFileFor(showPath(rule.file));
    const tests = await readTests(file, shown, problems);
    if (!tests) continue;
    if ((tests.valid ?? []).length === 0 || (tests.invalid ?? []).length === 0) {
      problems.push({
        file: shown,
        message: "needs at least one valid case (must not fire) and one invalid case (must fire)",
      });
    }
    const seen = new Set<string>();
    const names = new Set<string>();
    const groups: [RuleOutcomeKind, RuleTestCase[] | undefined][] = [
      ["passed", tests.valid],
      ["failed", tests.invalid],
      ["not-evaluated", tests.notEvaluated],
    ];
    for (const [expected, cases] of groups) {
      for (const testCase of cases ?? []) {
        const key = stableStringify(testCase.facts);
        if (seen.has(key))
          problems.push({
            file: shown,
            message: `case "${testCase.name}" repeats the facts of another case`,
          });
        seen.add(key);
        if (names.has(testCase.name))
          problems.push({ file: shown, message: `two cases are named "${testCase.name}"` });
        names.add(testCase.name);
        results.push(await runCase({ ...rule, enabled: true }, testCase, expected, shown));
      }
    }
  }
  return { results, problems };
}

async function readTests(
  file: string,
  shown: string,
  problems: RuleTestReport["problems"],
): Promise<RuleTestFile | undefined> {
  try {
    await access(file);
  } catch {
    problems.push({ file: shown, message: "missing: every rule ships test cases (valid and invalid)" });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(file, "utf8")).replace(/^\uFEFF/, ""));
  } catch (error) {
    problems.push({ file: shown, message: `unreadable: ${(error as Error).message}` });
    return undefined;
  }
  const shapeProblems = checkTestFileShape(parsed);
  for (const problem of shapeProblems) problems.push({ file: shown, message: problem });
  return shapeProblems.length === 0 ? (parsed as RuleTestFile) : undefined;
}

const GROUPS = ["valid", "invalid", "notEvaluated"] as const;
const CASE_KEYS = ["name", "facts", "expect"];
const EXPECT_KEYS = ["summaryIncludes", "evidenceRows", "commandsInclude"];
const FACT_KEYS: readonly string[] = [...SOURCE_NAMES, "bundle"];

/**
 * A typo in a test file must not make a case pass silently: "invalids" would run nothing, and a
 * source spelt "iislog" would leave the rule not evaluated. Returns problems as "at <pointer>: …".
 */
export function checkTestFileShape(parsed: unknown): string[] {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return ["must hold an object"];
  const problems: string[] = [];
  for (const key of Object.keys(parsed)) {
    if (!(GROUPS as readonly string[]).includes(key) && key !== "$schema" && key !== "description") {
      problems.push(`at /${key}: unknown property; a test file holds ${GROUPS.join(", ")}`);
    }
  }
  for (const group of GROUPS) {
    const cases = (parsed as Record<string, unknown>)[group];
    if (cases === undefined) continue;
    if (!Array.isArray(cases)) {
      problems.push(`at /${group}: must be an array of cases`);
      continue;
    }
    cases.forEach((testCase: unknown, index) => {
      const at = `/${group}/${index}`;
      if (typeof testCase !== "object" || testCase === null || Array.isArray(testCase)) {
        problems.push(`at ${at}: a case is an object { name, facts }`);
        return;
      }
      const record = testCase as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!CASE_KEYS.includes(key))
          problems.push(`at ${at}/${key}: unknown property; a case holds ${CASE_KEYS.join(", ")}`);
      }
      if (typeof record["name"] !== "string" || record["name"] === "")
        problems.push(`at ${at}/name: every case needs a name`);
      const facts = record["facts"];
      if (typeof facts !== "object" || facts === null || Array.isArray(facts)) {
        problems.push(`at ${at}/facts: must be an object of evidence sources`);
      } else {
        for (const key of Object.keys(facts)) {
          if (!FACT_KEYS.includes(key))
            problems.push(`at ${at}/facts/${key}: not an evidence source; use ${FACT_KEYS.join(", ")}`);
        }
      }
      const expect = record["expect"];
      if (expect !== undefined) {
        if (group !== "invalid")
          problems.push(`at ${at}/expect: only cases that must fire (invalid) have expectations`);
        else if (typeof expect !== "object" || expect === null)
          problems.push(`at ${at}/expect: must be an object`);
        else {
          for (const key of Object.keys(expect)) {
            if (!EXPECT_KEYS.includes(key))
              problems.push(`at ${at}/expect/${key}: unknown expectation; use ${EXPECT_KEYS.join(", ")}`);
          }
        }
      }
    });
  }
  return problems;
}

async function runCase(
  rule: LoadedRule,
  testCase: RuleTestCase,
  expected: RuleOutcomeKind,
  file: string,
): Promise<RuleTestResult> {
  const base = { rule: rule.definition.id, file, name: testCase.name, expected };
  const evaluation = await evaluateRules(factsForCase(testCase.facts ?? {}), [rule]);
  const outcome = evaluation.outcomes[0]!;
  if (outcome.outcome !== expected) {
    return {
      ...base,
      passed: false,
      message: `expected ${expected}, got ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ""}`,
    };
  }
  const finding = evaluation.findings[0];
  const expect = testCase.expect;
  if (finding && expect) {
    if (expect.summaryIncludes && !finding.summary.includes(expect.summaryIncludes)) {
      return {
        ...base,
        passed: false,
        message: `summary "${finding.summary}" does not include "${expect.summaryIncludes}"`,
      };
    }
    for (const [id, rows] of Object.entries(expect.evidenceRows ?? {})) {
      const value = finding.evidence.find((block) => block.id === id)?.value;
      const count = Array.isArray(value) ? value.length : -1;
      if (count !== rows)
        return { ...base, passed: false, message: `evidence "${id}" has ${count} rows, expected ${rows}` };
    }
    const commands = finding.remediation.flatMap((step) => step.commands);
    for (const wanted of expect.commandsInclude ?? []) {
      if (!commands.some((command) => command.includes(wanted))) {
        return { ...base, passed: false, message: `no remediation command includes "${wanted}"` };
      }
    }
  }
  return { ...base, passed: true };
}
