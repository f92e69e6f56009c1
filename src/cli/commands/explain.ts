/** `wsus-audit explain <code>`: the meaning of a Windows Update error code or a WSHV code, from the tables. */
import type { CommandModule } from "yargs";

export interface ExplainArgs {
  code: string;
}

const explainCommand: CommandModule<object, ExplainArgs> = {
  command: "explain <code>",
  describe:
    "Print the meaning of a Windows Update error code (with its WSUS-side cause) or a Windows Security Health Validator code",
  builder: (yargs) =>
    yargs
      .positional("code", {
        type: "string",
        demandOption: true,
        describe: "e.g. 0x80244017, 80244017, -2145107945, WU_E_PT_HTTP_STATUS_DENIED, 0xC0FF000C, 0x200",
      })
      .example("$0 explain 0x80244017", "the WSUS server answered HTTP 401")
      .example("$0 explain 0xc0ff000c", "Windows Update Agent not configured for WSUS")
      .example("$0 explain 0x00024000", "Windows Update + Microsoft Update") as never,
  handler: async (args) => {
    const { explainText } = await import("../work/explain.js");
    console.log(explainText(String(args.code)));
  },
};

export default explainCommand;
