/** Options that `audit` and `batch` share, declared once so their help and defaults cannot drift. */
import { basename, resolve } from "node:path";
import type { Argv } from "yargs";
import type { ReportFormat } from "../report/index.js";
import { FAIL_ON_CHOICES, type FailOn } from "./severity.js";

export const REPORT_FORMATS: readonly ReportFormat[] = ["html", "pdf", "json", "csv", "md"];

export interface SharedAuditArgs {
  format: string[];
  rules: string[];
  "default-rules": boolean;
  "fail-on": FailOn;
  config?: string;
  templates?: string;
  paper: "a4" | "letter";
  quiet: boolean;
  "max-file-size"?: number;
  browser?: string;
}

/** --browser, for every command that can print a PDF. */
export const BROWSER_OPTION = {
  type: "string",
  describe:
    "Chrome, Edge or Chromium executable for the PDF [default: PUPPETEER_EXECUTABLE_PATH, else found on this machine]",
} as const;

export function withSharedAuditOptions(yargs: Argv, failOnMeaning: string): Argv {
  return yargs
    .option("format", {
      type: "array",
      string: true,
      default: ["html,pdf,json"],
      describe: `Report formats: ${REPORT_FORMATS.join(", ")}`,
    })
    .option("rules", { type: "array", string: true, default: [], describe: "Extra rule folder (repeatable)" })
    .option("default-rules", {
      type: "boolean",
      default: true,
      describe: "Use the shipped rules (--no-default-rules to use only --rules)",
    })
    .option("fail-on", { choices: FAIL_ON_CHOICES, default: "none" as FailOn, describe: failOnMeaning })
    .option("config", {
      type: "string",
      describe: "Customer configuration [default: ./wsus-audit.config.json if present]",
    })
    .option("templates", {
      type: "string",
      describe: "Folder of report templates/partials overriding the shipped ones",
    })
    .option("paper", {
      choices: ["a4", "letter"] as const,
      default: "a4" as const,
      describe: "PDF paper size",
    })
    .option("browser", BROWSER_OPTION)
    .option("max-file-size", { type: "number", describe: "Skip evidence files larger than this many MB" })
    .option("quiet", {
      type: "boolean",
      default: false,
      describe: "No progress and no summary; errors only",
    });
}

export function parseFormats(values: readonly string[]): ReportFormat[] {
  const formats = values
    .flatMap((value) => value.split(","))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  for (const format of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new Error(`Unknown report format "${format}"; choose from ${REPORT_FORMATS.join(", ")}.`);
    }
  }
  return [...new Set(formats)] as ReportFormat[];
}

/** ./reports/<bundle name>, the default output folder of one audit. */
export function defaultOutDir(bundle: string): string {
  return resolve("reports", basename(resolve(bundle)).replace(/\.zip$/i, ""));
}
