/**
 * End to end: a customer configuration that disables one rule, re-parameterises another and
 * waives one finding by match, run through the built CLI on a bundle (test/fixtures/config/bundle,
 * an Event Viewer CSV export) with the shipped rules plus a consultant's rule folder.
 */
import { strict as assert } from "node:assert";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { runCli, type CliRun } from "../helpers/cli.js";

const BUNDLE = "test/fixtures/config/bundle";
const CONFIG = "test/fixtures/config/wsus-audit.config.json";

describe("a customer configuration, end to end", () => {
  let run: CliRun;
  let result: AuditResult;
  let html: string;
  let withoutConfig: AuditResult;

  before(async () => {
    const out = await mkdtemp(join(tmpdir(), "wsus-e2e-config-"));
    run = await runCli([
      "audit",
      BUNDLE,
      "--config",
      CONFIG,
      "--out",
      out,
      "--format",
      "json,html",
      "--explain",
      "contoso-wsus-error-burst",
    ]);
    assert.equal(run.code, 0, run.stderr);
    result = JSON.parse(await readFile(join(out, "result.json"), "utf8")) as AuditResult;
    html = await readFile(join(out, "report.html"), "utf8");
    const plainOut = await mkdtemp(join(tmpdir(), "wsus-e2e-plain-"));
    const plain = await runCli([
      "audit",
      BUNDLE,
      "--rules",
      "test/fixtures/custom-rules",
      "--out",
      plainOut,
      "--format",
      "json",
    ]);
    assert.equal(plain.code, 0, plain.stderr);
    withoutConfig = JSON.parse(await readFile(join(plainOut, "result.json"), "utf8")) as AuditResult;
  });

  const outcome = (r: AuditResult, id: string) => r.rules.find((rule) => rule.id === id);
  const finding = (r: AuditResult, id: string) => r.findings.find((f) => f.ruleId === id);

  it("without the configuration, the three consultant rules give: finding, no finding, finding", () => {
    assert.equal(outcome(withoutConfig, "contoso-content-download-failed")?.outcome, "failed");
    assert.equal(outcome(withoutConfig, "contoso-wsus-error-burst")?.outcome, "passed");
    assert.equal(outcome(withoutConfig, "contoso-content-dir-inaccessible")?.outcome, "failed");
  });

  it("the disabled rule is reported disabled with the configuration's reason, and gives no finding", () => {
    const disabled = outcome(result, "contoso-content-download-failed")!;
    assert.equal(disabled.outcome, "disabled");
    assert.match(disabled.reason!, /Contoso syncs content from Microsoft Update overnight/);
    assert.equal(finding(result, "contoso-content-download-failed"), undefined);
    assert.equal(result.summary.rules.disabled, 1);
  });

  it("the re-parameterised rule fires with the customer's threshold and severity", () => {
    const burst = finding(result, "contoso-wsus-error-burst")!;
    assert.equal(burst.status, "failed");
    assert.equal(burst.severity, "medium");
    assert.equal(burst.summary, "The Application log holds 6 WSUS events, at or above the threshold of 5.");
  });

  it("the waived finding is accepted by its match, with reason and owner, and counts as accepted", () => {
    const waived = finding(result, "contoso-content-dir-inaccessible")!;
    assert.equal(waived.status, "accepted");
    assert.equal(waived.waiver!.owner, "J. Smith (Contoso IT)");
    assert.deepEqual(waived.waiver!.match, { component: "WSUS content*", file: "eventlog/Application.csv" });
    assert.equal(outcome(result, "contoso-content-dir-inaccessible")!.outcome, "accepted");
    assert.equal(result.summary.accepted, 1);
  });

  it("an expired waiver lapses with a warning and leaves its finding failed", () => {
    assert.ok(
      result.diagnostics.some(
        (d) =>
          d.severity === "warning" &&
          d.message ===
            "waiver for contoso-wsus-error-burst expired on 2020-01-31; the finding is reported as failed again.",
      ),
      JSON.stringify(result.diagnostics),
    );
    assert.match(run.stdout, /warning: waiver for contoso-wsus-error-burst expired on 2020-01-31/);
  });

  it("the shipped rules ran beside the consultant's", () => {
    assert.ok(
      result.rules.some((rule) => rule.origin === "shipped"),
      "a shipped rule",
    );
    // The consultant's rules are named by their rule folder (it sits beside the configuration's folder).
    assert.deepEqual(
      result.rules.filter((rule) => rule.origin !== "shipped").map((rule) => rule.origin),
      ["custom-rules/evt", "custom-rules/evt", "custom-rules/evt"],
    );
  });

  it("report.html shows all three: the disabled rule and reason, the new threshold, the accepted finding with its waiver", () => {
    assert.ok(html.includes("Contoso syncs content from Microsoft Update overnight"), "disabled reason");
    assert.ok(html.includes("at or above the threshold of 5"), "re-parameterised summary");
    assert.ok(
      html.includes("Content moved to D:\\WSUS on 2026-11-15; the old share is retired next week"),
      "waiver reason",
    );
    assert.ok(html.includes("J. Smith (Contoso IT)"), "waiver owner");
    assert.ok(html.includes("Contoso Ltd") && html.includes("Northwind Consulting"), "branding");
  });

  it("--explain shows the condition with the customer's value and the value observed", () => {
    assert.match(run.stdout, /explain contoso-wsus-error-burst: failed/);
    assert.match(
      run.stdout,
      /✓ \/conditions\/all\/0: `eventlog` at `\$\.wsus\.total` is at least 5\n\s+observed: 6\n\s+compared with: 5 → holds/,
    );
  });

  it("rules list --config shows what the configuration overrides", async () => {
    const list = await runCli(["rules", "list", "--config", CONFIG, "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as {
      id: string;
      enabled: boolean;
      severity: string;
      params: Record<string, unknown>;
      overrides: string[];
      origin: string;
      file: string;
    }[];
    const burst = rows.find((row) => row.id === "contoso-wsus-error-burst")!;
    assert.deepEqual(burst.overrides, ["severity low → medium", "parameter threshold = 5"]);
    assert.deepEqual(burst.params, { threshold: 5 });
    assert.equal(burst.file, "test/fixtures/custom-rules/evt/contoso-wsus-error-burst.json");
    assert.equal(rows.find((row) => row.id === "contoso-content-download-failed")!.enabled, false);
  });
});
