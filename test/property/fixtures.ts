/**
 * The real-format evidence the property suites damage: every file under test/fixtures/ and samples/
 * (small enough to re-parse hundreds of times), grouped by the collector that recognises it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { evidenceFileFromBytes, makeProbe } from "../../src/bundle/evidence-file.js";
import { classify } from "../../src/collectors/classify.js";
import { ROOT } from "../helpers/cli.js";

export const RUNS = Math.max(1, Number(process.env["PROPERTY_RUNS"] ?? 25));

/** Files larger than this are damaged less often (their parse dominates the run time). */
export const LARGE_FIXTURE_BYTES = 4096 + 2 * 65536;

export interface Fixture {
  /** Path relative to the repository root. */
  path: string;
  bytes: Buffer;
  /** Kind of the collector that recognises the undamaged file. */
  kind: string;
}

const NOT_EVIDENCE = /\.(json|md|mjs|ts)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

let cached: Fixture[] | undefined;

export async function realFixtures(): Promise<Fixture[]> {
  if (cached) return cached;
  const fixtures: Fixture[] = [];
  for (const path of [...walk(join(ROOT, "test", "fixtures")), ...walk(join(ROOT, "samples"))]) {
    if (NOT_EVIDENCE.test(path) || statSync(path).size > 2_000_000) continue;
    const bytes = readFileSync(path);
    const relativePath = relative(ROOT, path).split("\\").join("/");
    const { collector } = classify(await makeProbe(await evidenceFileFromBytes(relativePath, bytes)));
    if (collector) fixtures.push({ path: relativePath, bytes, kind: collector.kind });
  }
  cached = fixtures;
  return fixtures;
}
