/**
 * The per-computer answer (issue 16): every computer of the WSUS list and of the domain's list,
 * joined with the rest of the bundle (IIS traffic by address, Group Policy of the computer and of
 * its OU), gets a verdict and its most likely cause with the line that shows it — or
 * "no evidence of the cause in this bundle". Never a guess shown as a fact.
 */
import type { Facts } from "../../collectors/facts.js";
import type { AdComputer } from "../../collectors/ad-computers/facts.js";
import type { Stamp } from "../../collectors/ps-export/dates.js";
import type { WsusComputer } from "../../collectors/wsus-computers/facts.js";
import { ouCoverage } from "./coverage.js";
import { agentParams, roleOf } from "./iis-agents.js";
import { ComputerModel, computerKey, identify, type ComputerRecord } from "./model.js";

export const VERDICTS = [
  "reporting",
  "stale",
  "sync-no-report",
  "refused",
  "duplicate-id",
  "never-registered",
  "unknown",
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const NO_CAUSE = "no evidence of the cause in this bundle";

export interface ComputerRow {
  name: string;
  ou: string;
  ip: string;
  lastSync: string;
  lastReport: string;
  verdict: Verdict;
  cause: string;
  /** file:line of the line that shows the cause (or of the computer's own row when no cause was found). */
  evidence: string;
}

export interface ComputersView {
  evaluable: boolean;
  reason: string;
  /** The time staleness is measured from, and where it came from. */
  reference?: string;
  referenceFrom?: string;
  staleDays: number;
  total: number;
  counts: Record<Verdict, number>;
  /** Per verdict, the causes and how many computers each explains, commonest first. */
  causes: { verdict: Verdict; cause: string; count: number }[];
  computers: ComputerRow[];
  /** Whether the domain's list (with last logon dates) was there to find computers missing from WSUS. */
  adPresent: boolean;
  inventoryFiles: number;
  /** Whether any computer of the WSUS list has a LastSyncTime / LastReportedStatusTime. */
  hasSync: boolean;
  hasReport: boolean;
}

const DAY = 86_400_000;

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function where(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

function show(stamp: Stamp | undefined): string {
  if (!stamp) return "";
  if (stamp.never) return "never";
  return stamp.alt ? `${stamp.at} or ${stamp.alt}` : stamp.at!;
}

/** Age in days by both readings of a stamp: [youngest, oldest]; never = Infinity; undefined when unknown. */
function ages(stamp: Stamp | undefined, reference: number): [number, number] | undefined {
  if (!stamp) return undefined;
  if (stamp.never) return [Infinity, Infinity];
  const a = (reference - Date.parse(stamp.at!)) / DAY;
  const b = stamp.alt ? (reference - Date.parse(stamp.alt)) / DAY : a;
  return [Math.min(a, b), Math.max(a, b)];
}

function referenceTime(facts: Facts): { at: number; from: string } | undefined {
  const collected = facts.bundle.manifest.collected;
  if (typeof collected === "string" && Number.isFinite(Date.parse(collected)))
    return { at: Date.parse(collected), from: 'bundle.json "collected"' };
  const newest = facts.wsusComputers?.newest ?? facts.adComputers?.newest;
  if (newest)
    return {
      at: Date.parse(newest),
      from: "the newest timestamp in the computer list (the export was made after it)",
    };
  return undefined;
}

/** Evidence of one computer found elsewhere in the bundle, attached to the model by name or address. */
function joinEvidence(facts: Facts, model: ComputerModel, raw: Record<string, unknown>): void {
  for (const rsop of facts.gpo?.computers ?? []) {
    const name = rsop.name.split("\\").pop() ?? rsop.name;
    const view = facts.gpo?.views.find((v) => v.kind === "rsop" && v.computer === rsop.name);
    const text = !view
      ? `gpresult of ${rsop.name}`
      : !view.wsusPolicyPresent
        ? `gpresult of ${rsop.name}: no WSUS policy reaches this computer`
        : !view.urls.status
          ? `gpresult of ${rsop.name}: WUStatusServer is not set, so status reports have nowhere to go`
          : `gpresult of ${rsop.name}: WSUS policy applied`;
    const kind = !view
      ? "gpo.rsop"
      : !view.wsusPolicyPresent
        ? "gpo.no-policy"
        : !view.urls.status
          ? "gpo.no-status-server"
          : "gpo.applied";
    model.observe(identify(name), {
      source: "gpo",
      kind,
      text,
      provenance: { file: rsop.file, line: rsop.line },
    });
  }
  const log = facts.iisLog;
  if (!log) return;
  const params = agentParams(raw);
  const files = log.files.map((f) => f.file);
  const logs = files.length === 1 ? files[0]! : `${files.length} IIS logs`;
  for (const client of log.clients) {
    const role = roleOf(client, params);
    if (role.role !== "agent") continue;
    const cws = client.services["ClientWebService"]!;
    const sample = [...log.authFailureSamples, ...log.samples].find((s) => s.text.includes(` ${client.ip} `));
    const provenance = sample ? { file: sample.file, line: sample.line } : { file: logs };
    if (cws.ok === 0) {
      const status = sample
        ? ` (HTTP ${sample.status}${sample.substatus >= 0 ? `.${sample.substatus}` : ""})`
        : "";
      model.observeAddress(client.ip, {
        source: "iis",
        kind: "iis.refused",
        at: cws.last,
        text: `all ${cws.requests} scan request(s) from ${client.ip} were refused${status}`,
        provenance,
      });
    } else {
      model.observeAddress(client.ip, {
        source: "iis",
        kind: client.services["ReportingWebService"] ? "iis.reports" : "iis.scans-only",
        at: client.last,
        text: `${client.ip} scanned ${cws.requests} time(s) and posted ${client.services["ReportingWebService"]?.requests ?? 0} report(s)`,
        provenance,
      });
    }
  }
}

/** The reporting path failing on the server: ReportingWebService errors in the IIS logs. */
function reportingFailures(facts: Facts): { text: string; file: string; line: number } | undefined {
  const rows = (facts.iisLog?.responses ?? []).filter(
    (r) => r.vdir === "ReportingWebService" && r.status >= 400,
  );
  if (rows.length === 0) return undefined;
  const total = rows.reduce((n, r) => n + r.count, 0);
  const sample = facts.iisLog!.samples.find((s) => s.vdir === "ReportingWebService" && s.status >= 400);
  if (!sample) return undefined;
  return {
    text: `ReportingWebService answered ${total} request(s) with HTTP ${sample.status}${sample.substatus >= 0 ? `.${sample.substatus}` : ""} and other errors`,
    file: sample.file,
    line: sample.line,
  };
}

interface Cause {
  text: string;
  evidence: string;
}

function observation(record: ComputerRecord | undefined, kinds: string[]): Cause | undefined {
  const found = record?.observations.find((o) => kinds.includes(o.kind));
  return found
    ? { text: found.text, evidence: where(found.provenance.file, found.provenance.line) }
    : undefined;
}

function adCause(ad: AdComputer | undefined, reference: number, staleDays: number): Cause | undefined {
  if (!ad) return undefined;
  if (ad.enabled === false)
    return { text: "its domain account is disabled", evidence: where(ad.file, ad.line) };
  const age = ages(ad.lastLogon, reference);
  if (age && age[0] > staleDays + 14) {
    return {
      text: ad.lastLogon?.never
        ? "it has never logged on to the domain"
        : `it has not logged on to the domain since ${show(ad.lastLogon).slice(0, 10)}: probably switched off or decommissioned`,
      evidence: where(ad.file, ad.line),
    };
  }
  return undefined;
}

function ouCause(ou: string | undefined, facts: Facts): Cause | undefined {
  const coverage = ouCoverage(ou, facts.gpo);
  if (coverage.state === "linked" || coverage.state === "unknown") return undefined;
  return { text: coverage.text, evidence: coverage.file ? where(coverage.file, coverage.line) : "" };
}

export function computersView(facts: Facts, raw: Record<string, unknown>): ComputersView {
  const staleDays = num(raw["staleDays"], 30);
  const activeDays = num(raw["activeLogonDays"], 30);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const adPresent = (facts.adComputers?.files ?? []).some((f) => f.hasLastLogon);
  const inventoryFiles = facts.wsusComputers?.files.length ?? 0;
  const hasSync = (facts.wsusComputers?.computers ?? []).some((c) => c.lastSync);
  const hasReport = (facts.wsusComputers?.computers ?? []).some((c) => c.lastReport);
  const empty = {
    staleDays,
    total: 0,
    counts,
    causes: [],
    computers: [],
    adPresent,
    inventoryFiles,
    hasSync,
    hasReport,
  };
  const inventory = facts.wsusComputers;
  if (!inventory) {
    return {
      ...empty,
      evaluable: false,
      reason: "the bundle holds no WSUS computer list (Get-WsusComputer export or SUSDB query)",
    };
  }
  const ref = referenceTime(facts);
  if (!ref) {
    return {
      ...empty,
      evaluable: false,
      reason:
        'no timestamp in the computer list and no "collected" date in bundle.json: ages cannot be measured',
    };
  }
  const model = new ComputerModel();
  const rowsByKey = new Map<string, WsusComputer[]>();
  const keysById = new Map<string, Set<string>>();
  for (const c of inventory.computers) {
    model.record(identify(c.name, { ...(c.ip ? { ip: c.ip } : {}), ...(c.id ? { clientId: c.id } : {}) }));
    const list = rowsByKey.get(c.key);
    if (list) list.push(c);
    else rowsByKey.set(c.key, [c]);
    if (c.id) {
      let keys = keysById.get(c.id);
      if (!keys) keysById.set(c.id, (keys = new Set()));
      keys.add(c.key);
    }
  }
  const adByKey = new Map<string, AdComputer>();
  for (const a of facts.adComputers?.computers ?? []) {
    adByKey.set(a.key, a);
    const record = model.record(identify(a.dnsName ?? a.name));
    if (a.ou) record.ou = a.ou;
  }
  joinEvidence(facts, model, raw);
  const reporting = reportingFailures(facts);
  const rows: ComputerRow[] = [];

  for (const [key, list] of rowsByKey) {
    // the same name under two IDs: a re-installed machine; its freshest row is the live one
    const row = list.reduce((a, b) =>
      (ages(a.lastSync, ref.at)?.[0] ?? Infinity) <= (ages(b.lastSync, ref.at)?.[0] ?? Infinity) ? a : b,
    );
    const record = model.get(key);
    const ad = adByKey.get(key);
    const own = where(row.file, row.line);
    const base = {
      name: row.name,
      ou: record?.ou ?? "",
      ip: row.ip ?? "",
      lastSync: show(row.lastSync),
      lastReport: show(row.lastReport),
    };
    const sharers = row.id ? [...(keysById.get(row.id) ?? [])].filter((k) => k !== key) : [];
    let verdict: Verdict;
    let cause: Cause | undefined;
    const report = ages(row.lastReport, ref.at);
    const sync = ages(row.lastSync, ref.at);
    if (sharers.length > 0) {
      verdict = "duplicate-id";
      cause = {
        text: `shares client ID ${row.id} with ${sharers.join(", ")} (cloned image: SusClientId not reset)`,
        evidence: own,
      };
    } else if (!report) {
      verdict = "unknown";
      cause = { text: "the export has no LastReportedStatusTime for this computer", evidence: own };
    } else if (report[1] < staleDays) {
      verdict = "reporting";
    } else if (report[0] >= staleDays) {
      if (sync && sync[1] < staleDays) verdict = "sync-no-report";
      else if (!sync || sync[0] >= staleDays) verdict = "stale";
      else verdict = "unknown";
    } else {
      verdict = "unknown";
      cause = {
        text: "the date order of the export is ambiguous and the two readings disagree",
        evidence: own,
      };
    }
    if (verdict === "stale" || verdict === "sync-no-report") {
      const refused = observation(record, ["iis.refused"]);
      if (refused) {
        verdict = "refused";
        cause = refused;
      }
    }
    if (verdict === "sync-no-report") {
      cause =
        observation(record, ["gpo.no-status-server"]) ??
        (reporting ? { text: reporting.text, evidence: where(reporting.file, reporting.line) } : undefined) ??
        observation(record, ["iis.scans-only"]);
    } else if (verdict === "stale") {
      cause =
        adCause(ad, ref.at, staleDays) ??
        observation(record, ["gpo.no-policy"]) ??
        ouCause(record?.ou, facts) ??
        (row.lastSyncResult === "Failed"
          ? { text: "its last scan failed (LastSyncResult = Failed)", evidence: own }
          : undefined);
    }
    counts[verdict]++;
    rows.push({
      ...base,
      verdict,
      cause: verdict === "reporting" ? "" : (cause?.text ?? NO_CAUSE),
      evidence: cause?.evidence || own,
    });
  }

  // domain computers in use that the WSUS server does not know
  for (const ad of facts.adComputers?.computers ?? []) {
    if (rowsByKey.has(ad.key) || ad.enabled === false) continue;
    const logon = ages(ad.lastLogon, ref.at);
    if (!logon || logon[1] > activeDays) continue;
    const record = model.get(ad.key);
    const cause = observation(record, ["gpo.no-policy"]) ?? ouCause(ad.ou, facts);
    counts["never-registered"]++;
    rows.push({
      name: ad.dnsName ?? ad.name,
      ou: ad.ou ?? "",
      ip: ad.ip ?? "",
      lastSync: "",
      lastReport: "",
      verdict: "never-registered",
      cause: cause?.text ?? NO_CAUSE,
      evidence: cause?.evidence || where(ad.file, ad.line),
    });
  }

  const tally = new Map<string, { verdict: Verdict; cause: string; count: number }>();
  for (const r of rows) {
    if (r.verdict === "reporting") continue;
    const k = `${r.verdict}\u0000${r.cause}`;
    const t = tally.get(k);
    if (t) t.count++;
    else tally.set(k, { verdict: r.verdict, cause: r.cause, count: 1 });
  }
  return {
    evaluable: true,
    reason: `${inventory.computers.length} computer(s) in the WSUS list${facts.adComputers ? `, ${facts.adComputers.computers.length} in the domain's list` : ""}; ages measured from ${new Date(ref.at).toISOString().slice(0, 16).replace("T", " ")} UTC (${ref.from})`,
    reference: new Date(ref.at).toISOString(),
    referenceFrom: ref.from,
    staleDays,
    total: rows.length,
    counts,
    causes: [...tally.values()].sort((a, b) => b.count - a.count),
    computers: rows,
    adPresent,
    inventoryFiles,
    hasSync,
    hasReport,
  };
}

export { computerKey };
