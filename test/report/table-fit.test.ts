/**
 * Tables that fit the page (issue 18): every shipped sample's report, laid out by Chromium as it
 * prints on A4 and on Letter portrait, has no crushed cell (more than 40 characters in a column
 * under 80 px, or a cell taller than 500 px), no table wider than its box, and no address or
 * status code broken over two lines. The decisions themselves (detail lines, cards) are unit-tested
 * against src/report/table-layout.ts below.
 */
import { after, before, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderHtml } from "../../src/report/index.js";
import { layoutTable } from "../../src/report/table-layout.js";
import { ROOT } from "../helpers/cli.js";
import { requireChromium, tempDir } from "./helpers.js";

const column = (title: string, texts: string[], extra: { mono?: boolean; numeric?: boolean } = {}) => ({
  title,
  texts,
  mono: extra.mono ?? false,
  numeric: extra.numeric ?? false,
});

test("a prose column of a wide table prints under its row; addresses and codes stay whole", () => {
  const message =
    "The Reporting Web Service is not working. System.Net.WebException: The remote server returned an error: (401) Unauthorized.";
  const layout = layoutTable([
    column("Event ID", ["12002"], { numeric: true }),
    column("Component", ["Reporting Web Service"]),
    column("Client", ["10.20.30.140"]),
    column("First", ["2026-11-16T10:15:03Z"]),
    column("Message", [message]),
  ]);
  assert.equal(layout.kind, "table");
  assert.deepEqual(layout.detail, [false, false, false, false, true]);
  assert.deepEqual(layout.atomic, [true, false, true, true, false]);
});

test("columns that cannot share the width become cards; a narrow table stays a table", () => {
  const many = Array.from({ length: 12 }, (_, i) =>
    column(`Column ${i}`, ["Windows 7 (build 7601, SP1, x64)"]),
  );
  assert.equal(layoutTable(many).kind, "cards");
  const narrow = layoutTable([
    column("Path", ["C:\\WSUS\\WsusContent"], { mono: true }),
    column("Rights", ["F"]),
  ]);
  assert.deepEqual(narrow, { kind: "table", detail: [false, false], atomic: [true, true] });
});

interface Problems {
  cells: number;
  crushed: string[];
  overflowing: string[];
  broken: string[];
}

/** Lays the page out as printed and lists what a reader would see as broken. */
function inspect(page: Page): Promise<Problems> {
  return page.evaluate(() => {
    const found: Problems = { cells: 0, crushed: [], overflowing: [], broken: [] };
    for (const details of Array.from(document.querySelectorAll<HTMLDetailsElement>("details.evidence-block")))
      details.open = true;
    const cells = Array.from(
      document.querySelectorAll<HTMLElement>("table.data td, table.data th, .row-card dd"),
    );
    for (const cell of cells) {
      if (cell.closest("details.more-rows")) continue; // printed as "N more rows", not laid out
      const box = cell.getBoundingClientRect();
      if (box.width === 0) continue;
      found.cells += 1;
      const text = (cell.textContent ?? "").trim();
      if ((text.length > 40 && box.width < 80) || box.height > 500)
        found.crushed.push(`${Math.round(box.width)}×${Math.round(box.height)} px: ${text.slice(0, 60)}`);
      if (/^(?:\d{1,3}\.){3}\d{1,3}$|^0x[0-9A-Fa-f]{8}$/.test(text)) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const lines = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
        if (lines > 1) found.broken.push(`${text} over ${lines} lines`);
      }
    }
    for (const table of Array.from(document.querySelectorAll<HTMLElement>("table.data"))) {
      const box = table.parentElement?.getBoundingClientRect();
      const width = table.getBoundingClientRect().width;
      if (box && width > box.width + 1)
        found.overflowing.push(`${Math.round(width)} px in ${Math.round(box.width)} px`);
    }
    return found;
  });
}

const samples = readdirSync(join(ROOT, "samples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** Text width of a portrait page with the PDF's 14 mm side margins, in CSS px (96 per inch). */
const PAPERS = { A4: ((210 - 28) / 25.4) * 96, Letter: ((215.9 - 28) / 25.4) * 96 };

describe("every shipped sample's report fits the printed page", () => {
  let browser: Browser;
  let page: Page;
  const dir = tempDir("table-fit");
  before(async () => {
    browser = await puppeteer.launch({
      executablePath: requireChromium(),
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        `--user-data-dir=${join(dir, "profile")}`,
      ],
    });
    page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on(
      "request",
      (request) => void (request.url().startsWith("data:") ? request.continue() : request.abort()),
    );
    await page.emulateMediaType("print");
  });
  after(async () => {
    await browser?.close();
  });

  it("there are samples to lay out", () => assert.ok(samples.length >= 20));
  for (const sample of samples) {
    it(sample, async () => {
      const html = renderHtml(await auditBundle(join(ROOT, "samples", sample)));
      let cells = 0;
      for (const [paper, width] of Object.entries(PAPERS)) {
        await page.setViewport({ width: Math.floor(width), height: 1100 });
        await page.setContent(html, { waitUntil: "load" });
        const found = await inspect(page);
        cells += found.cells;
        assert.deepEqual(found.crushed, [], `${sample} on ${paper}: crushed cells`);
        assert.deepEqual(found.overflowing, [], `${sample} on ${paper}: tables wider than their box`);
        assert.deepEqual(found.broken, [], `${sample} on ${paper}: addresses or codes broken`);
      }
      assert.ok(cells > 0, `${sample}: no table cell was laid out`);
    });
  }
});
