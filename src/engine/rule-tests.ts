/**
 * Rule tests are data, as ESLint's RuleTester: beside each rule `<id>.json` sits `<id>.test.json`
 * with facts that must fire it (`invalid`), must not (`valid`), and optionally must leave it
 * not evaluated (`notEvaluated`). `wsus-audit rules test` and `npm run check:rules` run them.
 */
import { access, readFile } from "node:fs/promises";
import type { Facts } from "../collectors/facts.js";
import type { SourceName } from "../collectors/types.js";
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

const SOURCE_NAMES: readonly SourceName[] = ["gpo", "acl", "procmon", "eventlog", "iisLog", "httpErr", "iisConfig", "nps"];

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

/** `originPath` maps a rule's origin (as shown) to the file on disk. */
export async function runRuleTests(
  rules: readonly LoadedRule[],
  originPath: (origin: string) => string = (origin) => origin,
): Promise<RuleTestReport> {
  const results: RuleTestResult[] = [];
  const problems: RuleTestReport["problems"] = [];
  for (const rule of rules) {
    const file = testFileFor(originPath(rule.origin));
    const shown = testFileFor(rule.origin);
    const tests = await readTests(file, shown, problems);
    if (!tests) continue;
    if ((tests.valid ?? []).length === 0 || (tests.invalid ?? []).length === 0) {
      problems.push({ file: shown, message: "needs at least one valid case (must not fire) and one invalid case (must fire)" });
    }
    const seen = new Set<string>();
    const groups: [RuleOutcomeKind, RuleTestCase[] | undefined][] = [
      ["passed", tests.valid],
      ["failed", tests.invalid],
      ["not-evaluated", tests.notEvaluated],
    ];
    for (const [expected, cases] of groups) {
      for (const testCase of cases ?? []) {
        const key = stableStringify(testCase.facts);
        if (seen.has(key)) problems.push({ file: shown, message: `case "${testCase.name}" repeats the facts of another case` });
        seen.add(key);
        results.push(await runCase({ ...rule, enabled: true }, testCase, expected, shown));
      }
    }
  }
  return { results, problems };
}

async function readTests(file: string, shown: string, problems: RuleTestReport["problems"]): Promise<RuleTestFile | undefined> {
  try {
    await access(file);
  } catch {
    problems.push({ file: shown, message: "missing: every rule ships test cases (valid and invalid)" });
    return undefined;
  }
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("must hold an object");
    return parsed as RuleTestFile;
  } catch (error) {
    problems.push({ file: shown, message: `unreadable: ${(error as Error).message}` });
    return undefined;
  }
}

async function runCase(rule: LoadedRule, testCase: RuleTestCase, expected: RuleOutcomeKind, file: string): Promise<RuleTestResult> {
  const base = { rule: rule.definition.id, file, name: testCase.name, expected };
  const evaluation = await evaluateRules(factsForCase(testCase.facts ?? {}), [rule]);
  const outcome = evaluation.outcomes[0]!;
  if (outcome.outcome !== expected) {
    return { ...base, passed: false, message: `expected ${expected}, got ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ""}` };
  }
  const finding = evaluation.findings[0];
  const expect = testCase.expect;
  if (finding && expect) {
    if (expect.summaryIncludes && !finding.summary.includes(expect.summaryIncludes)) {
      return { ...base, passed: false, message: `summary "${finding.summary}" does not include "${expect.summaryIncludes}"` };
    }
    for (const [id, rows] of Object.entries(expect.evidenceRows ?? {})) {
      const value = finding.evidence.find((block) => block.id === id)?.value;
      const count = Array.isArray(value) ? value.length : -1;
      if (count !== rows) return { ...base, passed: false, message: `evidence "${id}" has ${count} rows, expected ${rows}` };
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
