/** `wsus-audit audit <bundle>`: one bundle → report.html, report.pdf, result.json (and csv, md). */
import type { Argv, CommandModule } from "yargs";
import { withSharedAuditOptions } from "../shared-options.js";
import type { AuditArgs } from "../work/audit.js";

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
    const { runAudit } = await import("../work/audit.js");
    process.exitCode = await runAudit(args);
  },
};
