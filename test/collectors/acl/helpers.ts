import { join } from "node:path";
import { evidenceFileFromBytes, makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import type { Collector, CollectorOutput } from "../../../src/collectors/types.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";

export const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");

/** Runs the collector of `collectors` that detects the file best, as discovery would. */
export async function collectWith<T>(
  collectors: readonly Collector<T>[],
  file: EvidenceFile,
): Promise<{ kind: string; score: number; output: CollectorOutput<T> }> {
  const probe = await makeProbe(file);
  const ranked = collectors.map((c) => ({ c, score: c.detect(probe) })).sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  return {
    kind: best.c.kind,
    score: best.score,
    output: await best.c.collect(file, { limits: DEFAULT_LIMITS }),
  };
}

export function fixture(area: string, name: string): Promise<EvidenceFile> {
  return openEvidenceFile(join(FIXTURES, area, name), `${area}/${name}`);
}

export function fromText(
  path: string,
  text: string,
  encoding: "utf-16le-bom" | "utf-8" = "utf-8",
): Promise<EvidenceFile> {
  const bytes =
    encoding === "utf-16le-bom"
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
      : Buffer.from(text, "utf8");
  return evidenceFileFromBytes(path, bytes);
}
