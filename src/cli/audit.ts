/** `wsus-audit audit <bundle>`: one bundle → report.html, report.pdf, result.json (and csv, md). */
import { basename, resolve } from "node:path";
import type { Argv, CommandModule } from "yargs";
import type { ReportFormat } from "../report/index.js";
import { REPORT_FORMATS, withSharedAuditOptions, type SharedAuditArgs } from "./shared-options.js";

export { REPORT_FORMATS };

export interface AuditArgs extends SharedAuditArgs {
  bundle: string;
  out?: string;
  explain?: string;
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
    withSharedAuditOptions(
      yargs
        .positional("bundle", {
          type: "string",
          demandOption: true,
          describe: "Folder (or .zip) of evidence files",
        })
        .option("out", { type: "string", describe: "Output folder [default: ./reports/<bundle name>]" })
        .option("explain", {
          type: "string",
          describe: "Show each condition of this rule with its fact value and result",
        }),
      "Exit 1 when a finding at or above this severity is open",
    )
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
