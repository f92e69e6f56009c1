import { fileURLToPath } from "node:url";
import { makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { COLLECTORS } from "../../../src/collectors/index.js";
import type { NpsFacts, NpsFragment } from "../../../src/collectors/nps/facts.js";
import { npsSource } from "../../../src/collectors/nps/index.js";
import { DEFAULT_LIMITS, type Collector, type CollectorOutput } from "../../../src/collectors/types.js";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/nps/", import.meta.url));

/** The collector discovery would pick for a fixture (highest score over every registered collector). */
export async function winner(name: string): Promise<{ kind: string; score: number }> {
  const probe = await makeProbe(await openEvidenceFile(FIXTURES + name, name));
  let best = { kind: "unknown", score: 0 };
  for (const collector of COLLECTORS) {
    const score = collector.detect(probe);
    if (score > best.score) best = { kind: collector.kind, score };
  }
  return best;
}

export function npsCollector(kind: string): Collector<NpsFragment> {
  const collector = npsSource.collectors.find((candidate) => candidate.kind === kind);
  if (!collector) throw new Error(`no NPS collector ${kind}`);
  return collector;
}

export async function collect(kind: string, name: string): Promise<CollectorOutput<NpsFragment>> {
  const file = await openEvidenceFile(FIXTURES + name, name);
  return npsCollector(kind).collect(file, { limits: DEFAULT_LIMITS });
}

/** Collects each fixture with its NPS collector and merges them as the pipeline does. */
export async function facts(...files: [kind: string, name: string][]): Promise<NpsFacts> {
  const fragments: { file: string; facts: NpsFragment }[] = [];
  for (const [kind, name] of files) {
    const output = await collect(kind, name);
    if (output.facts) fragments.push({ file: name, facts: output.facts });
  }
  return npsSource.merge(fragments, {});
}
