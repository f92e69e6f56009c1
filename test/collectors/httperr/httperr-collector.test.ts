import { test } from "node:test";
import assert from "node:assert/strict";
import { openEvidenceFile, makeProbe } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectHttpErr, detectHttpErr } from "../../../src/collectors/httperr/collector.js";
import { mergeHttpErr } from "../../../src/collectors/httperr/index.js";

test("HTTPERR: s-reason per queue and per hour, across two directive blocks with different fields", async () => {
  const file = await openEvidenceFile("test/fixtures/iis/httperr1.log", "httperr/httperr1.log");
  assert.equal(detectHttpErr(await makeProbe(file)), 95);
  const output = await collectHttpErr(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 4);
  assert.equal(output.rejected, 1);
  assert.equal(output.problems[0]?.line, 8);
  const facts = mergeHttpErr([{ file: file.path, facts: output.facts! }]);
  assert.deepEqual(
    facts.reasons.map((r) => [r.reason, r.queue, r.status, r.count]),
    [
      ["AppOffline", "WsusPool", 503, 2],
      ["QueueFull", "WsusPool", 503, 1],
      ["Timer_ConnectionIdle", "-", -1, 1],
    ],
  );
  // Timer_ConnectionIdle is normal: not in the hourly series
  assert.deepEqual(facts.hourly, [
    { hour: "2026-10-02T03:00:00Z", queue: "WsusPool", reason: "AppOffline", count: 2 },
    { hour: "2026-10-02T04:00:00Z", queue: "WsusPool", reason: "QueueFull", count: 1 },
  ]);
  assert.deepEqual(
    facts.samples.find((s) => s.reason === "QueueFull"),
    {
      reason: "QueueFull",
      queue: "WsusPool",
      line: 13,
      file: "httperr/httperr1.log",
      text: "2026-10-02 04:10:00 10.1.0.24 50300 10.1.0.5 8530 HTTP/1.1 POST /ReportingWebService/ReportingWebService.asmx 503 1572271583 QueueFull WsusPool",
    },
  );
  assert.deepEqual(facts.window, { first: "2026-10-02T02:58:10Z", last: "2026-10-02T04:10:00Z" });
});

test("HTTPERR detection does not claim W3C site logs", async () => {
  const file = await openEvidenceFile("test/fixtures/iis/u_ex261001-fields-change.log");
  assert.equal(detectHttpErr(await makeProbe(file)), 0);
});

test("HTTPERR per client address: what HTTP.sys turned away from each, idle timers left out, merged across files", async () => {
  const file = await openEvidenceFile("test/fixtures/iis/httperr1.log", "httperr/httperr1.log");
  const output = await collectHttpErr(file, { limits: DEFAULT_LIMITS });
  const facts = mergeHttpErr([
    { file: "httperr/httperr1.log", facts: output.facts! },
    { file: "httperr/httperr2.log", facts: output.facts! },
  ]);
  // the same file read twice stands for two days of the same clients: counts add, the last line wins
  assert.deepEqual(
    facts.clients.map((c) => [
      c.ip,
      c.count,
      c.reasons.map((r) => `${r.reason} ${r.count}`).join(", "),
      c.file,
      c.line,
    ]),
    [
      ["10.1.0.22", 2, "AppOffline 2", "httperr/httperr2.log", 6],
      ["10.1.0.23", 2, "AppOffline 2", "httperr/httperr2.log", 7],
      ["10.1.0.24", 2, "QueueFull 2", "httperr/httperr2.log", 13],
    ],
  );
  // 10.1.0.21 only had an idle connection closed: normal, not listed
  assert.equal(facts.clientOverflow, 0);
});
