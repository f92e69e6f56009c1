/**
 * Child process for memory.test.ts: collect one bundle folder and print the peak RSS growth over the
 * process's own baseline (after imports), the records read and the size of the facts, as JSON.
 */
import { listBundle } from "../../../src/bundle/open-bundle.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";

const bundle = process.argv[2]!;
global.gc?.();
const baseline = process.memoryUsage().rss;
const baselineMax = process.resourceUsage().maxRSS * 1024;
const started = Date.now();
const collected = await collectFacts(await listBundle(bundle));
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  JSON.stringify({
    growth: peak - Math.max(baseline, 0),
    baseline,
    baselineMax,
    peak,
    seconds: (Date.now() - started) / 1000,
    records: collected.inventory.reduce((sum, entry) => sum + entry.records, 0),
    rejected: collected.inventory.reduce((sum, entry) => sum + entry.rejected, 0),
    factsBytes: JSON.stringify(collected.facts).length,
  }),
);
