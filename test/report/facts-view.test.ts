import { test } from "node:test";
import assert from "node:assert/strict";
import type { Facts } from "../../src/collectors/facts.js";
import {
  clientTables,
  hourlySeries,
  lastContactHistogram,
  parseTimestamp,
} from "../../src/report/facts-view.js";
import { valueView } from "../../src/report/evidence-view.js";
import { loadFixture } from "./helpers.js";

test("hourly 401/5xx series sums the IIS sub-status buckets", () => {
  const series = hourlySeries(loadFixture("failing").facts) ?? [];
  assert.equal(series.length, 48);
  const peak = series.find((p) => p.hour === "2026-11-17 11:00:00");
  assert.ok(peak);
  assert.equal(peak.serverErrors, 17 + 20);
  assert.ok(peak.unauthorized > 280);
  assert.match(
    peak.detail,
    /^401\.1: \d+, 401\.2: \d, 401\.3: \d+, other 401: 0; 500: 17, 503: 20; \d+ requests$/,
  );
});

test("last-contact histogram counts back from the end of the log window, not from now", () => {
  const histogram = lastContactHistogram(loadFixture("failing").facts);
  assert.ok(histogram);
  assert.equal(histogram.reference, "2026-11-17 23:59 UTC");
  assert.deepEqual(
    histogram.buckets.map((b) => b.count),
    [16, 10, 5, 5, 5, 5],
  );
});

test("per-client tables come from nps.machines and iisLog.clients", () => {
  const tables = clientTables(loadFixture("failing").facts);
  assert.deepEqual(
    tables.map((t) => [t.id, t.count]),
    [
      ["clients-nps", 31],
      ["clients-iis", 46],
    ],
  );
  const iis = tables[1]?.view;
  assert.deepEqual(
    iis?.columns.map((c) => c.title),
    ["Client", "Requests", "First contact", "Last contact", "Last scan", "Last report", "User agent"],
  );
  assert.equal(iis?.rows[0]?.[5]?.text, "never", "client 0 never posted to the reporting web service");
  const nps = tables[0]?.view;
  assert.equal(nps?.columns.at(-1)?.title, "Location");
  assert.equal(nps?.rows[0]?.at(-1)?.text, "nps/IN2611.log:120");
});

test("absent or unexpected fact shapes leave the views out instead of failing", () => {
  const bundle = loadFixture("healthy").facts.bundle;
  const empty: Facts = { bundle };
  assert.equal(hourlySeries(empty), undefined);
  assert.equal(lastContactHistogram(empty), undefined);
  assert.deepEqual(clientTables(empty), []);
  const odd = {
    bundle,
    iisLog: { hourly: "x", clients: [null, 3, { ip: "10.0.0.1" }] },
    nps: { machines: {} },
  } as unknown as Facts;
  assert.equal(hourlySeries(odd), undefined);
  assert.equal(lastContactHistogram(odd), undefined);
  assert.deepEqual(
    clientTables(odd).map((t) => t.count),
    [1],
  );
});

test("timestamps without a zone are read as UTC", () => {
  assert.equal(parseTimestamp("2026-11-17 08:02:11"), Date.UTC(2026, 10, 17, 8, 2, 11));
  assert.equal(parseTimestamp("2026-11-17T08:02:11.000Z"), Date.UTC(2026, 10, 17, 8, 2, 11));
  assert.equal(parseTimestamp("yesterday"), undefined);
});

test("evidence values become tables, excerpts, lists, key/value pairs or one value", () => {
  assert.equal(valueView([{ file: "a.log", line: 3, text: "GET /" }]).kind, "excerpt");
  const table = valueView([{ path: "C:\\Temp", count: 2, file: "acl/x.txt", line: 4 }]);
  assert.equal(table.kind, "table");
  if (table.kind === "table") {
    assert.deepEqual(
      table.columns.map((c) => c.title),
      ["Path", "Count", "Location"],
    );
    assert.deepEqual(
      table.rows[0]?.map((c) => c.text),
      ["C:\\Temp", "2", "acl/x.txt:4"],
    );
    assert.equal(table.rows[0]?.[0]?.mono, true);
    assert.equal(table.rows[0]?.[1]?.numeric, true);
  }
  assert.equal(valueView(["a", "b"]).kind, "list");
  assert.equal(valueView({ port: 8530 }).kind, "keyvalue");
  assert.deepEqual(valueView(null), { kind: "scalar", text: "", empty: true });
  const long = valueView(Array.from({ length: 14 }, (_, i) => ({ n: i })));
  assert.ok(long.kind === "table" && long.rows.length === 12 && long.more.length === 2);
  const almost = valueView(Array.from({ length: 13 }, (_, i) => ({ n: i })));
  assert.ok(
    almost.kind === "table" && almost.rows.length === 13 && almost.more.length === 0,
    "never hide a single row",
  );
});
