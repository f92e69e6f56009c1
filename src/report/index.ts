/**
 * The report stage: AuditResult → html, pdf, json, csv, md. Renderers read only the AuditResult
 * (never evidence files), so `wsus-audit render result.json` can re-create any report.
 */
export type { Branding } from "./branding.js";
export type { RenderOptions } from "./html/render.js";
export { renderHtml } from "./html/render.js";
export { renderJson } from "./json.js";
export { renderCsv, CSV_COLUMNS } from "./csv.js";
export { renderMarkdown } from "./markdown.js";
export { findBrowser, findChromium, installHint, browserCandidates } from "./pdf/find-chromium.js";
export { openPdfSession, ChromiumNotFoundError, chromiumArgs } from "./pdf/session.js";
export type { PdfSession, PdfRenderOptions } from "./pdf/session.js";
export { prepareOutputFolder, writeFileWhole } from "./output-folder.js";
export { writeReports, checkReportOutput, pdfFailure, REPORT_FORMATS, REPORT_FILES } from "./write.js";
export type { NotWritten, WriteOutcome } from "./write.js";
export type { ReportFormat } from "./write.js";
export { LABELS } from "./labels.js";
