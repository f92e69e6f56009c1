/**
 * Issue 20 case 11: 100,000 tiny files in a folder did not finish in 10 minutes (10,000 took 35 s
 * and made a 590-page PDF), while 100,000 zip entries was the documented limit. A folder is now
 * held to the same limit, counted while it is listed, before any file is read; and the HTML, PDF
 * and Markdown summarise a long inventory (counts per kind and status, 500 rows, failed and parsed
 * first), every file staying in result.json and lists/inventory.csv. Here 3,000 files prove the
 * shape; the cost per file is a benchmark's figure (`npm run bench -- many-files`), not a timed test.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listBundle } from "../../src/bundle/open-bundle.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import type { AuditResult } from "../../src/result/types.js";
import { writeReports } from "../../src/report/index.js";
import { INVENTORY_ROWS } from "../../src/report/inventory-summary.js";
import { requireChromium } from "../report/helpers.js";
import { runSourceCli } from "../helpers/source-cli.js";

const IIS_LOG = readFileSync(
  new URL("../../samples/healthy/iis/W3SVC1572271583/u_ex261005.log", import.meta.url),
);

/** `count` small files in 30 sub-folders: notes (not evidence) and, every 10th, an empty .log. */
async function manyFiles(count: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "wsus-many-"));
  for (let i = 0; i < count; i++) {
    const folder = join(root, `host${String(i % 30).padStart(2, "0")}`);
    if (i < 30) mkdirSync(folder);
    writeFileSync(
      join(folder, i % 10 === 0 ? `u_ex${i}.log` : `note-${i}.txt`),
      i % 10 === 0 ? "" : `note ${i}\r\n`,
    );
  }
  return root;
}

describe("a folder of many small files (issue 20 case 11)", () => {
  it("is audited whole; the HTML, PDF and Markdown summarise the inventory", async () => {
    const bundle = await manyFiles(3_000);
    // one real log, listed last in the bundle: a file that was read is shown although the cut is at 500
    mkdirSync(join(bundle, "zz-iis"));
    writeFileSync(join(bundle, "zz-iis", "u_ex261005.log"), IIS_LOG);
    const count = 3_001;
    const result = await auditBundle(bundle);
    assert.equal(result.inventory.length, count);

    const out = join(await mkdtemp(join(tmpdir(), "wsus-many-out-")), "reports");
    requireChromium();
    await writeReports(result, out, ["html", "json", "md", "pdf"]);
    const html = await readFile(join(out, "report.html"), "utf8");
    assert.match(
      html,
      /The bundle holds 3,001 files: 500 are listed below, failed and parsed files first; every file is in result\.json and in lists\/inventory\.csv\./,
    );
    assert.equal(html.match(/<tr class="inv-/g)?.length, INVENTORY_ROWS);
    assert.match(html, /<tr class="inv-parsed">\s*<td class="mono">zz-iis\/u_ex261005\.log/);
    // the counts per kind: 2,700 notes and 300 empty logs skipped (nothing to read), the log parsed
    const kinds = /<table class="data inventory-kinds">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
    assert.match(kinds, /Not recognised[\s\S]*IIS/);
    assert.deepEqual(
      [...kinds.matchAll(/<td\s+class="num"\s*>([^<]*)</g)].map((cell) => cell[1]),
      ["0", "3,000", "0", "3,000", "1", "0", "0", "1"],
    );

    const json = JSON.parse(await readFile(join(out, "result.json"), "utf8")) as AuditResult;
    assert.equal(json.inventory.length, count);
    const csv = (await readFile(join(out, "lists", "inventory.csv"), "utf8")).trimEnd().split("\r\n");
    assert.equal(csv.length, count + 1);
    assert.match(csv[0]!, /^\uFEFFpath,kind,label,status,reason,size,encoding,records,rejected,problems$/);
    assert.ok(csv.some((line) => line.startsWith("host29/note-2999.txt,")));
    const md = await readFile(join(out, "report.md"), "utf8");
    assert.match(md, /The bundle holds 3,001 files: 500 are listed below, failed and parsed files first/);

    // 10,000 files made 590 pages; the summary keeps the inventory to a few
    const info = execFileSync("pdfinfo", [join(out, "report.pdf")], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    assert.ok(pages > 0 && pages < 60, `${pages} pages`);
  });

  it("a folder over the file limit is refused while it is listed, before any file is read", async () => {
    const bundle = await manyFiles(1_001);
    await assert.rejects(
      listBundle(bundle, { zip: { maxEntries: 1_000 } }),
      (error: Error) =>
        error.name === "BundleError" &&
        /was refused: it holds more than 1,000 files \(the limit, checked before any file is read; raise it with "zip": \{ "maxEntries": … \} in wsus-audit\.config\.json/.test(
          error.message,
        ),
    );
    const listing = await listBundle(bundle, { zip: { maxEntries: 1_001 } });
    assert.equal(listing.files.length + listing.setAside.length, 1_001);
  });

  it("through the CLI: one sentence, exit 2, from the configuration's limit", async () => {
    const bundle = await manyFiles(60);
    const config = join(await mkdtemp(join(tmpdir(), "wsus-many-config-")), "wsus-audit.config.json");
    writeFileSync(config, JSON.stringify({ zip: { maxEntries: 50 } }));
    const out = join(await mkdtemp(join(tmpdir(), "wsus-many-out-")), "reports");
    const run = await runSourceCli([
      "audit",
      bundle,
      "--config",
      config,
      "--out",
      out,
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /was refused: it holds more than 50 files/);
    assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
  });
});
