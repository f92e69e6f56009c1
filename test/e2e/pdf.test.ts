/**
 * The walking skeleton's promise, for real: the CLI writes a PDF through a system Chromium and the
 * PDF's text holds every finding title of the run. Runs in CI (which installs Chromium and
 * poppler-utils); on a machine without them it fails with the reason rather than skipping.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { runCli } from "../helpers/cli.js";

describe("PDF report through the CLI", () => {
  it("writes report.pdf whose text holds the cover, the verdict and every finding title", async () => {
    const out = await mkdtemp(join(tmpdir(), "wsus-pdf-"));
    const run = await runCli(["audit", "samples/quickstart", "--out", out, "--quiet"]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(out, "report.pdf")), `report.pdf written (stderr: ${run.stderr})`);
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
    assert.ok(result.findings.length > 0, "the quick-start sample has findings");
    const text = execFileSync("pdftotext", ["-layout", join(out, "report.pdf"), "-"], { encoding: "utf8" });
    const flat = text.replace(/\s+/g, " ");
    assert.ok(flat.includes(result.bundle.manifest.customer ?? "@@none"), "customer on the cover");
    for (const finding of result.findings) {
      assert.ok(flat.includes(finding.title.replace(/\s+/g, " ")), `finding title in PDF: ${finding.title}`);
    }
  });
});
