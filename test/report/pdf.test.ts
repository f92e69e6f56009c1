/**
 * The PDF in a real Chromium, read back with pdftotext (poppler-utils): cover, table of contents
 * whose page numbers match where each heading really is, findings and steps, paper sizes, no
 * request, and the other formats still written when Chromium is missing.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openPdfSession, writeReports } from "../../src/report/index.js";
import type { PdfSession } from "../../src/report/index.js";
import { pdfDestinations, pdfPageCount } from "../../src/report/pdf/destinations.js";
import { ARTIFACTS, loadFixture, requireChromium, tempDir } from "./helpers.js";

let session: PdfSession;
const dir = tempDir("pdf");

before(async () => {
  requireChromium();
  session = await openPdfSession();
});

after(async () => {
  await session?.close();
});

function pagesOf(pdf: string): string[] {
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return text.split("\f").slice(0, -1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("A4 PDF: cover, contents with the right page numbers, findings with steps, no request", async () => {
  const out = join(dir, "failing");
  const { written, warnings } = await writeReports(loadFixture("failing"), out, ["pdf", "html"], {
    pdf: session,
    branding: { company: "Northwind Consulting" },
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(written, [join(out, "report.pdf"), join(out, "report.html")]);
  assert.equal(session.requestsBlocked, 0);
  const pdfPath = join(out, "report.pdf");
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync("cp", [pdfPath, join(ARTIFACTS, "report-failing-a4.pdf")]);
  assert.match(
    execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" }),
    /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/,
  );

  const pages = pagesOf(pdfPath);
  assert.equal(pages.length, pdfPageCount(readFileSync(pdfPath)));
  const cover = pages[0] ?? "";
  for (const text of [
    "WSUS client reporting audit",
    "Fabrikam GmbH",
    "Berlin HQ",
    "wsus01.fabrikam.local:8530",
    "2026-11-18",
    "A. Consultant",
    "Northwind Consulting",
    "Action required",
  ]) {
    assert.ok(cover.includes(text), `cover shows ${text}`);
  }
  assert.match(pages[1] ?? "", new RegExp(`Page 2 of ${pages.length}\\b`), "footer with page n of N");
  // The cover carries no running header or footer; every later page does.
  assert.doesNotMatch(cover, /Page 1 of/);
  assert.equal(
    cover.match(/WSUS client reporting audit · Fabrikam GmbH/g),
    null,
    "no running header on the cover",
  );
  assert.match(pages[2] ?? "", /WSUS client reporting audit · Fabrikam GmbH · Berlin HQ/);
  assert.match(pages[2] ?? "", /Northwind Consulting · 2026-11-18/);

  // Document properties a viewer and a document system show.
  const info = execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" });
  assert.match(info, /^Title:\s+WSUS client reporting audit · Fabrikam GmbH$/m);
  assert.match(info, /^Author:\s+A\. Consultant$/m);
  assert.match(info, /^Subject:\s+WSUS client reporting audit · Fabrikam GmbH · Berlin HQ · 2026-11-18$/m);
  assert.match(info, /^Keywords:\s+WSUS; Fabrikam GmbH; Berlin HQ;/m);
  assert.match(info, /^Creator:\s+wsus-audit \d+\.\d+\.\d+/m);
  assert.match(info, /^Tagged:\s+yes$/m);

  // Bookmarks: the outline follows the headings, each pointing at the page the heading is on.
  const outline = execFileSync("pdftohtml", ["-xml", "-i", "-stdout", pdfPath], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const bookmarks = [...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => ({
    page: Number(m[1]),
    title: m[2] ?? "",
  }));
  for (const title of ["Contents", "Executive summary", "Findings", "Evidence inventory"]) {
    const bookmark = bookmarks.find((b) => b.title === title);
    assert.ok(bookmark, `bookmark "${title}" in ${JSON.stringify(bookmarks.map((b) => b.title))}`);
    const actual =
      pages.findIndex((text, i) => i > 0 && new RegExp(`^\\s*${title}\\s*$`, "m").test(text)) + 1;
    assert.equal(
      bookmark.page,
      actual,
      `bookmark "${title}" points at page ${bookmark.page}, heading on ${actual}`,
    );
  }
  assert.ok(
    bookmarks.some((b) => /^F1 /.test(b.title)),
    "each finding is a bookmark",
  );

  // Page 2 is the manager's page, whole on one page: verdict, tiles, three actions with who and effort.
  const manager = pages[1] ?? "";
  assert.match(manager, /^\s*The audit on one page\s*$/m);
  assert.match(manager, /Action required\./);
  for (const tile of ["Group Policy", "Permissions", "IIS web services", "Server health", "NAP", "Clients"])
    assert.match(manager, new RegExp(`\\b${tile}\\b`), `tile ${tile}`);
  assert.equal(manager.match(/Who acts: /g)?.length, 3, "three actions, each with who acts");
  assert.match(manager, /Effort: (minutes|hours|a change window)/);
  const tocIndex = pages.findIndex((page) => /^\s*Contents\s*$/m.test(page));
  assert.equal(tocIndex, 2, "contents on page 3, after the manager's page");
  const entries = [...(pages[tocIndex] ?? "").matchAll(/^\s*(.+?)\s{2,}(\d+)\s*$/gm)]
    .map((m) => ({ title: (m[1] ?? "").trim(), page: Number(m[2]) }))
    .filter((e) => !/^WSUS client reporting audit|^Northwind|Page \d/.test(e.title));
  assert.ok(entries.length >= 15, `TOC entries: ${JSON.stringify(entries)}`);
  for (const entry of entries) {
    // The heading itself (a whole line for sections, "F3 <title" for findings), searched after the TOC.
    const finding = /^(F\d+)\s+(.*)$/.exec(entry.title);
    const pattern = finding
      ? new RegExp(`^\\s*${finding[1]}\\s+${escapeRegExp((finding[2] ?? "").slice(0, 30))}`, "m")
      : new RegExp(`^\\s*${escapeRegExp(entry.title)}\\s*$`, "m");
    const actual: number =
      pages.findIndex((text: string, i: number) => i > tocIndex && pattern.test(text)) + 1;
    assert.equal(
      entry.page,
      actual,
      `TOC says "${entry.title}" is on page ${entry.page}; it is on ${actual}`,
    );
  }

  const all = pages.join("\n");
  for (const text of [
    "WSUS web services reject clients with HTTP 401.1",
    "NETWORK SERVICE lacks Full Control on folders WSUS needs",
    "1. Make sure the IUSR account is not locked or disabled",
    "wsusutil checkhealth",
    "Waiver: Pool limits are owned by the hosting team",
    "19 more rows are in the HTML report and result.json.",
    "iis/W3SVC1/u_ex261117.log:4711",
  ]) {
    assert.ok(all.includes(text), `PDF shows ${text}`);
  }
  // Long user agents, paths and URLs wrap: no word ends beyond the right margin (14 mm = 39.7 pt).
  const bbox = execFileSync("pdftotext", ["-bbox", pdfPath, "-"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const rightEdges = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) =>
    Number(m[1]),
  );
  assert.ok(rightEdges.length > 1000);
  const widest = Math.max(...rightEdges);
  assert.ok(widest <= 595.92 - 39.7 + 2, `a word ends at x=${widest} pt, past the right margin`);
});

test("Letter paper and the healthy report", async () => {
  const out = join(dir, "healthy");
  const { warnings } = await writeReports(loadFixture("healthy"), out, ["pdf"], {
    pdf: session,
    paper: "letter",
  });
  assert.deepEqual(warnings, []);
  const pdfPath = join(out, "report.pdf");
  assert.match(
    execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" }),
    /Page size:\s+612 x 792 pts \(letter\)/,
  );
  const pages = pagesOf(pdfPath);
  assert.ok((pages[0] ?? "").includes("Contoso Ltd"));
  assert.ok(pages.join("\n").includes("No blocking problem found"));
  const destinations = pdfDestinations(readFileSync(pdfPath));
  assert.ok((destinations.get("sec-summary") ?? 0) >= 3, "the summary follows the cover and the contents");
});

test("the XSS result prints its payloads as text and makes no request", async () => {
  const before = session.requestsBlocked;
  const out = join(dir, "xss");
  await writeReports(loadFixture("xss"), out, ["pdf"], { pdf: session });
  assert.equal(session.requestsBlocked - before, 0);
  const all = pagesOf(join(out, "report.pdf")).join("\n");
  assert.ok(all.includes("<script>window.__xss=1</script>"));
});

test("without Chromium the other formats are written and a warning says how to install it", async () => {
  const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
  process.env.PUPPETEER_EXECUTABLE_PATH = join(dir, "no-such-chromium");
  try {
    const out = join(dir, "no-chromium");
    const { written, warnings } = await writeReports(
      loadFixture("healthy"),
      out,
      ["html", "pdf", "json", "csv", "md"],
      {},
    );
    assert.deepEqual(
      written.map((p) => p.slice(out.length + 1)),
      ["report.html", "result.json", "findings.csv", "report.md"],
    );
    assert.equal(existsSync(join(out, "report.pdf")), false);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? "",
      /report\.pdf was not written.*apt-get install -y chromium.*PUPPETEER_EXECUTABLE_PATH/,
    );
  } finally {
    if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
    else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
  }
});
