/**
 * IIS W3C log benchmark: a synthetic WSUS log (../shared/bench/gen-iis-log.mjs, 1 GB by default,
 * WSUS_AUDIT_BENCH_IIS_MB to change it) audited through the real pipeline (auditBundle), against
 * `awk '!/^#/{c[$12" "$13]++}'` on the same file in the same run.
 *
 * Targets (2-core machine): at least 2× faster than the awk line; peak RSS under 300 MB; RSS
 * independent of the log size (run once with WSUS_AUDIT_BENCH_IIS_MB=4096 to compare; CI does not
 * generate 4 GB).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { auditBundle } from "../src/pipeline/audit-bundle.js";
import type { BenchResult } from "./run.js";
import { RssSampler } from "./iis/rss-sampler.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const GENERATOR = join(here, "..", "..", "shared", "bench", "gen-iis-log.mjs");
const AWK_PROGRAM = '!/^#/{c[$12" "$13]++}';
const MAX_RSS_MB = 300;
const MIN_SPEEDUP = 2;

export default async function iisLogBench(): Promise<BenchResult> {
  const mb = Number(process.env.WSUS_AUDIT_BENCH_IIS_MB ?? 1024);
  const bundle = join(here, "data", `iis-bundle-${mb}mb`);
  const log = join(bundle, "u_ex261001.log");
  if (!existsSync(log) || Math.abs(statSync(log).size - mb * 1024 * 1024) > 1024 * 1024) {
    mkdirSync(bundle, { recursive: true });
    console.log(`generating ${mb} MB of W3C log into ${log} …`);
    execFileSync(process.execPath, [GENERATOR, "--mb", String(mb), "--clients", "5000", "--out", log], {
      stdio: "inherit",
    });
  }
  const bytes = statSync(log).size;

  // awk first: it also warms the page cache for both runs
  const awkSeconds = await timeAwk(log);

  const sampler = new RssSampler();
  const start = performance.now();
  const result = await auditBundle(bundle, { noDefaultRules: false });
  const seconds = (performance.now() - start) / 1000;
  const peakRssMb = sampler.stop();

  const entry = result.inventory.find((i) => i.path.endsWith(".log"));
  const requests = result.facts.iisLog?.requests ?? 0;
  const throughput = bytes / 1024 / 1024 / seconds;
  const speedup = awkSeconds / seconds;
  const metrics = {
    sizeMB: Math.round(bytes / 1024 / 1024),
    requests,
    seconds: Number(seconds.toFixed(2)),
    throughputMBs: Number(throughput.toFixed(0)),
    peakRssMB: Number(peakRssMb.toFixed(0)),
    awkSeconds: Number(awkSeconds.toFixed(2)),
    speedupVsAwk: Number(speedup.toFixed(2)),
  };
  console.log(`file            ${log} (${metrics.sizeMB} MB, ${requests} requests, ${entry?.status})`);
  console.log(
    `wsus-audit      ${metrics.seconds} s  ${metrics.throughputMBs} MB/s  peak RSS ${metrics.peakRssMB} MB`,
  );
  console.log(`awk             ${metrics.awkSeconds} s  (${AWK_PROGRAM})`);
  console.log(
    `ratio           ${metrics.speedupVsAwk}× awk (target ≥ ${MIN_SPEEDUP}×), RSS target < ${MAX_RSS_MB} MB`,
  );
  console.log(
    "RSS vs size     compare peak RSS of WSUS_AUDIT_BENCH_IIS_MB=1024 and =4096: aggregates are bounded, so it must not grow",
  );
  return {
    name: "iis-log",
    metrics,
    targetsMet: entry?.status === "parsed" && speedup >= MIN_SPEEDUP && peakRssMb < MAX_RSS_MB,
  };
}

function timeAwk(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn("awk", [AWK_PROGRAM, path], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`awk exited ${code}`)),
    );
  });
}
