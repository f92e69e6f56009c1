import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectFile, collectFixture } from "./collect.js";

describe(".evtx through @ts-evtx/core", () => {
  it("gives the same events as Event Viewer's XML export of the same log (real files)", async () => {
    const evtx = await collectFixture("ts-evtx_Application.evtx");
    const xml = await collectFixture("ts-evtx_Application.xml");
    assert.equal(evtx.kind, "eventlog-evtx");
    assert.equal(xml.kind, "eventlog-xml");
    assert.equal(evtx.output.status, "parsed");
    assert.equal(evtx.output.records, 366);
    assert.equal(xml.output.records, 366);
    assert.equal(evtx.output.rejected, 0);
    assert.equal(xml.output.rejected, 0);
    // Same sources with the same counts, same levels, same time span (XML has 7 digits, .evtx ms).
    assert.deepEqual(evtx.output.facts!.bySource, xml.output.facts!.bySource);
    assert.deepEqual(evtx.output.facts!.byLevel, xml.output.facts!.byLevel);
    assert.equal(evtx.output.facts!.firstTime, xml.output.facts!.firstTime);
    assert.equal(evtx.output.facts!.lastTime, xml.output.facts!.lastTime);
    assert.equal(evtx.output.facts!.firstTime, "2025-06-02T16:46:27.611Z");
    assert.ok(Object.keys(evtx.output.facts!.bySource).length > 10);
    // Messages exist only in the XML export.
    assert.equal(xml.output.facts!.hasMessages, true);
    assert.equal(evtx.output.facts!.hasMessages, false);
  });

  it("agrees event by event: record, provider, ID, level, time, computer and data", async () => {
    const { eventFromXml } = await import("../../../src/collectors/eventlog/event-xml.js");
    const { eventSlices } = await import("../../../src/collectors/eventlog/xml.js");
    const { openEvidenceFile } = await import("../../../src/bundle/evidence-file.js");
    const { BinaryReader, FileHeader } = await import("@ts-evtx/core");
    const { readFile } = await import("node:fs/promises");
    const { FIXTURES } = await import("./collect.js");
    const key = (e: {
      record?: number;
      source: string;
      eventId: number;
      level: string;
      utcTime?: string;
      computer?: string;
      data?: string[];
    }) =>
      // @ts-evtx joins a classic event's string array into one Data element with ", ", and indents
      // line breaks inside a value: compare data with whitespace runs collapsed (ADR 0002).
      JSON.stringify([
        e.record,
        e.source,
        e.eventId,
        e.level,
        e.utcTime,
        e.computer,
        (e.data ?? []).join(", ").replace(/\s+/g, " ").replace(/ ,/g, ","),
      ]);
    const fromXml = new Map<number, string>();
    const file = await openEvidenceFile(`${FIXTURES}ts-evtx_Application.xml`);
    for await (const slice of eventSlices(file, () => assert.fail("oversized"))) {
      const result = eventFromXml(slice.xml, slice.line);
      assert.ok("event" in result);
      fromXml.set(result.event.record!, key(result.event));
    }
    const bytes = await readFile(`${FIXTURES}ts-evtx_Application.evtx`);
    const header = new FileHeader(new BinaryReader(new Uint8Array(bytes)), 0);
    let compared = 0;
    for (const chunk of header.chunks()) {
      for (const record of chunk.records()) {
        const result = eventFromXml(record.renderXml(), Number(record.recordNum()));
        assert.ok("event" in result);
        assert.equal(key(result.event), fromXml.get(result.event.record!), `record ${result.event.record}`);
        compared++;
      }
    }
    assert.equal(compared, 366);
    assert.equal(fromXml.size, 366);
  });

  it("skips an .evtx above the size bound with the export command instead", async () => {
    const { output } = await collectFixture("ts-evtx_Application.evtx", {
      ...DEFAULT_LIMITS,
      maxFileBytes: 1024 * 1024,
    });
    assert.equal(output.status, "skipped");
    assert.match(output.reason ?? "", /above the 1048576-byte bound.*wevtutil qe Application/);
  });

  it("fails cleanly on a file that only starts like an .evtx", async () => {
    const bytes = Buffer.concat([Buffer.from("ElfFile\0", "latin1"), Buffer.alloc(200, 0xab)]);
    const { kind, output } = await collectFile(await evidenceFileFromBytes("broken.evtx", bytes));
    assert.equal(kind, "eventlog-evtx");
    assert.notEqual(output.status, "parsed");
    assert.equal(output.records, 0);
  });
});
