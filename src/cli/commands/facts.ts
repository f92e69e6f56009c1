/**
 * `wsus-audit facts <bundle>`: the facts a bundle produces, so an author writes conditions against
 * real values. `--fact` picks one evidence source or any catalogue fact; a computed fact is
 * evaluated with `--params` exactly as a rule condition's `params` would be.
 */
import type { CommandModule } from "yargs";
import type { FactsArgs } from "../work/facts.js";

export const factsCommand: CommandModule<object, FactsArgs> = {
  command: "facts <bundle>",
  describe: "Print the facts a bundle produces (what rule conditions see)",
  builder: (yargs) =>
    yargs
      .positional("bundle", { type: "string", demandOption: true })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "JSON only on stdout, no file list on stderr",
      })
      .option("fact", {
        type: "string",
        describe: "Only this fact: a source (gpo, iisLog, …) or a catalogue fact (see `rules facts`)",
      })
      .option("params", {
        type: "string",
        describe: "With --fact: the fact's params as JSON, as in a rule condition",
      })
      .example("$0 facts samples/healthy --fact eventlog", "The merged event-log facts")
      .example(
        `$0 facts samples/healthy --fact wsusEvents --params '{"eventIds":[12072]}'`,
        "A parameterised fact",
      ) as never,
  handler: async (args) => {
    const { printBundleFacts } = await import("../work/facts.js");
    await printBundleFacts(args);
  },
};
