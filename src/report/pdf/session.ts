/**
 * The PDF renderer: one headless Chromium per session (one per CLI run), every network request
 * aborted and counted (a report makes none; data: URIs are allowed), a fresh profile directory
 * removed on close. Pages (tabs) are kept and reused: a new tab costs a renderer process, about as
 * much CPU as printing the report. Each render prints once with a probe in every table-of-contents
 * number slot, reads on which page each heading landed (named destinations) and draws the numbers
 * where the probes are (toc-numbers.ts). When that is not possible it falls back to writing the
 * numbers into the HTML and printing again until they are stable.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page, PDFOptions } from "puppeteer-core";
import { findBrowser } from "./find-chromium.js";
import { pdfDestinations } from "./destinations.js";
import { setDocumentInfo, type DocumentInfo } from "./document-info.js";
import { TOC_PROBE_SIZE, TOC_PROBE_TEXT, drawTocNumbers, type TocSlot } from "./toc-numbers.js";

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
  /** Title, author, subject and keywords of the PDF file. */
  documentInfo?: DocumentInfo;
}

export interface PdfSession {
  /** Renders one report; several renders may run at once (one tab each). */
  render(html: string, options: PdfRenderOptions): Promise<Buffer>;
  /** Network requests the rendered pages tried to make (all aborted). Zero is expected. */
  readonly requestsBlocked: number;
  /** page.pdf() calls so far: one per report unless the contents numbers needed a second print. */
  readonly prints: number;
  close(): Promise<void>;
}

export interface PdfSessionOptions {
  env?: NodeJS.ProcessEnv;
  /** --browser PATH: the Chrome, Edge or Chromium to start (else found, see find-chromium.ts). */
  browser?: string;
  timeoutMs?: number;
  /**
   * "probe" (default): one print, numbers drawn into the PDF where the probes are, falling back to
   * "reprint" when the probes cannot be read. "reprint": numbers written into the HTML, then printed
   * again until the headings stay on their pages (two prints, three if a number moves a heading).
   */
  tocNumbers?: "probe" | "reprint";
  /**
   * Reports printed at once (one tab each; more wait for a free tab). Default: the CPU cores. Each
   * tab is a renderer process, and a print keeps one core busy: more tabs than cores only add memory.
   */
  maxTabs?: number;
}

const MAX_PASSES = 3;

const withInfo = (pdf: Buffer, options: PdfRenderOptions): Buffer =>
  options.documentInfo ? setDocumentInfo(pdf, options.documentInfo) : pdf;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The browser's flags: a fresh profile each run; no sandbox only where Chromium cannot have one. */
export function chromiumArgs(
  userDataDir: string,
  platform: NodeJS.Platform = process.platform,
  uid: number | undefined = process.getuid?.(),
): string[] {
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
  // Chromium refuses to start its sandbox as root on Linux (containers, CI); elsewhere it keeps it.
  if (platform === "linux" && uid === 0) args.push("--no-sandbox");
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

/** A CSS string literal: the report's own texts (customer names…) can hold quotes and backslashes. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ")}"`;
}

/**
 * The running header and footer as CSS page-margin boxes (Chromium 131+): unlike Chromium's
 * header/footer templates they can differ per page, so the cover carries none.
 */
export function pageMarginCss(options: PdfRenderOptions): string {
  const box = "font-family: Arial, sans-serif; font-size: 7.5pt; color: #5b6670;";
  const pageOf = `${cssString(`${options.pageLabel ?? "Page"} `)} counter(page) ${cssString(` ${options.ofLabel ?? "of"} `)} counter(pages)`;
  return [
    "@page {",
    `  @top-left { content: ${cssString(options.headerTitle)}; ${box} }`,
    `  @bottom-left { content: ${cssString(options.footerText ?? "")}; ${box} }`,
    `  @bottom-right { content: ${pageOf}; ${box} }`,
    "}",
    "@page :first { @top-left { content: none } @bottom-left { content: none } @bottom-right { content: none } }",
  ].join("\n");
}

/** Page-margin boxes arrived in Chromium 131; an older Chrome or Edge keeps the template header. */
const MARGIN_BOXES_SINCE = 131;
function supportsMarginBoxes(version: string): boolean {
  const major = /\/(\d+)\./.exec(version)?.[1];
  return major !== undefined && Number(major) >= MARGIN_BOXES_SINCE;
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

/** Puts a probe in every number slot (see toc-numbers.ts) and returns the slots in document order. */
async function probeToc(page: Page): Promise<TocSlot[]> {
  return page.evaluate(
    (text, size) =>
      Array.from(document.querySelectorAll<HTMLElement>(".toc-page")).map((span) => {
        const probe = document.createElement("span");
        probe.textContent = text;
        // Explicit values so that no report style can split the run or move its glyphs.
        probe.setAttribute(
          "style",
          `font-size:${size}px;letter-spacing:0;word-spacing:0;white-space:nowrap;font-kerning:none;visibility:visible`,
        );
        span.replaceChildren(probe);
        return {
          target: span.getAttribute("data-target") ?? "",
          fontSize: parseFloat(getComputedStyle(span).fontSize),
        };
      }),
    TOC_PROBE_TEXT,
    TOC_PROBE_SIZE,
  );
}

function sameNumbers(a: Record<string, number>, b: Record<string, number>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function openPdfSession(options: PdfSessionOptions = {}): Promise<PdfSession> {
  const found = findBrowser({
    env: options.env ?? process.env,
    ...(options.browser ? { browser: options.browser } : {}),
  });
  if (!found.path) throw new ChromiumNotFoundError(`Cannot render PDF: ${found.hint}`, found.tried);
  const userDataDir = await mkdtemp(join(tmpdir(), "wsus-audit-chromium-"));
  const { default: puppeteer } = await import("puppeteer-core");
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
  const marginBoxes = supportsMarginBoxes(await browser.version().catch(() => ""));
  let requestsBlocked = 0;
  let prints = 0;
  let closed = false;
  const idle: Page[] = [];
  const maxTabs = Math.max(1, options.maxTabs ?? availableParallelism());
  let busy = 0;
  const waiting: (() => void)[] = [];
  // Chromium starts with one blank tab: the first report uses it rather than opening another.
  let spare: Page | undefined = (await browser.pages().catch(() => []))[0];

  const openPage = async (): Promise<Page> => {
    const page = spare ?? (await browser.newPage());
    spare = undefined;
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith("data:")) void request.continue();
      else {
        requestsBlocked += 1;
        void request.abort("blockedbyclient");
      }
    });
    await page.emulateMediaType("print");
    return page;
  };

  const print = async (page: Page, pdfOptions: PDFOptions): Promise<Buffer> => {
    prints += 1;
    return Buffer.from(await page.pdf(pdfOptions));
  };

  const renderOn = async (page: Page, html: string, renderOptions: PdfRenderOptions): Promise<Buffer> => {
    // setContent replaces the document; the tab's interception and print media stay.
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
    if (marginBoxes) await page.addStyleTag({ content: pageMarginCss(renderOptions) });
    const pdfOptions: PDFOptions = {
      format: renderOptions.paper === "letter" ? "letter" : "a4",
      printBackground: true,
      displayHeaderFooter: !marginBoxes,
      ...(marginBoxes
        ? {}
        : {
            headerTemplate: headerTemplate(renderOptions.headerTitle),
            footerTemplate: footerTemplate(
              renderOptions.footerText ?? "",
              renderOptions.pageLabel ?? "Page",
              renderOptions.ofLabel ?? "of",
            ),
          }),
      margin: { top: "18mm", bottom: "16mm", left: "14mm", right: "14mm" },
      // Bookmarks (the outline) come from the headings and need a tagged PDF; tagging doubles the
      // print time (~0.3 s more for the quickstart report) and the size, which a reader's
      // navigation is worth.
      tagged: true,
      outline: true,
    };
    if ((options.tocNumbers ?? "probe") === "probe") {
      const slots = await probeToc(page);
      const pdf = await print(page, pdfOptions);
      const drawn = drawTocNumbers(pdf, slots, pdfDestinations(pdf));
      if (drawn) return withInfo(drawn, renderOptions);
    }
    await fillToc(page, undefined);
    let pdf = await print(page, pdfOptions);
    let numbers = Object.fromEntries(pdfDestinations(pdf));
    for (let pass = 1; pass < MAX_PASSES; pass += 1) {
      await fillToc(page, numbers);
      pdf = await print(page, pdfOptions);
      const after = Object.fromEntries(pdfDestinations(pdf));
      if (sameNumbers(after, numbers)) break;
      numbers = after;
    }
    return withInfo(pdf, renderOptions);
  };

  const render = async (html: string, renderOptions: PdfRenderOptions): Promise<Buffer> => {
    if (closed) throw new Error("The PDF session is closed.");
    while (busy >= maxTabs && !closed) await new Promise<void>((resolve) => waiting.push(resolve));
    busy += 1;
    let page: Page | undefined;
    let reusable = false;
    try {
      if (closed) throw new Error("The PDF session is closed.");
      page = idle.pop() ?? (await openPage());
      const pdf = await renderOn(page, html, renderOptions);
      reusable = true;
      return pdf;
    } finally {
      // A tab that failed (timeout, crash) is not trusted with the next report.
      if (page && reusable && !closed) idle.push(page);
      else await page?.close().catch(() => undefined);
      busy -= 1;
      waiting.shift()?.();
    }
  };

  return {
    render,
    get requestsBlocked() {
      return requestsBlocked;
    },
    get prints() {
      return prints;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const wake of waiting.splice(0)) wake();
      try {
        await browser.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
