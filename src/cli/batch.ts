/** `wsus-audit batch <dir|zip|glob>...`: many bundles in parallel → one folder each + index.html/json/csv. */
import type { Argv, CommandModule } from "yargs";
import { REPORT_FORMATS } from "./audit.js";
import { FAIL_ON_CHOICES, type FailOn } from "./severity.js";

export interface BatchArgs {
  bundles: string[];
  out: string;
  concurrency?: number;
  format: string[];
  rules: string[];
  "default-rules": boolean;
  "fail-on": FailOn;
  config?: string;
  templates?: string;
  paper: "a4" | "letter";
  quiet: boolean;
  "max-file-size"?: number;
}

export const batchCommand: CommandModule<object, BatchArgs> = {
  command: "batch <bundles..>",
  describe:
    "Audit many bundles (folders, .zip files, globs) in parallel; one report folder each plus an index",
  builder: (yargs: Argv) =>
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
      })
      .option("format", {
        type: "array",
        string: true,
        default: ["html,pdf,json"],
        describe: `Report formats per bundle: ${REPORT_FORMATS.join(", ")}`,
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
        describe: "Exit 1 when any bundle has an open finding at or above this severity",
      })
      .option("config", {
        type: "string",
        describe: "Customer configuration [default: ./wsus-audit.config.json if present]",
      })
      .option("templates", {
        type: "string",
        describe: "Folder of report templates overriding the shipped ones (batch/index.hbs for the index)",
      })
      .option("paper", {
        choices: ["a4", "letter"] as const,
        default: "a4" as const,
        describe: "PDF paper size",
      })
      .option("max-file-size", { type: "number", describe: "Skip evidence files larger than this many MB" })
      .option("quiet", {
        type: "boolean",
        default: false,
        describe: "No progress and no summary; errors only",
      })
      .example("$0 batch bundles/ --out reports/", "Every subfolder or .zip of bundles/ is one bundle")
      .example(
        '$0 batch "customers/*.zip" --format html,json --fail-on high',
        "Globs work on Windows too; exit 1 if any bundle has a high finding",
      )
      .epilogue(
        "Exit codes: 0 done, 1 a bundle has a finding at or above --fail-on, 2 usage error or a bundle that could not be audited (it is listed in the index with its reason; the others are still audited).",
      ) as unknown as Argv<BatchArgs>,
  handler: async (args) => {
    const { runBatch } = await import("./batch-impl.js");
    process.exitCode = await runBatch(args);
  },
};
