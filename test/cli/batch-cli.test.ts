/** `wsus-audit batch` as a user runs it (through the TypeScript sources, so no build is needed). */
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runSourceCli } from "../helpers/source-cli.js";
import { makeZip } from "../helpers/zip-writer.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const healthErrors = await readFile(join(ROOT, "test/fixtures/zip/Application-health-errors.csv"));
const healthy = await readFile(join(ROOT, "test/fixtures/zip/Application-healthy.csv"));
const EVT_ONLY = ["--no-default-rules", "--rules", "rules/evt"];

describe("wsus-audit batch", () => {
  it("audits good bundles, lists a corrupt zip and an empty folder with reasons, writes the index; exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-batch-cli-"));
    const bundles = join(dir, "bundles");
    await mkdir(join(bundles, "<img src=x>&berlin", "eventlog"), { recursive: true });
    await writeFile(join(bundles, "<img src=x>&berlin", "eventlog", "Application.csv"), healthErrors);
    await mkdir(join(bundles, "munich"));
    await writeFile(join(bundles, "munich", "Application.csv"), healthy);
    await writeFile(
      join(bundles, "hamburg.zip"),
      makeZip([{ name: "hamburg/eventlog/Application.csv", data: healthErrors }]),
    );
    await writeFile(join(bundles, "corrupt.zip"), Buffer.from("this is not a zip"));
    await mkdir(join(bundles, "empty"));
    const out = join(dir, "reports");

    const run = await runSourceCli([
      "batch",
      bundles,
      "--out",
      out,
      "--format",
      "html,json,pdf",
      "--concurrency",
      "2",
      ...EVT_ONLY,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /\[\d\/5\] corrupt: not audited/,
      "plain progress lines when stderr is not a terminal",
    );
    assert.match(
      run.stderr,
      /error: corrupt was not audited: The archive .*corrupt\.zip cannot be read as a zip file/,
    );
    assert.match(run.stdout, /5 bundle\(s\) in .* 2 with findings, 0 without, 1 incomplete, 2 not audited/);
    for (const file of [
      "index.html",
      "index.json",
      "index.csv",
      "_img src_x_berlin/report.html",
      "hamburg/result.json",
      "munich/report.html",
    ]) {
      assert.ok(existsSync(join(out, file)), `${file} written`);
    }
    // One shared Chromium: PDFs for every audited bundle, or one warning if Chromium is missing.
    if (!/Cannot render PDF/.test(run.stderr)) assert.ok(existsSync(join(out, "munich", "report.pdf")));

    const index = JSON.parse(await readFile(join(out, "index.json"), "utf8")) as {
      bundles: {
        name: string;
        folder: string;
        status: string;
        reason?: string;
        findings: { high: number };
      }[];
      checks: { id: string }[];
      matrix: Record<string, string[]>;
    };
    assert.deepEqual(
      index.bundles.map((b) => [b.name, b.folder, b.status]),
      [
        ["<img src=x>&berlin", "_img src_x_berlin", "audited"],
        ["corrupt", "corrupt", "failed"],
        ["empty", "empty", "failed"],
        ["hamburg", "hamburg", "audited"],
        ["munich", "munich", "audited"],
      ],
    );
    assert.deepEqual(index.matrix["EVT.HEALTH_ERRORS"], [
      "failed",
      "no-result",
      "not-evaluated",
      "failed",
      "passed",
    ]);
    assert.ok(index.checks.length > 20, "every catalogue check has a row");
    const html = await readFile(join(out, "index.html"), "utf8");
    assert.ok(!html.includes("<img src=x>"), "bundle names are escaped");
    assert.match(html, /&lt;img src&#x3D;x&gt;&amp;berlin/);
    assert.match(html, /href="_img%20src_x_berlin\/report\.html"/);
    assert.match(html, /the bundle is empty/);
    const csv = await readFile(join(out, "index.csv"), "utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    assert.equal(lines.length, 6);
    assert.match(
      lines[0]!,
      /^folder,bundle,customer,site,status,reason,verdict,headline,critical,high,medium,low,info,accepted,topFindings,report,GPO\./,
    );
  });

  it("exit 1 with --fail-on high when a bundle has a high finding, 0 with --fail-on critical; --quiet prints nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-batch-cli-"));
    await writeFile(join(dir, "a.zip"), makeZip([{ name: "Application.csv", data: healthErrors }]));
    await writeFile(join(dir, "b.zip"), makeZip([{ name: "Application.csv", data: healthy }]));
    const high = await runSourceCli([
      "batch",
      join(dir, "*.zip"),
      "--out",
      join(dir, "r1"),
      "--format",
      "json",
      "--fail-on",
      "high",
      "--quiet",
      ...EVT_ONLY,
    ]);
    assert.equal(high.code, 1, high.stderr);
    assert.equal(high.stdout, "");
    assert.equal(high.stderr, "");
    const critical = await runSourceCli([
      "batch",
      join(dir, "*.zip"),
      "--out",
      join(dir, "r2"),
      "--format",
      "json",
      "--fail-on",
      "critical",
      ...EVT_ONLY,
    ]);
    assert.equal(critical.code, 0, critical.stderr);
  });

  it("usage errors exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-batch-cli-"));
    const none = await runSourceCli(["batch", dir, "--out", join(dir, "r")]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No bundle found in/);
    const badConcurrency = await runSourceCli(["batch", dir, "--concurrency", "0"]);
    assert.equal(badConcurrency.code, 2);
    assert.match(badConcurrency.stderr, /--concurrency must be a whole number/);
  });
});
