/**
 * Combining partial aggregates: the files of a bundle (ApiRemoting30 401s still pending at a
 * file's end settled as failures), then the `iisLog` fact (ISO times, self requests separated
 * from clients).
 */
import type { Problem } from "../types.js";
import { CLIENT_SERVICES } from "../../knowledge/iis-vdirs.js";
import type { ClientSummary, IisLogFacts, IisLogFileSummary, IisLogScopeFacts } from "./facts.js";
import type { PartialClient, PartialLine, PartialService, PartialW3c } from "./partial.js";
import { MAX_FAILURE_CLIENTS } from "./partial.js";
import { scopeLogs, type WsusIdentity } from "./scope.js";

const MAX_PROBLEM_SAMPLES = 5;

export function emptyPartial(): PartialW3c {
  return {
    lines: 0,
    records: 0,
    rejected: 0,
    problems: [],
    unsampledRejected: 0,
    fieldSets: [],
    responses: [],
    authFailures: [],
    consoleHandshakes: 0,
    hours: [],
    clients: [],
    clientOverflowRequests: 0,
    ports: [],
    serverAddresses: [],
    samples: [],
    authFailureSamples: [],
    tailPending: [],
    sites: [],
    computers: [],
  };
}

/** ApiRemoting30 401s still unresolved at the end of a file are real failures. */
export function settleTails(partial: PartialW3c, maxSamples: number): PartialW3c {
  if (partial.tailPending.length === 0) return partial;
  const failures = partial.authFailures.map((f) => ({ ...f, clientIps: [...f.clientIps] }));
  const samples = [...partial.authFailureSamples];
  for (const p of partial.tailPending) {
    let row = failures.find(
      (f) => f.vdir === p.vdir && f.status === p.status && f.substatus === p.substatus && f.win32 === p.win32,
    );
    if (!row) {
      row = {
        vdir: p.vdir,
        status: p.status,
        substatus: p.substatus,
        win32: p.win32,
        count: 0,
        first: p.t,
        last: p.t,
        clientIps: [],
      };
      failures.push(row);
    }
    row.count++;
    row.first = Math.min(row.first, p.t);
    row.last = Math.max(row.last, p.t);
    if (!row.clientIps.includes(p.ip) && row.clientIps.length < MAX_FAILURE_CLIENTS) row.clientIps.push(p.ip);
    const sampled = samples.filter(
      (x) => x.vdir === p.vdir && x.status === p.status && x.substatus === p.substatus,
    );
    if (sampled.length < maxSamples) {
      samples.push({
        vdir: p.vdir,
        status: p.status,
        substatus: p.substatus,
        win32: p.win32,
        line: p.line,
        text: p.text,
        file: p.file,
      });
    }
  }
  return { ...partial, authFailures: failures, authFailureSamples: samples, tailPending: [] };
}

/** Union of the partials of different files. */
export function mergePartials(
  parts: readonly PartialW3c[],
  maxSamples: number,
  clientLimit: number,
): PartialW3c {
  const merger = new PartialMerger(maxSamples, clientLimit);
  for (const part of parts) merger.add(part);
  return merger.result();
}

/**
 * The union of partials taken one at a time, in file order: only the running union and the part
 * being added are held, so a bundle of 28 daily logs of 10,000 clients holds two client tables, not
 * 28. Adding A, B, C one by one gives the union of [A, B, C]: every cap (clients, samples, sampled
 * problems, failure addresses) keeps the first in file order, whatever the grouping.
 */
export class PartialMerger {
  /** The one part added so far, kept as it is (a union of one part is that part). */
  private only: PartialW3c | undefined;
  private out: PartialW3c | undefined;
  private readonly responses = new Map<string, PartialW3c["responses"][number]>();
  private readonly failures = new Map<string, PartialW3c["authFailures"][number]>();
  private readonly hours = new Map<number, PartialW3c["hours"][number]>();
  private readonly clients = new Map<string, PartialClient>();
  private readonly ports = new Map<number, PartialW3c["ports"][number]>();
  private readonly servers = new Map<string, number>();
  private readonly sampled = new Map<string, number>();
  private readonly failureSampled = new Map<string, number>();
  private errorSamples = 0;

  constructor(
    private readonly maxSamples: number,
    private readonly clientLimit: number,
  ) {}

  get empty(): boolean {
    return this.only === undefined && this.out === undefined;
  }

  add(part: PartialW3c): void {
    if (this.empty) {
      this.only = part;
      return;
    }
    if (this.only) {
      const first = this.only;
      this.only = undefined;
      this.out = emptyPartial();
      this.fold(first);
    }
    this.fold(part);
  }

  result(): PartialW3c {
    if (this.only) return this.only;
    const out = this.out ?? emptyPartial();
    out.responses = [...this.responses.values()];
    out.authFailures = [...this.failures.values()];
    out.hours = [...this.hours.values()];
    out.clients = [...this.clients.values()];
    out.ports = [...this.ports.values()];
    out.serverAddresses = [...this.servers.entries()].map(([ip, requests]) => ({ ip, requests }));
    return out;
  }

  private fold(part: PartialW3c): void {
    const out = this.out!;
    out.lines += part.lines;
    out.records += part.records;
    out.rejected += part.rejected;
    out.unsampledRejected += part.unsampledRejected;
    for (const problem of part.problems) {
      if (problem.severity === "error" && this.errorSamples >= MAX_PROBLEM_SAMPLES) out.unsampledRejected++;
      else {
        if (problem.severity === "error") this.errorSamples++;
        out.problems.push(problem);
      }
    }
    out.software ??= part.software;
    for (const f of part.fieldSets)
      if (out.fieldSets.length < 10 && !out.fieldSets.includes(f)) out.fieldSets.push(f);
    if (part.first !== undefined) out.first = Math.min(out.first ?? Infinity, part.first);
    if (part.last !== undefined) out.last = Math.max(out.last ?? -Infinity, part.last);
    for (const r of part.responses) {
      const key = `${r.vdir}|${r.status}|${r.substatus}|${r.win32}`;
      const seen = this.responses.get(key);
      if (!seen) this.responses.set(key, { ...r });
      else {
        seen.count += r.count;
        seen.first = Math.min(seen.first, r.first);
        seen.last = Math.max(seen.last, r.last);
      }
    }
    for (const r of part.authFailures) {
      const key = `${r.vdir}|${r.status}|${r.substatus}|${r.win32}`;
      const seen = this.failures.get(key);
      if (!seen) this.failures.set(key, { ...r, clientIps: [...r.clientIps] });
      else {
        seen.count += r.count;
        seen.first = Math.min(seen.first, r.first);
        seen.last = Math.max(seen.last, r.last);
        for (const ip of r.clientIps) {
          if (seen.clientIps.length >= MAX_FAILURE_CLIENTS) break;
          if (!seen.clientIps.includes(ip)) seen.clientIps.push(ip);
        }
      }
    }
    out.consoleHandshakes += part.consoleHandshakes;
    for (const h of part.hours) {
      const seen = this.hours.get(h.hour);
      if (!seen) this.hours.set(h.hour, { ...h });
      else {
        seen.total += h.total;
        seen.s401_1 += h.s401_1;
        seen.s401_2 += h.s401_2;
        seen.s401_3 += h.s401_3;
        seen.s401_other += h.s401_other;
        seen.s500 += h.s500;
        seen.s503 += h.s503;
      }
    }
    out.clientOverflowRequests += part.clientOverflowRequests;
    if (part.forwardedFor) {
      out.forwardedFor ??= { field: part.forwardedFor.field, requests: 0 };
      out.forwardedFor.requests += part.forwardedFor.requests;
    }
    for (const c of part.clients) {
      const seen = this.clients.get(c.ip);
      if (seen) mergeClient(seen, c);
      else if (this.clients.size >= this.clientLimit) out.clientOverflowRequests += c.requests;
      else this.clients.set(c.ip, { ...c, services: c.services.map((s) => ({ ...s })) });
    }
    for (const p of part.ports) {
      const seen = this.ports.get(p.port);
      if (!seen) this.ports.set(p.port, { port: p.port, requests: p.requests, byVdir: { ...p.byVdir } });
      else {
        seen.requests += p.requests;
        for (const [vdir, n] of Object.entries(p.byVdir)) seen.byVdir[vdir] = (seen.byVdir[vdir] ?? 0) + n;
      }
    }
    for (const s of part.serverAddresses) this.servers.set(s.ip, (this.servers.get(s.ip) ?? 0) + s.requests);
    // the first maxSamples of each group in file order, kept as they come
    for (const s of part.samples)
      if (underCap(this.sampled, `${s.vdir}|${s.status}`, this.maxSamples)) out.samples.push(s);
    for (const s of part.authFailureSamples)
      if (underCap(this.failureSampled, `${s.vdir}|${s.status}|${s.substatus}`, this.maxSamples))
        out.authFailureSamples.push(s);
    out.tailPending.push(...part.tailPending);
  }
}

/** Counts one more of `key`; true while it is within the first `max`. */
function underCap(counts: Map<string, number>, key: string, max: number): boolean {
  const n = counts.get(key) ?? 0;
  counts.set(key, n + 1);
  return n < max;
}

function mergeClient(into: PartialClient, from: PartialClient): void {
  into.requests += from.requests;
  // parts arrive in file order: the earlier user agent of the higher rank wins, as in one pass
  if (from.userAgentRank > into.userAgentRank) {
    into.userAgent = from.userAgent;
    into.userAgentRank = from.userAgentRank;
  }
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  for (const s of from.services) {
    const seen = into.services.find((x) => x.service === s.service);
    if (!seen) into.services.push({ ...s });
    else mergeService(seen, s);
  }
}

function mergeService(into: PartialService, from: PartialService): void {
  into.first = Math.min(into.first, from.first);
  into.last = Math.max(into.last, from.last);
  into.requests += from.requests;
  into.ok += from.ok;
}

/** Give every sample and problem of a completed file its bundle-relative path. */
export function stampFile(partial: PartialW3c, file: string): PartialW3c {
  const stamp = (l: PartialLine): PartialLine => ({ ...l, file });
  return {
    ...partial,
    samples: partial.samples.map(stamp),
    authFailureSamples: partial.authFailureSamples.map(stamp),
    tailPending: partial.tailPending.map((p) => ({ ...p, file })),
  };
}

/** "2026-10-01T08:00:00Z" for epoch seconds. The date part is cached per day: a log's tens of
 *  thousands of first/last times fall on a handful of days, and Date formatting was a tenth of the facts' cost. */
export function isoTime(seconds: number): string {
  if (!Number.isInteger(seconds)) return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  const day = Math.floor(seconds / 86400);
  let prefix = DAY_PREFIXES.get(day);
  if (prefix === undefined) {
    const iso = new Date(day * 86400000).toISOString();
    prefix = iso.slice(0, iso.indexOf("T") + 1);
    if (DAY_PREFIXES.size >= 10_000) DAY_PREFIXES.clear();
    DAY_PREFIXES.set(day, prefix);
  }
  const rest = seconds - day * 86400;
  let clock = CLOCKS[rest];
  if (clock === undefined) {
    clock = `${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor(rest / 60) % 60)}:${pad2(rest % 60)}Z`;
    CLOCKS[rest] = clock;
  }
  return prefix + clock;
}
const DAY_PREFIXES = new Map<number, string>();
/** "HH:MM:SSZ" by second of the day, made once each. */
const CLOCKS = new Array<string | undefined>(86_400);
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** The `iisLog` fact from the completed partial of every file. */
export function finalizeIisLog(
  read: readonly { file: string; partial: PartialW3c }[],
  maxSamples: number,
  clientLimit: number,
  identity: WsusIdentity = {},
): IisLogFacts {
  const { counted: files, scope } = scopeLogs(read, identity);
  const all = mergePartials(
    files.map(({ file, partial }) => completeFile(partial, file, maxSamples)),
    maxSamples,
    clientLimit,
  );
  return iisLogFacts(all, files, scope, clientLimit);
}

/** A file's partial as it enters a union: its samples stamped with its path, its pending 401s settled. */
export function completeFile(partial: PartialW3c, file: string, maxSamples: number): PartialW3c {
  return settleTails(stampFile(partial, file), maxSamples);
}

/** The `iisLog` fact from the union of the counted files (`all`) and each counted file's own partial
 *  (only its counts, times and field lists are read). */
export function iisLogFacts(
  all: PartialW3c,
  files: readonly { file: string; partial: PartialW3c }[],
  scope: IisLogScopeFacts,
  clientLimit: number,
): IisLogFacts {
  const summaries: IisLogFileSummary[] = files.map(({ file, partial }) => ({
    file,
    software: partial.software,
    lines: partial.lines,
    records: partial.records,
    rejected: partial.rejected,
    first: partial.first === undefined ? undefined : isoTime(partial.first),
    last: partial.last === undefined ? undefined : isoTime(partial.last),
    fieldSets: partial.fieldSets,
  }));
  const serverIps = new Set(all.serverAddresses.map((s) => s.ip));
  const isSelf = (ip: string): boolean => serverIps.has(ip) || LOOPBACK.has(ip) || ip.startsWith("fe80:");
  let selfRequests = 0;
  const kept: PartialClient[] = [];
  for (const c of all.clients) {
    if (isSelf(c.ip)) selfRequests += c.requests;
    else kept.push(c);
  }
  const clients = sortByIp(kept).map(clientSummary);
  const hoursSpan = all.first !== undefined && all.last !== undefined ? (all.last - all.first) / 3600 : 0;
  const byKey = <T extends { vdir: string; status: number; substatus: number; win32: number }>(
    a: T,
    b: T,
  ): number =>
    a.vdir.localeCompare(b.vdir) || a.status - b.status || a.substatus - b.substatus || a.win32 - b.win32;
  const lineOrder = (a: PartialLine, b: PartialLine): number =>
    (a.file ?? "").localeCompare(b.file ?? "") || a.line - b.line;
  const evidence = (l: PartialLine) => ({
    vdir: l.vdir,
    status: l.status,
    substatus: l.substatus,
    win32: l.win32,
    file: l.file ?? "",
    line: l.line,
    text: l.text,
  });
  return {
    files: summaries,
    scope,
    window: {
      first: all.first === undefined ? undefined : isoTime(all.first),
      last: all.last === undefined ? undefined : isoTime(all.last),
      hours: Math.round(hoursSpan * 100) / 100,
    },
    requests: all.records,
    rejected: all.rejected,
    responses: all.responses
      .map((r) => ({ ...r, first: isoTime(r.first), last: isoTime(r.last) }))
      .sort(byKey),
    authFailures: all.authFailures
      .map((r) => ({
        vdir: r.vdir,
        status: r.status,
        substatus: r.substatus,
        win32: r.win32,
        count: r.count,
        clients: r.clientIps.length,
        first: isoTime(r.first),
        last: isoTime(r.last),
      }))
      .sort(byKey),
    consoleHandshakes: all.consoleHandshakes,
    hourly: all.hours
      .sort((a, b) => a.hour - b.hour)
      .map(({ hour, ...counts }) => ({ hour: isoTime(hour * 3600), ...counts })),
    clients,
    clientLimit,
    clientOverflowRequests: all.clientOverflowRequests,
    ...(all.forwardedFor ? { forwardedFor: all.forwardedFor } : {}),
    selfRequests,
    ports: all.ports.sort((a, b) => a.port - b.port),
    serverAddresses: sortByIp(all.serverAddresses),
    samples: [...all.samples].sort(lineOrder).map(evidence),
    authFailureSamples: [...all.authFailureSamples].sort(lineOrder).map(evidence),
  };
}

/**
 * Dotted IPv4 addresses in numeric order, anything else by localeCompare. Each address's key is
 * computed once and kept beside its item, not once per comparison: 50,000 clients made the split
 * the slowest part of the facts.
 */
function sortByIp<T extends { ip: string }>(items: readonly T[]): T[] {
  const keyed = items.map((item) => ({ item, key: ipSortKey(item.ip) }));
  keyed.sort((a, b) => compareIps(a.item.ip, a.key, b.item.ip, b.key));
  return keyed.map((k) => k.item);
}

/**
 * Four dotted numbers: one number when they are octets (0–255, so the four compare as one), else
 * the four; null when the address is not four numbers.
 */
type IpSortKey = number | readonly number[] | null;

function ipSortKey(ip: string): IpSortKey {
  const split = ip.split(".").map(Number);
  if (split.length !== 4 || !split.every(Number.isFinite)) return null;
  if (!split.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return split;
  return ((split[0]! * 256 + split[1]!) * 256 + split[2]!) * 256 + split[3]!;
}

function compareIps(a: string, ka: IpSortKey, b: string, kb: IpSortKey): number {
  if (ka === null || kb === null) return a.localeCompare(b);
  if (typeof ka === "number" && typeof kb === "number") return ka - kb;
  const pa = typeof ka === "number" ? octets(ka) : ka;
  const pb = typeof kb === "number" ? octets(kb) : kb;
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

function octets(key: number): number[] {
  return [Math.floor(key / 16777216), Math.floor(key / 65536) % 256, Math.floor(key / 256) % 256, key % 256];
}

/** A client of the facts: ISO times, services in their fixed order, the user agent when known. */
function clientSummary(c: PartialClient): ClientSummary {
  const services: ClientSummary["services"] = {};
  const ordered =
    c.services.length > 1 ? [...c.services].sort((a, b) => serviceOrder(a.service, b.service)) : c.services;
  for (const s of ordered)
    services[s.service] = { first: isoTime(s.first), last: isoTime(s.last), requests: s.requests, ok: s.ok };
  const first = isoTime(c.first);
  const last = isoTime(c.last);
  // the key order of result.json: ip, requests, first, last, userAgent (when known), services
  return c.userAgent
    ? { ip: c.ip, requests: c.requests, first, last, userAgent: c.userAgent, services }
    : { ip: c.ip, requests: c.requests, first, last, services };
}

/** The services' localeCompare order, computed once (ICU collation per comparison was slow). */
const SERVICE_RANK = new Map(
  [...CLIENT_SERVICES].sort((a, b) => a.localeCompare(b)).map((service, rank) => [service as string, rank]),
);
function serviceOrder(a: string, b: string): number {
  const ra = SERVICE_RANK.get(a);
  const rb = SERVICE_RANK.get(b);
  return ra !== undefined && rb !== undefined ? ra - rb : a.localeCompare(b);
}

/** Problems for the inventory: the sampled ones plus one "N more" line. */
export function problemsWithRest(partial: PartialW3c): Problem[] {
  const problems = [...partial.problems];
  if (partial.unsampledRejected > 0) {
    problems.push({
      severity: "error",
      message: `${partial.unsampledRejected} more malformed lines not shown`,
    });
  }
  return problems;
}
