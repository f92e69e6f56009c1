/**
 * The operators rule authors use (src/engine/operators.ts): semantics, load-time value checks,
 * the sentences `rules show` and `--explain` print, and that every documented example is a valid
 * condition. Named rules-* because the operators are the authoring surface of `wsus-audit rules`.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { evaluateRules } from "../../src/engine/evaluate.js";
import { parseRuleText, type RuleProblem } from "../../src/engine/load-rules.js";
import {
  BUILT_IN_OPERATORS,
  CUSTOM_OPERATORS,
  describeOperator,
  isKnownOperator,
} from "../../src/engine/operators.js";
import { factsForCase } from "../../src/engine/rule-tests.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const op = (name: string) => CUSTOM_OPERATORS.find((o) => o.name === name)!;

function ruleText(conditions: unknown[]): string {
  return JSON.stringify({
    id: "operator-examples",
    title: "Operator examples load",
    checks: ["TEST.OPERATORS"],
    severity: "info",
    area: "gpo",
    requires: ["gpo"],
    source: { doc: "docs/rule-authoring.md", section: "Operators" },
    conditions: { any: conditions },
    evidence: [{ id: "bundle", label: "Bundle", fact: "bundle" }],
    summary: "Examples.",
    impact: "None.",
    remediation: ["None."],
  });
}

async function problemsFor(conditions: unknown[]): Promise<RuleProblem[]> {
  const problems: RuleProblem[] = [];
  await parseRuleText(ruleText(conditions), "examples.json", { facts: FACT_CATALOGUE }, problems);
  return problems;
}

describe("operators for rule authors", () => {
  it("every custom operator has a description, a phrase and an example that loads as a condition", async () => {
    for (const operator of CUSTOM_OPERATORS) {
      assert.ok(operator.description.length > 20, operator.name);
      assert.equal(operator.example["operator"], operator.name);
      assert.ok(isKnownOperator(operator.name));
    }
    assert.deepEqual(await problemsFor(CUSTOM_OPERATORS.map((operator) => operator.example)), []);
  });

  it("refuses a wrong value at load time with the pointer of the value", async () => {
    const problems = await problemsFor([
      { fact: "bundle", path: "$.wsus.contentDir", operator: "pathUnder", value: "" },
      { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlPortNotIn", value: ["8530"] },
      { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlSchemeIs", value: "ftp" },
      { fact: "bundle", path: "$.sources", operator: "sizeLessThan", value: "2" },
      { fact: "bundle", path: "$.wsus.server", operator: "someFact:matches", value: "(a+)+$" },
    ]);
    assert.deepEqual(
      problems.map((p) => `${p.pointer} ${p.message}`),
      [
        "/conditions/any/0/value pathUnder: value must be a non-empty string",
        "/conditions/any/1/value urlPortNotIn: value must be a non-empty array of port numbers",
        '/conditions/any/2/value urlSchemeIs: value must be "http" or "https"',
        "/conditions/any/3/value sizeLessThan: value must be a number",
        "/conditions/any/4/value someFact:matches: nested quantifiers such as (a+)+ or (a|b)* are not allowed (they can make matching exponential)",
      ],
    );
  });

  it("pathUnder compares Windows paths case-insensitively, / and \\ alike, whole names only", () => {
    const under = op("pathUnder").evaluate;
    assert.equal(under("D:\\WSUS\\WSUSContent\\", "d:/wsus"), true);
    assert.equal(under("D:\\WSUS", "D:\\WSUS\\"), true);
    assert.equal(under("D:\\WSUS2\\WSUSContent", "D:\\WSUS"), false);
    assert.equal(under("C:\\WSUS\\WSUSContent", "D:\\WSUS"), false);
    assert.equal(under(undefined, "D:\\WSUS"), false);
  });

  it("urlPortNotIn and urlSchemeIs read the URL as the client does", () => {
    assert.equal(op("urlPortNotIn").evaluate("http://wsus01.contoso.local", [8530, 8531]), true);
    assert.equal(op("urlPortNotIn").evaluate("https://wsus01.contoso.local:8531", [8530, 8531]), false);
    assert.equal(
      op("urlPortNotIn").evaluate("wsus01:8530", [8530]),
      false,
      "not a URL: no verdict from this operator",
    );
    assert.equal(op("urlSchemeIs").evaluate(" HTTPS://wsus01:8531", "https"), true);
    assert.equal(op("urlSchemeIs").evaluate("http://wsus01:8530", "https"), false);
  });

  it("startsWithIgnoreCase and sizeLessThan", () => {
    assert.equal(op("startsWithIgnoreCase").evaluate("WSUS01.contoso.local", "wsus"), true);
    assert.equal(op("startsWithIgnoreCase").evaluate(8530, "85"), false);
    assert.equal(op("sizeLessThan").evaluate([], 1), true);
    assert.equal(op("sizeLessThan").evaluate(undefined, 1), true);
    assert.equal(op("sizeLessThan").evaluate(["gpo", "nps"], 2), false);
  });

  it("puts operators and decorators into words", () => {
    assert.equal(describeOperator("nonEmpty", true), "is not empty");
    assert.equal(describeOperator("greaterThanInclusive", 50), "is at least 50");
    assert.equal(
      describeOperator("urlPortIn", [8530, 8531]),
      "is a URL whose port (explicit, or 80/443 from the scheme) is one of 8530, 8531",
    );
    assert.equal(
      describeOperator("someFact:matches", "^http://"),
      "has at least one item that matches the pattern /^http:///i",
    );
    assert.equal(describeOperator("not:containsAny", ["gpo"]), 'does not satisfy: contains any of "gpo"');
    assert.equal(describeOperator("in", ["gpo", "nps"]), 'is one of "gpo", "nps"');
    assert.equal(describeOperator("equal", [1, 2]), "equals [1, 2]");
    for (const name of BUILT_IN_OPERATORS) assert.ok(describeOperator(name, 1).endsWith("1"), name);
  });

  it("decorated custom operators run in json-rules-engine: someFact:pathUnder over an array fact", async () => {
    const problems: RuleProblem[] = [];
    const text = JSON.stringify({
      ...JSON.parse(
        ruleText([{ fact: "eventlog", path: "$.paths", operator: "someFact:pathUnder", value: "D:\\WSUS" }]),
      ),
      requires: ["eventlog"],
    });
    const rule = (await parseRuleText(text, "decorated.json", { facts: FACT_CATALOGUE }, problems))!;
    assert.deepEqual(problems, []);
    const fires = await evaluateRules(
      factsForCase({ eventlog: { paths: ["C:\\Windows\\Temp", "d:\\wsus\\WSUSContent"] } }),
      [rule],
    );
    assert.equal(fires.outcomes[0]!.outcome, "failed");
    const silent = await evaluateRules(factsForCase({ eventlog: { paths: ["C:\\Windows\\Temp"] } }), [rule]);
    assert.equal(silent.outcomes[0]!.outcome, "passed");
  });

  it("matches tests only the first 4096 characters of a fact, so no pattern can hang a run", () => {
    assert.equal(op("matches").evaluate(`${"x".repeat(5000)}needle`, "needle"), false);
    assert.equal(op("matches").evaluate(`${"x".repeat(4000)}needle`, "needle"), true);
    const started = process.hrtime.bigint();
    assert.equal(op("matches").evaluate("a".repeat(1_000_000), "a+b"), false);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});
