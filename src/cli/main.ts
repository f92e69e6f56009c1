#!/usr/bin/env node
/**
 * The wsus-audit command line. The only module that exits: commands set process.exitCode,
 * expected problems are UserErrors (one sentence, exit 2), anything else is reported as a bug.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { VERSION } from "../version.js";
import { auditCommand } from "./commands/audit.js";
import { batchCommand } from "./commands/batch.js";
import { collectScriptsCommand } from "./commands/collect-scripts.js";
import { diffCommand } from "./commands/diff.js";
import { renderCommand } from "./commands/render.js";
import { asUserError, EXIT, UserError } from "./errors.js";
import { factsCommand } from "./commands/facts.js";
import { formatsCommand } from "./commands/formats.js";
import { rulesCommand } from "./commands/rules.js";
import explainCommand from "./commands/explain.js";

const argv = hideBin(process.argv);
const debug = argv.includes("--debug");

const cli = yargs(argv)
  .scriptName("wsus-audit")
  .usage(
    '$0 <command> [options]\n\nTurns the evidence collected from a WSUS site into a remediation report for\n"WSUS clients are not reporting in".',
  )
  .command(auditCommand as never)
  .command(batchCommand as never)
  .command(diffCommand as never)
  .command(renderCommand as never)
  .command(rulesCommand)
  .command(formatsCommand as never)
  .command(collectScriptsCommand as never)
  .command(factsCommand as never)
  .command(explainCommand as never)
  .option("debug", { type: "boolean", default: false, describe: "Show stack traces of internal errors" })
  .demandCommand(1, "Name a command, e.g. `wsus-audit audit <bundle>`; see --help.")
  .recommendCommands()
  .strict()
  .example("$0 audit samples/healthy", "Audit a bundle: HTML, PDF and JSON in ./reports/healthy")
  .example("$0 formats", "What evidence to collect and how")
  .example("$0 collect-scripts --out scripts/", "PowerShell scripts that collect it on Windows")
  .example("$0 rules list", "The checks that run")
  .epilogue(
    "Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage, input, configuration or rule-file errors, nothing recognised in the bundle, or a requested report not written.",
  )
  .version(VERSION)
  .help()
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((message, error) => {
    throw error ?? new UserError(`${message}\nRun \`wsus-audit --help\` for usage.`);
  });

try {
  await cli.parseAsync();
} catch (error) {
  const userError = asUserError(error);
  if (userError) {
    console.error(`wsus-audit: ${userError.message}`);
    process.exitCode = userError.exitCode;
  } else {
    const err = error as Error;
    console.error(
      `wsus-audit: internal error: ${err.message}. This is a bug; please report it with the command you ran.`,
    );
    if (debug && err.stack) console.error(err.stack);
    else console.error("Run again with --debug for the stack trace.");
    process.exitCode = EXIT.error;
  }
}
