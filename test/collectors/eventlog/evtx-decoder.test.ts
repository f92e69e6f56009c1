/**
 * ADR 0023: .evtx records decoded straight from BinXML must give the facts the XML round trip gave
 * (@ts-evtx/core rendering each record to XML, read by eventFromXml / npsRecordFromEventXml), on
 * every .evtx in test/fixtures and samples — and the EventData Event Viewer's XML export shows.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { BinaryReader, FileHeader } from "@ts-evtx/core";
import { evidenceFileFromBytes, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { EventAccumulator, type ParsedEvent } from "../../../src/collectors/eventlog/accumulator.js";
import { eventFromXml } from "../../../src/collectors/eventlog/event-xml.js";
import { evtxCollector } from "../../../src/collectors/eventlog/evtx.js";
import { eventFromEvtx } from "../../../src/collectors/eventlog/evtx-fields.js";
import { chunkRecords } from "../../../src/collectors/eventlog/evtx-records.js";
import { ProblemLog } from "../../../src/collectors/eventlog/problems.js";
import { npsRecordFromEvtx } from "../../../src/collectors/nps/events-evtx.js";
import { npsRecordFromEventXml } from "../../../src/collectors/nps/events-xml.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { FIXTURES, SAMPLES, xmlEvents } from "./collect.js";

const TEST_FIXTURES = join(FIXTURES, "..");

function evtxFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) found.push(...evtxFiles(path));
    else if (entry.toLowerCase().endsWith(".evtx")) found.push(path);
  }
  return found;
}

const FILES = [...evtxFiles(TEST_FIXTURES), ...evtxFiles(SAMPLES)];

/**
 * Records whose EventData the round trip misread: @ts-evtx reads a Boolean value as 1 byte (it is 4)
 * and every later value of the record from the wrong offset. The decoder gives what evtxexport
 * (libevtx) gives for them: checked below.
 */
const MISREAD_BY_ROUND_TRIP: Record<string, number[]> = {
  "fixtures/eventlog/omerbenamram-evtx_system.evtx": [166, 182, 316],
};

/** What `evtxexport -f xml` (libevtx 20181227) shows as EventData for those records. */
const EVTXEXPORT_DATA: Record<number, [string, string][]> = {
  166: [
    ["HostOSName", "Windows (TM) 10 Preinstallation Environment"],
    ["Installwasanupgrade", "false"],
    ["HostOSwasWindowsPE", "true"],
    ["HostOSmajorversion", "10"],
    ["HostOSminorversion", "0"],
    ["HostOSbuildversion", "15063"],
    ["HostOSservicepackName", ""],
    ["HostOSservicepackmajorversion", "0"],
    ["HostOSservicepackminorversion", "0"],
  ],
  182: [
    ["LastShutdownGood", "true"],
    ["LastBootGood", "true"],
    ["LastBootId", "0"],
    ["BootStatusPolicy", "2"],
  ],
  316: [
    ["LastShutdownGood", "true"],
    ["LastBootGood", "true"],
    ["LastBootId", "1"],
    ["BootStatusPolicy", "2"],
  ],
};

/** Renamed provider (same length, as gen-evtx.py --patch): the file then holds WSUS events with data. */
function asWsusLog(bytes: Buffer): Buffer {
  const from = Buffer.from("Microsoft-Windows-Security-SPP", "utf16le");
  const to = Buffer.from("Windows Server Update Services", "utf16le");
  const copy = Buffer.from(bytes);
  for (let at = copy.indexOf(from); at !== -1; at = copy.indexOf(from, at + 1)) to.copy(copy, at);
  return copy;
}

/** The old reading: every record rendered to XML by @ts-evtx/core and parsed again. */
function* roundTrip(bytes: Buffer): Generator<{ number: number; xml: string }> {
  const header = new FileHeader(new BinaryReader(new Uint8Array(bytes)), 0);
  for (const chunk of header.chunks()) {
    for (const record of chunk.records())
      yield { number: Number(record.recordNum()), xml: record.renderXml() };
  }
}

/** The chunks the file header counts (later slots may hold stale chunks), as the collector reads them. */
function* chunksOf(bytes: Buffer): Generator<Buffer> {
  const count = Number(new FileHeader(new BinaryReader(new Uint8Array(bytes)), 0).chunkCount());
  for (let index = 0, at = 0x1000; index < count && at + 0x10000 <= bytes.length; index++, at += 0x10000) {
    const chunk = Buffer.from(bytes.subarray(at, at + 0x10000));
    if (chunk.toString("latin1", 0, 8) === "ElfChnk\0") yield chunk;
  }
}

/** The new reading, record by record, with EventData decoded for every event. */
function* decoded(bytes: Buffer): Generator<{ number: number; event: ParsedEvent; data: string[] }> {
  for (const chunk of chunksOf(bytes)) {
    for (const record of chunkRecords(chunk)) {
      assert.ok("event" in record, `record ${record.number}: ${"damage" in record ? record.damage : ""}`);
      const result = eventFromEvtx(record.event, record.number);
      assert.ok("event" in result, `record ${record.number}: ${"error" in result ? result.error : ""}`);
      yield {
        number: record.number,
        event: result.event,
        data: record.event.data().map((item) => item.value.trim()),
      };
    }
  }
}

/**
 * @ts-evtx joins a classic event's strings with ", " into one Data and indents line breaks inside a
 * value; the decoder keeps one Data per string, as Windows does (ADR 0023): compare them joined,
 * whitespace runs collapsed.
 */
const flat = (data: string[] | undefined): string =>
  (data ?? []).join(", ").replace(/\s+/g, " ").replace(/ ,/g, ",");

function withoutData(event: ParsedEvent): ParsedEvent {
  const { data: _data, ...rest } = event;
  return rest;
}

describe(".evtx decoded from BinXML equals the XML round trip (every .evtx in test/fixtures and samples)", () => {
  it("finds the .evtx files to compare", () => {
    assert.ok(FILES.length >= 2, FILES.join(", "));
  });

  for (const path of FILES) {
    const name = relative(join(TEST_FIXTURES, ".."), path);
    for (const variant of ["as found", "with WSUS as provider"] as const) {
      it(`${name} (${variant}): every record's System fields and EventData`, () => {
        const raw = readFileSync(path);
        const bytes = variant === "as found" ? raw : asWsusLog(raw);
        const old = new Map<number, ParsedEvent>();
        for (const { number, xml } of roundTrip(bytes)) {
          const result = eventFromXml(xml, number);
          assert.ok("event" in result, `record ${number}`);
          old.set(number, result.event);
        }
        let compared = 0;
        let withData = 0;
        const differing: number[] = [];
        for (const { number, event, data } of decoded(bytes)) {
          const before = old.get(number);
          assert.ok(before, `record ${number} is new`);
          assert.deepEqual(withoutData(event), withoutData(before), `record ${number}`);
          if (flat(data) !== flat(before.data)) differing.push(number);
          if (event.data) assert.deepEqual(event.data, data, `record ${number}: WSUS data kept`);
          if (data.length > 0) withData++;
          compared++;
        }
        assert.equal(compared, old.size);
        assert.ok(withData > 0, "some records carry EventData");
        assert.deepEqual(differing, MISREAD_BY_ROUND_TRIP[name] ?? [], "records whose data differ");
      });
    }

    it(`${name}: the collector's facts equal the facts of the XML round trip (with WSUS events)`, async () => {
      const bytes = asWsusLog(readFileSync(path));
      const problems = new ProblemLog(DEFAULT_LIMITS.maxSamples);
      const accumulator = new EventAccumulator("Application.evtx", "eventlog-evtx", problems);
      for (const { number, xml } of roundTrip(bytes)) {
        const result = eventFromXml(xml, number);
        assert.ok("event" in result);
        // the old path joined a classic event's strings into one Data
        accumulator.add(result.event);
      }
      const output = await evtxCollector.collect(await evidenceFileFromBytes("Application.evtx", bytes), {
        limits: DEFAULT_LIMITS,
      });
      const before = accumulator.finish();
      const after = output.facts!;
      assert.deepEqual({ ...after, wsusEvents: [] }, { ...before, wsusEvents: [] });
      assert.equal(after.wsusEvents.length, before.wsusEvents.length);
      assert.ok(after.wsusEvents.length > 0 || !path.includes("Application"), "WSUS events read");
      after.wsusEvents.forEach((event, index) => {
        const old = before.wsusEvents[index]!;
        assert.deepEqual({ ...event, data: undefined }, { ...old, data: undefined });
        assert.equal(flat(event.data), flat(old.data));
      });
    });

    it(`${name}: the NPS reading of every record equals the XML round trip's`, () => {
      const bytes = readFileSync(path);
      const old = new Map<number, unknown>();
      for (const { number, xml } of roundTrip(bytes))
        old.set(number, npsRecordFromEventXml(xml, "S.evtx", number));
      let compared = 0;
      for (const chunk of chunksOf(bytes)) {
        for (const record of chunkRecords(chunk)) {
          assert.ok("event" in record);
          assert.deepEqual(npsRecordFromEvtx(record.event, "S.evtx", record.number), old.get(record.number));
          compared++;
        }
      }
      assert.equal(compared, old.size);
    });
  }

  it("reads the Boolean values the round trip misread as evtxexport (libevtx) does", () => {
    const bytes = readFileSync(`${FIXTURES}omerbenamram-evtx_system.evtx`);
    let checked = 0;
    for (const chunk of chunksOf(bytes)) {
      for (const record of chunkRecords(chunk)) {
        const expected = EVTXEXPORT_DATA[record.number];
        if (!expected || !("event" in record)) continue;
        assert.deepEqual(
          record.event.data().map((item) => [item.name, item.value]),
          expected,
          `record ${record.number}`,
        );
        checked++;
      }
    }
    assert.equal(checked, 3);
  });

  it("keeps one Data per string of a classic event, as Event Viewer's XML export of the same log", async () => {
    const fromXml = new Map<number, string[]>();
    const file = await openEvidenceFile(`${FIXTURES}ts-evtx_Application.xml`);
    for (const slice of await xmlEvents(file)) {
      const result = eventFromXml(slice.xml, slice.line);
      assert.ok("event" in result);
      fromXml.set(result.event.record!, result.event.data ?? []);
    }
    let multi = 0;
    for (const { event, data } of decoded(readFileSync(`${FIXTURES}ts-evtx_Application.evtx`))) {
      const expected = fromXml.get(event.record!)!;
      // Event Viewer writes a line break inside a value as &#13;&#10;: compare whitespace collapsed
      assert.deepEqual(
        data.map((value) => value.replace(/\s+/g, " ")),
        expected.map((value) => value.replace(/\s+/g, " ")),
        `record ${event.record}`,
      );
      if (data.length > 1) multi++;
    }
    assert.ok(multi > 0, "some events carry several Data values");
  });
});

describe(".evtx decoder on damage: counted, never thrown, never silent", () => {
  const chunk = (): Buffer =>
    Buffer.from(readFileSync(`${FIXTURES}ts-evtx_Application.evtx`).subarray(0x1000, 0x11000));

  it("rejects a record whose size runs past its chunk and stops there", () => {
    const bytes = chunk();
    bytes.writeUInt32LE(0x20000, 0x200 + 4); // first record's size
    const records = [...chunkRecords(bytes)];
    assert.equal(records.length, 1);
    assert.match("damage" in records[0]! ? records[0].damage : "", /runs past the end of its chunk/);
  });

  it("rejects a record whose template points outside the chunk, and reads the next one", () => {
    const bytes = chunk();
    // first record: fragment header (4) then template instance: token, unknown, id (4), offset (4)
    bytes.writeUInt32LE(0xfff0, 0x200 + 24 + 4 + 6);
    const records = [...chunkRecords(bytes)];
    assert.ok("damage" in records[0]!);
    assert.ok(records.slice(1).every((record) => "event" in record));
    assert.ok(records.length > 10);
  });
});
