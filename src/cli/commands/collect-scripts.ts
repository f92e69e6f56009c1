/** `wsus-audit collect-scripts --out DIR`: the PowerShell scripts that collect a bundle on Windows. */
import type { Argv, CommandModule } from "yargs";
import type { CollectScriptsArgs } from "../work/collect-scripts.js";

export const collectScriptsCommand: CommandModule<object, CollectScriptsArgs> = {
  command: "collect-scripts",
  describe:
    "Write the PowerShell 5.1 scripts that collect the evidence on the WSUS server and on a client (one zip each)",
  builder: (yargs: Argv) =>
    yargs
      .option("out", { type: "string", default: ".", describe: "Folder to write the two .ps1 files to" })
      .option("quiet", { type: "boolean", default: false, describe: "Print nothing but errors" })
      .example(
        "$0 collect-scripts --out usb-stick/",
        "Collect-WsusServerEvidence.ps1 and Collect-WsusClientEvidence.ps1",
      ) as unknown as Argv<CollectScriptsArgs>,
  handler: async (args) => {
    const { runCollectScripts } = await import("../work/collect-scripts.js");
    process.exitCode = await runCollectScripts(args);
  },
};
