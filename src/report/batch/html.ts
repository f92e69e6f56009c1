/**
 * index.html: one self-contained page (inline CSS, no script, no request) over the batch index.
 * Every name and text from bundles goes through Handlebars' escaping; links to each bundle's
 * report are relative and URL-encoded. A consultant's templatesDir may hold batch/index.hbs and
 * batch/index.css to override the shipped ones.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { SEVERITIES } from "../../result/types.js";
import { shippedTemplatesDir } from "../html/templates.js";
import type { BatchIndex, MatrixCell } from "./model.js";

export interface BatchHtmlOptions {
  templatesDir?: string;
  title?: string;
}

const CELL: Record<MatrixCell, { symbol: string; label: string }> = {
  failed: { symbol: "✗", label: "finding" },
  accepted: { symbol: "≈", label: "accepted by waiver" },
  passed: { symbol: "✓", label: "passed" },
  "not-evaluated": { symbol: "–", label: "not evaluated (evidence missing)" },
  "no-rule": { symbol: "·", label: "no rule for this check" },
  "no-result": { symbol: "", label: "bundle not audited" },
};

function template(name: string, templatesDir: string | undefined): string {
  const override = templatesDir ? join(templatesDir, "batch", name) : undefined;
  if (override && existsSync(override)) return readFileSync(override, "utf8");
  return readFileSync(join(shippedTemplatesDir(), "batch", name), "utf8");
}

export function renderBatchHtml(index: BatchIndex, options: BatchHtmlOptions = {}): string {
  const hbs = Handlebars.create();
  const view = {
    title: options.title ?? "WSUS audit: batch index",
    css: new Handlebars.SafeString(
      template("index.css", options.templatesDir).replace(/<\/style/gi, "<\\/style"),
    ),
    generatedAt: index.generatedAt,
    duration: `${(index.durationMs / 1000).toFixed(1)} s`,
    version: index.tool.version,
    totals: index.totals,
    severities: SEVERITIES,
    totalFindings: SEVERITIES.map((severity) => ({ severity, n: index.totals.findings[severity] })),
    legend: Object.entries(CELL)
      .filter(([status]) => status !== "no-result")
      .map(([status, cell]) => ({ status, ...cell })),
    bundles: index.bundles.map((entry) => {
      const html = entry.reports.find((file) => file.endsWith("/report.html"));
      const pdf = entry.reports.find((file) => file.endsWith("/report.pdf"));
      return {
        ...entry,
        verdictStatus: entry.status === "failed" ? "error" : (entry.verdict?.status ?? "error"),
        htmlHref: html ? encodePath(html) : undefined,
        pdfHref: pdf ? encodePath(pdf) : undefined,
        counts: SEVERITIES.map((severity) => ({ severity, n: entry.findings[severity] })),
      };
    }),
    matrix: index.checks.map((check) => ({
      ...check,
      cells: (index.matrix[check.id] ?? []).map((status, column) => ({
        status,
        ...CELL[status],
        bundle: index.bundles[column]?.name ?? "",
      })),
    })),
  };
  return hbs.compile(template("index.hbs", options.templatesDir), { strict: false })(view);
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
