import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Readable } from "node:stream";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import { collectFile, collectFixture } from "./collect.js";

describe("wevtutil XML and text exports", () => {
  it("reads bare <Event> elements (wevtutil qe /f:xml, no root) in UTC, rejecting a broken one", async () => {
    const { kind, output, facts } = await collectFixture("wevtutil.xml");
    assert.equal(kind, "eventlog-xml");
    assert.equal(output.records, 3);
    assert.equal(output.rejected, 1);
    assert.deepEqual(
      output.facts!.wsusEvents.map((e) => [e.eventId, e.level, e.time, e.record, e.message]),
      [
        [12072, "Error", "2024-03-14T09:15:02.123Z", 801, undefined],
        [12071, "Information", "2024-03-14T15:15:02.765Z", 802, undefined],
      ],
    );
    // No message in /f:xml: the standard text is shown, marked as such.
    assert.equal(
      facts.wsus.byId[1]?.message,
      "(standard text) The WSUS content directory is not accessible.",
    );
    assert.equal(facts.wsus.byId[1]?.messageFrom, "standard text");
  });

  it("finds events split across stream chunks of any size", async () => {
    const bytes = Buffer.from(
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/><EventID>12002</EventID><Level>2</Level><TimeCreated SystemTime='2024-03-14T09:15:02.1234567Z'/><EventRecordID>7</EventRecordID></System></Event>\r\n".repeat(
        3,
      ),
    );
    const chunked = await evidenceFileFrom({
      path: "split.xml",
      size: bytes.length,
      openRaw: () =>
        Readable.from(
          Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)),
        ),
    });
    const { output } = await collectFile(chunked);
    assert.equal(output.records, 3);
    assert.deepEqual(
      output.facts!.wsusEvents.map((e) => e.line),
      [1, 2, 3],
    );
  });

  it("reads wevtutil /f:text blocks with their Description", async () => {
    const { kind, output } = await collectFixture("wevtutil.txt");
    assert.equal(kind, "eventlog-wevtutil-text");
    assert.deepEqual(
      output.facts!.wsusEvents.map((e) => [e.eventId, e.level, e.time, e.line, e.computer]),
      [
        [12002, "Error", "2024-03-14T10:15:02.123", 1, "WSUS01.contoso.local"],
        [12032, "Error", "2024-03-14T10:15:03.456", 19, "WSUS01.contoso.local"],
      ],
    );
    assert.match(
      output.facts!.wsusEvents[0]?.message ?? "",
      /^The Reporting Web Service is not working\.\nSystem\.Net/,
    );
  });
});
