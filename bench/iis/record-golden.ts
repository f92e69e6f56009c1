/**
 * Records the facts of the IIS golden logs (test/collectors/iis-log/golden-log.ts) into
 * test/fixtures/iis/golden-50mb.facts.json.gz. Run it only with the code whose facts are the
 * reference (the golden file was recorded before the performance work of ADR 0006):
 *
 *   node --import tsx bench/iis/record-golden.ts [source root, default: this checkout]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { GOLDEN_FACTS, writeGoldenLogs } from "../../test/collectors/iis-log/golden-log.js";
import type * as EvidenceFileModule from "../../src/bundle/evidence-file.js";
import type * as CollectorTypesModule from "../../src/collectors/types.js";
import type * as CollectorModule from "../../src/collectors/iis-log/collector.js";
import type * as MergeModule from "../../src/collectors/iis-log/merge.js";

const root = resolve(process.argv[2] ?? ".");
const { openEvidenceFile } = (await import(
  join(root, "src/bundle/evidence-file.ts")
)) as typeof EvidenceFileModule;
const { DEFAULT_LIMITS } = (await import(
  join(root, "src/collectors/types.ts")
)) as typeof CollectorTypesModule;
const { collectW3c } = (await import(
  join(root, "src/collectors/iis-log/collector.ts")
)) as typeof CollectorModule;
const { finalizeIisLog } = (await import(
  join(root, "src/collectors/iis-log/merge.ts")
)) as typeof MergeModule;

const dir = mkdtempSync(join(tmpdir(), "iis-golden-"));
try {
  const logs = writeGoldenLogs(dir);
  const golden: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(logs)) {
    const relative = `iis/${name}.log`;
    const output = await collectW3c(await openEvidenceFile(path, relative), { limits: DEFAULT_LIMITS });
    const { facts: partial, ...rest } = output;
    golden[name] = { ...rest, facts: finalizeIisLog([{ file: relative, partial: partial! }], 5, 50_000) };
  }
  writeFileSync(GOLDEN_FACTS, gzipSync(JSON.stringify(golden), { level: 9 }));
  console.log(`wrote ${GOLDEN_FACTS}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
