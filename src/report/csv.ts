/**
 * renderCsv: one record per finding (RFC 4180: CRLF, fields quoted when needed, quotes doubled),
 * safe to open in a spreadsheet whatever its list separator: Excel in Germany or France splits a
 * double-clicked .csv on `;`, other tools on tabs, so every piece a cell could start with — the
 * field, and the text after each `,` `;` or tab in it — gets a leading ' before = + - @ and is
 * never run as a formula. Line breaks and tabs inside a field become spaces so every finding is
 * exactly one line. A UTF-8 byte-order mark lets Excel read accented names correctly.
 * A finding about computers (the CLIENTS checks) is followed by one row per computer it names:
 * the finding's severity, status, rule and checks, then computer, verdict, cause and evidence;
 * its own row leaves those four empty, so filtering on an empty `computer` gives one row per finding.
 */
import type { AuditResult } from "../result/types.js";
import { computersInReportOrder, computersOfFinding } from "./computers-view.js";
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
  "computer",
  "verdict",
  "cause",
  "evidence",
] as const;

/**
 * Where a spreadsheet may start a cell: the field's start or after a list separator, then any
 * spaces or quotes, then a character that starts a formula.
 */
const FORMULA_START = /(^|[,;])([\s"]*)(?=[=+\-@])/g;

export function csvField(value: string | number): string {
  const text = String(value)
    .replace(/\r\n|\r|\n|\t/g, " ")
    .replace(FORMULA_START, "$1$2'");
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(result: AuditResult): string {
  const lines = [CSV_COLUMNS.join(",")];
  const computers = result.computers ? computersInReportOrder(result.computers) : [];
  for (const finding of orderFindings(result.findings)) {
    const identity = [
      finding.severity,
      finding.status,
      finding.ruleId,
      finding.checks.join(" "),
      finding.title,
    ];
    lines.push(
      [
        ...identity,
        finding.summary,
        finding.area,
        finding.evidence.length,
        finding.remediation[0]?.text ?? "",
        "",
        "",
        "",
        "",
      ]
        .map(csvField)
        .join(","),
    );
    // one row per computer the finding is about, right under it: the finding's identity, then the computer
    for (const computer of computersOfFinding(finding, computers)) {
      lines.push(
        [
          ...identity,
          "",
          finding.area,
          "",
          "",
          computer.name,
          computer.verdict,
          computer.cause,
          computer.evidence,
        ]
          .map(csvField)
          .join(","),
      );
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
