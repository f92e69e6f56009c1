/**
 * The PDF renderer: one headless Chromium per session (one per CLI run), every network request
 * aborted and counted (a report makes none; data: URIs are allowed), a fresh profile directory
 * removed on close. Each render prints the HTML with print media, reads on which page each heading
 * landed (named destinations), writes those numbers into the table of contents and prints again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer";
import { findChromium } from "./find-chromium.js";
import { pdfDestinations } from "./destinations.js";

export class ChromiumNotFoundError extends Error {
  readonly tried: string[];
  constructor(message: string, tried: string[]) {
    super(message);
    this.name = "ChromiumNotFoundError";
    this.tried = tried;
  }
}

export interface PdfRenderOptions {
  paper: "a4" | "letter";
  headerTitle: string;
  /** Left side of the footer (customer or company); "Page X of Y" is on the right. */
  footerText?: string;
  /** "Page" and "of" in the footer. */
  pageLabel?: string;
  ofLabel?: string;
}

export interface PdfSession {
  render(html: string, options: PdfRenderOptions): Promise<Buffer>;
  /** Network requests the rendered pages tried to make (all aborted). Zero is expected. */
  readonly requestsBlocked: number;
  close(): Promise<void>;
}

const MAX_PASSES = 3;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

function chromiumArgs(userDataDir: string): string[] {
  const args = [
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--mute-audio",
    `--user-data-dir=${userDataDir}`,
  ];
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--no-sandbox");
  return args;
}

const bar =
  "font-family: Arial, sans-serif; font-size: 7.5pt; color: #5b6670; width: 100%; margin: 0 14mm; display: flex; justify-content: space-between;";

function headerTemplate(title: string): string {
  return `<div style="${bar}"><span>${escapeHtml(title)}</span><span></span></div>`;
}

function footerTemplate(text: string, page: string, of: string): string {
  return `<div style="${bar}"><span>${escapeHtml(text)}</span><span>${escapeHtml(page)} <span class="pageNumber"></span> ${escapeHtml(of)} <span class="totalPages"></span></span></div>`;
}

async function fillToc(page: Page, numbers: Record<string, number> | undefined): Promise<void> {
  await page.evaluate((pages) => {
    for (const span of Array.from(document.querySelectorAll<HTMLElement>(".toc-page"))) {
      const target = span.getAttribute("data-target") ?? "";
      // Pass one reserves the space with a placeholder so the layout does not move when numbers arrive.
      span.textContent = pages ? String(pages[target] ?? "") : "0";
    }
  }, numbers);
}

export async function openPdfSession(
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<PdfSession> {
  const found = findChromium(options.env ?? process.env);
  if (!found.path) throw new ChromiumNotFoundError(`Cannot render PDF: ${found.hint}`, found.tried);
  const userDataDir = await mkdtemp(join(tmpdir(), "wsus-audit-chromium-"));
  const { default: puppeteer } = await import("puppeteer");
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: found.path,
      headless: true,
      args: chromiumArgs(userDataDir),
      timeout: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let requestsBlocked = 0;
  let closed = false;

  const render = async (html: string, renderOptions: PdfRenderOptions): Promise<Buffer> => {
    if (closed) throw new Error("The PDF session is closed.");
    const page = await browser.newPage();
    try {
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        if (request.url().startsWith("data:")) void request.continue();
        else {
          requestsBlocked += 1;
          void request.abort("blockedbyclient");
        }
      });
      await page.emulateMediaType("print");
      await page.setContent(html, { waitUntil: "load" });
      await page.evaluate((paper) => {
        document.documentElement.setAttribute("data-paper", paper);
        // Evidence blocks print open; "N more rows" stay closed and print their note instead.
        for (const details of Array.from(
          document.querySelectorAll<HTMLDetailsElement>("details.evidence-block"),
        )) {
          details.open = true;
        }
      }, renderOptions.paper);
      const pdfOptions = {
        format: renderOptions.paper === "letter" ? ("letter" as const) : ("a4" as const),
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: headerTemplate(renderOptions.headerTitle),
        footerTemplate: footerTemplate(
          renderOptions.footerText ?? "",
          renderOptions.pageLabel ?? "Page",
          renderOptions.ofLabel ?? "of",
        ),
        margin: { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" },
        // An untagged PDF prints in half the time at half the size; named destinations (our TOC
        // page numbers) do not depend on tagging.
        tagged: false,
      };
      await fillToc(page, undefined);
      let pdf = Buffer.from(await page.pdf(pdfOptions));
      let numbers = Object.fromEntries(pdfDestinations(pdf));
      for (let pass = 1; pass < MAX_PASSES; pass += 1) {
        await fillToc(page, numbers);
        pdf = Buffer.from(await page.pdf(pdfOptions));
        const after = Object.fromEntries(pdfDestinations(pdf));
        if (JSON.stringify(after) === JSON.stringify(numbers)) break;
        numbers = after;
      }
      return pdf;
    } finally {
      await page.close().catch(() => undefined);
    }
  };

  return {
    render,
    get requestsBlocked() {
      return requestsBlocked;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
