/**
 * What the report shows from result.facts: per-client tables (NPS machines from `nps.machines`,
 * IIS clients from `iisLog.clients`), the hourly 401/5xx series (`iisLog.hourly`) and a
 * last-contact histogram. The shapes are the collectors' (src/collectors/iis-log/facts.ts,
 * src/collectors/nps/facts.ts); a result.json from another version may lack fields, so every
 * read is defensive and a view is left out when its data is absent.
 */
import type { AclAce, AclObject } from "../collectors/acl/facts.js";
import type { Facts } from "../collectors/facts.js";
import type { ClientSummary, HourBucket } from "../collectors/iis-log/facts.js";
import type { HttpErrClientSummary } from "../collectors/httperr/facts.js";
import type { NpsMachine, NpsRadiusDecision, NpsRadiusMachine } from "../collectors/nps/facts.js";
import { isPlainObject } from "./model.js";
import { tableView } from "./evidence-view.js";
import type { TableView } from "./evidence-view.js";

export interface ClientTable {
  id: string;
  source: "nps" | "iisLog";
  count: number;
  view: TableView;
  /** Rows left out by the collector's bounds (e.g. nps.truncated.machines). */
  truncated: number;
}

export interface HourPoint {
  hour: string;
  unauthorized: number;
  serverErrors: number;
  detail: string;
}

export interface Bucket {
  label: string;
  count: number;
}

const CLIENT_VISIBLE_ROWS = 25;

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** "2026-11-17T08:02:11.000Z" → "2026-11-17 08:02:11": shorter, still unambiguous (UTC noted in headers). */
export function shortTime(value: unknown): string {
  const text = str(value);
  if (!text) return "";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?Z?$/.exec(text);
  return match ? `${match[1]} ${match[2]}` : text;
}

function objects<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isPlainObject) as T[]) : [];
}

/** One machine as the per-client table (and its full-list CSV) shows it. */
export function npsMachineRow(machine: NpsMachine): Record<string, unknown> {
  const words = isPlainObject(machine.words) ? machine.words : undefined;
  const latest = isPlainObject(machine.latest) ? machine.latest : undefined;
  return {
    machine: machine.machine,
    os: machine.os,
    time: shortTime(machine.time),
    state: machine.state,
    policy: machine.policy ?? "",
    securityUpdates: words?.securityUpdates ?? "",
    updateSources: words?.updateSources ?? "",
    recovered: shortTime(machine.recoveredAt),
    file: latest?.file,
    line: latest?.line,
  };
}

/** One client address of httpErr.clients as a row of its side file: the reasons as "AppOffline 12, QueueFull 3". */
export function httpErrClientRow(client: HttpErrClientSummary): Record<string, unknown> {
  return {
    ip: client.ip,
    count: client.count,
    first: client.first,
    last: client.last,
    reasons: (Array.isArray(client.reasons) ? client.reasons : [])
      .map((reason) => `${reason.reason} ${reason.count}`)
      .join(", "),
    file: client.file,
    line: client.line,
    text: client.text,
  };
}

/** One object of an ACL dump as a row of lists/acl-objects.csv: where it is and its entries as printed. */
export function aclObjectRow(object: AclObject): Record<string, unknown> {
  return {
    path: object.path,
    type: object.objectType,
    aces: objects<AclAce>(object.aces)
      .map((ace) => `${ace.principal.raw}:${ace.printed}`)
      .join("; "),
    notes: Array.isArray(object.notes) ? object.notes.join(" ") : "",
    file: object.file,
    line: object.line,
  };
}

export function npsMachineRows(facts: Facts): Record<string, unknown>[] {
  return objects<NpsMachine>(facts.nps?.machines).map(npsMachineRow);
}

const SCAN_SERVICE = "ClientWebService";
const REPORT_SERVICE = "ReportingWebService";

export function iisClientRows(facts: Facts): Record<string, unknown>[] {
  return objects<ClientSummary>(facts.iisLog?.clients).map((client) => {
    const services = isPlainObject(client.services) ? client.services : {};
    return {
      client: client.ip,
      requests: client.requests,
      firstContact: shortTime(client.first),
      lastContact: shortTime(client.last),
      lastScan: shortTime(services[SCAN_SERVICE]?.last),
      lastReport: shortTime(services[REPORT_SERVICE]?.last) || "never",
      userAgent: client.userAgent ?? "",
    };
  });
}

/** Drops columns that are empty in every row (e.g. no policy names in the log). */
function withoutEmptyColumns(rows: Record<string, unknown>[]): string[] {
  const keys = Object.keys(rows[0] ?? {});
  return keys.filter(
    (key) =>
      key === "file" || key === "line" || rows.some((row) => row[key] !== "" && row[key] !== undefined),
  );
}

export function clientTables(facts: Facts): ClientTable[] {
  const tables: ClientTable[] = [];
  const nps = npsMachineRows(facts);
  if (nps.length > 0) {
    const truncated = num(isPlainObject(facts.nps?.truncated) ? facts.nps.truncated.machines : 0);
    tables.push({
      id: "clients-nps",
      source: "nps",
      // Every machine seen, also those the collector or the report's bounds left out of the rows.
      count: nps.length + truncated,
      view: tableView(nps, withoutEmptyColumns(nps), CLIENT_VISIBLE_ROWS),
      truncated,
    });
  }
  const iis = iisClientRows(facts);
  if (iis.length > 0) {
    tables.push({
      id: "clients-iis",
      source: "iisLog",
      count: iis.length,
      view: tableView(iis, withoutEmptyColumns(iis), CLIENT_VISIBLE_ROWS),
      truncated: 0,
    });
  }
  return tables;
}

export function hourlySeries(facts: Facts): HourPoint[] | undefined {
  const buckets = objects<HourBucket>(facts.iisLog?.hourly).filter((bucket) => str(bucket.hour));
  if (buckets.length === 0) return undefined;
  return buckets
    .map((b) => {
      const unauthorized = num(b.s401_1) + num(b.s401_2) + num(b.s401_3) + num(b.s401_other);
      const serverErrors = num(b.s500) + num(b.s503);
      const detail =
        `401.1: ${num(b.s401_1)}, 401.2: ${num(b.s401_2)}, 401.3: ${num(b.s401_3)}, other 401: ${num(b.s401_other)}; ` +
        `500: ${num(b.s500)}, 503: ${num(b.s503)}; ${num(b.total)} requests`;
      return { hour: shortTime(b.hour), unauthorized, serverErrors, detail };
    })
    .sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
}

/** "2026-11-18 10:00:00" and ISO strings, read as UTC so the result is the same in every time zone. */
export function parseTimestamp(text: string): number | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const value = Date.parse(`${match[1]}T${match[2] ?? "00:00:00"}${match[3] ?? "Z"}`);
  return Number.isNaN(value) ? undefined : value;
}

const DAY = 24 * 60 * 60 * 1000;
const BUCKETS: { label: string; upTo: number }[] = [
  { label: "< 1 day", upTo: 1 },
  { label: "1–3 days", upTo: 3 },
  { label: "3–7 days", upTo: 7 },
  { label: "7–14 days", upTo: 14 },
  { label: "14–30 days", upTo: 30 },
  { label: "> 30 days", upTo: Number.POSITIVE_INFINITY },
];

/**
 * IIS clients by time since their last contact, measured back from the newest request in the logs
 * (not from "now", so the same evidence always gives the same chart).
 */
export function lastContactHistogram(facts: Facts): { buckets: Bucket[]; reference: string } | undefined {
  const times = objects<ClientSummary>(facts.iisLog?.clients)
    .map((client) => (str(client.last) ? parseTimestamp(client.last) : undefined))
    .filter((time): time is number => time !== undefined);
  if (times.length === 0) return undefined;
  const windowEnd = str(facts.iisLog?.window?.last)
    ? parseTimestamp(facts.iisLog?.window?.last ?? "")
    : undefined;
  const reference = Math.max(windowEnd ?? 0, ...times);
  const buckets = BUCKETS.map((bucket) => ({ label: bucket.label, count: 0 }));
  for (const time of times) {
    const days = (reference - time) / DAY;
    const index = BUCKETS.findIndex((bucket) => days < bucket.upTo);
    const bucket = buckets[index === -1 ? buckets.length - 1 : index];
    if (bucket) bucket.count += 1;
  }
  return { buckets, reference: `${shortTime(new Date(reference).toISOString()).slice(0, 16)} UTC` };
}

/** One machine of nps.radius.machines as a row of lists/nps-radius-machines.csv: its latest access decision and its last reject. */
export function radiusMachineRow(machine: NpsRadiusMachine): Record<string, unknown> {
  const latest: Partial<NpsRadiusDecision> = isPlainObject(machine.latest) ? machine.latest : {};
  const reject: Partial<NpsRadiusDecision> = isPlainObject(machine.lastReject) ? machine.lastReject : {};
  return {
    machine: machine.machine,
    latest: latest.outcome,
    time: latest.time,
    policy: latest.policy,
    lastRejectTime: reject.time,
    lastRejectCode: reject.reasonCode,
    lastRejectReason: reject.reason,
    accepts: machine.accepts,
    rejects: machine.rejects,
    file: latest.file,
    line: latest.line,
  };
}
