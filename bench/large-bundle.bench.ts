/**
 * The end-to-end large bundle of issue 19: 29 days of IIS logs of a 10,000-client site (one
 * u_exYYMMDD.log per day, ~3 GB), HTTPERR, applicationHost.config (the healthy sample's), a 20 MB
 * Application .evtx, Get-GPOReport -All of 2,000 GPOs and icacls of 100,000 paths, audited by the
 * built CLI to html, pdf and json. Targets: under 20 s wall, peak RSS under 400 MB.
 *
 * The bundle is generated once into bench/data/large-bundle/ and kept. Each run times the audit
 * under /usr/bin/time (wall, CPU of the CLI and the browser it starts, the kernel's peak RSS), then,
 * unless WSUS_AUDIT_BENCH_PROFILE=0, audits again with --cpu-prof and prints where the CPU went per
 * pipeline stage (each collector kind, rules, report rendering, PDF) — the profile run is slower, so
 * its shares are what count, not its total. WSUS_AUDIT_BENCH_IIS_MB changes the IIS size (default 3072).
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_DATA, ensureBuilt, SHARED_BENCH, timeCommand } from "./kinds/harness.js";
import { cpuByStage } from "./kinds/profile-stages.js";
import type { BenchResult } from "./run.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
/** The shipped CLI (one bundled file), and the same program as modules for the profiled run. */
const CLI = join(repo, "dist", "wsus-audit.js");
const CLI_MODULES = join(repo, "dist", "cli", "main.js");
const MAX_SECONDS = 20;
const MAX_RSS_MB = 400;

interface Part {
  /** Path inside the bundle. */
  path: string;
  make: (out: string) => void;
}

const iisMb = Number(process.env["WSUS_AUDIT_BENCH_IIS_MB"] ?? 3072);

function run(command: string, args: string[], stdoutTo?: string): void {
  const fd = stdoutTo ? openSync(stdoutTo, "w") : undefined;
  try {
    execFileSync(command, args, { stdio: ["ignore", fd ?? "inherit", "inherit"], cwd: repo });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const PARTS: Part[] = [
  {
    // one file per day, as IIS writes them: the generator's day headers start each file
    path: "iis/W3SVC1572271583",
    make: (folder) => {
      mkdirSync(folder, { recursive: true });
      const whole = join(folder, "all-days.tmp");
      run(
        process.execPath,
        [
          join(repo, "bench", "gen-iis-log.mjs"),
          "--mb",
          String(iisMb),
          "--clients",
          "10000",
          "--days",
          "29",
          "--out",
          "-",
        ],
        whole,
      );
      run("awk", [
        "-v",
        `dir=${folder}`,
        `/^#Software/ { getline version; getline date; split(date, d, " "); gsub("-", "", d[2]);
           if (file) close(file); file = dir "/u_ex" substr(d[2], 3) ".log";
           print $0 > file; print version > file; print date > file; next }
         { print > file }`,
        whole,
      ]);
      rmSync(whole);
    },
  },
  {
    path: "iis/HTTPERR/httperr1.log",
    make: (out) =>
      run(
        process.execPath,
        [join(SHARED_BENCH, "gen-httperr.mjs"), "--mb", "64", "--clients", "10000", "--out", "/dev/stdout"],
        out,
      ),
  },
  {
    path: "iis/applicationHost.config",
    make: (out) => copyFileSync(join(repo, "samples", "healthy", "iis", "applicationHost.config"), out),
  },
  {
    path: "eventlog/Application.evtx",
    make: (out) =>
      run("python3", [
        join(SHARED_BENCH, "gen-evtx.py"),
        join(repo, "test", "fixtures", "eventlog", "ts-evtx_Application.evtx"),
        out,
        "--mb",
        "20",
        "--patch",
        "Microsoft-Windows-Security-SPP=Windows Server Update Services",
      ]),
  },
  {
    path: "gpo/gpos-all.xml",
    make: (out) =>
      run("python3", [
        join(SHARED_BENCH, "gen-gpo-report.py"),
        join(repo, "samples", "healthy", "gpo", "gpos-all.xml"),
        out,
        "--gpos",
        "2000",
      ]),
  },
  {
    path: "acl/icacls-wsus-paths.txt",
    make: (out) => run("python3", [join(SHARED_BENCH, "gen-icacls.py"), out, "--paths", "100000"]),
  },
];

function bundleFolder(): string {
  const bundle = join(BENCH_DATA, iisMb === 3072 ? "large-bundle" : `large-bundle-iis${iisMb}mb`);
  for (const part of PARTS) {
    const target = join(bundle, part.path);
    const done = part.path.endsWith("W3SVC1572271583")
      ? existsSync(target) && readdirSync(target).some((name) => name.endsWith(".log"))
      : existsSync(target);
    if (done) continue;
    console.log(`generating ${part.path} …`);
    mkdirSync(join(target, ".."), { recursive: true });
    part.make(target);
  }
  return bundle;
}

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

export default async function largeBundleBench(): Promise<BenchResult> {
  ensureBuilt();
  const bundle = bundleFolder();
  const out = join(BENCH_DATA, "large-bundle-out");
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
  console.log(`bundle ${bundle}: ${mb(sizeOf(bundle))} MB`);
  for (const part of PARTS)
    console.log(`  ${part.path.padEnd(28)} ${mb(sizeOf(join(bundle, part.path)))} MB`);

  // warm the page cache as the per-kind benchmarks do (their reference tool reads the file first)
  run("sh", ["-c", `cat $(find "${bundle}" -type f) > /dev/null`]);
  const load = loadavg()[0]!;
  rmSync(out, { recursive: true, force: true });
  const audit = timeCommand(process.execPath, [
    CLI,
    "audit",
    bundle,
    "--out",
    out,
    "--format",
    "html,pdf,json",
    "--quiet",
  ]);
  const resultMb = existsSync(join(out, "result.json"))
    ? statSync(join(out, "result.json")).size / 1024 / 1024
    : NaN;
  const problem = ["report.html", "report.pdf", "result.json"]
    .filter((name) => !existsSync(join(out, name)))
    .map((name) => `${name} not written`)
    .join(", ");
  console.log(`large bundle, html + pdf + json  (load ${load.toFixed(1)})`);
  console.log(
    `  wsus-audit   ${audit.seconds.toFixed(2)} s wall (target < ${MAX_SECONDS} s), ${audit.cpuSeconds.toFixed(2)} s CPU, peak RSS ${audit.peakRssMb.toFixed(0)} MB (target < ${MAX_RSS_MB} MB), result.json ${resultMb.toFixed(1)} MB${problem ? `\n  PROBLEM      ${problem}` : ""}`,
  );

  const metrics: Record<string, string | number> = {
    wallS: Number(audit.seconds.toFixed(2)),
    cpuS: Number(audit.cpuSeconds.toFixed(2)),
    rssMB: Math.round(audit.peakRssMb),
    resultMB: Number(resultMb.toFixed(1)),
  };
  if (process.env["WSUS_AUDIT_BENCH_PROFILE"] !== "0") {
    const profiles = join(BENCH_DATA, "large-bundle-profile");
    rmSync(profiles, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    const start = performance.now();
    run(process.execPath, [
      "--cpu-prof",
      `--cpu-prof-dir=${profiles}`,
      // the modules, not the bundle: a profile frame's file names its pipeline stage
      CLI_MODULES,
      "audit",
      bundle,
      "--out",
      out,
      "--format",
      "html,pdf,json",
      "--quiet",
    ]);
    const profiled = (performance.now() - start) / 1000;
    const profile = readdirSync(profiles).find((name) => name.endsWith(".cpuprofile"));
    if (profile) {
      const stages = cpuByStage(join(profiles, profile));
      console.log(`  where the CLI's time went (profiled run, ${profiled.toFixed(1)} s wall; ms, share):`);
      for (const stage of stages.rows) {
        console.log(
          `    ${stage.stage.padEnd(34)} ${String(Math.round(stage.ms)).padStart(7)}  ${stage.share}`,
        );
      }
    }
  }
  rmSync(out, { recursive: true, force: true });
  return {
    name: "large-bundle",
    metrics,
    targetsMet: problem === "" && audit.seconds < MAX_SECONDS && audit.peakRssMb < MAX_RSS_MB,
  };
}
