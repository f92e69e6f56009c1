/**
 * The Computers chapter in a real Chromium: the filter hides rows and empty groups, a column
 * header sorts its group, and on paper the toolbar and the columns the group heading already
 * names are gone — with no console error and no request.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import type { Browser, Page } from "puppeteer-core";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { writeReports } from "../../src/report/index.js";
import { openReport, overflowing, requireChromium, tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let browser: Browser;
let page: Page;
let errors: string[] = [];
let requests: string[] = [];
/** Computers the chapter lists: every row of the sample's per-computer answer. */
let listed = 0;

before(async () => {
  const executablePath = requireChromium();
  const rules = await loadRules([join(ROOT, "rules/clients")], { facts: FACT_CATALOGUE });
  const result = await auditBundle(join(ROOT, "samples", "clients-not-reporting"), { rules });
  listed = result.computers?.rows.length ?? 0;
  const dir = tempDir("computers-browser");
  await writeReports(result, dir, ["html"]);
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const opened = await openReport(browser, join(dir, "report.html"));
  ({ page, errors, requests } = opened);
});

after(async () => {
  await browser?.close();
});

const visibleNames = () =>
  page.$$eval("#sec-computers .computer-group:not([hidden]) tbody tr:not([hidden])", (rows) =>
    rows.map((row) => (row as HTMLTableRowElement).cells[0]!.textContent ?? ""),
  );

test("the filter narrows every group by text and by verdict", async () => {
  assert.equal(await page.$eval("#computer-toolbar", (el) => (el as HTMLElement).hidden), false);
  assert.ok(listed >= 10, `the sample lists ${listed} computers`);
  assert.equal((await visibleNames()).length, listed);
  await page.type("#computer-search", "kiosks");
  assert.deepEqual((await visibleNames()).sort(), [
    "kiosk-014.corp.fabrikam.local",
    "kiosk-015.corp.fabrikam.local",
    "kiosk-016.corp.fabrikam.local",
  ]);
  await page.select("#computer-verdict", "never-registered");
  assert.deepEqual((await visibleNames()).sort(), [
    "kiosk-015.corp.fabrikam.local",
    "kiosk-016.corp.fabrikam.local",
  ]);
  await page.$eval("#computer-search", (el) => {
    (el as HTMLInputElement).value = "no such computer";
    el.dispatchEvent(new Event("input"));
  });
  assert.deepEqual(await visibleNames(), []);
  assert.equal(await page.$eval("#no-computer-match", (el) => (el as HTMLElement).hidden), false);
  await page.$eval("#computer-search", (el) => {
    (el as HTMLInputElement).value = "";
    el.dispatchEvent(new Event("input"));
  });
  await page.select("#computer-verdict", "");
  assert.ok(listed >= 10, `the sample lists ${listed} computers`);
  assert.equal((await visibleNames()).length, listed);
});

test("a column header sorts its group, and again the other way", async () => {
  const group = "#sec-computers .computer-group[data-verdict='reporting']";
  const names = () =>
    page.$$eval(`${group} tbody tr`, (rows) =>
      rows.map((row) => (row as HTMLTableRowElement).cells[0]!.textContent ?? ""),
    );
  // last status report: srv-file01 on 2026-11-12, ws-0001 on 2026-11-30
  const header = `${group} th:nth-child(5)`;
  await page.click(header);
  assert.deepEqual(await names(), ["srv-file01.corp.fabrikam.local", "ws-0001.corp.fabrikam.local"]);
  assert.equal(await page.$eval(header, (th) => th.getAttribute("aria-sort")), "ascending");
  await page.click(header);
  assert.deepEqual(await names(), ["ws-0001.corp.fabrikam.local", "srv-file01.corp.fabrikam.local"]);
  assert.equal(await page.$eval(header, (th) => th.getAttribute("aria-sort")), "descending");
  assert.equal(await page.$eval(`${group} th:first-child`, (th) => th.getAttribute("aria-sort")), "none");
});

test("the chapter and the summary's answer fit an A4 page, on screen and in print", async () => {
  for (const media of ["screen", "print"] as const) {
    await page.emulateMediaType(media);
    const wide = await overflowing(
      page,
      "#sec-computers, #sec-computers table, #sec-computers svg.chart, .computers-lead, .computers-lead svg.chart",
    );
    assert.deepEqual(wide, [], `${media}: elements wider than their box`);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(pageWidth <= 794, `${media}: page is ${pageWidth}px wide`);
  }
  await page.emulateMediaType("screen");
});

test("on paper: no toolbar, verdict and cause only in the group heading", async () => {
  await page.emulateMediaType("print");
  const display = (selector: string) => page.$eval(selector, (el) => getComputedStyle(el).display);
  assert.equal(await display("#computer-toolbar"), "none");
  assert.equal(await display("#sec-computers .computer-table td.col-grouped"), "none");
  assert.notEqual(await display("#sec-computers .computer-table td:first-child"), "none");
  await page.emulateMediaType("screen");
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
});
