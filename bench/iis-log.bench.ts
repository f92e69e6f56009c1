/**
 * IIS W3C log benchmark: a synthetic WSUS log (../shared/bench/gen-iis-log.mjs, 1 GB by default,
 * WSUS_AUDIT_BENCH_IIS_MB to change it) audited through the real pipeline (auditBundle), against
 * `awk '!/^#/{c[$12" "$13]++}'` on the same file in the same run.
 *
 * Targets (2-core machine): at least 2× faster than the awk line (wall clock); peak RSS under
 * 300 MB; RSS independent of the log size (run once with WSUS_AUDIT_BENCH_IIS_MB=4096 to compare;
 * CI does not generate 4 GB). The machine is shared, so the CPU time of both (all threads of this
 * process; awk's from /usr/bin/time) and the load average are printed too: the CPU-time ratio is the
 * figure that does not depend on what else runs.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { auditBundle } from "../src/pipeline/audit-bundle.js";
import type { BenchResult } from "./run.js";
import { RssSampler } from "./iis/rss-sampler.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const GENERATOR = join(here, "gen-iis-log.mjs");
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
    // to stdout, redirected to the file: stdout to a file is written synchronously, while the
    // generator's own file stream ignores back-pressure and would hold all 4 GB in memory
    const fd = openSync(log, "w");
    try {
      execFileSync(process.execPath, [GENERATOR, "--mb", String(mb), "--clients", "5000", "--out", "-"], {
        stdio: ["ignore", fd, "inherit"],
      });
    } finally {
      closeSync(fd);
    }
  }
  const bytes = statSync(log).size;
  const loadBefore = loadavg()[0]!;

  // awk first: it also warms the page cache for both runs
  const awk = await timeAwk(log);

  const sampler = new RssSampler();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await auditBundle(bundle, { noDefaultRules: false });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const peakRssMb = sampler.stop();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const entry = result.inventory.find((i) => i.path.endsWith(".log"));
  const requests = result.facts.iisLog?.requests ?? 0;
  const throughput = bytes / 1024 / 1024 / seconds;
  const speedup = awk.seconds / seconds;
  const cpuSpeedup = awk.cpuSeconds / cpuSeconds;
  const metrics = {
    sizeMB: Math.round(bytes / 1024 / 1024),
    requests,
    seconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    throughputMBs: Number(throughput.toFixed(0)),
    peakRssMB: Number(peakRssMb.toFixed(0)),
    awkSeconds: Number(awk.seconds.toFixed(2)),
    awkCpuSeconds: Number(awk.cpuSeconds.toFixed(2)),
    speedupVsAwk: Number(speedup.toFixed(2)),
    cpuSpeedupVsAwk: Number(cpuSpeedup.toFixed(2)),
    load1: Number(loadBefore.toFixed(2)),
  };
  console.log(`file            ${log} (${metrics.sizeMB} MB, ${requests} requests, ${entry?.status})`);
  console.log(`load average    ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (1 min)`);
  console.log(
    `wsus-audit      ${metrics.seconds} s wall, ${metrics.cpuSeconds} s CPU (all threads)  ${metrics.throughputMBs} MB/s  peak RSS ${metrics.peakRssMB} MB`,
  );
  console.log(
    `awk             ${metrics.awkSeconds} s wall, ${metrics.awkCpuSeconds} s CPU  (${AWK_PROGRAM})`,
  );
  console.log(
    `ratio           ${metrics.speedupVsAwk}× awk wall clock (target ≥ ${MIN_SPEEDUP}×), ${metrics.cpuSpeedupVsAwk}× awk CPU time; RSS target < ${MAX_RSS_MB} MB`,
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

/** awk's wall time, and its CPU time as /usr/bin/time reports it (wall only when that is missing). */
function timeAwk(path: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const timed = existsSync("/usr/bin/time");
  const [command, args] = timed
    ? ["/usr/bin/time", ["-f", "%U %S", "awk", AWK_PROGRAM, path]]
    : ["awk", [AWK_PROGRAM, path]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`awk exited ${code}: ${stderr}`));
      const times = /([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ seconds, cpuSeconds: times ? Number(times[1]) + Number(times[2]) : seconds });
    });
  });
}
