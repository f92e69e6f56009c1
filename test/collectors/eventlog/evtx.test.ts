import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { evtxCollector } from "../../../src/collectors/eventlog/evtx.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectFile, collectFixture, FIXTURES } from "./collect.js";

/** The file as a stream of `piece`-byte reads, as a zip entry or a slow disk may deliver it. */
function inPieces(file: EvidenceFile, bytes: Buffer, piece: number): EvidenceFile {
  return Object.assign(Object.create(file) as EvidenceFile, {
    open: () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
        })(),
      ),
    readBytes: () => Promise.reject(new Error("an .evtx must be read as a stream, never whole")),
  });
}

/** The real log's used chunks repeated `times` times behind its header, chunk count updated. */
function grown(bytes: Buffer, times: number): Buffer {
  const chunks = bytes.subarray(0x1000, 0x1000 + 6 * 0x10000);
  const header = Buffer.from(bytes.subarray(0, 0x1000));
  header.writeUInt16LE(6 * times, 0x2a); // number of chunks
  return Buffer.concat([header, ...Array.from({ length: times }, () => chunks)]);
}

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
    const { openEvidenceFile } = await import("../../../src/bundle/evidence-file.js");
    const { BinaryReader, FileHeader } = await import("@ts-evtx/core");
    const { readFile } = await import("node:fs/promises");
    const { FIXTURES, xmlEvents } = await import("./collect.js");
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
    for (const slice of await xmlEvents(file)) {
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

  it("reads the log chunk by chunk from a stream of odd-sized pieces, never whole", async () => {
    const bytes = await readFile(`${FIXTURES}ts-evtx_Application.evtx`);
    const whole = await collectFixture("ts-evtx_Application.evtx");
    const file = inPieces(await evidenceFileFromBytes("Application.evtx", bytes), bytes, 1000);
    const streamed = await evtxCollector.collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(streamed.status, "parsed");
    assert.equal(streamed.records, 366);
    assert.deepEqual(streamed.facts, whole.output.facts);
  });

  it("has no size bound of its own: every chunk of a log grown eightfold is read, also gzipped", async () => {
    const bytes = grown(await readFile(`${FIXTURES}ts-evtx_Application.evtx`), 8);
    for (const file of [
      await evidenceFileFromBytes("Application.evtx", bytes),
      await evidenceFileFromBytes("Application.evtx.gz", gzipSync(bytes)),
    ]) {
      const output = await evtxCollector.collect(file, { limits: DEFAULT_LIMITS });
      assert.equal(output.status, "parsed", file.path);
      assert.equal(output.records, 8 * 366, file.path);
      assert.equal(output.rejected, 0, file.path);
    }
  });

  it("fails cleanly on a file that only starts like an .evtx", async () => {
    const bytes = Buffer.concat([Buffer.from("ElfFile\0", "latin1"), Buffer.alloc(200, 0xab)]);
    const { kind, output } = await collectFile(await evidenceFileFromBytes("broken.evtx", bytes));
    assert.equal(kind, "eventlog-evtx");
    assert.notEqual(output.status, "parsed");
    assert.equal(output.records, 0);
  });
});
