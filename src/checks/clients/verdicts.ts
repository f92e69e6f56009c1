/**
 * The per-computer answer (issues 16 and 17): every computer of the WSUS list, of the domain's list
 * and of the client files, joined by name and address with the rest of the bundle — IIS and HTTP.sys
 * traffic, Group Policy of the computer and of its OU, NPS health results, the client's own logs and
 * registry — gets a verdict and its most likely cause with the line that shows it, or
 * "no evidence of the cause in this bundle". Never a guess shown as a fact. Joins go through maps
 * keyed by name, address and client ID: linear in the number of computers.
 */
import type { Facts } from "../../collectors/facts.js";
import type { AdComputer } from "../../collectors/ad-computers/facts.js";
import type { WsusComputer } from "../../collectors/wsus-computers/facts.js";
import {
  CAUSE_KINDS,
  REFUSAL_KINDS,
  adCause,
  ages,
  observed,
  ouCause,
  reportingFailures,
  show,
  where,
  type Cause,
} from "./causes.js";
import { identitySurplus, sharedIds, type IdentitySurplus, type SharedId } from "./identities.js";
import { joinClientEvidence, type ClientStory } from "./join-client.js";
import { joinGroupPolicy, joinNps } from "./join-named.js";
import { joinRadius } from "./join-radius.js";
import { joinTraffic } from "./join-traffic.js";
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
  /** The cause without this computer's particulars (address, times): what computers are counted by. */
  causeGroup: string;
  /** The source the cause comes from (an ObservationSource, "wsus-inventory", …), "" when none. */
  causeSource: string;
  /** The WSUS server the client itself uses (its log's `WSUS server:` or registry WUServer), "" unknown. */
  server: string;
  /** The client's own story in one sentence, "" when the bundle has no client file of it. */
  clientLog: string;
  /** "failing" | "recovered" | "ok" from its logs; "" without client logs. */
  clientState: string;
  /** The sources that mention the computer, in a fixed order, ", "-joined. */
  sources: string;
  /** Up to three further evidence lines, "file:line — text", "; "-joined. */
  also: string;
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
  /** Computers whose own files (registry export, log) give their SusClientId. */
  clientIdFiles: number;
  /** Far more Windows Update Agents in the IIS logs than computers in the WSUS list: suspected shared IDs. */
  identitySurplus?: IdentitySurplus;
  /** Addresses carrying many agents without X-Forwarded-For: nobody behind them was judged from IIS. */
  unjudgedAddresses?: { count: number; text: string };
}

/** A WSUS row's IPAddress younger than this still names the computer (Windows DHCP's default lease is 8 days). */
const CURRENT_ADDRESS_DAYS = 8;

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
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

const SOURCE_ORDER: [string, string][] = [
  ["wsus-inventory", "wsus"],
  ["active-directory", "ad"],
  ["iis", "iis"],
  ["httperr", "httperr"],
  ["gpo", "gpo"],
  ["nps", "nps"],
  ["client-log", "client-log"],
  ["client-registry", "client-registry"],
];

/** What every row says besides its verdict: sources, the client's story, further evidence lines. */
function context(
  record: ComputerRecord | undefined,
  seen: { inventory: boolean; ad: boolean },
  story: ClientStory | undefined,
  cause: Cause | undefined,
) {
  const present = new Set<string>(record?.observations.map((o) => o.source));
  if (seen.inventory) present.add("wsus-inventory");
  if (seen.ad) present.add("active-directory");
  for (const source of story?.sources ?? []) present.add(source);
  if (cause?.source) present.add(cause.source);
  const also = (record?.observations ?? [])
    .filter((o) => o.kind !== "client.id" && where(o.provenance.file, o.provenance.line) !== cause?.evidence)
    .slice(0, 3)
    .map((o) => `${where(o.provenance.file, o.provenance.line)} — ${o.text}`);
  return {
    causeGroup: cause?.group ?? NO_CAUSE,
    causeSource: cause?.source ?? "",
    server: story?.server ?? "",
    clientLog: story?.text ?? "",
    clientState: story?.state ?? "",
    sources: SOURCE_ORDER.filter(([source]) => present.has(source))
      .map(([, label]) => label)
      .join(", "),
    also: also.join("; "),
  };
}

function inventoryCause(text: string, evidence: string): Cause {
  return { text, group: text, evidence, source: "wsus-inventory" };
}

function sharedCause(shared: SharedId, own: string): Cause {
  return {
    text: `shares client ID ${shared.id} with ${shared.with.join(", ")} (cloned image: SusClientId not reset)`,
    group: "shares its client ID with other computers (cloned image: SusClientId not reset)",
    evidence: shared.evidence || own,
    source: shared.source || "wsus-inventory",
  };
}

/** The verdict of a computer in the WSUS list, from its row's two timestamps and what else the bundle says. */
function judgeListed(
  row: WsusComputer,
  record: ComputerRecord | undefined,
  ad: AdComputer | undefined,
  story: ClientStory | undefined,
  shared: SharedId | undefined,
  facts: Facts,
  ref: number,
  staleDays: number,
  reporting: Cause | undefined,
): { verdict: Verdict; cause: Cause | undefined } {
  const own = where(row.file, row.line);
  if (shared) return { verdict: "duplicate-id", cause: sharedCause(shared, own) };
  const report = ages(row.lastReport, ref);
  const sync = ages(row.lastSync, ref);
  if (!report)
    return {
      verdict: "unknown",
      cause: inventoryCause("the export has no LastReportedStatusTime for this computer", own),
    };
  if (report[1] < staleDays) return { verdict: "reporting", cause: undefined };
  if (report[0] < staleDays)
    return {
      verdict: "unknown",
      cause: inventoryCause("the date order of the export is ambiguous and the two readings disagree", own),
    };
  let verdict: Verdict =
    sync && sync[1] < staleDays ? "sync-no-report" : !sync || sync[0] >= staleDays ? "stale" : "unknown";
  if (verdict === "unknown") return { verdict, cause: undefined };
  // the server (or its HTTP.sys) turning the computer away, or its own log quoting an HTTP error from
  // the WSUS server (not from another server it is wrongly configured for)
  const ownLogRefusal =
    story?.failing?.httpStatus !== undefined && !observed(record, ["client.wrong-server"]);
  const refusal =
    observed(record, REFUSAL_KINDS) ?? (ownLogRefusal ? observed(record, CAUSE_KINDS.refused) : undefined);
  if (refusal) return { verdict: "refused", cause: observed(record, CAUSE_KINDS.refused) ?? refusal };
  if (verdict === "sync-no-report") {
    return {
      verdict,
      // scans without reports in IIS restate the verdict; they stay in "also", never pass for a cause
      cause:
        observed(record, CAUSE_KINDS.syncNoReport) ?? reporting ?? observed(record, CAUSE_KINDS.recovered),
    };
  }
  verdict = "stale";
  return {
    verdict,
    cause:
      observed(record, CAUSE_KINDS.staleOwn) ??
      adCause(ad, ref, staleDays) ??
      observed(record, CAUSE_KINDS.staleServer) ??
      ouCause(record?.ou, facts) ??
      observed(record, CAUSE_KINDS.staleLate) ??
      (row.lastSyncResult === "Failed"
        ? inventoryCause("its last scan failed (LastSyncResult = Failed)", own)
        : undefined),
  };
}

/** A computer the WSUS list lacks: why it never registered (or whose ID it shares), from its own evidence. */
function judgeAbsent(
  record: ComputerRecord | undefined,
  ou: string | undefined,
  shared: SharedId | undefined,
  own: string,
  facts: Facts,
) {
  if (shared) return { verdict: "duplicate-id" as const, cause: sharedCause(shared, own) };
  return {
    verdict: "never-registered" as const,
    cause:
      observed(record, CAUSE_KINDS.staleOwn) ??
      observed(record, ["gpo.no-policy"]) ??
      ouCause(ou, facts) ??
      observed(record, [...REFUSAL_KINDS, "client.report-error", "nps.rejected", "nps.update-problem"]),
  };
}

export function computersView(facts: Facts, raw: Record<string, unknown>): ComputersView {
  const staleDays = num(raw["staleDays"], 30);
  const activeDays = num(raw["activeLogonDays"], 30);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const adPresent = (facts.adComputers?.files ?? []).some((f) => f.hasLastLogon);
  const inventoryFiles = facts.wsusComputers?.files.length ?? 0;
  const hasSync = (facts.wsusComputers?.computers ?? []).some((c) => c.lastSync);
  const hasReport = (facts.wsusComputers?.computers ?? []).some((c) => c.lastReport);
  const clientIdFiles = (facts.client?.computers ?? []).filter((c) => c.susClientId?.value).length;
  const empty = {
    clientIdFiles,
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
  for (const c of inventory.computers) {
    // a row's address is the one of its last contact: after a lease or two it may be another
    // computer's, so it joins traffic only while that contact is recent (the domain's list resolves
    // addresses at export time and always joins)
    const sync = ages(c.lastSync, ref.at);
    const current = c.ip && sync !== undefined && sync[1] <= CURRENT_ADDRESS_DAYS;
    model.record(identify(c.name, { ...(current ? { ip: c.ip } : {}), ...(c.id ? { clientId: c.id } : {}) }));
    const list = rowsByKey.get(c.key);
    if (list) list.push(c);
    else rowsByKey.set(c.key, [c]);
  }
  const adByKey = new Map<string, AdComputer>();
  for (const a of facts.adComputers?.computers ?? []) {
    adByKey.set(a.key, a);
    // IPv4Address is DNS at export time: the computer's own while it is in use (it re-registers its
    // record); a record left by a machine off for weeks may name an address DHCP gave away since
    const logon = ages(a.lastLogon, ref.at);
    const inUse = a.ip && a.enabled !== false && logon !== undefined && logon[1] <= activeDays;
    const record = model.record(identify(a.dnsName ?? a.name, inUse ? { ip: a.ip } : {}));
    if (a.ou) record.ou = a.ou;
  }
  joinGroupPolicy(facts, model);
  joinNps(facts, model);
  joinRadius(facts, model);
  const traffic = joinTraffic(facts, model, raw);
  const stories = joinClientEvidence(facts, model);
  const shared = sharedIds(model);
  const reporting = reportingFailures(facts);
  const rows: ComputerRow[] = [];
  const push = (
    row: Omit<ComputerRow, keyof ReturnType<typeof context>>,
    extra: ReturnType<typeof context>,
  ) => {
    counts[row.verdict]++;
    rows.push({ ...row, ...extra, ...(row.verdict === "reporting" ? { causeGroup: "" } : {}) });
  };

  for (const [key, list] of rowsByKey) {
    // the same name under two IDs: a re-installed machine; its freshest row is the live one
    const row = list.reduce((a, b) =>
      (ages(a.lastSync, ref.at)?.[0] ?? Infinity) <= (ages(b.lastSync, ref.at)?.[0] ?? Infinity) ? a : b,
    );
    const record = model.get(key);
    const ad = adByKey.get(key);
    const story = stories.get(key);
    const { verdict, cause } = judgeListed(
      row,
      record,
      ad,
      story,
      shared.get(key),
      facts,
      ref.at,
      staleDays,
      reporting,
    );
    push(
      {
        name: row.name,
        ou: record?.ou ?? "",
        ip: row.ip ?? "",
        lastSync: show(row.lastSync),
        lastReport: show(row.lastReport),
        verdict,
        cause: verdict === "reporting" ? "" : (cause?.text ?? NO_CAUSE),
        evidence: cause?.evidence || where(row.file, row.line),
      },
      context(record, { inventory: true, ad: ad !== undefined }, story, cause),
    );
  }

  // domain computers in use, and computers whose own files are in the bundle, that the WSUS list lacks
  const absent = new Set<string>();
  for (const ad of facts.adComputers?.computers ?? []) {
    if (rowsByKey.has(ad.key) || ad.enabled === false || absent.has(ad.key)) continue;
    const logon = ages(ad.lastLogon, ref.at);
    if (!logon || logon[1] > activeDays) continue;
    absent.add(ad.key);
    const record = model.get(ad.key);
    const { verdict, cause } = judgeAbsent(
      record,
      ad.ou ?? record?.ou,
      shared.get(ad.key),
      where(ad.file, ad.line),
      facts,
    );
    push(
      {
        name: ad.dnsName ?? ad.name,
        ou: ad.ou ?? record?.ou ?? "",
        ip: ad.ip ?? "",
        lastSync: "",
        lastReport: "",
        verdict,
        cause: cause?.text ?? NO_CAUSE,
        evidence: cause?.evidence || where(ad.file, ad.line),
      },
      context(record, { inventory: false, ad: true }, stories.get(ad.key), cause),
    );
  }
  for (const computer of facts.client?.computers ?? []) {
    if (computer.nameFrom === "file") continue;
    const key = computerKey(computer.computer);
    if (rowsByKey.has(key) || absent.has(key)) continue;
    absent.add(key);
    const record = model.get(key);
    const ad = adByKey.get(key);
    const own = computer.susClientId
      ? where(computer.susClientId.file, computer.susClientId.line)
      : computer.files[0]!;
    // a folder or file name may not be the name WSUS knows: "never registered" needs the log's own
    // DNS name or the domain's list to say the computer exists under this name
    const named = computer.nameFrom === "log" || ad !== undefined;
    const { verdict, cause } =
      named || shared.has(key)
        ? judgeAbsent(record, record?.ou, shared.get(key), own, facts)
        : {
            verdict: "unknown" as const,
            cause: {
              text: `its files are in the bundle under the name ${computer.computer} (from their folder or file name), which neither the WSUS list nor the domain's list has: WSUS may know it by another name`,
              group: "named only by its folder or file name, which no computer list has",
              evidence: own,
              source: computer.kinds.every((kind) => kind === "client-registry")
                ? ("client-registry" as const)
                : ("client-log" as const),
            },
          };
    push(
      {
        name: record?.dnsNames[0] ?? computer.computer,
        ou: record?.ou ?? "",
        ip: record?.ips[0] ?? "",
        lastSync: "",
        lastReport: "",
        verdict,
        cause: cause?.text ?? NO_CAUSE,
        evidence: cause?.evidence || own,
      },
      context(record, { inventory: false, ad: ad !== undefined }, stories.get(key), cause),
    );
  }

  const tally = new Map<string, { verdict: Verdict; cause: string; count: number }>();
  for (const r of rows) {
    if (r.verdict === "reporting") continue;
    const k = `${r.verdict}\u0000${r.causeGroup}`;
    const t = tally.get(k);
    if (t) t.count++;
    else tally.set(k, { verdict: r.verdict, cause: r.causeGroup, count: 1 });
  }
  const iisFiles = facts.iisLog?.files ?? [];
  const surplus = identitySurplus(traffic.agentAddresses, rowsByKey.size, {
    iis: iisFiles.length === 1 ? iisFiles[0]!.file : `${iisFiles.length} IIS logs`,
    inventory: inventory.files.map((f) => f.file).join(", "),
  });
  const unjudged = traffic.sharedAddresses;
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
    clientIdFiles,
    ...(surplus ? { identitySurplus: surplus } : {}),
    ...(unjudged.length > 0
      ? {
          unjudgedAddresses: {
            count: unjudged.length,
            text: `${unjudged.length} address(es) carry the scans of many agents and the IIS logs give no X-Forwarded-For for them (${unjudged.slice(0, 3).join(", ")}${unjudged.length > 3 ? ", …" : ""}): the computers behind them were not judged from IIS`,
          },
        }
      : {}),
  };
}

export { computerKey };
