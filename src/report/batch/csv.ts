/**
 * index.csv: one line per bundle (RFC 4180, CRLF, UTF-8 BOM for Excel), the counts by severity,
 * the top findings, then one column per catalogue check with its status in that bundle.
 * Bundle names come from folder and file names: fields are formula-safe (see csvField).
 */
import { SEVERITIES } from "../../result/types.js";
import { csvField } from "../csv.js";
import type { BatchIndex } from "./model.js";

export const BATCH_CSV_COLUMNS = [
  "folder",
  "bundle",
  "customer",
  "site",
  "status",
  "reason",
  "verdict",
  "headline",
  ...SEVERITIES,
  "accepted",
  "topFindings",
  "report",
] as const;

export function renderBatchCsv(index: BatchIndex): string {
  const header = [...BATCH_CSV_COLUMNS, ...index.checks.map((check) => check.id)].map(csvField).join(",");
  const lines = [header];
  index.bundles.forEach((entry, column) => {
    const fields: (string | number)[] = [
      entry.folder,
      entry.name,
      entry.customer ?? "",
      entry.site ?? "",
      entry.status,
      entry.reason ?? "",
      entry.verdict?.status ?? "",
      entry.verdict?.headline ?? "",
      ...SEVERITIES.map((severity) => entry.findings[severity]),
      entry.accepted,
      entry.topFindings.map((f) => `${f.severity}: ${f.title}`).join(" | "),
      entry.reports.find((file) => file.endsWith("report.html")) ?? "",
      ...index.checks.map((check) => index.matrix[check.id]?.[column] ?? ""),
    ];
    lines.push(fields.map(csvField).join(","));
  });
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
