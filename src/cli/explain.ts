/** `wsus-audit explain <code>`: the meaning of a WSHV code from the decoding tables. */
import type { CommandModule } from "yargs";
import { explainWshvCode } from "../knowledge/wshv-explain.js";
import { UserError } from "./errors.js";

export interface ExplainArgs {
  code: string;
}

/** The text printed for a code; throws a UserError (exit 2) for a value in none of the tables. */
export function explainText(code: string): string {
  const explanation = explainWshvCode(code);
  if (!explanation) {
    throw new UserError(
      `"${code}" is not a code in the WSHV tables (error codes, severity levels 0x40-0x400, update-source bits 0x4000/0x10000/0x20000); give it as hex (0xC0FF000C, with or without the L suffix) or decimal.`,
    );
  }
  return explanation.lines.join("\n");
}

const explainCommand: CommandModule<object, ExplainArgs> = {
  command: "explain <code>",
  describe:
    "Print the meaning of a Windows Security Health Validator code (error, severity or update-source bitmask)",
  builder: (yargs) =>
    yargs
      .positional("code", {
        type: "string",
        demandOption: true,
        describe: "e.g. 0xC0FF000C, 0xC0FF004EL, 3237937164, 0x00024000, 0x200",
      })
      .example("$0 explain 0xc0ff000c", "Windows Update Agent not configured for WSUS")
      .example("$0 explain 0x00024000", "Windows Update + Microsoft Update") as never,
  handler: (args) => {
    console.log(explainText(String(args.code)));
  },
};

export default explainCommand;
