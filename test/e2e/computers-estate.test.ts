/**
 * A generated estate (bench/gen-computers.mjs, the benchmark's generator at 3,000 computers) through
 * the whole pipeline: the PowerShell 5.1 exports parse, every verdict the generator planted comes
 * back with its cause, and the reports stay bounded while computers.csv holds everyone.
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { MAX_GROUPS, ROWS_PER_GROUP } from "../../src/report/computers-view.js";
import { renderHtml, writeReports } from "../../src/report/index.js";
// @ts-expect-error an untyped .mjs generator, shared with the benchmark
import { generateComputers } from "../../bench/gen-computers.mjs";
import { tempDir } from "../report/helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COMPUTERS = 3000;
const bundle = join(tempDir("estate"), "estate");
mkdirSync(join(bundle, "gpo"), { recursive: true });
await generateComputers({ computers: COMPUTERS, iisClients: 0, out: bundle, collected: "2026-10-31" });
copyFileSync(
  join(ROOT, "samples", "clients-not-reporting", "gpo", "gpos-all.xml"),
  join(bundle, "gpo", "gpos-all.xml"),
);
writeFileSync(join(bundle, "bundle.json"), JSON.stringify({ collected: "2026-10-31T09:00:00Z" }));
const result = await auditBundle(bundle);

/** What the generator planted, counted here from its own rules (gen-computers.mjs header). */
function planted() {
  const stores = COMPUTERS / 10;
  let stale = stores;
  let off = 0;
  let syncNoReport = 0;
  for (let i = 0; i < COMPUTERS - stores; i++) {
    if (i % 120 === 7) {
      stale++;
      if (i % 240 === 7) off++;
    } else if (i % 150 === 11) syncNoReport++;
  }
  return { stores, stale, off, syncNoReport, neverRegistered: COMPUTERS / 100 };
}

describe("a generated 3,000-computer estate", () => {
  const want = planted();
  const computers = result.computers!;

  it("every planted verdict comes back, with its cause", () => {
    assert.equal(computers.evaluable, true, computers.reason);
    assert.equal(computers.total, COMPUTERS + want.neverRegistered);
    assert.equal(computers.counts["stale"], want.stale);
    assert.equal(computers.counts["sync-no-report"], want.syncNoReport);
    assert.equal(computers.counts["never-registered"], want.neverRegistered);
    const storeCauses = computers.causes.filter(
      (c) =>
        c.verdict === "stale" &&
        /^no WSUS GPO is linked to corp\.fabrikam\.local\/Stores\/Store-\d{3} /.test(c.cause),
    );
    assert.equal(storeCauses.length, 100, "one cause per unlinked store OU");
    assert.equal(
      storeCauses.reduce((n, c) => n + c.count, 0),
      want.stores,
    );
    assert.equal(
      computers.rows.filter(
        (r) => r.verdict === "stale" && r.cause.startsWith("it has not logged on to the domain since"),
      ).length,
      want.off,
    );
  });

  it("the report prints at most 40 groups of 25 rows; computers.csv and findings.csv hold everyone", async () => {
    const html = renderHtml(result);
    const chapter = html.slice(html.indexOf('id="sec-computers"'), html.indexOf('id="sec-coverage"'));
    assert.ok(
      (chapter.match(/<tr data-verdict=/g) ?? []).length <= MAX_GROUPS * ROWS_PER_GROUP,
      "bounded rows",
    );
    assert.equal((chapter.match(/<div class="computer-group"/g) ?? []).length, MAX_GROUPS);
    assert.match(chapter, /more groups of computers are counted above and listed in computers\.csv/);
    const out = join(tempDir("estate-report"), "report");
    await writeReports(result, out, ["csv"]);
    const list = parse(readFileSync(join(out, "computers.csv"), "utf8"), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    assert.equal(list.length, computers.total);
    const findings = parse(readFileSync(join(out, "findings.csv"), "utf8"), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    assert.equal(
      findings.filter((r) => r.ruleId === "clients-stale" && r.computer !== "").length,
      want.stale,
      "one findings.csv line per stale computer",
    );
  });
});
