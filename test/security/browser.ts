/**
 * Open an HTML report in a real headless Chromium and record what hostile content could do there:
 * whether `window.__xss` was set, dialogs opened, and every request the page tried (all aborted,
 * so nothing leaves the machine). Also lists elements an injection would have created.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { findChromium } from "../../src/report/pdf/find-chromium.js";

export interface PageObservation {
  /** The value of window.__xss after load, print emulation and "expand all": undefined when no script ran. */
  xss: unknown;
  dialogs: string[];
  /** URLs the page requested besides itself (http, file, …; data: URIs excepted). */
  requests: string[];
  /** Visible text of the body (scripts and styles removed), details opened. */
  text: string;
  /** Elements that only an injection would create: img[src=x], svg[onload], iframes, inline event handlers. */
  injected: string[];
  /** Number of <script> elements (the report's own progressive-enhancement script is one). */
  scripts: number;
}

export async function observePage(htmlFile: string): Promise<PageObservation> {
  const chromium = findChromium();
  if (!chromium.path) throw new Error(chromium.hint);
  const profile = await mkdtemp(join(tmpdir(), "wsus-xss-profile-"));
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const browser = await puppeteer.launch({
    executablePath: chromium.path,
    headless: true,
    args: [
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      `--user-data-dir=${profile}`,
      ...(root ? ["--no-sandbox"] : []),
    ],
  });
  try {
    const page = await browser.newPage();
    const self = pathToFileURL(htmlFile).href;
    const requests: string[] = [];
    const dialogs: string[] = [];
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      if (url === self || url.startsWith("data:")) void request.continue();
      else {
        requests.push(url);
        void request.abort("blockedbyclient");
      }
    });
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(self, { waitUntil: "load" });
    // Give handlers (onerror, onload, timers) a chance to run, then open everything and print.
    await page.evaluate(() => {
      for (const details of Array.from(document.querySelectorAll("details"))) details.open = true;
      document.getElementById("expand-all")?.click();
      window.dispatchEvent(new Event("beforeprint"));
    });
    await page.emulateMediaType("print");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const observed = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      for (const element of Array.from(body.querySelectorAll("script, style"))) element.remove();
      const injected = Array.from(
        document.querySelectorAll(
          "img[src='x'], svg[onload], iframe, object, embed, [onerror], [onload], a[href^='javascript:' i]",
        ),
      ).map((element) => element.outerHTML.slice(0, 120));
      return {
        xss: (window as unknown as { __xss?: unknown }).__xss,
        text: body.textContent ?? "",
        injected,
        scripts: document.querySelectorAll("script").length,
      };
    });
    return { ...observed, dialogs, requests };
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
