/**
 * Rule tests are data, as ESLint's RuleTester: beside each rule `<id>.json` sits `<id>.test.json`
 * with cases that must fire it (`invalid`), must not (`valid`), and optionally must leave it
 * not evaluated (`notEvaluated`). A case gives a few lines of real evidence (`files`: bundle path →
 * file text, read by the real collectors) or, where evidence would be long, a few hand-written
 * `facts`. `wsus-audit rules test` and `npm run check:rules` run them. The engine knows no
 * collector: whoever runs the tests passes the function that turns `files` into facts.
 */
import { access, readFile } from "node:fs/promises";
import type { Facts } from "../collectors/facts.js";
import { SOURCE_NAMES } from "../collectors/sources.js";
import { evaluateRules } from "./evaluate.js";
import { tableRowCount } from "./evidence-rows.js";
import { stableStringify } from "./operators.js";
import type { LoadedRule } from "./rule-file.js";
import type { RuleOutcomeKind } from "./types.js";

/**
 * A file of a case: its text, or its lines (joined with CRLF, as Windows writes them), written as
 * UTF-8; or `{ "utf16le": text or lines }` for a file saved as Windows PowerShell 5.1 saves it
 * (UTF-16LE with a byte order mark).
 */
export type CaseText = string | string[];
export type CaseFile = CaseText | { utf16le: CaseText };

export interface RuleTestCase {
  name: string;
  /** Hand-written facts by evidence source (and `bundle`). */
  facts?: Record<string, unknown>;
  /** Evidence files by their path in a bundle ("iis/u_ex261201.log", "bundle.json"). */
  files?: Record<string, CaseFile>;
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

/** Turns a case's evidence files into facts, as an audit of a bundle holding them would. */
export type CollectCaseFiles = (files: Record<string, CaseFile>) => Promise<Facts>;

/**
 * `showPath` says how a file is named in messages (relative to where the author works); `collect`
 * reads the evidence of `files` cases (without it, such a case fails).
 */
export async function runRuleTests(
  rules: readonly LoadedRule[],
  showPath: (file: string) => string = (file) => file,
  collect?: CollectCaseFiles,
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
        const key = stableStringify(testCase.files ?? testCase.facts);
        if (seen.has(key))
          problems.push({
            file: shown,
            message: `case "${testCase.name}" repeats the facts of another case`,
          });
        seen.add(key);
        if (names.has(testCase.name))
          problems.push({ file: shown, message: `two cases are named "${testCase.name}"` });
        names.add(testCase.name);
        results.push(await runCase({ ...rule, enabled: true }, testCase, expected, shown, collect));
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
const CASE_KEYS = ["name", "facts", "files", "expect"];
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
      const files = record["files"];
      if ((facts === undefined) === (files === undefined)) {
        problems.push(`at ${at}: a case gives either "files" (evidence) or "facts", not both or neither`);
      } else if (files !== undefined) {
        problems.push(...checkCaseFiles(files, `${at}/files`));
      } else if (typeof facts !== "object" || facts === null || Array.isArray(facts)) {
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

function checkCaseFiles(files: unknown, at: string): string[] {
  if (typeof files !== "object" || files === null || Array.isArray(files) || Object.keys(files).length === 0)
    return [`at ${at}: must map bundle paths to file texts, e.g. {"iis/u_ex261201.log": "#Fields: …"}`];
  return Object.entries(files).flatMap(([path, text]) => {
    const where = `at ${at}/${path}`;
    if (path.startsWith("/") || path.split(/[\\/]/).includes("..") || /^[a-z]:/i.test(path))
      return [`${where}: a path inside the bundle (no leading /, drive or ..)`];
    const isText = (value: unknown): boolean =>
      typeof value === "string" || (Array.isArray(value) && value.every((line) => typeof line === "string"));
    const ok =
      isText(text) ||
      (typeof text === "object" &&
        text !== null &&
        Object.keys(text).length === 1 &&
        isText((text as { utf16le?: unknown }).utf16le));
    return ok
      ? []
      : [`${where}: the file's text or lines, or {"utf16le": text or lines} for a file saved as UTF-16LE`];
  });
}

async function caseFacts(testCase: RuleTestCase, collect: CollectCaseFiles | undefined): Promise<Facts> {
  if (testCase.files === undefined) return factsForCase(testCase.facts ?? {});
  if (!collect) throw new Error("this runner cannot read evidence files (no collectors given)");
  return collect(testCase.files);
}

async function runCase(
  rule: LoadedRule,
  testCase: RuleTestCase,
  expected: RuleOutcomeKind,
  file: string,
  collect: CollectCaseFiles | undefined,
): Promise<RuleTestResult> {
  const base = { rule: rule.definition.id, file, name: testCase.name, expected };
  let facts: Facts;
  try {
    facts = await caseFacts(testCase, collect);
  } catch (error) {
    return {
      ...base,
      passed: false,
      message: `the case's evidence could not be read: ${(error as Error).message}`,
    };
  }
  const evaluation = await evaluateRules(facts, [rule]);
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
      const count = Array.isArray(value) ? tableRowCount(value) : -1;
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
