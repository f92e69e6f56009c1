/**
 * Table-of-contents numbers from one print (src/report/pdf/toc-numbers.ts): the numbers drawn where
 * the probes were must be the pages where pdftotext finds each heading, look like the numbers the
 * two-print way writes into the HTML (same place, same font), survive a contents list longer than
 * a page, and never be guessed: anything unexpected falls back to printing again.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer";
import type { Browser } from "puppeteer";
import type { AuditResult } from "../../src/result/types.js";
import { openPdfSession, renderHtml, writeReports } from "../../src/report/index.js";
import type { PdfSession } from "../../src/report/index.js";
import { pdfDestinations, pdfPageCount } from "../../src/report/pdf/destinations.js";
import { TOC_PROBE_SIZE, TOC_PROBE_TEXT, drawTocNumbers } from "../../src/report/pdf/toc-numbers.js";
import { loadFixture, requireChromium, tempDir } from "./helpers.js";

let probe: PdfSession;
let reprint: PdfSession;
let browser: Browser;
const dir = tempDir("pdf-toc");

before(async () => {
  const executablePath = requireChromium();
  probe = await openPdfSession();
  reprint = await openPdfSession({ tocNumbers: "reprint" });
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await probe?.close();
  await reprint?.close();
  await browser?.close();
});

function pagesOf(pdf: string): string[] {
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 })
    .split("\f")
    .slice(0, -1);
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function wordsOf(pdf: string, page: number): Word[] {
  const xml = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdf, "-"], {
    encoding: "utf8",
  });
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    text: m[5] ?? "",
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every contents entry (on the contents pages) with its number and the page its heading is on. */
function tocAgainstHeadings(pdfPath: string): { title: string; page: number; actual: number }[] {
  const pages = pagesOf(pdfPath);
  const first = pages.findIndex((page) => /^\s*Contents\s*$/m.test(page));
  assert.ok(first >= 0, "a contents page");
  // The contents run until the first section, which starts on a page of its own.
  let last = first;
  while (last + 1 < pages.length && !/^\s*Executive summary\s*$/m.test(pages[last + 1] ?? "")) last += 1;
  const entries = pages
    .slice(first, last + 1)
    .flatMap((text) => [...text.matchAll(/^\s*(.+?)\s{2,}(\d+)\s*$/gm)])
    .map((m) => ({ title: (m[1] ?? "").trim(), page: Number(m[2]) }))
    .filter((e) => !/^WSUS client reporting audit|^Northwind|^\d{4}-\d\d-\d\d|Page \d/.test(e.title));
  return entries.map((entry) => {
    const finding = /^(F\d+)\s+(.*)$/.exec(entry.title);
    const pattern = finding
      ? new RegExp(`^\\s*${finding[1]}\\s+${escapeRegExp((finding[2] ?? "").slice(0, 30))}`, "m")
      : new RegExp(`^\\s*${escapeRegExp(entry.title)}\\s*$`, "m");
    const actual = pages.findIndex((text, i) => i > last && pattern.test(text)) + 1;
    return { ...entry, actual };
  });
}

test("one print per report, and the numbers match the headings and the two-print output", async () => {
  const result = loadFixture("failing");
  const before = probe.prints;
  await writeReports(result, join(dir, "probe"), ["pdf"], { pdf: probe });
  assert.equal(probe.prints - before, 1, "the contents numbers need no second print");
  const beforeReprint = reprint.prints;
  await writeReports(result, join(dir, "reprint"), ["pdf"], { pdf: reprint });
  assert.ok(reprint.prints - beforeReprint >= 2);

  const probePdf = join(dir, "probe", "report.pdf");
  const reprintPdf = join(dir, "reprint", "report.pdf");
  const entries = tocAgainstHeadings(probePdf);
  assert.ok(entries.length >= 15, JSON.stringify(entries));
  for (const entry of entries) assert.equal(entry.page, entry.actual, `"${entry.title}"`);
  assert.deepEqual(
    entries.map((e) => e.page),
    tocAgainstHeadings(reprintPdf).map((e) => e.page),
  );

  // The contents page looks the same: same words, each where the two-print way puts it.
  const contentsPage = pagesOf(probePdf).findIndex((page) => /^\s*Contents\s*$/m.test(page)) + 1;
  const drawn = wordsOf(probePdf, contentsPage);
  const written = wordsOf(reprintPdf, contentsPage);
  assert.deepEqual(
    drawn.map((w) => w.text),
    written.map((w) => w.text),
  );
  drawn.forEach((word, i) => {
    const other = written[i]!;
    for (const key of ["xMin", "yMin", "xMax", "yMax"] as const)
      assert.ok(
        Math.abs(word[key] - other[key]) < 0.1,
        `"${word.text}" ${key} ${word[key]} vs ${other[key]} in the two-print PDF`,
      );
  });
  // Numbers are right-aligned on one edge, whatever their digit count.
  const numbers = drawn.filter((w) => /^\d+$/.test(w.text) && w.xMin > 500 && w.yMax < 800);
  assert.ok(numbers.some((w) => w.text.length === 2) && numbers.some((w) => w.text.length === 1));
  const edges = numbers.map((w) => w.xMax);
  assert.ok(Math.max(...edges) - Math.min(...edges) < 0.2, `right edges ${edges.join(", ")}`);
  // No probe survives: the ten digits never reach the text layer.
  assert.ok(!pagesOf(probePdf).join("\n").includes(TOC_PROBE_TEXT));
  assert.equal(pdfPageCount(readFileSync(probePdf)), pagesOf(probePdf).length);
  assert.match(execFileSync("pdfinfo", [probePdf], { encoding: "utf8" }), /Pages:\s+\d+/);
});

/** The failing result with `copies` times its findings, each with its own id and title. */
function manyFindings(copies: number): AuditResult {
  const result = loadFixture("failing");
  const findings = Array.from({ length: copies }, (_, copy) =>
    result.findings.map((finding) => ({
      ...finding,
      ruleId: `${finding.ruleId}-${copy + 1}`,
      title: `${finding.title} (site ${copy + 1})`,
    })),
  ).flat();
  return { ...result, findings };
}

test("a contents list over two pages, two-digit pages, several reports at once on one session", async () => {
  const results = [manyFindings(7), loadFixture("healthy"), manyFindings(3)];
  const before = probe.prints;
  await Promise.all(
    results.map((result, i) => writeReports(result, join(dir, `many-${i}`), ["pdf"], { pdf: probe })),
  );
  assert.equal(probe.prints - before, results.length, "one print each");
  const long = join(dir, "many-0", "report.pdf");
  const pages = pagesOf(long);
  assert.ok(!/^\s*Executive summary\s*$/m.test(pages[2] ?? ""), "the contents continue on page 3");
  for (const [i] of results.entries()) {
    const entries = tocAgainstHeadings(join(dir, `many-${i}`, "report.pdf"));
    assert.ok(entries.length >= 6, JSON.stringify(entries));
    for (const entry of entries) assert.equal(entry.page, entry.actual, `report ${i}: "${entry.title}"`);
  }
  assert.ok(
    tocAgainstHeadings(long).some((e) => e.page >= 10),
    "two-digit page numbers in the long report",
  );
});

test("probes a style cannot be read from fall back to printing again, with the right numbers", async () => {
  // A consultant's stylesheet that enlarges every span in the contents: the probe is no longer
  // 1 px, so it is not found and the session prints the numbers the two-print way.
  const html = renderHtml(loadFixture("failing"), {}).replace(
    "</head>",
    "<style>.toc-page span { font-size: 9px !important; }</style></head>",
  );
  const before = probe.prints;
  const pdf = await probe.render(html, { paper: "a4", headerTitle: "WSUS client reporting audit" });
  assert.ok(probe.prints - before >= 2, "printed again");
  const path = join(dir, "fallback.pdf");
  writeFileSync(path, pdf);
  const entries = tocAgainstHeadings(path);
  assert.ok(entries.length >= 15);
  for (const entry of entries) assert.equal(entry.page, entry.actual, `"${entry.title}"`);
});

/** A small document printed with probes, as the session prints it, for drawTocNumbers itself. */
async function probePdf(): Promise<Buffer> {
  const probeSpan = `<span style="font-size:${TOC_PROBE_SIZE}px">${TOC_PROBE_TEXT}</span>`;
  const entry = (id: string, title: string, size: string) =>
    `<li style="font-size:${size}"><a href="#${id}" style="display:flex"><span style="flex:1">${title}</span><span class="toc-page" style="flex:0 0 2.2rem;text-align:right">${probeSpan}</span></a></li>`;
  const html = `<!doctype html><html><body style="margin:0;font-family:'Liberation Sans',Arial,sans-serif">
    <ol style="list-style:none;padding:0">${entry("one", "First", "16px")}${entry("two", "Second", "12px")}${entry("gone", "Missing", "12px")}</ol>
    <h1 id="one" style="break-before:page">One</h1><h1 id="two" style="break-before:page">Two</h1></body></html>`;
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    return Buffer.from(await page.pdf({ format: "a4", tagged: false }));
  } finally {
    await page.close();
  }
}

test("drawTocNumbers: draws each number at its slot's size, leaves an unknown target blank, refuses a mismatch", async () => {
  const pdf = await probePdf();
  const slots = [
    { target: "one", fontSize: 16 },
    { target: "two", fontSize: 12 },
    { target: "gone", fontSize: 12 },
  ];
  const pages = pdfDestinations(pdf);
  assert.deepEqual([pages.get("one"), pages.get("two")], [2, 3]);
  const drawn = drawTocNumbers(pdf, slots, pages);
  assert.ok(drawn);
  // An incremental update: the printed file is kept byte for byte, the change appended.
  assert.ok(drawn.subarray(0, pdf.length).equals(pdf));
  const path = join(dir, "drawn.pdf");
  writeFileSync(path, drawn);
  const words = wordsOf(path, 1);
  const number = (text: string) => words.find((w) => w.text === text);
  const two = number("2");
  const three = number("3");
  assert.ok(two && three, JSON.stringify(words));
  assert.ok(Math.abs(two.xMax - three.xMax) < 0.1, "right-aligned on the same edge");
  // 16 px and 12 px are 12 pt and 9 pt: the glyph boxes differ by that ratio.
  assert.ok(Math.abs((two.yMax - two.yMin) / (three.yMax - three.yMin) - 16 / 12) < 0.05);
  const first = words.find((w) => w.text === "First")!;
  assert.ok(Math.abs(first.yMax - two.yMax) < 0.5, "on the entry's baseline");
  assert.deepEqual(
    words.map((w) => w.text).sort(),
    ["2", "3", "First", "Missing", "Second"],
    "no number for a target without a destination, no probe digits left",
  );
  assert.equal(pdfPageCount(drawn), 3);
  assert.deepEqual(pdfDestinations(drawn), pages);

  assert.equal(drawTocNumbers(pdf, slots.slice(0, 2), pages), undefined, "more probes than slots");
  assert.equal(drawTocNumbers(pdf, [...slots, slots[0]!], pages), undefined, "fewer probes than slots");
  const noTrailer = Buffer.from(pdf.toString("latin1").replace(/trailer[\s\S]*$/, ""), "latin1");
  assert.equal(drawTocNumbers(noTrailer, slots, pages), undefined, "no classic trailer");
});
