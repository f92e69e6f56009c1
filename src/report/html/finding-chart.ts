/**
 * The chart a finding shows above its evidence, when its facts have a time series a reader takes in
 * faster as a picture: requests and errors per hour around an application-pool outage or a burst of
 * server errors; 401s per virtual directory over the log's time for the 401 checks.
 */
import type { Facts } from "../../collectors/facts.js";
import type { Finding } from "../../result/types.js";
import {
  aroundErrors,
  outageChart,
  vdirTimelineChart,
  type HourTraffic,
  type VdirFailures,
} from "../finding-charts.js";
import type { Labels } from "../labels.js";

/** Markup Handlebars prints as is (it calls toHTML): only for SVG built with every text escaped. */
export class TrustedSvg {
  constructor(readonly markup: string) {}
  toHTML(): string {
    return this.markup;
  }
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const str = (value: unknown): string => (typeof value === "string" ? value : "");
const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => !!item && typeof item === "object")
    : [];

const HOUR_MS = 3600_000;

/**
 * Requests per hour from the W3C logs and the hour's errors: the W3C status (500 or 503) plus, for an
 * outage, the 503s HTTP.sys refused before IIS logged anything (HTTPERR: AppOffline, QueueFull …).
 * Hours without a line in between are drawn as zero: a gap in traffic is part of the picture.
 */
function hourlyTraffic(
  iis: Record<string, unknown>,
  httpErr: unknown,
  status: "s500" | "s503",
): HourTraffic[] {
  const byHour = new Map<number, HourTraffic>();
  const at = (hour: string): HourTraffic | undefined => {
    const t = Date.parse(hour);
    if (!Number.isFinite(t)) return undefined;
    const key = Math.floor(t / HOUR_MS) * HOUR_MS;
    let entry = byHour.get(key);
    if (!entry) byHour.set(key, (entry = { hour: new Date(key).toISOString(), total: 0, errors: 0 }));
    return entry;
  };
  for (const bucket of list(iis.hourly)) {
    const entry = at(str(bucket.hour));
    if (!entry) continue;
    entry.total += num(bucket.total);
    entry.errors += num(bucket[status]);
  }
  const errorLog = (httpErr ?? {}) as Record<string, unknown>;
  const refusing = new Set(
    list(errorLog.reasons)
      .filter((r) => num(r.status) === 503)
      .map((r) => str(r.reason)),
  );
  for (const bucket of list(errorLog.hourly)) {
    if (!refusing.has(str(bucket.reason))) continue;
    const entry = at(str(bucket.hour));
    if (entry) entry.errors += num(bucket.count);
  }
  if (byHour.size === 0) return [];
  const keys = [...byHour.keys()];
  const first = Math.min(...keys);
  const last = Math.max(...keys);
  const hours: HourTraffic[] = [];
  for (let t = first; t <= last && hours.length < 24 * 62; t += HOUR_MS)
    hours.push(byHour.get(t) ?? { hour: new Date(t).toISOString(), total: 0, errors: 0 });
  return hours;
}

const SUBSTATUS_OF: Record<string, number> = { "IIS.401_1": 1, "IIS.401_2": 2, "IIS.401_3": 3 };

export function findingChart(finding: Finding, facts: Facts, labels: Labels): TrustedSvg | undefined {
  const iis = (facts.iisLog ?? {}) as unknown as Record<string, unknown>;
  const checks = new Set(finding.checks);
  const outage = checks.has("IIS.POOL_UNAVAILABLE");
  if (outage || checks.has("IIS.SERVER_ERRORS")) {
    const hours = aroundErrors(
      hourlyTraffic(iis, outage ? facts.httpErr : undefined, outage ? "s503" : "s500"),
    );
    if (hours.length === 0) return undefined;
    return new TrustedSvg(
      outageChart(hours, outage ? labels.outageChart : labels.serverErrorChart, {
        requests: labels.chartRequests,
        errors: outage ? "HTTP 503" : "HTTP 500",
      }),
    );
  }
  if (!facts.iisLog) return undefined;
  const substatuses = finding.checks.map((check) => SUBSTATUS_OF[check]).filter((s) => s !== undefined);
  if (substatuses.length === 0) return undefined;
  const rows: VdirFailures[] = list(iis.authFailures)
    .filter((row) => num(row.status) === 401 && substatuses.includes(num(row.substatus)))
    .map((row) => ({
      vdir: str(row.vdir),
      status: `401.${num(row.substatus)}`,
      count: num(row.count),
      first: str(row.first),
      last: str(row.last),
    }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 12);
  const markup = vdirTimelineChart(rows, labels.vdirTimelineChart);
  return markup ? new TrustedSvg(markup) : undefined;
}
