import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collectFixture } from "../../collectors/eventlog/collect.js";
import type { Facts } from "../../../src/collectors/facts.js";
import { eventlogFacts, wsusEvents, wsusHealth } from "../../../src/checks/evt/facts.js";

async function factsFrom(name: string): Promise<Facts> {
  const { facts } = await collectFixture(name);
  return {
    bundle: { name: "t", manifest: {}, wsus: {}, sources: ["eventlog"], kinds: ["eventlog-csv"] },
    eventlog: facts,
  };
}

describe("eventlog dynamic facts", () => {
  it("wsusHealth returns only the open failures the rule asks for", async () => {
    const facts = await factsFrom("eventviewer-en.csv");
    const open = wsusHealth(facts, { eventIds: [12002, 12072], statuses: ["failing", "probably-recovered"] });
    assert.deepEqual(
      open.map((row) => [row.eventId, row.component, row.status, row.count, row.last, row.line]),
      [[12072, "WSUS content directory", "failing", 1, "2024-03-17T16:15:04", 2]],
    );
    assert.deepEqual(
      wsusHealth(facts, { statuses: ["recovered"] }).map((row) => row.eventId),
      [12002],
    );
    assert.deepEqual(wsusHealth(facts, { eventIds: [12002], statuses: ["failing"] }), []);
  });

  it("wsusEvents lists WSUS events by ID with counts and first/last time", async () => {
    const facts = await factsFrom("eventviewer-en.csv");
    assert.deepEqual(
      wsusEvents(facts, {}).map((row) => [row.eventId, row.count, row.first, row.last]),
      [
        [12001, 1, "2024-03-17T16:15:03", "2024-03-17T16:15:03"],
        [12002, 2, "2024-03-12T09:15:02", "2024-03-13T10:15:02"],
        [12072, 1, "2024-03-17T16:15:04", "2024-03-17T16:15:04"],
      ],
    );
    assert.deepEqual(
      wsusEvents(facts, { eventIds: [12072] }).map((row) => row.eventId),
      [12072],
    );
  });

  it("returns empty lists without event-log evidence and declares its parameters", () => {
    const facts: Facts = { bundle: { name: "t", manifest: {}, wsus: {}, sources: [], kinds: [] } };
    assert.deepEqual(wsusHealth(facts, {}), []);
    assert.deepEqual(wsusEvents(facts, {}), []);
    assert.deepEqual(
      eventlogFacts.map((fact) => [fact.name, Object.keys(fact.params ?? {})]),
      [
        ["wsusHealth", ["eventIds", "statuses"]],
        ["wsusEvents", ["eventIds"]],
        ["eventLogScope", []],
      ],
    );
  });
});
