import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collectFixture } from "./collect.js";

describe("PowerShell Export-Csv of event logs", () => {
  it("reads Get-WinEvent | Export-Csv (5.1: #TYPE line, ASCII) by column name", async () => {
    const { kind, score, output } = await collectFixture("get-winevent.csv");
    assert.equal(kind, "eventlog-powershell-csv");
    assert.equal(score, 95);
    assert.equal(output.records, 2);
    assert.equal(output.facts!.format, "eventlog-powershell-csv:Get-WinEvent");
    const [event] = output.facts!.wsusEvents;
    assert.deepEqual(
      [event?.eventId, event?.level, event?.time, event?.record, event?.computer, event?.line],
      [12002, "Error", "2024-03-14T10:15:02", 4711, "WSUS01.contoso.local", 3],
    );
    assert.match(
      event?.message ?? "",
      /^The Reporting Web Service is not working\.\nSystem\.Net\.WebException/,
    );
  });

  it("reports message text lost to the ASCII encoding, keeping the event IDs", async () => {
    const { output } = await collectFixture("get-winevent.csv");
    assert.equal(output.facts!.lossyText, true);
    assert.ok(output.problems.some((p) => /Message text unreadable/.test(p.message)));
    assert.equal(output.facts!.bySource["Service Control Manager"], 1);
  });

  it("reads Get-EventLog | Export-Csv: EventID (not InstanceId), EntryType, Index, yyyy/MM/dd dates", async () => {
    const { kind, output } = await collectFixture("get-eventlog.csv");
    assert.equal(kind, "eventlog-powershell-csv");
    assert.equal(output.facts!.format, "eventlog-powershell-csv:Get-EventLog");
    const [event] = output.facts!.wsusEvents;
    assert.deepEqual(
      [event?.eventId, event?.level, event?.time, event?.record, event?.line],
      [12072, "Error", "2024-03-14T10:15:02", 5123, 3],
    );
    assert.equal(output.records, 2);
  });
});
