/**
 * Batch vs one by one: 50 copies of the sample bundles audited to PDF (+ HTML, JSON) in one
 * `batch` run (one Chromium, bundles in parallel), against `audit` run once per bundle, which is
 * what a consultant would otherwise script. One-by-one is measured on a subset and extrapolated
 * (it is linear: every run pays the same Node start, rule load and Chromium launch).
 * Both go through the same entry point: dist/wsus-audit.js when the build runs, else the sources via tsx.
 * Targets: batch ≥ 4× faster than one by one, and < 0.5 s per bundle amortised.
 *
 * The machine is shared, so wall time alone says little: both sides also report the CPU time of
 * their whole process tree (Node + every Chromium process, sampled from /proc), which does not
 * depend on how busy the machine is. CPU seconds per bundle ÷ cores is the floor of the amortised
 * time on an idle machine.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./run.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BUNDLES = Number(process.env["BATCH_BENCH_BUNDLES"] ?? 50);
const ONE_BY_ONE = Number(process.env["BATCH_BENCH_ONE_BY_ONE"] ?? 10);

/**
 * CPU seconds (user + system) of a process and its descendants, sampled every 100 ms from /proc:
 * Chromium's renderers are not children Node waits for, so rusage of the child would miss them.
 * The last sample of each process counts; undefined where /proc does not exist.
 */
function treeCpuSampler(root: number): { sample(): void; seconds(): number | undefined } {
  const last = new Map<number, number>();
  const tick = 100; // USER_HZ on Linux
  const available = existsSync("/proc/self/stat");
  return {
    sample() {
      if (!available) return;
      const parent = new Map<number, number>();
      const cpu = new Map<number, number>();
      for (const name of readdirSync("/proc")) {
        if (!/^\d+$/.test(name)) continue;
        try {
          const stat = readFileSync(`/proc/${name}/stat`, "utf8");
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          parent.set(Number(name), Number(fields[1]));
          cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / tick);
        } catch {
          // The process ended between readdir and read.
        }
      }
      for (const [pid, seconds] of cpu) {
        for (let p: number | undefined = pid, depth = 0; p && depth < 32; p = parent.get(p), depth++) {
          if (p === root) {
            last.set(pid, seconds);
            break;
          }
        }
      }
    },
    seconds: () => (available ? [...last.values()].reduce((a, b) => a + b, 0) : undefined),
  };
}

function run(
  entry: string[],
  args: string[],
): Promise<{ code: number; ms: number; cpuSeconds: number | undefined; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const cpu = treeCpuSampler(child.pid ?? -1);
    const timer = setInterval(() => cpu.sample(), 100);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, ms: performance.now() - started, cpuSeconds: cpu.seconds(), stderr });
    });
  });
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
}

async function cliEntry(sample: string): Promise<{ entry: string[]; label: string }> {
  const dist = join(ROOT, "dist/wsus-audit.js");
  if (existsSync(dist)) {
    const out = await mkdtemp(join(tmpdir(), "wsus-bench-probe-"));
    const probe = await run([dist], ["audit", sample, "--out", out, "--format", "json", "--quiet"]);
    await rm(out, { recursive: true, force: true });
    if (probe.code === 0) return { entry: [dist], label: "node dist/wsus-audit.js" };
    console.log(
      `dist/wsus-audit.js does not run (${probe.stderr.trim().split("\n")[0]}); using the sources via tsx for both sides.`,
    );
  }
  return {
    entry: ["--import", "tsx", join(ROOT, "src/cli/main.ts")],
    label: "node --import tsx src/cli/main.ts",
  };
}

export default async function batchBench(): Promise<BenchResult> {
  const samplesDir = join(ROOT, "samples");
  const samples = readdirSync(samplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const work = await mkdtemp(join(tmpdir(), "wsus-bench-batch-"));
  const bundles = join(work, "bundles");
  for (let i = 0; i < BUNDLES; i++) {
    const sample = samples[i % samples.length]!;
    await cp(join(samplesDir, sample), join(bundles, `${String(i + 1).padStart(2, "0")}-${sample}`), {
      recursive: true,
    });
  }
  const { entry, label } = await cliEntry(join(samplesDir, samples[0]!));
  console.log(
    `${BUNDLES} bundles (copies of ${samples.length} samples: ${samples.join(", ")}), formats html,pdf,json, via ${label}`,
  );
  const cores = availableParallelism();
  console.log(
    `load average before: ${load()} on ${cores} cores (other work on the machine slows both sides)`,
  );

  const batch = await run(entry, [
    "batch",
    bundles,
    "--out",
    join(work, "batch-out"),
    "--format",
    "html,pdf,json",
    "--quiet",
  ]);
  if (batch.code !== 0 && batch.code !== 1)
    throw new Error(`batch failed (exit ${batch.code}): ${batch.stderr}`);
  const pdfs = readdirSync(join(work, "batch-out")).filter((name) =>
    existsSync(join(work, "batch-out", name, "report.pdf")),
  ).length;
  const batchCpu = batch.cpuSeconds;
  console.log(
    `batch: ${(batch.ms / 1000).toFixed(1)} s, ${pdfs} PDFs, CPU ${batchCpu?.toFixed(1) ?? "?"} s (load ${load()})`,
  );

  const subset = readdirSync(bundles).sort().slice(0, ONE_BY_ONE);
  let oneByOneMs = 0;
  let oneByOneCpu = 0;
  for (const name of subset) {
    const single = await run(entry, [
      "audit",
      join(bundles, name),
      "--out",
      join(work, "single", name),
      "--format",
      "html,pdf,json",
      "--quiet",
    ]);
    if (single.code !== 0 && single.code !== 1)
      throw new Error(`audit ${name} failed (exit ${single.code}): ${single.stderr}`);
    oneByOneMs += single.ms;
    oneByOneCpu += single.cpuSeconds ?? Number.NaN;
  }
  const perBundleSingle = oneByOneMs / subset.length;
  const extrapolated = perBundleSingle * BUNDLES;
  const perBundleBatch = batch.ms / BUNDLES;
  const speedup = extrapolated / batch.ms;
  const cpuPerBundleBatch = (batchCpu ?? Number.NaN) / BUNDLES;
  const cpuPerBundleSingle = oneByOneCpu / subset.length;
  console.log(
    `one by one: ${(oneByOneMs / 1000).toFixed(1)} s for ${subset.length} bundles (${(perBundleSingle / 1000).toFixed(2)} s each, CPU ${cpuPerBundleSingle.toFixed(2)} s each), extrapolated to ${BUNDLES}: ${(extrapolated / 1000).toFixed(1)} s`,
  );
  console.log(
    `CPU per bundle: batch ${cpuPerBundleBatch.toFixed(2)} s, one by one ${cpuPerBundleSingle.toFixed(2)} s (${(cpuPerBundleSingle / cpuPerBundleBatch).toFixed(1)}×); idle-machine floor of the batch: ${(cpuPerBundleBatch / cores).toFixed(2)} s per bundle on ${cores} cores`,
  );
  console.log(
    `batch: ${(BUNDLES / (batch.ms / 1000)).toFixed(2)} bundles/s, ${(perBundleBatch / 1000).toFixed(2)} s per bundle amortised, ${speedup.toFixed(1)}× faster than one by one`,
  );
  console.log(`load average after: ${load()}`);
  await rm(work, { recursive: true, force: true });
  return {
    name: "batch (50 bundles to PDF)",
    metrics: {
      bundles: BUNDLES,
      pdfs,
      batchSeconds: Number((batch.ms / 1000).toFixed(1)),
      bundlesPerSecond: Number((BUNDLES / (batch.ms / 1000)).toFixed(2)),
      secondsPerBundle: Number((perBundleBatch / 1000).toFixed(2)),
      oneByOneSecondsPerBundle: Number((perBundleSingle / 1000).toFixed(2)),
      speedup: Number(speedup.toFixed(1)),
      batchCpuSecondsPerBundle: Number(cpuPerBundleBatch.toFixed(2)),
      oneByOneCpuSecondsPerBundle: Number(cpuPerBundleSingle.toFixed(2)),
      idleFloorSecondsPerBundle: Number((cpuPerBundleBatch / cores).toFixed(2)),
      loadAverage: load(),
    },
    targetsMet: speedup >= 4 && perBundleBatch < 500 && pdfs === BUNDLES,
  };
}
