/** Test helper: run the collector that detection picks for a fixture, as the pipeline would. */
import { fileURLToPath } from "node:url";
import { makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { cutEvents } from "../../../src/collectors/eventlog/event-cutter.js";
import { eventlogSource } from "../../../src/collectors/eventlog/index.js";
import type { EventLogFacts, EventLogFragment } from "../../../src/collectors/eventlog/facts.js";
import { DEFAULT_LIMITS, type CollectorOutput, type Limits } from "../../../src/collectors/types.js";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/eventlog/", import.meta.url));
export const SAMPLES = fileURLToPath(new URL("../../../samples/", import.meta.url));

export interface Collected {
  kind: string;
  score: number;
  output: CollectorOutput<EventLogFragment>;
  facts: EventLogFacts;
}

export async function collectFile(file: EvidenceFile, limits: Limits = DEFAULT_LIMITS): Promise<Collected> {
  const probe = await makeProbe(file);
  let best = eventlogSource.collectors[0]!;
  let score = 0;
  for (const collector of eventlogSource.collectors) {
    const candidate = collector.detect(probe);
    if (candidate > score) [best, score] = [collector, candidate];
  }
  const output = await best.collect(file, { limits });
  const facts = eventlogSource.merge(output.facts ? [{ file: file.path, facts: output.facts }] : [], {});
  return { kind: best.kind, score, output, facts };
}

export async function collectFixture(name: string, limits?: Limits): Promise<Collected> {
  return collectFile(await openEvidenceFile(`${FIXTURES}${name}`, `eventlog/${name}`), limits);
}

/** Every `<Event>` element of an XML export with its line, as the XML reader cuts them; none may be oversized. */
export async function xmlEvents(file: EvidenceFile): Promise<{ xml: string; line: number }[]> {
  const events: { xml: string; line: number }[] = [];
  await cutEvents(file, 4 * 1024 * 1024, {
    onEvent: (xml, line) => events.push({ xml, line }),
    onOversized: (line) => {
      throw new Error(`oversized event at line ${line}`);
    },
  });
  return events;
}
