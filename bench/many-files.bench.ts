/**
 * A folder of many small files (issue 20 case 11): N files in 30 sub-folders (notes, and every 10th
 * an empty IIS log name), audited through auditBundle. Prints the time per file and the peak RSS.
 * Target: under 7 ms a file, so that the documented limit of 100,000 files audits in minutes.
 * WSUS_AUDIT_BENCH_FILES sets N (default 20,000).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditBundle } from "../src/pipeline/audit-bundle.js";
import type { BenchResult } from "./run.js";

const COUNT = Number(process.env["WSUS_AUDIT_BENCH_FILES"] ?? 20_000);
const TARGET_MS_PER_FILE = 7;

export default async function run(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), "wsus-bench-many-"));
  try {
    for (let i = 0; i < COUNT; i++) {
      const folder = join(root, `host${String(i % 30).padStart(2, "0")}`);
      if (i < 30) mkdirSync(folder);
      writeFileSync(
        join(folder, i % 10 === 0 ? `u_ex${i}.log` : `note-${i}.txt`),
        i % 10 === 0 ? "" : `note ${i}\r\n`,
      );
    }
    const started = process.hrtime.bigint();
    const result = await auditBundle(root);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const perFile = ms / COUNT;
    return {
      name: "many-files",
      metrics: {
        files: result.inventory.length,
        seconds: (ms / 1000).toFixed(1),
        msPerFile: perFile.toFixed(2),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      targetsMet: result.inventory.length === COUNT && perFile < TARGET_MS_PER_FILE,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
