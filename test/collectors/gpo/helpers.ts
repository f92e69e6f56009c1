/** Reads GPO fixtures the way the pipeline does: bytes → EvidenceFile → detect → collect. */
import { join } from "node:path";
import { makeProbe, openEvidenceFile, evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { gpoSource } from "../../../src/collectors/gpo/index.js";
import type { GpoFacts, GpoFragment } from "../../../src/collectors/gpo/facts.js";
import { DEFAULT_LIMITS, type Collector, type CollectorOutput } from "../../../src/collectors/types.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";

export const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "gpo");

export async function best(
  file: EvidenceFile,
): Promise<{ collector: Collector<GpoFragment>; score: number }> {
  const probe = await makeProbe(file);
  let winner = { collector: gpoSource.collectors[0]!, score: -1 };
  for (const collector of gpoSource.collectors) {
    const score = collector.detect(probe);
    if (score > winner.score) winner = { collector, score };
  }
  return winner;
}

export async function collectFile(
  file: EvidenceFile,
): Promise<CollectorOutput<GpoFragment> & { kind: string; score: number }> {
  const { collector, score } = await best(file);
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  return { ...output, kind: collector.kind, score };
}

/** Collect a fixture; `shownAs` is the bundle-relative path (folder layout matters for Registry.pol). */
export async function collectFixture(relative: string, shownAs = relative) {
  return collectFile(await openEvidenceFile(join(FIXTURES, relative), shownAs));
}

export async function collectBytes(path: string, bytes: Buffer) {
  return collectFile(await evidenceFileFromBytes(path, bytes));
}

export async function mergeFixtures(paths: [string, string?][]): Promise<GpoFacts> {
  const fragments: { file: string; facts: GpoFragment }[] = [];
  for (const [relative, shownAs] of paths) {
    const output = await collectFixture(relative, shownAs ?? relative);
    if (output.facts) fragments.push({ file: shownAs ?? relative, facts: output.facts });
  }
  return gpoSource.merge(fragments, {});
}

export const utf16le = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
