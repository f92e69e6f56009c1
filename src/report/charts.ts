/**
 * Inline SVG charts drawn at render time (no browser-side chart library, no request).
 * Every text that reaches the SVG goes through escapeXml; colours come from CSS classes
 * so branding and print styles apply.
 */
import type { Severity } from "../result/types.js";
import type { Bucket, HourPoint } from "./facts-view.js";

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** Rounded to 0.1 px: enough precision, and stable text for byte-identical output. */
function n(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function niceMax(value: number): number {
  if (value <= 5) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function severityChart(
  counts: Record<Severity, number>,
  names: Record<Severity, string>,
  title: string,
): string {
  const severities: Severity[] = ["critical", "high", "medium", "low", "info"];
  return barChart(
    severities.map((severity) => ({
      cls: `sev-${severity}`,
      label: names[severity],
      value: counts[severity],
    })),
    title,
    { svgClass: "chart-severity", labelWidth: 86 },
  );
}

/**
 * Horizontal bars, one labelled row each, the count printed beside the bar: readable in print and
 * in grey because every bar carries its label and number (colour only adds).
 */
export function barChart(
  items: readonly { cls: string; label: string; value: number }[],
  title: string,
  layout: { svgClass: string; labelWidth: number; valueWidth?: number },
): string {
  const max = niceMax(Math.max(1, ...items.map((item) => item.value)));
  const rowHeight = 26;
  const { labelWidth } = layout;
  const barWidth = 300;
  const width = labelWidth + barWidth + (layout.valueWidth ?? 40);
  const height = items.length * rowHeight + 4;
  const rows = items
    .map((item, i) => {
      const y = i * rowHeight + 4;
      const w = item.value === 0 ? 0 : Math.max(3, (item.value / max) * barWidth);
      return (
        `<g class="${escapeXml(item.cls)}"><text x="0" y="${n(y + 15)}" class="chart-label">${escapeXml(item.label)}</text>` +
        `<rect x="${labelWidth}" y="${n(y + 2)}" width="${barWidth}" height="18" class="chart-track" rx="3"/>` +
        `<rect x="${labelWidth}" y="${n(y + 2)}" width="${n(w)}" height="18" class="chart-bar" rx="3"/>` +
        `<text x="${n(labelWidth + barWidth + 8)}" y="${n(y + 15)}" class="chart-value">${item.value.toLocaleString("en-US")}</text></g>`
      );
    })
    .join("");
  return (
    `<svg class="chart ${escapeXml(layout.svgClass)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(title)}</title>${rows}</svg>`
  );
}

/** Hourly 401 and 5xx counts as paired bars, with an hour axis labelled sparsely. */
export function hourlyChart(
  points: readonly HourPoint[],
  title: string,
  legend: { unauthorized: string; serverErrors: string },
): string {
  const width = 680;
  const height = 220;
  const left = 44;
  const right = 8;
  const top = 26;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(1, ...points.map((p) => Math.max(p.unauthorized, p.serverErrors))));
  const slot = plotW / Math.max(1, points.length);
  const bar = Math.max(1, Math.min(14, slot / 2 - 1));
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  const parts: string[] = [];
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${n(y)}" y2="${n(y)}" class="chart-grid"/>`);
    parts.push(
      `<text x="${left - 6}" y="${n(y + 4)}" class="chart-axis" text-anchor="end">${n(max * fraction)}</text>`,
    );
  }
  points.forEach((point, i) => {
    const x = left + i * slot + slot / 2;
    const h401 = (point.unauthorized / max) * plotH;
    const h5xx = (point.serverErrors / max) * plotH;
    parts.push(
      `<rect x="${n(x - bar)}" y="${n(top + plotH - h401)}" width="${n(bar)}" height="${n(h401)}" class="bar-401"><title>${escapeXml(point.hour)}: ${escapeXml(point.detail)}</title></rect>`,
    );
    parts.push(
      `<rect x="${n(x)}" y="${n(top + plotH - h5xx)}" width="${n(bar)}" height="${n(h5xx)}" class="bar-5xx"><title>${escapeXml(point.hour)}: ${escapeXml(point.detail)}</title></rect>`,
    );
    if (i % labelEvery === 0) {
      const label =
        point.hour.length >= 13 ? `${point.hour.slice(5, 10)} ${point.hour.slice(11, 13)}:00` : point.hour;
      parts.push(
        `<text x="${n(x)}" y="${height - bottom + 16}" class="chart-axis" text-anchor="middle">${escapeXml(label)}</text>`,
      );
    }
  });
  const legendParts =
    `<rect x="${left}" y="6" width="10" height="10" class="bar-401"/><text x="${left + 14}" y="15" class="chart-label">${escapeXml(legend.unauthorized)}</text>` +
    `<rect x="${left + 230}" y="6" width="10" height="10" class="bar-5xx"/><text x="${left + 244}" y="15" class="chart-label">${escapeXml(legend.serverErrors)}</text>`;
  return (
    `<svg class="chart chart-hourly" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(title)}</title>${legendParts}${parts.join("")}</svg>`
  );
}

export function histogramChart(buckets: readonly Bucket[], title: string): string {
  const width = 520;
  const height = 180;
  const left = 36;
  const top = 10;
  const bottom = 30;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(1, ...buckets.map((b) => b.count)));
  const slot = plotW / Math.max(1, buckets.length);
  const parts: string[] = [];
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    parts.push(`<line x1="${left}" x2="${width - 8}" y1="${n(y)}" y2="${n(y)}" class="chart-grid"/>`);
    parts.push(
      `<text x="${left - 6}" y="${n(y + 4)}" class="chart-axis" text-anchor="end">${n(max * fraction)}</text>`,
    );
  }
  buckets.forEach((bucket, i) => {
    const x = left + i * slot;
    const h = (bucket.count / max) * plotH;
    parts.push(
      `<rect x="${n(x + slot * 0.15)}" y="${n(top + plotH - h)}" width="${n(slot * 0.7)}" height="${n(h)}" class="bar-hist"/>`,
    );
    parts.push(
      `<text x="${n(x + slot / 2)}" y="${n(top + plotH - h - 4)}" class="chart-value" text-anchor="middle">${bucket.count}</text>`,
    );
    parts.push(
      `<text x="${n(x + slot / 2)}" y="${height - 10}" class="chart-axis" text-anchor="middle">${escapeXml(bucket.label)}</text>`,
    );
  });
  return (
    `<svg class="chart chart-histogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(title)}</title>${parts.join("")}</svg>`
  );
}
