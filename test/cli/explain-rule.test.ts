import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { describeExplain } from "../../src/cli/work/explain-rule.js";
import type { AuditResult, RuleOutcome } from "../../src/result/types.js";

const base = {
  title: "Policy URL names no port",
  checks: ["GPO.PORT"],
  severity: "high" as const,
  area: "gpo" as const,
  origin: "rules/gpo/x.json",
};

function resultWith(rules: RuleOutcome[]): AuditResult {
  return { rules, findings: [] } as unknown as AuditResult;
}

describe("audit --explain", () => {
  it("shows each condition as a sentence with its fact value, and notes short-circuited ones", () => {
    const text = describeExplain(
      resultWith([
        {
          ...base,
          id: "gpo-url-port",
          outcome: "passed",
          conditions: [
            {
              at: "/conditions/all/0",
              fact: "gpoServerUrls",
              path: "$[0].raw",
              operator: "urlHasPort",
              value: false,
              factResult: "http://wsus01:8530",
              result: false,
            },
          ],
        },
      ]),
      "gpo-url-port",
    );
    assert.equal(
      text,
      [
        "explain gpo-url-port: passed: the conditions do not hold, no finding",
        "  Policy URL names no port · severity high · from rules/gpo/x.json",
        "",
        "  Conditions (✓ holds, ✗ does not):",
        "  ✗ /conditions/all/0: `gpoServerUrls` at `$[0].raw` is a URL without an explicit port",
        '      observed: "http://wsus01:8530"',
        "      compared with: false → does not hold",
        "",
        "  Conditions not listed did not run: json-rules-engine stops at the first condition that decides an all/any.",
      ].join("\n"),
    );
  });

  it("says why a rule did not run, and suggests ids for an unknown one", () => {
    const result = resultWith([
      {
        ...base,
        id: "gpo-url-port",
        outcome: "not-evaluated",
        reason: "needs evidence the bundle does not contain: Group Policy export",
      },
      {
        ...base,
        id: "gpo-dual-scan",
        outcome: "disabled",
        reason: "disabled: customer uses WUfB on purpose",
      },
    ]);
    assert.match(
      describeExplain(result, "gpo-url-port"),
      /not evaluated\n.*\n {2}reason: needs evidence .*Group Policy export\n {2}No condition ran/,
    );
    assert.match(
      describeExplain(result, "gpo-dual-scan"),
      /disabled by the configuration\n.*\n {2}reason: disabled: customer uses WUfB on purpose$/,
    );
    assert.equal(
      describeExplain(result, "gpo-port"),
      'explain: no rule "gpo-port" in this run (did you mean gpo-url-port, gpo-dual-scan?); see `wsus-audit rules list`.',
    );
  });

  it("an absent fact value is said to be absent", () => {
    const text = describeExplain(
      resultWith([
        {
          ...base,
          id: "r",
          outcome: "passed",
          conditions: [
            {
              at: "/conditions/any/0",
              fact: "bundle",
              path: "$.wsus.port",
              operator: "greaterThan",
              value: 0,
              factResult: null,
              result: false,
            },
          ],
        },
      ]),
      "r",
    );
    assert.match(
      text,
      /`bundle` at `\$\.wsus\.port` is greater than 0\n {6}observed: null \(the fact or path gives no value\)\n {6}compared with: 0 → does not hold$/,
    );
  });

  it("a row comparison lists the rows that matched with the fields it compared, or why none did", () => {
    const urls = [
      { target: "PC0107", setting: "WUServer", value: "http://wsus01", port: 80, sitePorts: [8530] },
      { target: "PC0108", setting: "WUServer", value: "http://wsus01:8530", port: 8530, sitePorts: [8530] },
    ];
    const condition = {
      at: "/conditions/all/0",
      fact: "gpoPort",
      path: "$.urls",
      operator: "someRow",
      value: { field: "port", operator: "notIn", value: { field: "sitePorts" } },
    };
    const fired = describeExplain(
      resultWith([
        {
          ...base,
          id: "r",
          outcome: "failed",
          conditions: [{ ...condition, factResult: urls, result: true }],
        },
      ]),
      "r",
    );
    assert.match(fired, /has at least one row where port is none of the row's sitePorts\n/);
    assert.match(
      fired,
      / {6}rows: 2 compared, 1 matched\n {8}✓ port = 80, sitePorts = \[8530\] · target "PC0107", setting "WUServer", value "http:\/\/wsus01"$/,
    );
    const silent = describeExplain(
      resultWith([
        {
          ...base,
          id: "r",
          outcome: "passed",
          conditions: [{ ...condition, factResult: urls.slice(1), result: false }],
        },
      ]),
      "r",
    );
    assert.match(
      silent,
      /rows: 1 compared, 0 matched\n {8}✗ port = 8530, sitePorts = \[8530\] · target "PC0108"/,
    );
  });
});
