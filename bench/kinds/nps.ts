/**
 * What the NPS benchmarks share (issue 19): the generators that write their files and the checks
 * that the audit really read them. Accounting logs come from ../shared/bench/gen-nps.mjs; event
 * exports are a sample export grown with ../shared/bench/gen-replicate.py, one machine per record
 * cycling over `clients` machines.
 */
import { closeSync, openSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { replicateExport, SHARED_BENCH, type AuditResultSummary } from "./harness.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

/** An accounting log of about `mb` MB in one of NPS's three formats. */
export function generateAccounting(
  format: "ias" | "odbc" | "dts",
  out: string,
  mb: number,
  clients = 10_000,
): void {
  const fd = openSync(out, "w");
  try {
    execFileSync(
      process.execPath,
      [
        join(SHARED_BENCH, "gen-nps.mjs"),
        "--format",
        format,
        "--mb",
        String(mb),
        "--clients",
        String(clients),
        "--out",
        "/dev/stdout",
      ],
      { stdio: ["ignore", fd, "inherit"] },
    );
  } finally {
    closeSync(fd);
  }
}

/** The record patterns gen-replicate.py documents for each export. */
const RECORD = {
  xml: "<Event[ >].*?</Event>",
  csv: "(?m)^(?:Information|Warning|Error|Critical|Verbose|Audit Success|Audit Failure),.*?(?=^(?:Information|Warning|Error|Critical|Verbose|Audit Success|Audit Failure),|\\Z)",
} as const;

/** The sample exports grown: an Event Viewer XML (6276 + 6278) and an Event Viewer CSV (6276–6278). */
const SAMPLE = {
  xml: join(repo, "samples", "nps-no-wsus-server", "nps", "Security-NPS.xml"),
  csv: join(repo, "samples", "nps-mixed-client-states", "nps", "Security-NPS.csv"),
} as const;

export function generateEventExport(kind: "xml" | "csv", out: string, mb: number, clients: number): void {
  replicateExport(SAMPLE[kind], out, mb, [
    "--record",
    RECORD[kind],
    "--clients",
    String(clients),
    "--machine-re",
    "PC-[A-Z0-9]+",
  ]);
}

interface NpsSummary {
  entries?: number;
  machines?: unknown[];
  events?: { total: number };
  accounting?: { records: number; machines?: unknown[] };
  truncated?: { machines: number };
}

/** The accounting records were counted and machines found. */
export function verifyAccounting(result: AuditResultSummary): string | undefined {
  const nps = result.facts["nps"] as NpsSummary | undefined;
  if (!nps?.accounting || nps.accounting.records === 0) return "no accounting record in facts.nps";
  if ((nps.accounting.machines?.length ?? 0) === 0) return "no accounting machine in facts.nps";
  return undefined;
}

/** The events were counted and machines decoded. */
export function verifyEvents(result: AuditResultSummary): string | undefined {
  const nps = result.facts["nps"] as NpsSummary | undefined;
  if (!nps?.events || nps.events.total === 0) return "no NPS event in facts.nps";
  if ((nps.machines?.length ?? 0) === 0) return "no machine in facts.nps";
  return undefined;
}

/** Machines of the event exports: WSUS_AUDIT_BENCH_NPS_CLIENTS (default 10,000). */
export function eventClients(): number {
  return Number(process.env["WSUS_AUDIT_BENCH_NPS_CLIENTS"] ?? 10_000);
}
