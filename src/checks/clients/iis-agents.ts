/**
 * One model of a WSUS client in the IIS logs (knowledge/iis.md §4–5, CHECKS IIS.CLIENTS_NOT_REPORTING):
 * a Windows Update Agent scans (ClientWebService with a Windows-Update-Agent user agent) and
 * reports (ReportingWebService). Load-balancer probes, monitoring, crawlers, browsers, the console
 * and the server itself are not clients. An address that carries far more scans than one agent
 * makes (a load balancer, proxy or NAT) cannot be judged per client. A client is judged by its own
 * detection cycles: scans at least one cycle apart and no report.
 */
import type { Facts } from "../../collectors/facts.js";
import type { ClientSummary } from "../../collectors/iis-log/facts.js";

export interface AgentParams {
  /** Whole log days needed (two daily files = two days). */
  minWindowDays: number;
  /** A client's own first and last scan this far apart = at least two detection cycles (22 h default). */
  cycleHours: number;
  /** Last contact this long before the window end = silent. */
  staleAfterHours: number;
  /** More ClientWebService requests than this per day from one address = many agents behind it. */
  sharedRequestsPerDay: number;
}

export const AGENT_DEFAULTS: AgentParams = {
  minWindowDays: 2,
  cycleHours: 20,
  staleAfterHours: 72,
  sharedRequestsPerDay: 200,
};

export type AgentRole = "agent" | "shared" | "probe" | "browser-or-crawler" | "other";

export interface AddressRole {
  ip: string;
  role: AgentRole;
  /** Why the address is (not) taken as one client. */
  why: string;
  userAgent: string;
  scans: number;
  reports: number;
  first: string;
  last: string;
}

export interface SilentAgent {
  ip: string;
  problem: string;
  firstScan: string;
  lastScan: string;
  lastContact: string;
  scans: number;
  scansOk: number;
  reportingPosts: number;
  userAgent: string;
}

export interface AgentView {
  evaluable: boolean;
  reason: string;
  windowDays: number;
  agents: number;
  /** Agents seen scanning over at least one cycle (the ones that can be judged). */
  judged: number;
  count: number;
  clients: SilentAgent[];
  shared: AddressRole[];
  notClients: AddressRole[];
  forwardedForLogged: boolean;
}

const WUA = /Windows-Update-Agent/i;
const BROWSER_OR_BOT = /Mozilla|bot\b|crawler|spider|curl|wget|python|Go-http-client|PowerShell/i;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

export function agentParams(params: Record<string, unknown>): AgentParams {
  return {
    minWindowDays: num(params["minWindowDays"], AGENT_DEFAULTS.minWindowDays),
    cycleHours: num(params["cycleHours"], AGENT_DEFAULTS.cycleHours),
    staleAfterHours: num(params["staleAfterHours"], AGENT_DEFAULTS.staleAfterHours),
    sharedRequestsPerDay: num(params["sharedRequestsPerDay"], AGENT_DEFAULTS.sharedRequestsPerDay),
  };
}

/** Calendar days (UTC) the window touches: two whole daily files are two days, not 47.9 hours. */
export function windowDays(first: string | undefined, last: string | undefined): number {
  if (!first || !last) return 0;
  const a = Math.floor(Date.parse(first) / DAY);
  const b = Math.floor(Date.parse(last) / DAY);
  return Number.isFinite(a) && Number.isFinite(b) ? b - a + 1 : 0;
}

/** What one address is: an agent, many agents behind one address, or not a client at all. */
export function roleOf(client: ClientSummary, params: AgentParams): AddressRole {
  const cws = client.services["ClientWebService"];
  const rws = client.services["ReportingWebService"];
  const userAgent = client.userAgent ?? "";
  const base = {
    ip: client.ip,
    userAgent,
    scans: cws?.requests ?? 0,
    reports: rws?.requests ?? 0,
    first: client.first,
    last: client.last,
  };
  if (!cws) return { ...base, role: "other", why: "no ClientWebService request" };
  if (!userAgent)
    return { ...base, role: "probe", why: "no user agent (a load-balancer or monitoring probe)" };
  if (!WUA.test(userAgent)) {
    return BROWSER_OR_BOT.test(userAgent)
      ? {
          ...base,
          role: "browser-or-crawler",
          why: `user agent "${userAgent}" is not the Windows Update Agent`,
        }
      : { ...base, role: "other", why: `user agent "${userAgent}" is not the Windows Update Agent` };
  }
  const days = Math.max(1, (Date.parse(cws.last) - Date.parse(cws.first)) / DAY);
  const perDay = cws.requests / days;
  if (perDay > params.sharedRequestsPerDay) {
    return {
      ...base,
      role: "shared",
      why: `${Math.round(perDay)} scan requests a day, more than ${params.sharedRequestsPerDay}: many agents behind one address (load balancer, proxy or NAT)`,
    };
  }
  return { ...base, role: "agent", why: "Windows Update Agent scanning ClientWebService" };
}

export function iisAgents(facts: Facts, raw: Record<string, unknown>): AgentView {
  const params = agentParams(raw);
  const log = facts.iisLog;
  const days = windowDays(log?.window.first, log?.window.last);
  // the reader keys a client by its X-Forwarded-For address when the line has one
  const forwardedForLogged = log?.forwardedFor !== undefined;
  const empty = {
    windowDays: days,
    agents: 0,
    judged: 0,
    count: 0,
    clients: [],
    shared: [],
    notClients: [],
    forwardedForLogged,
  };
  if (!log || days < params.minWindowDays) {
    return {
      ...empty,
      evaluable: false,
      reason: `the IIS logs cover ${days} day(s); at least ${params.minWindowDays} whole days (two detection cycles of 22 h) are needed to tell a silent client from one between cycles`,
    };
  }
  const end = Date.parse(log.window.last!);
  const roles = log.clients.map((c) => [c, roleOf(c, params)] as const);
  const agents = roles.filter(([, r]) => r.role === "agent");
  const shared = roles.filter(([, r]) => r.role === "shared").map(([, r]) => r);
  const notClients = roles
    .filter(([, r]) => r.role === "probe" || r.role === "browser-or-crawler" || r.role === "other")
    .filter(([, r]) => r.scans > 0)
    .map(([, r]) => r);
  const clients: SilentAgent[] = [];
  let judged = 0;
  for (const [c] of agents) {
    const cws = c.services["ClientWebService"]!;
    const rws = c.services["ReportingWebService"];
    const ownSpan = Date.parse(cws.last) - Date.parse(cws.first);
    const row = {
      ip: c.ip,
      firstScan: cws.first,
      lastScan: cws.last,
      lastContact: c.last,
      scans: cws.requests,
      scansOk: cws.ok,
      reportingPosts: rws?.requests ?? 0,
      userAgent: c.userAgent ?? "",
    };
    const silentFor = end - Date.parse(c.last);
    if (silentFor >= params.staleAfterHours * HOUR) {
      judged++;
      clients.push({
        ...row,
        problem: `last seen ${Math.round(silentFor / HOUR)} hours before the end of the logs`,
      });
      continue;
    }
    if (ownSpan < params.cycleHours * HOUR) continue; // one burst of scans: not yet a cycle to judge by
    judged++;
    // scans that all failed are the 401/500/503 findings' business, not a silent reporter
    if (cws.ok > 0 && !rws) {
      clients.push({
        ...row,
        problem: `scanned over ${Math.round(ownSpan / HOUR)} hours (several detection cycles) and never posted a report`,
      });
    }
  }
  const why = `${agents.length} Windows Update Agent address(es), ${judged} seen over at least one detection cycle, in ${days} day(s) of logs (${log.window.first} – ${log.window.last})`;
  if (clients.length === 0 && shared.length > 0) {
    return {
      evaluable: false,
      reason: `${shared.length} address(es) carry the scans of many agents (${shared
        .slice(0, 3)
        .map((s) => s.ip)
        .join(
          ", ",
        )}) and ${forwardedForLogged ? "their requests carry no X-Forwarded-For value (the logs have the field, these lines leave it empty)" : "the logs have no X-Forwarded-For field"}: the clients behind them cannot be judged one by one`,
      windowDays: days,
      agents: agents.length,
      judged,
      count: 0,
      clients,
      shared,
      notClients,
      forwardedForLogged,
    };
  }
  return {
    evaluable: true,
    reason: why,
    windowDays: days,
    agents: agents.length,
    judged,
    count: clients.length,
    clients,
    shared,
    notClients,
    forwardedForLogged,
  };
}
