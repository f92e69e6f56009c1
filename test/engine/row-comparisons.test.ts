/**
 * Row comparisons: someRow decides on the rows of an observation table, evidence `where` shows
 * exactly those rows, and a predicate or pointer that cannot work is refused when the rule loads.
 * The rule here is GPO.PORT's shape over a gpoPort table built from a real .reg export.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";
import { evaluateRules } from "../../src/engine/evaluate.js";
import { parseRuleText, type RuleProblem } from "../../src/engine/load-rules.js";
import { ROW_OPERATORS } from "../../src/engine/operators.js";
import { checkPredicate, rowMatches, selectRows } from "../../src/engine/row-predicate.js";
import { checkTestFileShape } from "../../src/engine/rule-tests.js";
import { collectCaseFiles } from "../../src/pipeline/rule-tests.js";

const REG = {
  utf16le: [
    "Windows Registry Editor Version 5.00",
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]",
    '"WUServer"="http://wsus01.contoso.local"',
    '"WUStatusServer"="http://wsus01.contoso.local:8530"',
    "",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU]",
    '"UseWUServer"=dword:00000001',
  ],
};
const BUNDLE = '{ "wsus": { "server": "wsus01.contoso.local", "port": 8530 } }';

const PORT_DIFFERS = { field: "port", operator: "notIn", value: { field: "sitePorts" } };

function rule(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    id: "test-port",
    title: "Policy URL port differs",
    checks: ["GPO.PORT"],
    severity: "high",
    area: "gpo",
    requires: ["gpo"],
    source: { title: "Unit test of row comparisons", section: "GPO.PORT" },
    conditions: { all: [{ fact: "gpoPort", path: "$.urls", operator: "someRow", value: PORT_DIFFERS }] },
    evidence: [
      { id: "failing", label: "Differs", fact: "gpoPort", path: "$.urls", where: "/conditions/all/0" },
      { id: "checked", label: "Matches", fact: "gpoPort", path: "$.urls", whereNot: "/conditions/all/0" },
    ],
    summary: "{{#each evidence.failing}}{{setting}} uses {{port}}{{/each}}",
    impact: "Clients cannot reach the server.",
    remediation: ["Put the port in the URL."],
    ...overrides,
  });
}

async function load(
  text: string,
): Promise<{ problems: RuleProblem[]; loaded: Awaited<ReturnType<typeof parseRuleText>> }> {
  const problems: RuleProblem[] = [];
  const loaded = await parseRuleText(text, "test-port.json", { facts: FACT_CATALOGUE }, problems);
  return { problems, loaded };
}

describe("row comparisons", () => {
  it("compare fields with values and with other fields of the same row, combined with all / any / not", () => {
    const row = {
      port: 80,
      sitePorts: [8530],
      scheme: "http",
      codes: ["0x00000000", "0xC0FF000C"],
      rate: 0.0125,
    };
    assert.equal(rowMatches(row, PORT_DIFFERS, ROW_OPERATORS), true);
    assert.equal(rowMatches({ ...row, port: 8530 }, PORT_DIFFERS, ROW_OPERATORS), false);
    assert.equal(
      rowMatches(row, { field: "codes", operator: "containsAny", value: ["0xc0ff000c"] }, ROW_OPERATORS),
      true,
      "custom operators work inside rows (hex codes compare case-insensitively)",
    );
    const both = {
      all: [
        { field: "rate", operator: "greaterThanInclusive", value: 0.02 },
        { field: "scheme", operator: "equal", value: "http" },
      ],
    };
    assert.equal(rowMatches(row, both, ROW_OPERATORS), false, "1.25 % is under the 2 % threshold");
    assert.equal(rowMatches(row, { any: both.all }, ROW_OPERATORS), true);
    assert.equal(rowMatches(row, { not: { any: both.all } }, ROW_OPERATORS), false);
    assert.deepEqual(selectRows([row, { ...row, port: 8530 }], PORT_DIFFERS, ROW_OPERATORS, true), [
      { ...row, port: 8530 },
    ]);
  });

  it("refuse a predicate that names no field, an unknown or nested row operator, or a bad value", () => {
    assert.deepEqual(checkPredicate({ operator: "equal", value: 1 }, ROW_OPERATORS), [
      ["/field", "names the row's field to compare"],
    ]);
    assert.match(
      checkPredicate({ all: [{ field: "a", operator: "fuzzy", value: 1 }] }, ROW_OPERATORS)[0]![1],
      /unknown operator "fuzzy"/,
    );
    assert.match(
      checkPredicate({ field: "a", operator: "someRow", value: {} }, ROW_OPERATORS)[0]![1],
      /unknown operator/,
    );
    assert.deepEqual(
      checkPredicate({ field: "a", operator: "matches", value: "(a+)+" }, ROW_OPERATORS)[0]![0],
      "/value",
    );
    assert.deepEqual(checkPredicate({ any: [] }, ROW_OPERATORS)[0]![0], "/any");
  });

  it("a rule decides on the rows of a real .reg export, and its evidence shows exactly the rows it selected", async () => {
    const { problems, loaded } = await load(rule({}));
    assert.deepEqual(problems, []);
    const facts = await collectCaseFiles({ "bundle.json": BUNDLE, "gpo/PC0042-wu-policy.reg": REG });
    const evaluation = await evaluateRules(facts, [loaded!]);
    assert.equal(evaluation.outcomes[0]!.outcome, "failed");
    const finding = evaluation.findings[0]!;
    const rows = (id: string) =>
      finding.evidence.find((block) => block.id === id)!.value as { setting: string; port: number }[];
    assert.deepEqual(
      rows("failing").map((row) => [row.setting, row.port]),
      [["WUServer", 80]],
    );
    assert.deepEqual(
      rows("checked").map((row) => [row.setting, row.port]),
      [["WUStatusServer", 8530]],
    );
    assert.equal(finding.summary, "WUServer uses 80");
    // The trace keeps the matched rows and the counts, never the whole table.
    const trace = evaluation.outcomes[0]!.conditions![0]!;
    assert.deepEqual(trace.rows, { compared: 2, matched: 1 });
    assert.deepEqual(
      (trace.factResult as { setting: string }[]).map((row) => row.setting),
      ["WUServer"],
    );
  });

  it("a custom rule reading a path the fact does not have is not evaluated, never passed (ADR 0012's old fact shapes)", async () => {
    // Written for the shape before issue 14: gpoPort had `failing`; it now returns `urls` rows.
    const oldShape = rule({
      conditions: { all: [{ fact: "gpoPort", path: "$.failing", operator: "nonEmpty", value: true }] },
      evidence: [{ id: "failing", label: "Differs", fact: "gpoPort", path: "$.urls" }],
    });
    const { problems, loaded } = await load(oldShape);
    assert.deepEqual(problems, []);
    const facts = await collectCaseFiles({ "bundle.json": BUNDLE, "gpo/PC0042-wu-policy.reg": REG });
    const [outcome] = (await evaluateRules(facts, [loaded!])).outcomes;
    assert.equal(outcome!.outcome, "not-evaluated");
    assert.match(outcome!.reason!, /reads \$\.failing of fact gpoPort, which the fact does not have/);

    // The same rule on the current path decides as before.
    const current = await load(rule({}));
    const [decided] = (await evaluateRules(facts, [current.loaded!])).outcomes;
    assert.equal(decided!.outcome, "failed");
  });

  it("refuses evidence that points at a condition that is not someRow, or at one over another fact or path", async () => {
    const notRows = await load(
      rule({
        conditions: { all: [{ fact: "gpoPort", path: "$.evaluable", operator: "equal", value: true }] },
      }),
    );
    assert.match(notRows.problems[0]!.message, /is not a condition with the operator someRow/);
    assert.equal(notRows.problems[0]!.pointer, "/evidence/0/where");
    const otherPath = await load(
      rule({
        evidence: [
          { id: "failing", label: "Differs", fact: "gpoPort", path: "$.other", where: "/conditions/all/0" },
        ],
      }),
    );
    assert.match(otherPath.problems[0]!.message, /reads another fact, params or path than this evidence/);
    const badPredicate = await load(
      rule({
        conditions: {
          all: [
            {
              fact: "gpoPort",
              path: "$.urls",
              operator: "someRow",
              value: { field: "port", operator: "fuzzy", value: 1 },
            },
          ],
        },
      }),
    );
    assert.equal(badPredicate.problems[0]!.pointer, "/conditions/all/0/value");
    assert.match(badPredicate.problems[0]!.message, /someRow: at \/operator: unknown operator "fuzzy"/);
  });

  it("a rule-test case's files must be recognised evidence: a typo fails instead of reading nothing", async () => {
    await assert.rejects(
      collectCaseFiles({ "gpo/PC0042-wu-policy.reg": "Windows Registry Editr Version 5.00\r\n" }),
      /gpo\/PC0042-wu-policy\.reg: skipped/,
    );
    assert.deepEqual(
      checkTestFileShape({
        valid: [{ name: "both", facts: {}, files: { "a.reg": "x" } }],
        invalid: [{ name: "outside", files: { "../a.reg": "x", "b.log": { utf16: "x" } } }],
      }),
      [
        'at /valid/0: a case gives either "files" (evidence) or "facts", not both or neither',
        "at /invalid/0/files/../a.reg: a path inside the bundle (no leading /, drive or ..)",
        'at /invalid/0/files/b.log: the file\'s text or lines, or {"utf16le": text or lines} for a file saved as UTF-16LE',
      ],
    );
  });
});
