/**
 * Client-log benchmark: a generated Get-WindowsUpdateLog text (Windows 10 format, healthy noise, scans
 * against WSUS and the Store, a failing stretch with 0x80244017, reports), 500 MB by default
 * (WSUS_AUDIT_BENCH_CLIENT_MB to change it), read by its collector and merged as the pipeline does.
 *
 * Targets (2-core machine): at least 20 MB/s; peak RSS under 250 MB (the story keeps a few values and
 * one record per error code, so memory must not follow the file size).
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { openEvidenceFile } from "../src/bundle/evidence-file.js";
import { clientSource } from "../src/collectors/client/index.js";
import { DEFAULT_LIMITS } from "../src/collectors/types.js";
import { RssSampler } from "./iis/rss-sampler.js";
import type { BenchResult } from "./run.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const MIN_MB_PER_SECOND = 20;
const MAX_RSS_MB = 250;
const WSUS = "http://wsus01.corp.fabrikam.local:8530";

/** One scan cycle of a Windows 10 client, as Get-WindowsUpdateLog writes it (PadRight 5/5/15). */
const CYCLE = [
  ["Misc", "*FAILED* [8024000C] LoadHistoryEventFromRegistry completed"],
  ["Agent", `WSUS server: ${WSUS}`],
  ["Agent", `WSUS status server: ${WSUS}`],
  ["Agent", "Target group: Workstations"],
  [
    "ProtocolTalker",
    `ServiceId = {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}, Server URL = ${WSUS}/ClientWebService/client.asmx`,
  ],
  [
    "DataStore",
    "*FAILED* [80248007] Unable to get metadata for the pre-req id 0fa1201d-4330-4fa8-8ae9-b877473b6441",
  ],
  [
    "Metadata",
    "*FAILED* [80240007] Failed to find timestampToken for update 6f2b4e1a-8c3d-4b5e-9f0a-1c2d3e4f5a6b",
  ],
  ["Metadata", "GetTimestamps succeeded"],
  ["Handler", "Handler is exiting."],
  ["ProtocolTalker", "SyncUpdates round trips: 2"],
  [
    "Agent",
    "Found 0 updates and 93 categories in search; evaluated appl. rules of 1811 out of 3122 deployed entities",
  ],
  ["Agent", "Exit code = 0x00000000"],
  [
    "Reporter",
    `Uploading 2 events using cached cookie, reporting URL = ${WSUS}/ReportingWebService/ReportingWebService.asmx`,
  ],
  ["Reporter", "Reporter successfully uploaded 2 events."],
  ["ProtocolTalker", "*FAILED* [80244017] SyncServerUpdatesInternal failure"],
  ["Agent", "Exit code = 0x80244017"],
  // Most of a real log is progress chatter no check reads.
  ...Array.from({ length: 48 }, (_, i) => [
    ["DownloadManager", "Handler", "IdleTimer", "Shared", "ComApi", "Deployment"][i % 6]!,
    `Progress ${i}: job {9C3E1A2B-4D5E-4F60-8172-93A4B5C6D7E8} bytes transferred ${i * 65536} of 4194304, priority Normal`,
  ]),
] as const;

function line(i: number): string {
  const [component, text] = CYCLE[i % CYCLE.length]!;
  const seconds = Math.floor(i / 4);
  const stamp = new Date(Date.UTC(2026, 10, 1) + seconds * 1000).toISOString();
  const date = stamp.slice(0, 10).replace(/-/g, "/");
  const clock = `${stamp.slice(11, 19)}.${String(i % 10_000_000).padStart(7, "0")}`;
  return `${date} ${clock} ${"1204".padEnd(5)} ${String(4000 + (i % 900)).padEnd(5)} ${component.padEnd(15)} ${text}\r\n`;
}

async function ensure(path: string, bytes: number): Promise<void> {
  if (existsSync(path) && Math.abs(statSync(path).size - bytes) < 64 * 1024) return;
  console.log(`generating ${Math.round(bytes / 1024 / 1024)} MB into ${path} …`);
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const text = line(i);
    written += text.length;
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

export default async function clientLogBench(): Promise<BenchResult> {
  const mb = Number(process.env.WSUS_AUDIT_BENCH_CLIENT_MB ?? 500);
  const folder = join(here, "data", "client");
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `WindowsUpdate-${mb}mb.log`);
  await ensure(path, mb * 1024 * 1024);

  const sampler = new RssSampler();
  const collector = clientSource.collectors.find((candidate) => candidate.kind === "wu-log-etl")!;
  const file = await openEvidenceFile(path);
  const start = performance.now();
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  const merged = clientSource.merge([{ file: file.path, facts: output.facts! }], {});
  const seconds = (performance.now() - start) / 1000;
  const peakRssMb = sampler.stop();
  const mbps = file.size / 1024 / 1024 / seconds;
  const metrics = {
    sizeMB: mb,
    lines: output.records,
    rejected: output.rejected,
    errorsGrouped: merged.computers[0]?.errors.length ?? 0,
    seconds: Number(seconds.toFixed(1)),
    MBps: Number(mbps.toFixed(1)),
    peakRssMB: Math.round(peakRssMb),
  };
  console.log(metrics);
  return {
    name: "client (Get-WindowsUpdateLog text)",
    metrics,
    targetsMet: mbps >= MIN_MB_PER_SECOND && peakRssMb < MAX_RSS_MB && output.rejected === 0,
  };
}
