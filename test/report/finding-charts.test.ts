/**
 * Charts where a reader would rather look than read (issue 18): the hours around a pool outage with
 * HTTP.sys's refusals beside the W3C traffic, 401s per virtual directory over time, findings by area.
 * Every label is escaped, every series has its own shape and label (grey print), and a finding
 * without a time series gets no chart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  aroundErrors,
  areaChart,
  lastReportAges,
  outageChart,
  vdirTimelineChart,
} from "../../src/report/finding-charts.js";
import { findingChart } from "../../src/report/html/finding-chart.js";
import { labelsFor } from "../../src/report/labels.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderHtml } from "../../src/report/index.js";
import { ROOT } from "../helpers/cli.js";

const labels = labelsFor("en");
const hour = (day: number, h: number) => `2026-10-0${day}T${String(h).padStart(2, "0")}:00:00.000Z`;

test("aroundErrors keeps a few hours either side of the errors, none without errors", () => {
  const hours = Array.from({ length: 48 }, (_, i) => ({
    hour: hour(5 + Math.floor(i / 24), i % 24),
    total: 10,
    errors: i === 20 || i === 30 ? 5 : 0,
  }));
  const around = aroundErrors(hours, 2);
  assert.equal(around[0]!.hour, hour(5, 18));
  assert.equal(around.at(-1)!.hour, hour(6, 8));
  assert.deepEqual(aroundErrors(hours.map((h) => ({ ...h, errors: 0 }))), []);
});

test("the outage chart draws every hour's requests and its errors, labelled, with escaped text", () => {
  const svg = outageChart(
    [
      { hour: hour(5, 2), total: 40, errors: 0 },
      { hour: hour(5, 3), total: 0, errors: 90 },
    ],
    'Pool <"WsusPool">',
    { requests: "requests", errors: "HTTP 503" },
  );
  assert.match(svg, /^<svg class="chart chart-outage"/);
  assert.equal(svg.match(/class="bar-requests"><title>/g)?.length, 2);
  assert.equal(svg.match(/class="bar-errors"><title>/g)?.length, 1, "only the hour with errors");
  assert.match(svg, /2026-10-05 03:00 UTC: 0 requests, 90 HTTP 503/);
  assert.match(svg, /<title>Pool &lt;&quot;WsusPool&quot;&gt;<\/title>/);
  assert.doesNotMatch(svg, /<"WsusPool">/);
});

test("the vDir timeline spans each row's first to last 401; no time, no chart", () => {
  const svg = vdirTimelineChart(
    [
      {
        vdir: "ClientWebService",
        status: "401.1",
        count: 120,
        first: "2026-10-05T00:00:00Z",
        last: "2026-10-06T00:00:00Z",
      },
      {
        vdir: "SelfUpdate",
        status: "401.1",
        count: 3,
        first: "2026-10-05T12:00:00Z",
        last: "2026-10-05T12:00:00Z",
      },
    ],
    "401 per vDir",
  );
  const bars = [
    ...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14" class="bar-401">/g),
  ];
  assert.equal(bars.length, 2);
  assert.ok(Number(bars[0]![2]) > 300, "a day-long row spans the axis");
  assert.ok(Number(bars[1]![1]) > Number(bars[0]![1]) + 150, "the noon row starts half-way");
  assert.match(svg, /120×/);
  assert.equal(vdirTimelineChart([{ vdir: "x", status: "401.1", count: 1, first: "", last: "" }], "t"), "");
});

test("findings by area: one stacked bar per area, a segment per severity", () => {
  const svg = areaChart(
    [{ area: "IIS <web>", counts: { critical: 1, high: 2 } }],
    labels.severityNames,
    "by area",
  );
  assert.match(svg, /IIS &lt;web&gt;/);
  assert.equal(svg.match(/class="chart-bar sev-(critical|high)"/g)?.length, 2);
  assert.match(svg, />3<\/text>/);
});

test("the pool-outage sample's finding shows W3C traffic with HTTP.sys's 503s; other findings none", async () => {
  const result = await auditBundle(join(ROOT, "samples", "iis-pool-outage"));
  const outage = result.findings.find((finding) => finding.checks.includes("IIS.POOL_UNAVAILABLE"));
  assert.ok(outage, "the sample fires IIS.POOL_UNAVAILABLE");
  const chart = findingChart(outage, result.facts, labels);
  assert.ok(chart);
  // The 503s come from HTTPERR (AppOffline), in hours where the W3C log is silent.
  assert.match(chart.markup, /03:00 UTC: 0 requests, 64 HTTP 503/);
  const html = renderHtml(result);
  assert.equal(html.match(/<svg class="chart chart-outage"/g)?.length, 1);
  assert.equal(findingChart({ ...outage, checks: ["GPO.PORT"] }, result.facts, labels), undefined);
});

test("computers by age of their last report: buckets from the reference time, never and unknown apart", () => {
  const reference = "2026-12-01T09:00:00Z";
  const ages = lastReportAges(
    [
      "2026-12-01T08:00:00Z", // 1 hour
      "2026-11-28T09:00:00Z", // 3 days
      "2026-11-10T09:00:00Z", // 21 days
      "2026-10-01T09:00:00Z", // 61 days
      "2026-10-01T09:00:00Z",
      "2025-01-01T00:00:00Z", // a year
      "never",
      "2026-03-04T00:00:00Z or 2026-04-03T00:00:00Z", // day/month order left open by the export
    ],
    reference,
  );
  assert.deepEqual(ages, [
    { label: "under 1 day", count: 1 },
    { label: "1–7 days", count: 1 },
    { label: "7–30 days", count: 1 },
    { label: "30–90 days", count: 2 },
    { label: "over 90 days", count: 1 },
    { label: "never", count: 1 },
    { label: "unknown", count: 1 },
  ]);
  assert.deepEqual(lastReportAges(["2026-11-28T09:00:00Z"], undefined), [{ label: "unknown", count: 1 }]);
});

test("the manager's page and the Computers chapter of the sample show the computers affected", async () => {
  const result = await auditBundle(join(ROOT, "samples", "clients-not-reporting"));
  const html = renderHtml(result);
  const manager = /<section class="section manager"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  assert.match(manager, /\d+ of \d+ computers have not reported for 30 days or more/);
  assert.match(manager, /<ul class="manager-causes"><li><strong>\d+<\/strong>/);
  assert.match(
    html,
    /<figcaption>Computers by age of their last status report<\/figcaption>\s*<svg class="chart chart-histogram"/,
  );
});
