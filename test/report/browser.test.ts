/**
 * The HTML report in a real Chromium: no console error, no request, filters/search/expand work,
 * nothing overflows at A4 width, and markup in evidence never runs.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import type { Browser, Page } from "puppeteer-core";
import { writeReports } from "../../src/report/index.js";
import {
  ARTIFACTS,
  loadFixture,
  openReport,
  overflowing,
  requireChromium,
  tempDir,
  type OpenedReport,
} from "./helpers.js";

let browser: Browser;
const dir = tempDir("browser");
const A4_WIDTH = 794; // 210 mm at 96 dpi

before(async () => {
  const executablePath = requireChromium();
  await writeReports(loadFixture("failing"), join(dir, "failing"), ["html"], {});
  await writeReports(loadFixture("xss"), join(dir, "xss"), ["html"], {});
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await browser?.close();
});

function open(name: string): Promise<OpenedReport> {
  return openReport(browser, join(dir, name, "report.html"), A4_WIDTH);
}

async function visibleFindings(page: Page): Promise<string[]> {
  return page.$$eval("article.finding", (articles) =>
    articles.filter((a) => (a as HTMLElement).offsetParent !== null).map((a) => a.id),
  );
}

test("opens with no console error and no request", async () => {
  const { page, errors, requests } = await open("failing");
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
  assert.equal(await page.$eval("#toolbar", (el) => (el as HTMLElement).hidden), false, "the script ran");
  await page.close();
});

test("filters by severity and area, and searches", async () => {
  const { page } = await open("failing");
  const all = await visibleFindings(page);
  assert.equal(all.length, 8);

  await page.click('input[name="severity"][value="critical"]');
  const noCritical = await visibleFindings(page);
  assert.equal(noCritical.length, 7);
  assert.ok(noCritical.every((id) => !id.includes("401-1")));
  assert.equal(
    await page.$eval('.severity-group[data-severity="critical"]', (g) => (g as HTMLElement).hidden),
    true,
  );
  await page.click('input[name="severity"][value="critical"]');

  await page.click('input[name="area"][value="iis"]');
  const noIis = await visibleFindings(page);
  assert.deepEqual(
    noIis.map((id) => id.replace(/^f\d+-/, "")),
    [
      "gpo-port-differs-from-site",
      "acl-network-service-full-control",
      "evt-wsus-health-errors",
      "nps-no-wsus-server",
    ],
  );
  await page.click('input[name="area"][value="iis"]');

  await page.type("#finding-search", "icacls");
  assert.deepEqual(
    (await visibleFindings(page)).map((id) => id.replace(/^f\d+-/, "")),
    ["acl-network-service-full-control"],
  );
  await page.$eval("#finding-search", (input) => {
    (input as HTMLInputElement).value = "no such text anywhere";
    input.dispatchEvent(new Event("input"));
  });
  assert.deepEqual(await visibleFindings(page), []);
  assert.equal(await page.$eval("#no-match", (el) => (el as HTMLElement).hidden), false);
  await page.close();
});

test("expands and collapses every evidence block", async () => {
  const { page } = await open("failing");
  const openCount = () =>
    page.$$eval(
      "details.evidence-block",
      (list) => list.filter((d) => (d as HTMLDetailsElement).open).length,
    );
  const total = await page.$$eval("details.evidence-block", (list) => list.length);
  await page.click("#collapse-all");
  assert.equal(await openCount(), 0);
  await page.click("#expand-all");
  assert.equal(await openCount(), total);
  await page.close();
});

test("nothing overflows its box at A4 width, on screen and in print", async () => {
  const { page } = await open("failing");
  await page.click("#expand-all");
  await page.$$eval("details", (list) => list.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  for (const media of ["screen", "print"] as const) {
    await page.emulateMediaType(media);
    const wide = await overflowing(
      page,
      "main, .cover, .toc, section, article.finding, .table-wrap, table, pre, .excerpt, svg.chart",
    );
    assert.deepEqual(wide, [], `${media}: elements wider than their box`);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(pageWidth <= A4_WIDTH, `${media}: page is ${pageWidth}px wide`);
  }
  await page.emulateMediaType("screen");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "report-failing-a4.png"), fullPage: true });
  await page.close();
});

test("markup in every evidence-derived field shows as text and never runs", async () => {
  const { page, errors, requests } = await open("xss");
  await page.click("#expand-all");
  await page.type("#finding-search", "script");
  await page.$$eval("details", (list) => list.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
  assert.deepEqual(requests, [], "an injected <img src=x> would have made a request");
  assert.deepEqual(errors, []);
  assert.equal(await page.$$eval("script", (s) => s.length), 1);
  assert.equal(await page.$$eval("img, iframe, svg:not(.chart)", (s) => s.length), 0);
  const text = await page.evaluate(() => document.body.innerText);
  assert.ok(text.includes(`Title <script>window.__xss=1</script>"><img src=x onerror="window.__xss=1">`));
  assert.ok(text.includes("Customer <script>window.__xss=37</script>"));
  await page.close();
});
