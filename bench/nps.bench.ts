/**
 * NPS benchmark: a generated DTS accounting log (one `<Event>` per line, NAP state and session on
 * every record, a System-Health-Result text on every other one) and a generated SoH text file,
 * 128 MB each by default (WSUS_AUDIT_BENCH_NPS_MB to change it), 5000 clients. Each is read by its
 * collector and merged, as the pipeline does.
 *
 * Targets (2-core machine): at least 15 MB/s per collector; peak RSS under 300 MB (the facts are
 * bounded per machine, so memory must not follow the file size).
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { openEvidenceFile } from "../src/bundle/evidence-file.js";
import { npsSource } from "../src/collectors/nps/index.js";
import { DEFAULT_LIMITS } from "../src/collectors/types.js";
import { RssSampler } from "./iis/rss-sampler.js";
import type { BenchResult } from "./run.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const MIN_MB_PER_SECOND = 15;
const MAX_RSS_MB = 300;
const CLIENTS = 5000;
const CODES = ["0x0", "0xc0ff000c", "0xc0ff000f", "0xc0ff0010", "0x00ff0008", "0xc0ff0003"];

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

function sessionHex(i: number): string {
  // GUID bytes then a FILETIME in 2026 (little-endian), as NPS writes Acct-Session-Id.
  const filetime = (BigInt(1_790_000_000_000 + i * 1000) + 11_644_473_600_000n) * 10_000n;
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE(filetime);
  return (
    hex(i, 8) + "ABCD4EF0" + "8123" + hex(i % 65536, 4) + "00155D0A0117" + time.toString("hex").toUpperCase()
  );
}

function shvText(i: number, separator: string): string {
  const code = CODES[i % CODES.length]!;
  const lines = ["Windows Security Health Validator", code === "0x0" ? "Compliant" : "NonCompliant", "None"];
  for (let p = 0; p < 6; p++) lines.push("(0x0-)");
  lines.push(
    `(${code}-The Windows Update Agent on this computer reported a problem.)`,
    "(0x40-)",
    "(0x00010000-)",
  );
  return lines.join(separator);
}

async function writeUntil(path: string, bytes: number, record: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const text = record(i);
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function dtsRecord(i: number): string {
  const machine = `PC${String(i % CLIENTS).padStart(5, "0")}`;
  const second = String(i % 60).padStart(2, "0");
  const health =
    i % 2 === 0
      ? `<System-Health-Result data_type="1">${shvText(i, "&#13;&#10;")}</System-Health-Result>`
      : "";
  return (
    `<Event><Timestamp data_type="4">11/17/2026 10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${second}.123</Timestamp>` +
    `<Computer-Name data_type="1">NPS01</Computer-Name><Event-Source data_type="1">IAS</Event-Source>` +
    `<User-Name data_type="1">host/${machine}.contoso.local</User-Name><MS-Machine-Name data_type="1">${machine}</MS-Machine-Name>` +
    `<NP-Policy-Name data_type="1">NAP DHCP Noncompliant</NP-Policy-Name><Acct-Session-Id data_type="2">${sessionHex(i)}</Acct-Session-Id>` +
    `<MS-Quarantine-State data_type="0">${i % 3}</MS-Quarantine-State><MS-Extended-Quarantine-State data_type="0">0</MS-Extended-Quarantine-State>` +
    `${health}<Packet-Type data_type="0">2</Packet-Type><Reason-Code data_type="0">0</Reason-Code></Event>\r\n`
  );
}

function sohRecord(i: number): string {
  const machine = `PC${String(i % CLIENTS).padStart(5, "0")}`;
  const second = String(i % 60).padStart(2, "0");
  return [
    `Machine ${machine} was quarantined.`,
    "OS-Version = 6.1.7601 1.0 x64 Workstation",
    "Policy-Name = NAP DHCP Noncompliant",
    `Quarantine-Session-Identifier = {${hex(i, 8)}-ABCD-4EF0-8123-00155D0A0117} - 2026-11-17 10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${second}.123Z`,
    "Quarantine-System-Health-Result =",
    shvText(i, "\r\n"),
    "",
    "",
  ].join("\r\n");
}

async function ensure(path: string, bytes: number, record: (i: number) => string): Promise<void> {
  if (existsSync(path) && Math.abs(statSync(path).size - bytes) < 64 * 1024) return;
  console.log(`generating ${Math.round(bytes / 1024 / 1024)} MB into ${path} …`);
  await writeUntil(path, bytes, record);
}

async function run(
  kind: string,
  path: string,
): Promise<{ seconds: number; records: number; machines: number; mbps: number }> {
  const collector = npsSource.collectors.find((candidate) => candidate.kind === kind)!;
  const file = await openEvidenceFile(path);
  const start = performance.now();
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  const merged = npsSource.merge([{ file: file.path, facts: output.facts! }], {});
  const seconds = (performance.now() - start) / 1000;
  const machines = Math.max(merged.machines.length, merged.accounting.machines.length);
  return { seconds, records: output.records, machines, mbps: file.size / 1024 / 1024 / seconds };
}

export default async function npsBench(): Promise<BenchResult> {
  const mb = Number(process.env.WSUS_AUDIT_BENCH_NPS_MB ?? 128);
  const folder = join(here, "data", "nps");
  mkdirSync(folder, { recursive: true });
  const dts = join(folder, `IN2611-dts-${mb}mb.log`);
  const soh = join(folder, `soh-${mb}mb.txt`);
  await ensure(dts, mb * 1024 * 1024, dtsRecord);
  await ensure(soh, mb * 1024 * 1024, sohRecord);

  const sampler = new RssSampler();
  const accounting = await run("nps-accounting-log", dts);
  const text = await run("nps-soh-text", soh);
  const peakRssMb = sampler.stop();

  const metrics = {
    sizeMB: mb,
    dtsRecords: accounting.records,
    dtsMBps: Number(accounting.mbps.toFixed(1)),
    sohEntries: text.records,
    sohMBps: Number(text.mbps.toFixed(1)),
    machines: text.machines,
    peakRssMB: Math.round(peakRssMb),
  };
  console.log(metrics);
  const targetsMet =
    accounting.mbps >= MIN_MB_PER_SECOND && text.mbps >= MIN_MB_PER_SECOND && peakRssMb < MAX_RSS_MB;
  return { name: "nps (DTS accounting + SoH text)", metrics, targetsMet };
}
