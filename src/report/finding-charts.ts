/**
 * Charts where a reader would rather look than read, drawn from the facts a finding rests on:
 * requests and server errors per hour around an application-pool outage, 401s per virtual directory
 * over the log's time, and findings by area for the summary. Inline SVG (no library, no request);
 * every series is told apart by its shape and its label as well as its colour, so the charts read
 * the same printed in grey.
 */
import type { Severity } from "../result/types.js";
import { escapeXml } from "./charts.js";
import { parseTimestamp } from "./facts-view.js";

const round = (value: number): string => (Math.round(value * 10) / 10).toString();

function niceMax(value: number): number {
  if (value <= 5) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const svg = (kind: string, width: number, height: number, title: string, body: string): string =>
  `<svg class="chart ${kind}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeXml(title)}</title>${body}</svg>`;

export interface HourTraffic {
  /** Start of the hour, ISO UTC. */
  hour: string;
  total: number;
  errors: number;
}

/** The hours around the errors: from a few hours before the first to a few after the last. */
export function aroundErrors(hours: readonly HourTraffic[], margin = 6, max = 96): HourTraffic[] {
  const sorted = [...hours].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0));
  const first = sorted.findIndex((h) => h.errors > 0);
  if (first < 0) return [];
  let last = first;
  sorted.forEach((h, i) => {
    if (h.errors > 0) last = i;
  });
  const start = Math.max(0, first - margin);
  const end = Math.min(sorted.length, Math.max(last + margin + 1, start + 1));
  return sorted.slice(Math.max(start, end - max), end);
}

/** Requests per hour as light bars, the hour's errors as dark bars inside them, labelled. */
export function outageChart(
  hours: readonly HourTraffic[],
  title: string,
  legend: { requests: string; errors: string },
): string {
  const width = 680;
  const height = 210;
  const left = 48;
  const top = 26;
  const bottom = 40;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  // HTTP.sys refusals never reach the W3C log: an hour's errors may exceed its logged requests.
  const max = niceMax(Math.max(1, ...hours.map((h) => Math.max(h.total, h.errors))));
  const slot = plotW / Math.max(1, hours.length);
  const bar = Math.max(2, slot * 0.7);
  const labelEvery = Math.max(1, Math.ceil(hours.length / 8));
  const parts: string[] = [
    `<rect x="${left}" y="6" width="10" height="10" class="bar-requests"/><text x="${left + 14}" y="15" class="chart-label">${escapeXml(legend.requests)}</text>`,
    `<rect x="${left + 200}" y="6" width="10" height="10" class="bar-errors"/><text x="${left + 214}" y="15" class="chart-label">${escapeXml(legend.errors)}</text>`,
  ];
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${round(y)}" y2="${round(y)}" class="chart-grid"/>`);
    parts.push(
      `<text x="${left - 6}" y="${round(y + 4)}" class="chart-axis" text-anchor="end">${round(max * fraction)}</text>`,
    );
  }
  hours.forEach((hour, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    const total = (hour.total / max) * plotH;
    const errors = (hour.errors / max) * plotH;
    const tip = `${hour.hour.slice(0, 13).replace("T", " ")}:00 UTC: ${hour.total} ${legend.requests}, ${hour.errors} ${legend.errors}`;
    parts.push(
      `<rect x="${round(x)}" y="${round(top + plotH - total)}" width="${round(bar)}" height="${round(total)}" class="bar-requests"><title>${escapeXml(tip)}</title></rect>`,
    );
    if (hour.errors > 0)
      parts.push(
        `<rect x="${round(x)}" y="${round(top + plotH - errors)}" width="${round(bar)}" height="${round(Math.max(errors, 1.5))}" class="bar-errors"><title>${escapeXml(tip)}</title></rect>`,
      );
    if (i % labelEvery === 0)
      parts.push(
        `<text x="${round(Math.min(x + bar / 2, width - 34))}" y="${height - bottom + 16}" class="chart-axis" text-anchor="middle">${escapeXml(`${hour.hour.slice(5, 10)} ${hour.hour.slice(11, 13)}:00`)}</text>`,
      );
  });
  return svg("chart-outage", width, height, title, parts.join(""));
}

export interface VdirFailures {
  vdir: string;
  /** "401.1", "401.2"… */
  status: string;
  count: number;
  first: string;
  last: string;
}

/** One row per vDir and status: a bar from its first to its last 401 on the log's time axis. */
export function vdirTimelineChart(rows: readonly VdirFailures[], title: string): string {
  const times = rows.flatMap((row) => [parseTimestamp(row.first), parseTimestamp(row.last)]);
  const known = times.filter((t): t is number => t !== undefined);
  if (rows.length === 0 || known.length === 0) return "";
  const start = Math.min(...known);
  const end = Math.max(start + 3600_000, ...known);
  const width = 680;
  const rowHeight = 24;
  const left = 250;
  const right = 70;
  const top = 8;
  const height = top + rows.length * rowHeight + 26;
  const plotW = width - left - right;
  const x = (t: number | undefined): number => left + (((t ?? start) - start) / (end - start)) * plotW;
  const parts = rows.map((row, i) => {
    const y = top + i * rowHeight;
    const from = x(parseTimestamp(row.first));
    const to = Math.max(from + 3, x(parseTimestamp(row.last)));
    const label = `${row.vdir} ${row.status}`;
    return (
      `<text x="0" y="${round(y + 15)}" class="chart-label">${escapeXml(label)}</text>` +
      `<rect x="${left}" y="${round(y + 4)}" width="${plotW}" height="14" class="chart-track"/>` +
      `<rect x="${round(from)}" y="${round(y + 4)}" width="${round(to - from)}" height="14" class="bar-401"><title>${escapeXml(`${label}: ${row.count} × from ${row.first} to ${row.last}`)}</title></rect>` +
      `<text x="${width - right + 6}" y="${round(y + 15)}" class="chart-value">${row.count}×</text>`
    );
  });
  const axisY = top + rows.length * rowHeight + 16;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
  parts.push(
    `<text x="${left}" y="${axisY}" class="chart-axis">${escapeXml(iso(start))}</text>`,
    `<text x="${left + plotW}" y="${axisY}" class="chart-axis" text-anchor="end">${escapeXml(`${iso(end)} UTC`)}</text>`,
  );
  return svg("chart-vdir-timeline", width, height, title, parts.join(""));
}

/** Open findings per area, each bar split by severity (labelled with its count). */
export function areaChart(
  rows: readonly { area: string; counts: Partial<Record<Severity, number>> }[],
  severityNames: Record<Severity, string>,
  title: string,
): string {
  const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
  const totals = rows.map((row) => severities.reduce((sum, s) => sum + (row.counts[s] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const labelWidth = 130;
  const barWidth = 260;
  const rowHeight = 26;
  const width = labelWidth + barWidth + 40;
  const height = rows.length * rowHeight + 4;
  const parts = rows.map((row, i) => {
    const y = i * rowHeight + 4;
    let at = labelWidth;
    const segments = severities
      .filter((s) => (row.counts[s] ?? 0) > 0)
      .map((s) => {
        const w = ((row.counts[s] ?? 0) / max) * barWidth;
        const segment = `<rect x="${round(at)}" y="${round(y + 2)}" width="${round(w)}" height="18" class="chart-bar sev-${s}"><title>${escapeXml(`${severityNames[s]}: ${row.counts[s] ?? 0}`)}</title></rect>`;
        at += w;
        return segment;
      })
      .join("");
    return (
      `<text x="0" y="${round(y + 15)}" class="chart-label">${escapeXml(row.area)}</text>` +
      `<rect x="${labelWidth}" y="${round(y + 2)}" width="${barWidth}" height="18" class="chart-track" rx="3"/>${segments}` +
      `<text x="${labelWidth + barWidth + 8}" y="${round(y + 15)}" class="chart-value">${totals[i]}</text>`
    );
  });
  return svg("chart-areas", width, height, title, parts.join(""));
}

export interface AgeBucket {
  label: string;
  count: number;
}

const DAY_MS = 86_400_000;
/** Upper bounds of the age buckets in days; a last report older than the last is "over 90 days". */
const AGE_BOUNDS: readonly { days: number; label: string }[] = [
  { days: 1, label: "under 1 day" },
  { days: 7, label: "1–7 days" },
  { days: 30, label: "7–30 days" },
  { days: 90, label: "30–90 days" },
];

/**
 * Computers by the age of their last status report at the reference time: the buckets a manager
 * reads stale machines from, plus "never" and "unknown" (no date, or a date whose day/month order
 * the export left open). Ages come from all computers, not only the printed rows.
 */
export function lastReportAges(lastReports: readonly string[], reference: string | undefined): AgeBucket[] {
  const at = reference ? Date.parse(reference) : Number.NaN;
  const counts = new Map<string, number>();
  const add = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const value of lastReports) {
    if (value === "never") add("never");
    else {
      const time = /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(time) || !Number.isFinite(at)) add("unknown");
      else {
        const days = Math.max(0, (at - time) / DAY_MS);
        add(AGE_BOUNDS.find((bound) => days < bound.days)?.label ?? "over 90 days");
      }
    }
  }
  const order = [...AGE_BOUNDS.map((bound) => bound.label), "over 90 days", "never", "unknown"];
  return order.filter((label) => counts.has(label)).map((label) => ({ label, count: counts.get(label)! }));
}
