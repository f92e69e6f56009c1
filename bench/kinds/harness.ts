/**
 * One evidence kind, alone in a bundle, audited by the built CLI (`dist/wsus-audit.js audit … --format
 * json`) against a one-pass reference tool on the same file (awk, xmllint --stream, evtxexport …), back
 * to back with the page cache warm: the method of issue 19. Each size in WSUS_AUDIT_BENCH_SIZES (MB,
 * default "128,1024") gives one line: MB/s, both wall times, the ratio, the peak RSS of the audit
 * process and the size of result.json.
 *
 * The audit runs as a child process under /usr/bin/time, so its peak RSS is the kernel's figure for
 * the whole run (collectors, rules, JSON writer), not a sample of this process.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "../run.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
/** The generators issue 19 measured with. */
export const SHARED_BENCH = join(repo, "..", "shared", "bench");
export const BENCH_DATA = join(repo, "bench", "data");
const CLI = join(repo, "dist", "wsus-audit.js");

export interface ReferenceTool {
  /** What the figure is compared with, as printed ("awk", "xmllint --stream"). */
  label: string;
  command: string;
  args: (file: string) => string[];
}

export interface KindBenchSpec {
  /** Benchmark name, e.g. "nps-odbc". */
  name: string;
  /** The evidence file's name inside its one-file bundle (decides how it is recognised). */
  fileName: string;
  /** Writes a file of about `mb` MB to `out` (synchronously). */
  generate: (out: string, mb: number) => void;
  reference: ReferenceTool;
  /** Targets of issue 19: within 3× the reference, peak RSS under 300 MB. */
  maxRatio?: number;
  maxRssMb?: number;
  /** Sizes in MB when WSUS_AUDIT_BENCH_SIZES is not set. */
  defaultSizesMb?: number[];
  /** Checks the audit's result.json (parsed) really read the file; returns a problem or undefined. */
  verify?: (result: AuditResultSummary) => string | undefined;
}

/** The parts of result.json a benchmark checks. */
export interface AuditResultSummary {
  inventory: { path: string; status: string; reason?: string; kind?: string }[];
  facts: Record<string, unknown>;
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** Builds dist/ when it is missing or older than a source file: the benchmark times the shipped CLI. */
export function ensureBuilt(): void {
  const newestSource = newestMtime(join(repo, "src"));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestSource) return;
  console.log("building dist/ …");
  execFileSync("npm", ["run", "build"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
}

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs a command under /usr/bin/time: wall seconds, user+system CPU seconds and peak RSS. */
export function timeCommand(command: string, args: string[], cwd = repo): Timed {
  const timed = existsSync("/usr/bin/time");
  const start = performance.now();
  const run = timed
    ? spawnSync("/usr/bin/time", ["-f", "TIME %U %S %M", command, ...args], {
        cwd,
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${command} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const times = /TIME ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(run.stderr);
  return {
    seconds,
    cpuSeconds: times ? Number(times[1]) + Number(times[2]) : seconds,
    peakRssMb: times ? Number(times[3]) / 1024 : Number.NaN,
  };
}

/** A sample export grown to `mb` MB by ../shared/bench/gen-replicate.py (`options`: --record and the rest). */
export function replicateExport(source: string, out: string, mb: number, options: string[]): void {
  execFileSync(
    "python3",
    [join(SHARED_BENCH, "gen-replicate.py"), source, "--out", out, "--mb", String(mb), ...options],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

function toolExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v "${command}"`], { stdio: "ignore" }).status === 0;
}

function sizesMb(spec: KindBenchSpec): number[] {
  const fromEnv = process.env["WSUS_AUDIT_BENCH_SIZES"];
  if (fromEnv)
    return fromEnv
      .split(",")
      .map(Number)
      .filter((n) => n > 0);
  return spec.defaultSizesMb ?? [128, 1024];
}

/** The one-file bundle of this size, generated once into bench/data/ (kept between runs). */
function bundleFor(spec: KindBenchSpec, mb: number): string {
  const bundle = join(BENCH_DATA, `${spec.name}-${mb}mb`);
  const file = join(bundle, spec.fileName);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    console.log(`generating ${mb} MB into ${file} …`);
    spec.generate(file, mb);
  }
  return bundle;
}

export async function runKindBench(spec: KindBenchSpec): Promise<BenchResult> {
  ensureBuilt();
  const maxRatio = spec.maxRatio ?? 3;
  const maxRssMb = spec.maxRssMb ?? 300;
  const metrics: Record<string, string | number> = {};
  let met = true;
  for (const mb of sizesMb(spec)) {
    const bundle = bundleFor(spec, mb);
    const file = join(bundle, spec.fileName);
    const bytes = statSync(file).size;
    const out = join(BENCH_DATA, `${spec.name}-${mb}mb-out`);
    rmSync(out, { recursive: true, force: true });
    const load = loadavg()[0]!;

    const hasReference = toolExists(spec.reference.command);
    // both sides read from the page cache: a cold first read would be charged to the reference alone
    execFileSync("sh", ["-c", 'cat "$1" > /dev/null', "sh", file]);
    const reference = hasReference
      ? timeCommand(spec.reference.command, spec.reference.args(file))
      : undefined;
    const audit = timeCommand(process.execPath, [
      CLI,
      "audit",
      bundle,
      "--out",
      out,
      "--format",
      "json",
      "--quiet",
    ]);
    const resultPath = join(out, "result.json");
    const resultMb = existsSync(resultPath) ? statSync(resultPath).size / 1024 / 1024 : Number.NaN;
    const problem = existsSync(resultPath) ? verify(spec, resultPath) : "no result.json written";

    const ratio = reference ? audit.seconds / reference.seconds : Number.NaN;
    const cpuRatio = reference ? audit.cpuSeconds / reference.cpuSeconds : Number.NaN;
    const sizeMb = bytes / 1024 / 1024;
    const ok =
      problem === undefined && audit.peakRssMb < maxRssMb && (reference === undefined || ratio <= maxRatio);
    met &&= ok;
    const key = `${Math.round(sizeMb)}MB`;
    metrics[`${key}.MBs`] = Number((sizeMb / audit.seconds).toFixed(1));
    metrics[`${key}.auditS`] = Number(audit.seconds.toFixed(2));
    metrics[`${key}.refS`] = reference ? Number(reference.seconds.toFixed(2)) : "n/a";
    metrics[`${key}.ratio`] = reference ? Number(ratio.toFixed(2)) : "n/a";
    metrics[`${key}.rssMB`] = Math.round(audit.peakRssMb);
    metrics[`${key}.resultMB`] = Number(resultMb.toFixed(1));
    console.log(`${spec.name} ${Math.round(sizeMb)} MB  (load ${load.toFixed(1)})`);
    console.log(
      `  wsus-audit   ${audit.seconds.toFixed(2)} s wall, ${audit.cpuSeconds.toFixed(2)} s CPU, ${(sizeMb / audit.seconds).toFixed(1)} MB/s, peak RSS ${audit.peakRssMb.toFixed(0)} MB, result.json ${resultMb.toFixed(1)} MB`,
    );
    console.log(
      reference
        ? `  ${spec.reference.label.padEnd(12)} ${reference.seconds.toFixed(2)} s wall, ${reference.cpuSeconds.toFixed(2)} s CPU`
        : `  ${spec.reference.label}: not installed (no ratio)`,
    );
    console.log(
      `  ratio        ${reference ? ratio.toFixed(2) : "n/a"}× wall (target ≤ ${maxRatio}×), ${reference ? cpuRatio.toFixed(2) : "n/a"}× CPU; RSS target < ${maxRssMb} MB${problem ? `\n  PROBLEM      ${problem}` : ""}`,
    );
    rmSync(out, { recursive: true, force: true });
  }
  return { name: spec.name, metrics, targetsMet: met };
}

function verify(spec: KindBenchSpec, resultPath: string): string | undefined {
  // result.json is bounded (tens of MB at most), so reading it whole is fine here
  const result = JSON.parse(readFileSync(resultPath, "utf8")) as AuditResultSummary;
  const entry = result.inventory.find((item) => item.path.endsWith(spec.fileName));
  if (!entry) return `${spec.fileName} is not in the inventory`;
  if (entry.status !== "parsed") return `${spec.fileName} was ${entry.status}: ${entry.reason ?? ""}`;
  return spec.verify?.(result);
}
