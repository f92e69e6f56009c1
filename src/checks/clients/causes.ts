/**
 * The most likely cause of a computer's verdict, with the line that shows it — or none, and the
 * caller says "no evidence of the cause in this bundle". Each verdict looks at its own candidates
 * in a fixed order: what the computer itself says (its logs) first, then what the domain, Group
 * Policy, NPS and the server's logs say about it, then the WSUS row itself.
 */
import type { Facts } from "../../collectors/facts.js";
import type { AdComputer } from "../../collectors/ad-computers/facts.js";
import type { Stamp } from "../../collectors/ps-export/dates.js";
import { ouCoverage } from "./coverage.js";
import type { ComputerRecord, ObservationSource } from "./model.js";

export interface Cause {
  text: string;
  /** The cause without this computer's particulars: computers are counted by it. */
  group: string;
  evidence: string;
  source: ObservationSource | "";
}

const DAY = 86_400_000;

export function where(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

/** Age in days by both readings of a stamp: [youngest, oldest]; never = Infinity; undefined when unknown. */
export function ages(stamp: Stamp | undefined, reference: number): [number, number] | undefined {
  if (!stamp) return undefined;
  if (stamp.never) return [Infinity, Infinity];
  const a = (reference - Date.parse(stamp.at!)) / DAY;
  const b = stamp.alt ? (reference - Date.parse(stamp.alt)) / DAY : a;
  return [Math.min(a, b), Math.max(a, b)];
}

export function show(stamp: Stamp | undefined): string {
  if (!stamp) return "";
  if (stamp.never) return "never";
  return stamp.alt ? `${stamp.at} or ${stamp.alt}` : stamp.at!;
}

/** The first observation of the record of these kinds, in the order the kinds are given. */
export function observed(record: ComputerRecord | undefined, kinds: readonly string[]): Cause | undefined {
  for (const kind of kinds) {
    const found = record?.observations.find((o) => o.kind === kind);
    if (found)
      return {
        text: found.text,
        group: found.group ?? found.text,
        evidence: where(found.provenance.file, found.provenance.line),
        source: found.source,
      };
  }
  return undefined;
}

/** A domain account that cannot be in use: disabled, or no logon for the threshold plus the 14-day replication lag. */
export function adCause(ad: AdComputer | undefined, reference: number, staleDays: number): Cause | undefined {
  if (!ad) return undefined;
  const evidence = where(ad.file, ad.line);
  if (ad.enabled === false) {
    const text = "its domain account is disabled";
    return { text, group: text, evidence, source: "active-directory" };
  }
  const age = ages(ad.lastLogon, reference);
  if (age && age[0] > staleDays + 14) {
    return {
      text: ad.lastLogon?.never
        ? "it has never logged on to the domain"
        : `it has not logged on to the domain since ${show(ad.lastLogon).slice(0, 10)}: probably switched off or decommissioned`,
      group: ad.lastLogon?.never
        ? "it has never logged on to the domain"
        : `no domain logon for more than ${staleDays + 14} days: probably switched off or decommissioned`,
      evidence,
      source: "active-directory",
    };
  }
  return undefined;
}

/** Its OU gets no WSUS GPO (not linked, link disabled, or the default Computers container). */
export function ouCause(ou: string | undefined, facts: Facts): Cause | undefined {
  const coverage = ouCoverage(ou, facts.gpo);
  if (coverage.state === "linked" || coverage.state === "unknown") return undefined;
  return {
    text: coverage.text,
    group: coverage.text,
    evidence: coverage.file ? where(coverage.file, coverage.line) : "",
    source: "gpo",
  };
}

/** The reporting path failing on the server for everyone: ReportingWebService errors in the IIS logs. */
export function reportingFailures(facts: Facts): Cause | undefined {
  const rows = (facts.iisLog?.responses ?? []).filter(
    (r) => r.vdir === "ReportingWebService" && r.status >= 400,
  );
  if (rows.length === 0) return undefined;
  const total = rows.reduce((n, r) => n + r.count, 0);
  const sample = facts.iisLog!.samples.find((s) => s.vdir === "ReportingWebService" && s.status >= 400);
  if (!sample) return undefined;
  const text = `ReportingWebService answered ${total} request(s) with HTTP ${sample.status}${sample.substatus >= 0 ? `.${sample.substatus}` : ""} and other errors`;
  return {
    text,
    group: text,
    evidence: where(sample.file, sample.line),
    source: "iis",
  };
}

/** Kinds that show the server refusing this computer (an HTTP error status, or HTTP.sys turning it away). */
export const REFUSAL_KINDS = ["iis.refused", "httperr.unavailable"] as const;

/** Candidates per verdict, strongest first (kinds are the join modules' observation kinds). */
export const CAUSE_KINDS = {
  refused: [...REFUSAL_KINDS, "client.scan-error", "client.report-error"],
  syncNoReport: ["client.report-error", "gpo.no-status-server"],
  /** Not failing any more by its own log: said when nothing else explains the verdict. */
  recovered: ["client.recovered"],
  staleOwn: ["client.wrong-server", "client.scan-error"],
  staleServer: ["gpo.no-policy"],
  /** A RADIUS reject keeps the computer off the network before any health check: it comes first. */
  staleLate: ["nps.rejected", "nps.update-problem", "httperr.rejected", "client.recovered"],
} as const;
