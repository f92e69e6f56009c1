/**
 * writeReports: renders the requested formats into outDir (report.html, report.pdf, result.json,
 * findings.csv, report.md). A missing Chromium never fails the run: the other formats are written
 * and a warning says how to install it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditResult } from "../result/types.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html/render.js";
import type { RenderOptions } from "./html/render.js";
import { renderJson } from "./json.js";
import { labelsFor } from "./labels.js";
import { renderMarkdown } from "./markdown.js";
import { siteInfo } from "./model.js";
import { ChromiumNotFoundError, openPdfSession } from "./pdf/session.js";
import type { PdfSession } from "./pdf/session.js";

export type ReportFormat = "html" | "pdf" | "json" | "csv" | "md";

export const REPORT_FORMATS: readonly ReportFormat[] = ["html", "pdf", "json", "csv", "md"];

export const REPORT_FILES: Record<ReportFormat, string> = {
  html: "report.html",
  pdf: "report.pdf",
  json: "result.json",
  csv: "findings.csv",
  md: "report.md",
};

export async function writeReports(
  result: AuditResult,
  outDir: string,
  formats: ReportFormat[],
  options: RenderOptions & { pdf?: PdfSession } = {},
): Promise<{ written: string[]; warnings: string[] }> {
  const warnings: string[] = [];
  const written: string[] = [];
  const renderOptions: RenderOptions = {
    ...options,
    onWarning: (message) => {
      if (!warnings.includes(message)) warnings.push(message);
      options.onWarning?.(message);
    },
  };
  await mkdir(outDir, { recursive: true });
  const unique = [...new Set(formats)];
  let html: string | undefined;
  const htmlOnce = () => (html ??= renderHtml(result, renderOptions));

  for (const format of unique) {
    const path = join(outDir, REPORT_FILES[format]);
    switch (format) {
      case "html":
        await writeFile(path, htmlOnce(), "utf8");
        break;
      case "json":
        await writeFile(path, renderJson(result), "utf8");
        break;
      case "csv":
        await writeFile(path, renderCsv(result), "utf8");
        break;
      case "md":
        await writeFile(path, renderMarkdown(result), "utf8");
        break;
      case "pdf": {
        const pdf = await renderPdf(result, htmlOnce(), renderOptions, options.pdf, warnings);
        if (!pdf) continue;
        await writeFile(path, pdf);
        break;
      }
    }
    written.push(path);
  }
  return { written, warnings };
}

async function renderPdf(
  result: AuditResult,
  html: string,
  options: RenderOptions,
  given: PdfSession | undefined,
  warnings: string[],
): Promise<Buffer | undefined> {
  let session = given;
  if (!session) {
    try {
      session = await openPdfSession();
    } catch (error) {
      if (error instanceof ChromiumNotFoundError) {
        warnings.push(`report.pdf was not written. ${error.message}`);
        return undefined;
      }
      warnings.push(`report.pdf was not written: Chromium did not start (${(error as Error).message}).`);
      return undefined;
    }
  }
  const labels = labelsFor(options.branding?.language);
  const site = siteInfo(result, options.branding ?? {});
  const before = session.requestsBlocked;
  try {
    const pdf = await session.render(html, {
      paper: options.paper ?? "a4",
      headerTitle: [labels.reportTitle, site.customer, site.site].filter(Boolean).join(" · "),
      footerText: [options.branding?.company, site.auditDate].filter(Boolean).join(" · "),
      pageLabel: labels.page,
      ofLabel: labels.of,
    } as Parameters<PdfSession["render"]>[1]);
    const blocked = session.requestsBlocked - before;
    if (blocked > 0)
      warnings.push(`The PDF renderer blocked ${blocked} network request(s) made by the report.`);
    return pdf;
  } finally {
    if (!given) await session.close();
  }
}
