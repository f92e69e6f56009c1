/** `wsus-audit diff <before> <after>`: findings fixed, new and still open between two result.json files. */
import type { Argv, CommandModule } from "yargs";
import type { DiffArgs } from "../work/diff.js";

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: "diff <before> <after>",
  describe: "Compare two result.json files (before and after remediation): fixed, new, still open",
  builder: (yargs: Argv) =>
    yargs
      .positional("before", {
        type: "string",
        demandOption: true,
        describe: "result.json of the first audit",
      })
      .positional("after", { type: "string", demandOption: true, describe: "result.json of the re-audit" })
      .option("format", {
        choices: ["text", "html", "json"] as const,
        default: "text" as const,
        describe: "Output format",
      })
      .option("out", { type: "string", describe: "Write to this file instead of stdout" })
      .option("fail-on-new", {
        type: "boolean",
        default: false,
        describe: "Exit 1 when the second result has a finding the first did not",
      })
      .example(
        "$0 diff reports/before/result.json reports/after/result.json",
        "What changed, in the terminal",
      )
      .example(
        "$0 diff before.json after.json --format html --out changes.html",
        "The same as a page for the customer",
      ) as unknown as Argv<DiffArgs>,
  handler: async (args) => {
    const { runDiff } = await import("../work/diff.js");
    process.exitCode = await runDiff(args);
  },
};
