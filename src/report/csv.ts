/**
 * renderCsv: one record per finding (RFC 4180: CRLF, fields quoted when needed, quotes doubled),
 * safe to open in a spreadsheet: a field starting with = + - @ (or tab/CR) gets a leading ' so it
 * is never run as a formula, and line breaks inside a field become spaces so every finding is
 * exactly one line. A UTF-8 byte-order mark lets Excel read accented names correctly.
 */
import type { AuditResult } from "../result/types.js";
import { orderFindings } from "./model.js";

export const CSV_COLUMNS = [
  "severity",
  "status",
  "ruleId",
  "checks",
  "title",
  "summary",
  "area",
  "evidenceCount",
  "firstRemediationStep",
] as const;

export function csvField(value: string | number): string {
  let text = String(value).replace(/\r\n|\r|\n/g, " ");
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(result: AuditResult): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const finding of orderFindings(result.findings)) {
    lines.push(
      [
        finding.severity,
        finding.status,
        finding.ruleId,
        finding.checks.join(" "),
        finding.title,
        finding.summary,
        finding.area,
        finding.evidence.length,
        finding.remediation[0]?.text ?? "",
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
