import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { evaluateRules } from "../../src/engine/evaluate.js";
import type { RuleLoadError } from "../../src/engine/load-rules.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { factsForCase, runRuleTests } from "../../src/engine/rule-tests.js";
import { applyWaivers } from "../../src/result/waivers.js";
import type { Finding } from "../../src/result/types.js";
import type { RuleFile } from "../../src/engine/rule-file.js";
import { checkTemplates, templateDigest } from "../../src/engine/template-check.js";
import { CHECKED_TEMPLATES } from "../../src/engine/checked-templates.generated.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const fixtures = fileURLToPath(new URL("../fixtures/engine/", import.meta.url));
const rulesDir = `${fixtures}rules`;

describe("loading rules", () => {
  it("loads a valid rule and substitutes parameters", async () => {
    const [rule] = await loadRules([rulesDir], { facts: FACT_CATALOGUE });
    assert.equal(rule!.definition.id, "test-missing-full-control");
    assert.deepEqual(rule!.conditions, {
      all: [{ fact: "acl", path: "$.missing.length", operator: "greaterThanInclusive", value: 1 }],
    });
  });

  it("applies configuration: parameter, severity and disable", async () => {
    const [rule] = await loadRules([rulesDir], {
      facts: FACT_CATALOGUE,
      config: {
        params: { "test-missing-full-control": { minimum: 3 } },
        severity: { "test-missing-full-control": "low" },
        disabled: {},
      },
    });
    assert.equal((rule!.conditions as { all: { value: unknown }[] }).all[0]!.value, 3);
    assert.equal(rule!.severity, "low");
    assert.deepEqual(rule!.overrides, ["severity high → low", "parameter minimum = 3"]);
  });

  it("refuses an unknown parameter and a wrongly typed one in the configuration", async () => {
    await assert.rejects(
      loadRules([rulesDir], {
        facts: FACT_CATALOGUE,
        config: { params: { "test-missing-full-control": { minimun: 3, minimum: "3" } } },
      }),
      (error: RuleLoadError) =>
        error.problems.some((p) =>
          /has no parameter "minimun"; it has: minimum, mustCover/.test(p.message),
        ) && error.problems.some((p) => /must be a number, not a string/.test(p.message)),
    );
  });

  it("names the file, the JSON pointer and the problem for schema errors", async () => {
    const error = await loadRules([`${fixtures}broken`], { facts: FACT_CATALOGUE }).then(
      () => assert.fail("should not load"),
      (e: RuleLoadError) => e,
    );
    const bad = error.problems.filter((p) => p.file.endsWith("bad.json"));
    assert.ok(bad.some((p) => p.pointer === "/id" && /pattern/.test(p.message)));
    assert.ok(bad.some((p) => p.pointer === "/severity"));
    assert.ok(bad.some((p) => p.pointer === "" && /unknown property "colour"/.test(p.message)));
    assert.ok(
      error.problems.some((p) => p.file.endsWith("not-json.json") && /not valid JSON/.test(p.message)),
    );
  });

  it("rejects unknown facts, operators, fact parameters, $param references, unsafe regexes and broken templates", async () => {
    const error = await loadRules([`${fixtures}broken`], { facts: FACT_CATALOGUE }).then(
      () => assert.fail("should not load"),
      (e: RuleLoadError) => e,
    );
    const problems = error.problems
      .filter((p) => p.file.endsWith("semantic.json"))
      .map((p) => `${p.pointer} ${p.message}`);
    const expectations = [
      /^\/conditions\/all\/0\/fact unknown fact "gpoo"/,
      /^\/conditions\/all\/1\/operator unknown operator "fuzzyEqual"/,
      /^\/conditions\/all\/2\/value matches: nested quantifiers/,
      /^\/conditions\/all\/3\/params\/colour fact "bundle" takes no parameter "colour"/,
      /^\/conditions\/all\/3\/value refers to parameter "nope"/,
      /^\/summary template does not compile/,
      /^\/remediation\/0\/each "each" names evidence "b"/,
    ];
    for (const expected of expectations)
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected} in\n${problems.join("\n")}`,
      );
  });
});

describe("the rule schema validator", () => {
  it("skips only the shipped templates recorded ahead of time, and checks the rest", () => {
    // that the recorded digests are those of the shipped templates today: test/scripts/generate.test.ts
    const rule = { summary: "{{count}} clients", remediation: ["{{#if x}}open"] } as unknown as RuleFile;
    const problems: { file: string; pointer: string; message: string }[] = [];
    checkTemplates(rule, "edited.json", problems);
    assert.deepEqual(
      problems.map((p) => p.pointer),
      ["/summary", "/remediation/0"],
    );
    // the record is keyed on the text under the helper list: an edited template is not in it
    assert.ok(CHECKED_TEMPLATES.size > 100);
    assert.ok(!CHECKED_TEMPLATES.has(templateDigest("{{count}} clients")));
  });
});

describe("evaluating rules", () => {
  it("gives failed with rendered summary, evidence and one command per evidence row", async () => {
    const rules = await loadRules([rulesDir], { facts: FACT_CATALOGUE });
    const facts = factsForCase({
      acl: {
        covered: ["C:\\WSUS\\WSUSContent"],
        missing: [
          { path: "C:\\Windows\\Temp", has: "RX", file: "acl/icacls.txt", line: 4 },
          { path: "C:\\WSUS\\WSUSContent", has: "none", file: "acl/icacls.txt", line: 9 },
        ],
      },
    });
    const { findings, outcomes } = await evaluateRules(facts, rules);
    assert.equal(outcomes[0]!.outcome, "failed");
    const finding = findings[0]!;
    assert.equal(finding.summary, "2 paths lack Full Control for NETWORK SERVICE");
    assert.deepEqual(finding.remediation[0]!.commands, [
      'icacls "C:\\Windows\\Temp" /grant *S-1-5-20:(OI)(CI)F',
      'icacls "C:\\WSUS\\WSUSContent" /grant *S-1-5-20:(OI)(CI)F',
    ]);
    assert.equal(finding.evidence[0]!.columns?.join(), "path,has");
    assert.equal(finding.conditions[0]!.factResult, 2);
    assert.match(finding.fingerprint, /^test-missing-full-control:[0-9a-f]{16}$/);
  });

  it("is not evaluated when its evidence source is absent, or when `applicable` is false", async () => {
    const rules = await loadRules([rulesDir], { facts: FACT_CATALOGUE });
    const absent = await evaluateRules(factsForCase({}), rules);
    assert.equal(absent.outcomes[0]!.outcome, "not-evaluated");
    assert.match(absent.outcomes[0]!.reason!, /ACL dump/);
    const uncovered = await evaluateRules(factsForCase({ acl: { covered: [], missing: [] } }), rules);
    assert.equal(uncovered.outcomes[0]!.outcome, "not-evaluated");
    assert.equal(uncovered.outcomes[0]!.reason, "the dump does not show C:\\WSUS\\WSUSContent");
  });

  it("runs the rule's own test cases", async () => {
    const report = await runRuleTests(await loadRules([rulesDir], { facts: FACT_CATALOGUE }));
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.results.map((r) => [r.expected, r.passed]),
      [
        ["passed", true],
        ["failed", true],
        ["not-evaluated", true],
      ],
    );
  });
});

describe("waivers", () => {
  const finding = () => ({
    ruleId: "r",
    status: "failed" as const,
    evidence: [{ id: "e", label: "E", value: [{ path: "C:\\Temp", client: "10.0.0.5" }] }],
  });
  it("accept a finding by evidence match (case-insensitive, * wildcard) and keep it", async () => {
    const findings = [finding()] as unknown as Finding[];
    await applyWaivers(
      findings,
      [{ rule: "r", match: { path: "c:\\te*" }, reason: "scratch folder", owner: "IT" }],
      "2026-11-25",
    );
    assert.equal(findings[0]!.status, "accepted");
  });
  it("lapse after their expiry date with a warning", async () => {
    const findings = [finding()] as unknown as Finding[];
    const { diagnostics } = await applyWaivers(
      findings,
      [{ rule: "r", reason: "x", expires: "2026-11-24" }],
      "2026-11-25",
    );
    assert.equal(findings[0]!.status, "failed");
    assert.match(diagnostics[0]!.message, /expired on 2026-11-24; the finding is reported as failed again/);
  });
  it("do not match other evidence", async () => {
    const findings = [finding()] as unknown as Finding[];
    const { diagnostics } = await applyWaivers(
      findings,
      [{ rule: "r", match: { client: "10.0.0.6" }, reason: "x" }],
      "2026-11-25",
    );
    assert.equal(findings[0]!.status, "failed");
    assert.match(diagnostics[0]!.message, /matched no finding/);
  });
});
