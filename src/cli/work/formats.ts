/** The work of `wsus-audit formats`: every evidence kind, how to collect it, whether it is read. */
import { SOURCES } from "../../collectors/index.js";
import { sourceLabel } from "../../collectors/sources.js";

export function printFormats(json: boolean): void {
  const rows = SOURCES.flatMap((source) =>
    source.collectors.map((collector) => ({
      kind: collector.kind,
      label: collector.label,
      source: source.name,
      sourceLabel: sourceLabel(source.name),
      howToCollect: collector.howToCollect,
      status: collector.status === "recognised" ? "recognised only: export it in a readable form" : "read",
    })),
  );
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  for (const source of SOURCES) {
    console.log(`${sourceLabel(source.name)} (fact "${source.name}")`);
    const mine = rows.filter((row) => row.source === source.name);
    if (mine.length === 0) console.log("  (no reader yet)");
    for (const row of mine) {
      console.log(`  ${row.kind}: ${row.label} [${row.status}]`);
      for (const line of row.howToCollect.split("\n")) console.log(`      ${line}`);
    }
  }
}
