/** `wsus-audit explain <code>`: the meaning of a WSHV code from the decoding tables. */
import type { CommandModule } from "yargs";

export interface ExplainArgs {
  code: string;
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
  handler: async (args) => {
    const { explainText } = await import("../work/explain.js");
    console.log(explainText(String(args.code)));
  },
};

export default explainCommand;
