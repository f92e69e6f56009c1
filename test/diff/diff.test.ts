import { strict as assert } from "node:assert";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { diffResults, renderDiffHtml, renderDiffJson, renderDiffText } from "../../src/diff/index.js";
import { readResultFile } from "../../src/result/read-result.js";
import { loadRules } from "../../src/engine/load-rules.js";
import type { AuditResult } from "../../src/result/types.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderJson } from "../../src/report/index.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const rules = await loadRules([join(ROOT, "rules/evt")], { facts: FACT_CATALOGUE });
const audit = (sample: string, at: string): Promise<AuditResult> =>
  auditBundle(join(ROOT, "samples", sample), { rules, now: new Date(at) });

// The same server before remediation (health monitor errors) and after (errors followed by recovery).
const before = await audit("evt-health-errors", "2026-11-18T09:00:00Z");
const after = await audit("evt-recovered", "2026-12-02T09:00:00Z");

describe("diff of two results", () => {
  it("the remediated problem is fixed; nothing new, nothing still open", () => {
    assert.equal(before.findings.length, 1);
    const diff = diffResults(before, after);
    assert.deepEqual(
      diff.fixed.map((f) => f.ruleId),
      ["evt-health-errors"],
    );
    assert.deepEqual([diff.new.length, diff.open.length, diff.notRechecked.length], [0, 0, 0]);
  });

  it("the reverse is a new finding", () => {
    const diff = diffResults(after, before);
    assert.deepEqual(
      diff.new.map((f) => f.fingerprint),
      [before.findings[0]!.fingerprint],
    );
    assert.equal(diff.fixed.length, 0);
    assert.match(diff.notes.join(" "), /order may be reversed/);
  });

  it("a re-audit of the same evidence: still open, matched by fingerprint not by text", () => {
    const reworded = structuredClone(before);
    reworded.generatedAt = "2026-12-02T09:00:00.000Z";
    reworded.findings[0]!.title = "Reworded title in a newer version";
    reworded.findings[0]!.severity = "critical";
    const diff = diffResults(before, reworded);
    assert.equal(diff.open.length, 1);
    assert.deepEqual(diff.open[0]!.changes, ["severity high → critical"]);
    assert.deepEqual([diff.fixed.length, diff.new.length], [0, 0]);
  });

  it("a finding whose rule could not run the second time is not counted as fixed", async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), "wsus-diff-empty-"));
    await mkdir(join(emptyDir, "empty"));
    const missing = await auditBundle(join(emptyDir, "empty"), {
      rules,
      now: new Date("2026-12-02T09:00:00Z"),
    });
    const diff = diffResults(before, missing);
    assert.equal(diff.fixed.length, 0);
    assert.deepEqual(
      diff.notRechecked.map((n) => [n.finding.ruleId, n.outcome]),
      [["evt-health-errors", "not-evaluated"]],
    );
  });

  it("renders text, escaped HTML and JSON", () => {
    const hostile = structuredClone(after);
    hostile.bundle.name = '<img src=x onerror="alert(1)">';
    const diff = diffResults(before, hostile);
    const text = renderDiffText(diff);
    assert.match(text, /1 fixed, 0 new, 0 still open/);
    assert.match(text, /✓ \[high\] WSUS health monitor/);
    const html = renderDiffHtml(diff);
    assert.ok(!html.includes("<img"), "bundle names are escaped");
    assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
    assert.match(html, /<strong>1<\/strong>fixed/);
    const json = JSON.parse(renderDiffJson(diff)) as {
      counts: Record<string, number>;
      fixed: { fingerprint: string }[];
    };
    assert.deepEqual(json.counts, { fixed: 1, new: 0, open: 0, notRechecked: 0 });
    assert.equal(json.fixed[0]!.fingerprint, before.findings[0]!.fingerprint);
  });
});

describe("reading result.json", () => {
  it("reads what audit writes, and refuses other JSON with a clear reason", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-result-"));
    await writeFile(join(dir, "result.json"), renderJson(before));
    assert.deepEqual((await readResultFile(join(dir, "result.json"))).findings, before.findings);
    await writeFile(join(dir, "other.json"), JSON.stringify({ findings: [] }));
    await assert.rejects(
      readResultFile(join(dir, "other.json")),
      /does not look like a wsus-audit result\.json: it has no "tool"/,
    );
    await writeFile(join(dir, "broken.json"), "{ not json");
    await assert.rejects(readResultFile(join(dir, "broken.json")), /is not valid JSON/);
    const noPrint = structuredClone(before) as unknown as { findings: Record<string, unknown>[] };
    delete noPrint.findings[0]!["fingerprint"];
    await writeFile(join(dir, "old.json"), JSON.stringify(noPrint));
    await assert.rejects(readResultFile(join(dir, "old.json")), /findings\[0\]\.fingerprint is missing/);
    await assert.rejects(readResultFile(join(dir, "nowhere.json")), /does not exist/);
  });
});
