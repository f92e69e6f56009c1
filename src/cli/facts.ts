/** `wsus-audit facts <bundle>`: the facts a bundle produces, to write rule conditions against real values. */
import type { CommandModule } from "yargs";

export const factsCommand: CommandModule<object, { bundle: string; json: boolean; fact?: string }> = {
  command: "facts <bundle>",
  describe: "Print the facts a bundle produces (what rule conditions see)",
  builder: (yargs) =>
    yargs
      .positional("bundle", { type: "string", demandOption: true })
      .option("json", { type: "boolean", default: false, describe: "JSON only (for tools)" })
      .option("fact", { type: "string", describe: "Only this top-level fact (gpo, iisLog, …)" }) as never,
  handler: async (args) => {
    const { listBundle } = await import("../bundle/open-bundle.js");
    const { collectFacts } = await import("../pipeline/collect-facts.js");
    const { UserError } = await import("./errors.js");
    const listing = await listBundle(args.bundle).catch((error: Error) => {
      throw new UserError(error.message);
    });
    try {
      const { facts, inventory } = await collectFacts(listing);
      const value = args.fact ? (facts as unknown as Record<string, unknown>)[args.fact] : facts;
      if (args.fact && value === undefined) {
        throw new UserError(`The bundle gives no fact "${args.fact}"; it gives: ${Object.keys(facts).join(", ")}.`);
      }
      if (!args.json) {
        for (const entry of inventory) console.error(`${entry.status.padEnd(7)} ${entry.kind.padEnd(18)} ${entry.path}${entry.reason ? ` — ${entry.reason}` : ""}`);
      }
      console.log(JSON.stringify(value, null, 2));
    } finally {
      await listing.dispose?.();
    }
  },
};
