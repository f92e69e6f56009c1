/**
 * Every sample bundle, audited by the CLI as a user would, gives exactly the checks its
 * expectations say (test/e2e/expected/<sample>.json, kept out of the bundle so that no sample's
 * report lists test scaffolding as evidence): `fire` is the exact set of checks with findings, and
 * every `silent` check was evaluated and passed.
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { ROOT, runCli } from "../helpers/cli.js";

const samplesDir = join(ROOT, "samples");
const expectedDir = join(ROOT, "test", "e2e", "expected");
const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("sample bundles give exactly their expected checks", () => {
  it("there are samples to check, each with its expectations", () => {
    assert.ok(samples.length > 0);
    const missing = samples.filter((name) => !existsSync(join(expectedDir, `${name}.json`)));
    assert.deepEqual(missing, [], "every sample has test/e2e/expected/<sample>.json");
  });

  for (const sample of samples) {
    it(sample, async () => {
      const expected = JSON.parse(readFileSync(join(expectedDir, `${sample}.json`), "utf8")) as {
        fire: string[];
        silent: string[];
      };
      const out = await mkdtemp(join(tmpdir(), `wsus-e2e-${sample}-`));
      const run = await runCli([
        "audit",
        join("samples", sample),
        "--out",
        out,
        "--format",
        "json,html",
        "--quiet",
      ]);
      assert.equal(run.code, 0, `exit code 0 expected; stderr: ${run.stderr}`);
      const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;

      const fired = [...new Set(result.findings.flatMap((f) => f.checks))].sort();
      assert.deepEqual(fired, [...expected.fire].sort(), `fired checks of ${sample}`);
      for (const check of expected.silent) {
        const coverage = result.coverage.find((c) => c.check === check);
        assert.equal(
          coverage?.status,
          "passed",
          `${check} must be evaluated and pass in ${sample} (got ${coverage?.status})`,
        );
      }
      const failedFiles = result.inventory.filter((entry) => entry.status === "failed");
      assert.deepEqual(
        failedFiles.map((e) => `${e.path}: ${e.reason}`),
        [],
        "no sample file fails to parse",
      );
      for (const finding of result.findings) {
        assert.ok(finding.remediation.length > 0, `${finding.ruleId} has remediation steps`);
        assert.ok(finding.evidence.length > 0, `${finding.ruleId} has evidence`);
      }
      assert.ok(existsSync(join(out, "report.html")));
    });
  }
});
