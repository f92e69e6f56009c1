/** `wsus-audit render <result.json>`: re-create any report from a saved result, without the evidence. */
import type { Argv, CommandModule } from "yargs";
import type { RenderArgs } from "../work/render.js";
import { BROWSER_OPTION, REPORT_FORMATS } from "../shared-options.js";

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: "render <result>",
  describe: "Re-render reports (html, pdf, csv, md, json) from a result.json, without the evidence",
  builder: (yargs: Argv) =>
    yargs
      .positional("result", {
        type: "string",
        demandOption: true,
        describe: "A result.json written by audit or batch",
      })
      .option("out", { type: "string", describe: "Output folder [default: the folder of the result.json]" })
      .option("format", {
        type: "array",
        string: true,
        default: ["html"],
        describe: `Formats: ${REPORT_FORMATS.join(", ")}`,
      })
      .option("config", {
        type: "string",
        describe: "Configuration for branding [default: ./wsus-audit.config.json if present]",
      })
      .option("templates", {
        type: "string",
        describe: "Folder of report templates overriding the shipped ones",
      })
      .option("paper", {
        choices: ["a4", "letter"] as const,
        default: "a4" as const,
        describe: "PDF paper size",
      })
      .option("browser", BROWSER_OPTION)
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing but errors" })
      .example("$0 render reports/contoso/result.json --format pdf", "report.pdf next to the result")
      .example(
        "$0 render result.json --templates my-templates --out branded/",
        "Re-brand an old audit",
      ) as unknown as Argv<RenderArgs>,
  handler: async (args) => {
    const { runRender } = await import("../work/render.js");
    process.exitCode = await runRender(args);
  },
};
