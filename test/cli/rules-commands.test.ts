/** `wsus-audit rules …` through the built CLI, on the shipped rule files (whatever they are) and a consultant's folder. */
import { strict as assert } from "node:assert";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";
import { findRuleFiles, loadRules } from "../../src/engine/load-rules.js";
import { describeRule } from "../../src/cli/work/rules-describe.js";
import { ROOT, runCli } from "../helpers/cli.js";

const CUSTOM = "test/fixtures/custom-rules";
const CONFIG = "test/fixtures/config/wsus-audit.config.json";

interface Shipped {
  id: string;
  params: string[];
}

describe("wsus-audit rules", () => {
  let shipped: Shipped[];
  before(async () => {
    shipped = [];
    for (const file of await findRuleFiles([SHIPPED_RULES_DIR])) {
      const rule = JSON.parse(await readFile(file, "utf8")) as {
        id: string;
        params?: Record<string, unknown>;
      };
      shipped.push({ id: rule.id, params: Object.keys(rule.params ?? {}) });
    }
    assert.ok(shipped.length > 0, "the shipped rules");
  });

  describe("list", () => {
    it("lists every shipped rule with checks, severity, area, evidence needed and origin", async () => {
      const run = await runCli(["rules", "list"]);
      assert.equal(run.code, 0, run.stderr);
      for (const rule of shipped) assert.ok(run.stdout.includes(`${rule.id}  [`), rule.id);
      assert.match(run.stdout, new RegExp(`^${shipped.length} rules$`, "m"));
      assert.match(run.stdout, /needs: /);
      assert.match(run.stdout, /source: .* · from rules\//);
    });

    it("--json gives one row per rule with what it requires and where it came from", async () => {
      const run = await runCli(["rules", "list", "--json", "--rules", CUSTOM]);
      assert.equal(run.code, 0, run.stderr);
      const rows = JSON.parse(run.stdout) as {
        id: string;
        checks: string[];
        requires: string[];
        origin: string;
        file: string;
        source: { title: string };
      }[];
      assert.equal(rows.length, shipped.length + 3);
      for (const row of rows) {
        assert.ok(row.checks.length > 0 && row.requires.length > 0 && row.source.title, row.id);
      }
      const custom = rows.find((row) => row.id === "contoso-content-dir-inaccessible")!;
      assert.equal(custom.origin, "custom-rules/evt");
      assert.equal(custom.file, `${CUSTOM}/evt/contoso-content-dir-inaccessible.json`);
      const shippedRow = rows.find((row) => row.id === "gpo-port-mismatch")!;
      assert.equal(shippedRow.origin, "shipped");
      assert.equal(shippedRow.file, "rules/gpo/gpo-port-mismatch.json");
    });

    it("a configuration naming a rule that does not exist stops with the file and pointer (exit 2)", async () => {
      const dir = await mkdtemp(join(tmpdir(), "wsus-list-"));
      await writeFile(
        join(dir, "wsus-audit.config.json"),
        JSON.stringify({ waivers: [{ rule: "no-such-rule", reason: "typo" }] }),
      );
      const run = await runCli(["rules", "list"], { cwd: dir });
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        /wsus-audit\.config\.json at \/waivers\/0\/rule: names rule "no-such-rule", which no rule folder holds/,
      );
    });
  });

  describe("show", () => {
    it("shows every shipped rule in words, with its parameters", async () => {
      // In-process for all rules (one CLI start each would cost minutes); the CLI path is checked once.
      const loaded = await loadRules([SHIPPED_RULES_DIR], { facts: FACT_CATALOGUE });
      const first = await runCli(["rules", "show", shipped[0]!.id]);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(
        first.stdout.split("\n")[0],
        describeRule(loaded.find((r) => r.definition.id === shipped[0]!.id)!).split("\n")[0],
      );
      for (const rule of shipped) {
        const text = describeRule(loaded.find((r) => r.definition.id === rule.id)!);
        assert.ok(text.startsWith(`${rule.id}: `), rule.id);
        assert.match(text, /\nFires \(a finding\) when:\n {2}- /);
        assert.match(text, /\nRemediation:\n {2}1\. /);
        for (const param of rule.params)
          assert.match(text, new RegExp(`\\n  - ${param} = .* \\(default`), `${rule.id} ${param}`);
      }
    });

    it("renders conditions as sentences and shows the configuration's parameter value beside the default", async () => {
      const run = await runCli(["rules", "show", "contoso-wsus-error-burst", "--config", CONFIG]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /severity medium \(default low\)/);
      assert.match(run.stdout, /- `eventlog` at `\$\.wsus\.total` is at least 5 \(parameter threshold\)/);
      assert.match(run.stdout, /- threshold = 5 \(default 50; set by the configuration\)/);
      assert.match(
        run.stdout,
        /changed by the configuration: severity low → medium; parameter threshold = 5/,
      );
      assert.match(
        run.stdout,
        /Tests: test\/fixtures\/custom-rules\/evt\/contoso-wsus-error-burst\.test\.json: 1 must fire, 1 must not/,
      );
    });

    it("--json gives the rule as written, its effective parameters and substituted conditions", async () => {
      const run = await runCli(["rules", "show", "contoso-wsus-error-burst", "--config", CONFIG, "--json"]);
      assert.equal(run.code, 0, run.stderr);
      const shown = JSON.parse(run.stdout) as {
        params: Record<string, unknown>;
        definition: { params: { threshold: { default: number } } };
        conditions: { all: { value: unknown }[] };
      };
      assert.deepEqual(shown.params, { threshold: 5 });
      assert.equal(shown.definition.params.threshold.default, 50);
      assert.equal(shown.conditions.all[0]!.value, 5);
    });

    it("an unknown id is exit 2 with a hint", async () => {
      const run = await runCli(["rules", "show", "no-such-rule"]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /No rule "no-such-rule".*rules list/);
    });
  });

  describe("validate", () => {
    it("validates the shipped rules", async () => {
      const run = await runCli(["rules", "validate"]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), `${shipped.length} rule files valid in the shipped rules.`);
    });

    it("validates a consultant's folder, and names file and pointer of an unknown fact", async () => {
      const good = await runCli(["rules", "validate", CUSTOM]);
      assert.equal(good.code, 0, good.stderr);
      assert.equal(good.stdout.trim(), `3 rule files valid in ${CUSTOM}.`);
      const dir = await mkdtemp(join(tmpdir(), "wsus-validate-"));
      const text = await readFile(join(ROOT, CUSTOM, "evt", "contoso-wsus-error-burst.json"), "utf8");
      await writeFile(
        join(dir, "typo.json"),
        text.replace('"fact": "eventlog", "path"', '"fact": "eventLog", "path"'),
      );
      const bad = await runCli(["rules", "validate", dir]);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        /typo\.json at \/conditions\/all\/0\/fact: unknown fact "eventLog" \(run `wsus-audit rules facts` for the list\)/,
      );
    });

    it("refuses a consultant's rule that reuses a shipped rule's id", async () => {
      const dir = await mkdtemp(join(tmpdir(), "wsus-validate-"));
      const text = await readFile(join(ROOT, CUSTOM, "evt", "contoso-wsus-error-burst.json"), "utf8");
      await writeFile(
        join(dir, "mine.json"),
        text.replace('"id": "contoso-wsus-error-burst"', `"id": "${shipped[0]!.id}"`),
      );
      const run = await runCli(["rules", "validate", dir]);
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        new RegExp(`mine\\.json at /id: a shipped rule is already called "${shipped[0]!.id}"`),
      );
    });
  });

  describe("test", () => {
    it("runs the shipped rules' test cases and prints N passed, N failed", async () => {
      const run = await runCli(["rules", "test"]);
      const summary = /^(\d+) passed, (\d+) failed \((\d+) rules in the shipped rules\)$/m.exec(run.stdout);
      assert.ok(summary, run.stdout);
      assert.ok(Number(summary[1]) >= shipped.length * 2, "at least two cases per rule");
      assert.equal(Number(summary[3]), shipped.length);
      assert.equal(run.code, Number(summary[2]) > 0 ? 1 : 0);
    });

    it("runs a consultant's folder", async () => {
      const run = await runCli(["rules", "test", CUSTOM, "--verbose"]);
      assert.equal(run.code, 0, run.stdout);
      assert.match(
        run.stdout,
        /✓ contoso-content-download-failed › no event log in the bundle \(not-evaluated\)/,
      );
      assert.match(run.stdout, /^7 passed, 0 failed \(3 rules in test\/fixtures\/custom-rules\)$/m);
    });

    it("a case with the wrong expectation and a typo in a test file both fail (exit 1)", async () => {
      const dir = await mkdtemp(join(tmpdir(), "wsus-ruletest-"));
      await cp(join(ROOT, CUSTOM, "evt"), dir, { recursive: true });
      const burst = join(dir, "contoso-wsus-error-burst.test.json");
      const tests = JSON.parse(await readFile(burst, "utf8")) as {
        valid: { facts: { eventlog: { wsus: { total: number } } } }[];
      };
      tests.valid[0]!.facts.eventlog.wsus.total = 60;
      await writeFile(burst, JSON.stringify(tests));
      const inaccessible = join(dir, "contoso-content-dir-inaccessible.test.json");
      await writeFile(
        inaccessible,
        (await readFile(inaccessible, "utf8")).replace('"invalid"', '"invalids"'),
      );
      const run = await runCli(["rules", "test", dir], { cwd: dir });
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /✗ contoso-wsus-error-burst › few WSUS events \(contoso-wsus-error-burst\.test\.json\): expected passed, got failed/,
      );
      assert.match(
        run.stdout,
        /✗ contoso-content-dir-inaccessible\.test\.json: at \/invalids: unknown property; a test file holds valid, invalid, notEvaluated/,
      );
      assert.match(run.stdout, /^4 passed, 2 failed \(3 rules in /m);
    });
  });

  describe("new", () => {
    it("writes a rule and test file into ./rules-custom/<area> that validate and pass as generated", async () => {
      const cwd = await mkdtemp(join(tmpdir(), "wsus-new-"));
      const run = await runCli(["rules", "new", "iis-contoso-ssl-port", "--area", "iis"], { cwd });
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        /wrote rules-custom\/iis\/iis-contoso-ssl-port\.json\nwrote rules-custom\/iis\/iis-contoso-ssl-port\.test\.json/,
      );
      const rule = JSON.parse(
        await readFile(join(cwd, "rules-custom", "iis", "iis-contoso-ssl-port.json"), "utf8"),
      ) as Record<string, unknown>;
      assert.deepEqual(rule["checks"], ["CUSTOM.IIS_CONTOSO_SSL_PORT"]);
      assert.deepEqual(rule["requires"], ["iisLog"]);
      const validate = await runCli(["rules", "validate", "rules-custom"], { cwd });
      assert.equal(validate.code, 0, validate.stderr);
      const test = await runCli(["rules", "test", "rules-custom"], { cwd });
      assert.equal(test.code, 0, test.stdout);
      assert.match(test.stdout, /^3 passed, 0 failed/m);
      const again = await runCli(["rules", "new", "iis-contoso-ssl-port", "--area", "iis"], { cwd });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists; not overwriting it/);
    });

    it("honours --dir, and every area scaffolds a passing rule", async () => {
      const cwd = await mkdtemp(join(tmpdir(), "wsus-new-"));
      for (const area of ["gpo", "acl", "iis", "evt", "nps"]) {
        const run = await runCli(["rules", "new", `contoso-${area}-check`, "--area", area, "--dir", "mine"], {
          cwd,
        });
        assert.equal(run.code, 0, run.stderr);
      }
      const test = await runCli(["rules", "test", "mine"], { cwd });
      assert.match(test.stdout, /^15 passed, 0 failed \(5 rules in mine\)$/m);
    });

    it("refuses a bad id, an unknown area and a shipped rule's id", async () => {
      const cwd = await mkdtemp(join(tmpdir(), "wsus-new-"));
      const bad = await runCli(["rules", "new", "Contoso_Check", "--area", "iis"], { cwd });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /"Contoso_Check" is not a rule id/);
      const area = await runCli(["rules", "new", "contoso-x", "--area", "wsus"], { cwd });
      assert.equal(area.code, 2);
      const taken = await runCli(["rules", "new", shipped[0]!.id, "--area", "gpo"], { cwd });
      assert.equal(taken.code, 2);
      assert.match(taken.stderr, /A shipped rule is already called/);
    });
  });

  describe("facts", () => {
    it("lists the whole fact catalogue, and one fact with its example", async () => {
      const run = await runCli(["rules", "facts"]);
      assert.equal(run.code, 0, run.stderr);
      for (const fact of FACT_CATALOGUE)
        assert.match(run.stdout, new RegExp(`^${fact.name} {2}\\(`, "m"), fact.name);
      const one = await runCli(["rules", "facts", "wsusEvents"]);
      assert.match(one.stdout, /param eventIds: number\[\]/);
      assert.match(one.stdout, /example value:/);
      const json = JSON.parse((await runCli(["rules", "facts", "--json"])).stdout) as { name: string }[];
      assert.deepEqual(
        json.map((row) => row.name),
        FACT_CATALOGUE.map((fact) => fact.name),
      );
      const unknown = await runCli(["rules", "facts", "wsusEvent"]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /No fact "wsusEvent"; the catalogue has: .*wsusEvents/);
    });
  });
});
