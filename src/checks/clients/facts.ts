/** The facts rules read about computers: the per-computer view, by verdict, and the IIS agents. */
import type { Facts } from "../../collectors/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { iisAgents } from "./iis-agents.js";
import { computersView, VERDICTS, type ComputersView, type Verdict } from "./verdicts.js";

/** One view per bundle and thresholds, however many rules ask (a 50,000-computer join is not free). */
const views = new WeakMap<Facts, Map<string, ComputersView>>();

export function cachedComputersView(facts: Facts, params: Record<string, unknown>): ComputersView {
  const key = `${String(params["staleDays"] ?? "")}/${String(params["activeLogonDays"] ?? "")}`;
  let byParams = views.get(facts);
  if (!byParams) views.set(facts, (byParams = new Map()));
  let view = byParams.get(key);
  if (!view) byParams.set(key, (view = computersView(facts, params)));
  return view;
}

function limitOf(value: unknown): number {
  return typeof value === "number" && value > 0 ? value : 50;
}

/** Why the bundle could not show computers of these verdicts, or undefined when it could. */
function missingEvidence(view: ComputersView, wanted: Set<Verdict>): string | undefined {
  if (wanted.has("never-registered") && !view.adPresent)
    return "the bundle holds no domain computer list with last logon dates (Get-ADComputer export): computers missing from WSUS cannot be found";
  if (wanted.has("duplicate-id") && view.counts["duplicate-id"] === 0) {
    // a suspicion is no verdict, and no reason to pass either
    if (view.identitySurplus) return view.identitySurplus.text;
    if (view.inventoryFiles < 2 && view.clientIdFiles < 2)
      return "one WSUS list shows each client ID once: a shared ID shows only across two lists exported at different times, or in the registry exports of two or more clients";
  }
  if (wanted.has("sync-no-report") && !view.hasSync)
    return "the WSUS list has no LastSyncTime column: a computer that synchronises but does not report cannot be told apart";
  if ((wanted.has("stale") || wanted.has("sync-no-report")) && !view.hasReport)
    return "the WSUS list has no LastReportedStatusTime column: the last status report of each computer is unknown";
  return undefined;
}

/** The computers of some verdicts: count, causes, and the first rows (the whole list is in the Computers chapter and its CSV). */
export function computersWithVerdict(facts: Facts, params: Record<string, unknown>) {
  const view = cachedComputersView(facts, params);
  const wanted = new Set(
    (Array.isArray(params["verdicts"]) ? params["verdicts"] : []).filter((v): v is Verdict =>
      (VERDICTS as readonly string[]).includes(v as string),
    ),
  );
  const rows = view.computers.filter((c) => wanted.has(c.verdict));
  const limit = limitOf(params["limit"]);
  const missing = missingEvidence(view, wanted);
  return {
    evaluable: view.evaluable && !missing,
    reason: !view.evaluable ? view.reason : (missing ?? view.reason),
    total: view.total,
    count: rows.length,
    causes: view.causes
      .filter((c) => wanted.has(c.verdict))
      .map((c) => ({ cause: c.cause, computers: c.count })),
    rows: rows.slice(0, limit),
    more: Math.max(0, rows.length - limit),
    staleDays: view.staleDays,
  };
}

const VIEW_PARAMS = {
  staleDays: {
    type: "number",
    description: "days without a status report that make a computer stale (default 30)",
  },
  activeLogonDays: {
    type: "number",
    description:
      "a domain computer that logged on within this many days is in use (default 30; LastLogonDate lags up to 14 days)",
  },
} as const;

const AGENT_PARAMS = {
  minWindowDays: { type: "number", description: "whole log days needed (default 2)" },
  cycleHours: {
    type: "number",
    description: "an agent's first and last scan this far apart = several detection cycles (default 20)",
  },
  staleAfterHours: {
    type: "number",
    description: "last contact this long before the logs end = silent (default 72)",
  },
  sharedRequestsPerDay: {
    type: "number",
    description: "more scan requests a day from one address = many agents behind it (default 200)",
  },
} as const;

export const clientsFacts: FactDefinition[] = [
  {
    name: "computers",
    description:
      "Every computer of the WSUS list, of the domain's list and of the client files with its verdict (reporting, stale, sync-no-report, refused, duplicate-id, never-registered, unknown), its most likely cause and the file:line that shows it, joined with IIS and HTTPERR (by address, X-Forwarded-For first), gpresult and NPS (by name), its OU's GPO links and its own Windows Update logs and registry.",
    sources: ["wsusComputers"],
    params: VIEW_PARAMS,
    returns:
      "{ evaluable: boolean; reason: string; reference?: string; staleDays: number; total: number; counts: Record<Verdict, number>; causes: { verdict; cause; count }[]; computers: ComputerRow[]; adPresent: boolean; clientIdFiles: number; identitySurplus?: { agents; computers; text; evidence }; unjudgedAddresses?: { count; text } } where ComputerRow = { name; ou; ip; lastSync; lastReport; verdict; cause; evidence; causeGroup; causeSource; server; clientLog; clientState; sources; also }",
    example: {
      evaluable: true,
      reason: "1212 computer(s) in the WSUS list",
      staleDays: 30,
      total: 1212,
      counts: { reporting: 1069, stale: 97 },
      causes: [{ verdict: "stale", cause: "no WSUS GPO is linked to contoso.com/Kiosks", count: 97 }],
      computers: [],
      adPresent: true,
    },
    compute: (facts, params) => cachedComputersView(facts, params),
  },
  {
    name: "computersWithVerdict",
    description: "The computers of the given verdicts: how many, by cause, and the first rows.",
    sources: ["wsusComputers"],
    params: {
      ...VIEW_PARAMS,
      verdicts: { type: "string[]", description: "verdicts to select", required: true },
      limit: { type: "number", description: "rows to list (default 50)" },
    },
    returns:
      "{ evaluable: boolean; reason: string; total: number; count: number; causes: { cause: string; computers: number }[]; rows: ComputerRow[]; more: number; staleDays: number }",
    example: {
      evaluable: true,
      reason: "1212 computer(s) in the WSUS list",
      total: 1212,
      count: 12,
      causes: [{ cause: "no evidence of the cause in this bundle", computers: 12 }],
      rows: [],
      more: 0,
      staleDays: 30,
    },
    compute: (facts, params) => computersWithVerdict(facts, params),
  },
  {
    name: "iisAgents",
    description:
      "Windows Update Agents in the IIS logs (ClientWebService with a Windows-Update-Agent user agent), those that scan over several detection cycles and never report or went silent; probes, crawlers and browsers set apart; addresses that carry many agents listed.",
    sources: ["iisLog"],
    params: AGENT_PARAMS,
    returns:
      "{ evaluable: boolean; reason: string; windowDays: number; agents: number; judged: number; count: number; clients: SilentAgent[]; shared: AddressRole[]; notClients: AddressRole[]; forwardedForLogged: boolean }",
    example: {
      evaluable: true,
      reason:
        "40 Windows Update Agent address(es), 38 seen over at least one detection cycle, in 2 day(s) of logs",
      windowDays: 2,
      agents: 40,
      judged: 38,
      count: 1,
      clients: [],
      shared: [],
      notClients: [],
      forwardedForLogged: false,
    },
    compute: (facts, params) => iisAgents(facts, params),
  },
];
