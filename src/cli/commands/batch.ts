/** `wsus-audit batch <dir|zip|glob>...`: many bundles in parallel → one folder each + index.html/json/csv. */
import type { Argv, CommandModule } from "yargs";
import type { BatchArgs } from "../work/batch.js";
import { withSharedAuditOptions } from "../shared-options.js";

export const batchCommand: CommandModule<object, BatchArgs> = {
  command: "batch <bundles..>",
  describe:
    "Audit many bundles (folders, .zip files, globs) in parallel; one report folder each plus an index",
  builder: (yargs: Argv) =>
    withSharedAuditOptions(
      yargs
        .positional("bundles", {
          type: "string",
          array: true,
          demandOption: true,
          describe:
            "Folders holding bundles (each subfolder or .zip is one), .zip files, bundle folders with bundle.json, or globs",
        })
        .option("out", {
          type: "string",
          default: "reports",
          describe: "Output folder: one subfolder per bundle + index.html, index.json, index.csv",
        })
        .option("concurrency", {
          type: "number",
          describe: "Bundles audited at once [default: the number of CPU cores, at least 2]",
        }),
      "Exit 1 when any bundle has an open finding at or above this severity",
    )
      .example("$0 batch bundles/ --out reports/", "Every subfolder or .zip of bundles/ is one bundle")
      .example(
        '$0 batch "customers/*.zip" --format html,json --fail-on high',
        "Globs work on Windows too; exit 1 if any bundle has a high finding",
      )
      .epilogue(
        "Exit codes: 0 done, 1 a bundle has a finding at or above --fail-on, 2 usage error or a bundle that could not be audited (it is listed in the index with its reason; the others are still audited).",
      ) as unknown as Argv<BatchArgs>,
  handler: async (args) => {
    const { runBatch } = await import("../work/batch.js");
    process.exitCode = await runBatch(args);
  },
};
