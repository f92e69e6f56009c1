/**
 * Per-computer benchmark (issue 16): a 50,000-computer estate — the WSUS list and the domain's
 * list as PowerShell 5.1 exports them (gen-computers.mjs), the sample's Get-GPOReport, and 30 days
 * of IIS logs of a 10,000-client site (gen-iis-log.mjs, 480 MB: ~10 requests per client a day) —
 * audited by the whole pipeline and written as html, json, csv and md (pdf too when Chromium is
 * there). Prints wall time, peak RSS, result.json size and report sizes.
 *
 * WSUS_AUDIT_BENCH_COMPUTERS (default 50000), WSUS_AUDIT_BENCH_COMPUTERS_IIS_MB (default 480).
 * Targets (2-core machine): peak RSS under 1,000 MB, under 5 minutes, every computer judged and in
 * computers.csv, result.json under 100 MB.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { auditBundle } from "../src/pipeline/audit-bundle.js";
import { findChromium, writeReports, type ReportFormat } from "../src/report/index.js";
import { RssSampler } from "./iis/rss-sampler.js";
import type { BenchResult } from "./run.js";
// @ts-expect-error an untyped .mjs generator, shared with the command line
import { generateComputers } from "./gen-computers.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(here, "..");
const MAX_RSS_MB = 1000;
const MAX_SECONDS = 300;
const MAX_RESULT_MB = 100;
const COLLECTED = "2026-10-31";

export async function ensureBundle(folder: string, computers: number, iisMb: number): Promise<void> {
  const stamp = join(folder, ".generated");
  const wanted = `${computers}/${iisMb}`;
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return;
  console.log(`generating ${computers} computers and ${iisMb} MB of IIS logs into ${folder} …`);
  mkdirSync(join(folder, "gpo"), { recursive: true });
  mkdirSync(join(folder, "iis"), { recursive: true });
  await generateComputers({ computers, iisClients: 10_000, out: folder, collected: COLLECTED });
  copyFileSync(
    join(ROOT, "samples", "clients-not-reporting", "gpo", "gpos-all.xml"),
    join(folder, "gpo", "gpos-all.xml"),
  );
  writeFileSync(
    join(folder, "bundle.json"),
    JSON.stringify({
      customer: "Fabrikam GmbH",
      site: "Benchmark estate",
      collected: `${COLLECTED}T09:00:00Z`,
    }),
  );
  const iis = spawn(
    process.execPath,
    [
      join(here, "gen-iis-log.mjs"),
      ...["--mb", String(iisMb), "--clients", "10000", "--days", "30", "--seed", "16"],
      ...["--out", join(folder, "iis", "u_ex2610.log")],
    ],
    { stdio: "inherit" },
  );
  const [code] = (await once(iis, "exit")) as [number];
  if (code !== 0) throw new Error(`gen-iis-log.mjs exited with ${code}`);
  writeFileSync(stamp, wanted);
}

const mb = (bytes: number): number => Number((bytes / 1024 / 1024).toFixed(1));

export const BUNDLE = join(here, "data", "computers", "bundle");

export default async function computersBench(): Promise<BenchResult> {
  const computers = Number(process.env.WSUS_AUDIT_BENCH_COMPUTERS ?? 50_000);
  const iisMb = Number(process.env.WSUS_AUDIT_BENCH_COMPUTERS_IIS_MB ?? 480);
  const folder = BUNDLE;
  const out = join(here, "data", "computers", "report");
  await ensureBundle(folder, computers, iisMb);

  const formats: ReportFormat[] = ["html", "json", "csv", "md"];
  if (findChromium().path) formats.push("pdf");
  const sampler = new RssSampler();
  const start = performance.now();
  const result = await auditBundle(folder);
  const audited = performance.now();
  const { written } = await writeReports(result, out, formats);
  const seconds = (performance.now() - start) / 1000;
  const peakRssMb = sampler.stop();

  const size = (file: string): number => (existsSync(join(out, file)) ? statSync(join(out, file)).size : 0);
  const csvRows = readFileSync(join(out, "computers.csv"), "utf8").split("\r\n").length - 2;
  const answer = result.computers;
  const metrics: Record<string, string | number> = {
    computers: answer?.total ?? 0,
    notReporting: answer
      ? Object.entries(answer.counts)
          .filter(([v]) => v !== "reporting" && v !== "unknown")
          .reduce((n, [, c]) => n + c, 0)
      : 0,
    causes: answer?.causes.length ?? 0,
    iisMB: iisMb,
    auditSeconds: Number(((audited - start) / 1000).toFixed(1)),
    seconds: Number(seconds.toFixed(1)),
    peakRssMB: Math.round(peakRssMb),
    resultJsonMB: mb(size("result.json")),
    reportHtmlMB: mb(size("report.html")),
    reportPdfMB: mb(size("report.pdf")),
    reportMdMB: mb(size("report.md")),
    findingsCsvMB: mb(size("findings.csv")),
    computersCsvMB: mb(size("computers.csv")),
    computersCsvRows: csvRows,
    files: written.length,
  };
  console.log(metrics);
  return {
    name: "computers (50,000-computer estate, 30 days of IIS logs)",
    metrics,
    targetsMet:
      peakRssMb < MAX_RSS_MB &&
      seconds < MAX_SECONDS &&
      answer?.evaluable === true &&
      csvRows === answer.total &&
      size("result.json") < MAX_RESULT_MB * 1024 * 1024,
  };
}
