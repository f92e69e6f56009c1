import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { SAMPLES, collectFile } from "./collect.js";

async function healthOf(relative: string) {
  const { output, facts } = await collectFile(await openEvidenceFile(`${SAMPLES}${relative}`, relative));
  assert.equal(output.status, "parsed");
  assert.equal(output.rejected, 0);
  return facts.wsus.health.map((s) => [s.eventId, s.component, s.status]);
}

describe("event-log parts of the sample bundles", () => {
  it("evt-health-errors: four web services failing, 12002 failing again after an earlier recovery", async () => {
    assert.deepEqual(await healthOf("evt-health-errors/eventlog/Application.csv"), [
      [12002, "Reporting Web Service", "failing"],
      [12022, "Client Web Service", "failing"],
      [12042, "SimpleAuth Web Service", "failing"],
      [12052, "DSS Authentication Web Service", "failing"],
    ]);
  });

  it("evt-recovered: every failure followed by its 'working correctly' / 'accessible' event", async () => {
    assert.deepEqual(await healthOf("evt-recovered/eventlog/Application.xml"), [
      [12002, "Reporting Web Service", "recovered"],
      [12072, "WSUS content directory", "recovered"],
    ]);
  });

  it("evt-german: failures named from the ID table, marked inferred", async () => {
    assert.deepEqual(await healthOf("evt-german/eventlog/Anwendung.csv"), [
      [12022, "Client Web Service (inferred from event ID 12022; unconfirmed)", "failing"],
      [
        12052,
        "Downstream Server Authentication Web Service (inferred from event ID 12052; unconfirmed)",
        "failing",
      ],
    ]);
  });

  it("healthy: only 'working' events, no health failure", async () => {
    assert.deepEqual(await healthOf("healthy/eventlog/Application.csv"), []);
  });
});
