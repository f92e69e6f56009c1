import { strict as assert } from "node:assert";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runRender } from "../../src/cli/work/render.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderJson, writeReports } from "../../src/report/index.js";
import { runSourceCli } from "../helpers/source-cli.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const rules = await loadRules([join(ROOT, "rules/evt")], { facts: FACT_CATALOGUE });

describe("wsus-audit render", () => {
  it("re-creates report.html (and md, csv) from result.json alone, identical to the audit's", async () => {
    const result = await auditBundle(join(ROOT, "samples", "evt-health-errors"), { rules });
    const original = await mkdtemp(join(tmpdir(), "wsus-render-a-"));
    await writeReports(result, original, ["html", "json", "md", "csv"], { paper: "a4", branding: {} });
    const again = await mkdtemp(join(tmpdir(), "wsus-render-b-"));
    const code = await runRender({
      result: join(original, "result.json"),
      out: again,
      format: ["html,md,csv"],
      paper: "a4",
      quiet: true,
    });
    assert.equal(code, 0);
    for (const file of ["report.html", "report.md", "findings.csv"]) {
      assert.equal(
        await readFile(join(again, file), "utf8"),
        await readFile(join(original, file), "utf8"),
        file,
      );
    }
    assert.match(await readFile(join(again, "report.html"), "utf8"), /WSUS health monitor/);
  });

  it("refuses a file that is not a result.json with a clear error and exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-render-bad-"));
    await writeFile(
      join(dir, "result.json"),
      JSON.stringify({ tool: { name: "wsus-audit" }, generatedAt: "x", bundles: [], matrix: {} }),
    );
    const run = await runSourceCli(["render", join(dir, "result.json"), "--format", "html"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /does not look like a wsus-audit result\.json: it is a batch index\.json/);
  });
});

describe("wsus-audit diff", () => {
  it("fixed, new and still open as JSON to a file; text on stdout; --fail-on-new", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-diff-cli-"));
    const before = await auditBundle(join(ROOT, "samples", "evt-health-errors"), {
      rules,
      now: new Date("2026-11-18T09:00:00Z"),
    });
    const after = await auditBundle(join(ROOT, "samples", "evt-recovered"), {
      rules,
      now: new Date("2026-12-02T09:00:00Z"),
    });
    await writeFile(join(dir, "before.json"), renderJson(before));
    await writeFile(join(dir, "after.json"), renderJson(after));
    const json = await runSourceCli([
      "diff",
      join(dir, "before.json"),
      join(dir, "after.json"),
      "--format",
      "json",
      "--out",
      join(dir, "diff.json"),
    ]);
    assert.equal(json.code, 0, json.stderr);
    const diff = JSON.parse(await readFile(join(dir, "diff.json"), "utf8")) as {
      counts: Record<string, number>;
    };
    assert.deepEqual(diff.counts, { fixed: 1, new: 0, open: 0, notRechecked: 0 });
    const reverse = await runSourceCli([
      "diff",
      join(dir, "after.json"),
      join(dir, "before.json"),
      "--fail-on-new",
    ]);
    assert.equal(reverse.code, 1);
    assert.match(reverse.stdout, /0 fixed, 1 new, 0 still open/);
  });
});
