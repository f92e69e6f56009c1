/** `wsus-audit formats`: the evidence kinds recognised, how to collect each on Windows, their status. */
import type { CommandModule } from "yargs";

export const formatsCommand: CommandModule<object, { json: boolean }> = {
  command: "formats",
  describe: "List the evidence kinds wsus-audit recognises, how to collect each on Windows, and their status",
  builder: (yargs) => yargs.option("json", { type: "boolean", default: false }) as never,
  handler: async (args) => {
    const { SOURCES } = await import("../collectors/index.js");
    const rows = SOURCES.flatMap((source) =>
      source.collectors.map((collector) => ({
        kind: collector.kind,
        label: collector.label,
        source: source.name,
        sourceLabel: source.label,
        howToCollect: collector.howToCollect,
        status: collector.status === "recognised" ? "recognised only: export it in a readable form" : "read",
      })),
    );
    if (args.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    for (const source of SOURCES) {
      console.log(`${source.label} (fact "${source.name}")`);
      const mine = rows.filter((row) => row.source === source.name);
      if (mine.length === 0) console.log("  (no reader yet)");
      for (const row of mine) {
        console.log(`  ${row.kind}: ${row.label} [${row.status}]`);
        for (const line of row.howToCollect.split("\n")) console.log(`      ${line}`);
      }
    }
  },
};
