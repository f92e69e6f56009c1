import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WsusEvent } from "../../../src/collectors/eventlog/facts.js";
import { healthStates } from "../../../src/collectors/eventlog/health.js";
import { mergeEventLogs } from "../../../src/collectors/eventlog/merge.js";
import { collectFixture } from "./collect.js";

const WSUS = "Windows Server Update Services";
let line = 1;
function event(
  eventId: number,
  time: string,
  level: WsusEvent["level"],
  message?: string,
  record?: number,
): WsusEvent {
  return {
    eventId,
    source: WSUS,
    level,
    time,
    timeZone: "local",
    file: "eventlog/a.csv",
    line: line++,
    ...(message !== undefined ? { message } : {}),
    ...(record !== undefined ? { record } : {}),
  };
}
const REPORTING_DOWN =
  "The Reporting Web Service is not working.\nSystem.Net.WebException: The remote server returned an error: (401) Unauthorized.";
const REPORTING_UP = "The Reporting Web Service is working correctly.";

describe("WSUS health states (failure, recovery)", () => {
  it("a later 'is working correctly' for the same component recovers it", () => {
    const [state] = healthStates([
      event(12002, "2024-03-13T10:15:02", "Error", REPORTING_DOWN),
      event(12001, "2024-03-13T16:15:02", "Information", REPORTING_UP),
    ]);
    assert.deepEqual(
      [state?.status, state?.component, state?.componentFrom, state?.recoveredAt, state?.httpStatus],
      ["recovered", "Reporting Web Service", "message", "2024-03-13T16:15:02", 401],
    );
  });

  it("a recovery before the last failure does not count", () => {
    const [state] = healthStates([
      event(12002, "2024-03-13T10:15:02", "Error", REPORTING_DOWN),
      event(12001, "2024-03-13T16:15:02", "Information", REPORTING_UP),
      event(12002, "2024-03-14T04:15:02", "Error", REPORTING_DOWN),
    ]);
    assert.equal(state?.status, "failing");
    assert.equal(state?.count, 2);
    assert.equal(state?.first, "2024-03-13T10:15:02");
    assert.equal(state?.last, "2024-03-14T04:15:02");
  });

  it("another component's recovery does not clear the failure", () => {
    const [state] = healthStates([
      event(12072, "2024-03-13T10:15:02", "Error", "The WSUS content directory is not accessible."),
      event(12001, "2024-03-13T16:15:02", "Information", REPORTING_UP),
    ]);
    assert.equal(state?.status, "failing");
    assert.equal(state?.component, "WSUS content directory");
  });

  it("a later recovery ID without recovery wording is only 'probably-recovered'", () => {
    const [state] = healthStates([
      event(12052, "2024-03-13T10:15:02", "Error"),
      event(12051, "2024-03-13T16:15:02", "Information"),
    ]);
    assert.equal(state?.status, "probably-recovered");
    assert.equal(state?.recoveryEventId, 12051);
    assert.equal(state?.componentFrom, "table");
    assert.match(state?.component ?? "", /inferred from event ID 12052; unconfirmed/);
    assert.equal(state?.message, "WSUS web-service health error (event ID 12052)");
  });

  it("same-second events are ordered by record number, and only Error-level failures count", () => {
    const states = healthStates([
      event(12002, "2024-03-13T10:15:02", "Error", REPORTING_DOWN, 100),
      event(12001, "2024-03-13T10:15:02", "Information", REPORTING_UP, 101),
      event(12072, "2024-03-13T10:15:02", "Information", "The WSUS content directory is not accessible."),
    ]);
    assert.deepEqual(
      states.map((s) => [s.eventId, s.status]),
      [[12002, "recovered"]],
    );
  });

  it("names the standard text when the export has no message (12072 from wevtutil /f:xml)", async () => {
    const { facts } = await collectFixture("wevtutil.xml");
    const [state] = facts.wsus.health;
    assert.equal(state?.component, "WSUS content directory");
    assert.equal(state?.componentFrom, "table");
    assert.equal(state?.status, "probably-recovered");
    assert.equal(state?.message, "(standard text) The WSUS content directory is not accessible.");
  });

  it("reads the fixtures end to end: 12002 recovered, 12072 failing with HTTP 503", async () => {
    const { facts } = await collectFixture("eventviewer-en.csv");
    assert.deepEqual(
      facts.wsus.health.map((s) => [s.eventId, s.component, s.status, s.httpStatus, s.file, s.line]),
      [
        [12002, "Reporting Web Service", "recovered", 401, "eventlog/eventviewer-en.csv", 8],
        [12072, "WSUS content directory", "failing", 503, "eventlog/eventviewer-en.csv", 2],
      ],
    );
  });

  it("does not double-count the same log brought as .evtx-like and XML copies (same record numbers)", async () => {
    const xml = await collectFixture("wevtutil.xml");
    const fragment = xml.output.facts!;
    const merged = mergeEventLogs([
      { file: "a.xml", facts: fragment },
      { file: "b.xml", facts: fragment },
    ]);
    assert.equal(merged.totalEvents, 6);
    assert.equal(merged.wsus.total, 2);
    assert.equal(merged.wsus.byId.find((s) => s.eventId === 12072)?.count, 1);
  });
});
