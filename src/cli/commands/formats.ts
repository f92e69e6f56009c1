/** `wsus-audit formats`: the evidence kinds recognised, how to collect each on Windows, their status. */
import type { CommandModule } from "yargs";

export const formatsCommand: CommandModule<object, { json: boolean }> = {
  command: "formats",
  describe: "List the evidence kinds wsus-audit recognises, how to collect each on Windows, and their status",
  builder: (yargs) => yargs.option("json", { type: "boolean", default: false }) as never,
  handler: async (args) => {
    const { printFormats } = await import("../work/formats.js");
    printFormats(args.json);
  },
};
