/**
 * writeReports: renders the requested formats into outDir (report.html, report.pdf, result.json,
 * findings.csv, report.md) as one set: the folder is replaced only once every report is complete
 * (see output-folder.ts). A missing browser never stops the other formats: they are written and
 * `notWritten` says which report is missing and why (the CLI turns that into a non-zero exit). Every format renders the same bounded result; lists it cut
 * go to lists/*.csv beside the reports (bound-result.ts), every computer to computers.csv.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditResult } from "../result/types.js";
import { boundResult, LISTS_FOLDER } from "./bound-result.js";
import { COMPUTERS_CSV, computersInReportOrder } from "./computers-view.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html/render.js";
import type { RenderOptions } from "./html/render.js";
import { writeResultJson } from "./json.js";
import { writeListCsv } from "./list-csv.js";
import { labelsFor } from "./labels.js";
import { renderMarkdown } from "./markdown.js";
import { siteInfo } from "./model.js";
import { checkReportFolder, LockedReportsError, replaceReportFolder } from "./output-folder.js";
import { VERSION } from "../version.js";
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

export interface WriteOptions extends RenderOptions {
  pdf?: PdfSession;
  /** --browser PATH for the PDF, when no session is given. */
  browser?: string;
  /** Report files of the current set kept in the new one (render keeps the result.json it read). */
  carryOver?: string[];
  /** Called after each report is complete in the staging folder. */
  onFileWritten?: (file: string) => void | Promise<void>;
}

const REPORT_SET = [...Object.values(REPORT_FILES), LISTS_FOLDER, COMPUTERS_CSV];

/** Refuses an --out writeReports could not use, before the audit (OutputError, one sentence). */
export function checkReportOutput(outDir: string): Promise<void> {
  return checkReportFolder(outDir, REPORT_SET);
}

/** A requested report that is not in the set, and the sentence that says why. */
export interface NotWritten {
  file: string;
  reason: string;
}

export interface WriteOutcome {
  written: string[];
  warnings: string[];
  notWritten: NotWritten[];
}

export async function writeReports(
  fullResult: AuditResult,
  outDir: string,
  formats: ReportFormat[],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const warnings: string[] = [];
  const written: string[] = [];
  const notWritten: NotWritten[] = [];
  const renderOptions: RenderOptions = {
    ...options,
    onWarning: (message) => {
      if (!warnings.includes(message)) warnings.push(message);
      options.onWarning?.(message);
    },
  };
  const { result, lists } = boundResult(fullResult);
  const unique = [...new Set(formats)];
  let html: string | undefined;
  const htmlOnce = () => (html ??= renderHtml(result, renderOptions));
  const carryOver = options.carryOver ?? [];

  await replaceReportFolder(outDir, { reportFiles: REPORT_SET, carryOver }, async (staging) => {
    if (lists.length > 0) await mkdir(join(staging, LISTS_FOLDER), { recursive: true });
    for (const list of lists) {
      // a finding's bounded table is computed again here, one list at a time, and dropped after
      const rows = typeof list.rows === "function" ? await list.rows() : list.rows;
      writeListCsv(join(staging, ...list.file.split("/")), rows, list.row);
      written.push(join(outDir, ...list.file.split("/")));
    }
    // the whole per-computer answer, whatever the formats: the reports print only the first rows
    if (result.computers && result.computers.rows.length > 0) {
      writeListCsv(join(staging, COMPUTERS_CSV), computersInReportOrder(result.computers));
      written.push(join(outDir, COMPUTERS_CSV));
    }
    for (const format of unique) {
      if (await writeOne(format, staging)) {
        written.push(join(outDir, REPORT_FILES[format]));
        await options.onFileWritten?.(REPORT_FILES[format]);
      }
    }
  }).catch((error: unknown) => {
    // The new set is in place but for files another program holds open: those are not written.
    if (!(error instanceof LockedReportsError)) throw error;
    for (const file of error.locked) {
      const path = join(outDir, file);
      if (written.includes(path)) written.splice(written.indexOf(path), 1);
      notWritten.push({
        file: path,
        reason: `It is open in another program (a PDF viewer locks the file on Windows) and still holds the previous run's report; close it and run again.`,
      });
    }
  });
  return { written, warnings, notWritten };

  async function writeOne(format: ReportFormat, folder: string): Promise<boolean> {
    const path = join(folder, REPORT_FILES[format]);
    switch (format) {
      case "html":
        await writeFile(path, htmlOnce(), "utf8");
        break;
      case "json":
        writeResultJson(result, path);
        break;
      case "csv":
        await writeFile(path, renderCsv(result), "utf8");
        break;
      case "md":
        await writeFile(path, renderMarkdown(result), "utf8");
        break;
      case "pdf": {
        const pdf = await renderPdf(result, htmlOnce(), renderOptions, options, warnings);
        if (typeof pdf === "string") {
          notWritten.push({ file: REPORT_FILES.pdf, reason: pdf });
          return false;
        }
        await writeFile(path, pdf);
        break;
      }
    }
    return true;
  }
}

/** The PDF, or the reason it could not be made. */
async function renderPdf(
  result: AuditResult,
  html: string,
  options: RenderOptions,
  write: WriteOptions,
  warnings: string[],
): Promise<Buffer | string> {
  const given = write.pdf;
  let session = given;
  if (!session) {
    try {
      session = await openPdfSession(write.browser ? { browser: write.browser } : {});
    } catch (error) {
      return pdfFailure(error);
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
      documentInfo: {
        title: [labels.reportTitle, site.customer].filter(Boolean).join(" · "),
        author: site.consultant ?? options.branding?.company,
        subject: [labels.reportTitle, site.customer, site.site ?? site.server, site.auditDate]
          .filter(Boolean)
          .join(" · "),
        keywords: ["WSUS", site.customer, site.site, site.server, site.auditDate].filter(Boolean).join("; "),
        creator: `wsus-audit ${VERSION}`,
      },
    } as Parameters<PdfSession["render"]>[1]);
    const blocked = session.requestsBlocked - before;
    if (blocked > 0)
      warnings.push(`The PDF renderer blocked ${blocked} network request(s) made by the report.`);
    return pdf;
  } finally {
    if (!given) await session.close();
  }
}

/** Why no browser could print the PDF, in one sentence for the user. */
export function pdfFailure(error: unknown): string {
  if (error instanceof ChromiumNotFoundError) return error.message;
  return `Cannot render PDF: the browser did not start (${(error as Error).message}).`;
}
