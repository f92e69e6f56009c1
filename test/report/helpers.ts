/** Shared by the report tests: fixtures, a temp folder, and a Chromium that must exist. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "puppeteer-core";
import type { AuditResult } from "../../src/result/types.js";
import { findChromium } from "../../src/report/index.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, "..", "fixtures", "report");
export const ARTIFACTS = join(here, "..", "artifacts");

export function loadFixture(name: "failing" | "healthy" | "xss"): AuditResult {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as AuditResult;
}

/**
 * The failing fixture (written before shells were recorded) with a PowerShell step and a cmd step,
 * the rest left without a shell: the three labels a report can show.
 */
export function failingWithShells() {
  const result = loadFixture("failing");
  const steps = result.findings
    .flatMap((finding) => finding.remediation)
    .filter((step) => step.commands.length);
  steps[0]!.shell = "powershell";
  steps[1]!.shell = "cmd";
  return { result, steps };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wsus-audit-${prefix}-`));
}

/**
 * The browser and PDF tests never skip: without Chromium they fail and say how to install it
 * (CI installs it; locally, `apt-get install -y chromium` or PUPPETEER_EXECUTABLE_PATH).
 */
export function requireChromium(): string {
  const found = findChromium();
  if (!found.path) {
    throw new Error(
      `The report browser/PDF tests need Chromium and none was found${process.env.CI ? " on this CI runner" : ""}. ${found.hint}`,
    );
  }
  return found.path;
}

export interface OpenedReport {
  page: Page;
  /** Console errors and page errors, and every request the report tried (all aborted). */
  errors: string[];
  requests: string[];
}

/** A report.html opened in a page that lets no request out and records errors (A4 width by default). */
export async function openReport(browser: Browser, file: string, width = 794): Promise<OpenedReport> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 1123 });
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === url || request.url().startsWith("data:")) void request.continue();
    else {
      requests.push(request.url());
      void request.abort();
    }
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests };
}

/** Elements (by selector) wider than their box; an SVG chart counts when it sticks out of its parent. */
export function overflowing(page: Page, selectors: string): Promise<string[]> {
  return page.$$eval(selectors, (elements) =>
    elements
      .filter((el) => {
        const box = el as HTMLElement;
        if (el instanceof SVGElement) {
          const parent = el.parentElement?.getBoundingClientRect();
          return parent ? el.getBoundingClientRect().right > parent.right + 1 : false;
        }
        return box.scrollWidth > box.clientWidth + 1;
      })
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
  );
}

const NPS_SAMPLE = join(here, "..", "..", "samples", "nps-mixed-client-states", "nps", "Security-NPS.csv");

/**
 * A large estate: the NPS event export of the sample (four kinds of client) grown to `machines`
 * machines (Event Viewer CSV, UTF-8 with BOM, CRLF, the message spanning lines).
 */
export function grownNpsExport(machines: number): string {
  const text = readFileSync(NPS_SAMPLE, "utf8").replace(/^\uFEFF/, "");
  const [header, ...records] = text.split(/^(?=Audit (?:Success|Failure),)/m);
  const out = [header];
  for (let i = 0; i < machines; i++) {
    const name = `PC-${String(i).padStart(5, "0")}`;
    out.push(records[i % records.length]!.replace(/PC-[A-Z0-9]+/g, name));
  }
  return `\uFEFF${out.join("")}`;
}
