/** `wsus-audit audit <bundle>`: one bundle → report.html, report.pdf, result.json (and csv, md). */
import { basename, resolve } from "node:path";
import type { Argv, CommandModule } from "yargs";
import type { ReportFormat } from "../report/index.js";
import { FAIL_ON_CHOICES, type FailOn } from "./severity.js";

export const REPORT_FORMATS: readonly ReportFormat[] = ["html", "pdf", "json", "csv", "md"];

export interface AuditArgs {
  bundle: string;
  out?: string;
  format: string[];
  rules: string[];
  "default-rules": boolean;
  "fail-on": FailOn;
  config?: string;
  templates?: string;
  paper: "a4" | "letter";
  explain?: string;
  quiet: boolean;
  "max-file-size"?: number;
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

export function defaultOutDir(bundle: string): string {
  return resolve("reports", basename(resolve(bundle)).replace(/\.zip$/i, ""));
}

export const auditCommand: CommandModule<object, AuditArgs> = {
  command: "audit <bundle>",
  describe: "Audit one evidence bundle (a folder or .zip) and write the reports",
  builder: (yargs: Argv) =>
    yargs
      .positional("bundle", {
        type: "string",
        demandOption: true,
        describe: "Folder (or .zip) of evidence files",
      })
      .option("out", { type: "string", describe: "Output folder [default: ./reports/<bundle name>]" })
      .option("format", {
        type: "array",
        string: true,
        default: ["html,pdf,json"],
        describe: `Report formats: ${REPORT_FORMATS.join(", ")}`,
      })
      .option("rules", {
        type: "array",
        string: true,
        default: [],
        describe: "Extra rule folder (repeatable)",
      })
      .option("default-rules", {
        type: "boolean",
        default: true,
        describe: "Use the shipped rules (--no-default-rules to use only --rules)",
      })
      .option("fail-on", {
        choices: FAIL_ON_CHOICES,
        default: "none" as FailOn,
        describe: "Exit 1 when a finding at or above this severity is open",
      })
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
      .option("explain", {
        type: "string",
        describe: "Show each condition of this rule with its fact value and result",
      })
      .option("max-file-size", { type: "number", describe: "Skip evidence files larger than this many MB" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing but errors" })
      .example("$0 audit samples/healthy", "Audit a bundle; reports in ./reports/healthy")
      .example(
        "$0 audit bundle.zip --out reports/contoso --format html,json --fail-on high",
        "Only HTML and JSON; exit 1 on high or critical findings",
      ) as unknown as Argv<AuditArgs>,
  handler: async (args) => {
    const { runAudit } = await import("./run-audit.js");
    process.exitCode = await runAudit(args);
  },
};
