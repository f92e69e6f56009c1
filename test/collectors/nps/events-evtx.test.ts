import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { evidenceFileFromBytes, makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { classify } from "../../../src/collectors/classify.js";
import { npsRecordFromEventXml } from "../../../src/collectors/nps/events-xml.js";
import { NpsFragmentBuilder } from "../../../src/collectors/nps/fragment.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { chunkRecords } from "../../../src/collectors/eventlog/evtx-records.js";
import { npsRecordFromEvtx } from "../../../src/collectors/nps/events-evtx.js";
import { NPS_EVENT_FIELDS } from "../../../src/collectors/nps/event-fields.js";
import { npsEvent, npsEvtxFile, type NpsEvtxEvent } from "./evtx-writer.js";
import { collect, FIXTURES, npsCollector } from "./helpers.js";

const EVENTLOG_FIXTURES = fileURLToPath(new URL("../../fixtures/eventlog/", import.meta.url));
const APPLICATION_EVTX = "ts-evtx_Application.evtx";
const PROVIDER_UTF16 = Buffer.from("Microsoft-Windows-Security-Auditing", "utf16le");

async function classifyBytes(name: string, bytes: Buffer): Promise<{ kind?: string; score: number }> {
  const result = classify(await makeProbe(await evidenceFileFromBytes(name, bytes)));
  return { kind: result.collector?.kind, score: result.score };
}

/** The Event elements of the Event Viewer XML fixture (all on line 2 of the file). */
function fixtureEvents(): string[] {
  const text = readFileSync(`${FIXTURES}Security-NPS.xml`, "utf8");
  return text.match(/<Event[\s>][\s\S]*?<\/Event>/g) ?? [];
}

/**
 * An event as @ts-evtx renders an .evtx record: double-quoted attributes, indentation, explicit end
 * tags, no RenderingInfo (an .evtx stores no message), and line breaks inside a value followed by
 * the child indentation (the renderer indents every line of an element's content).
 */
function asEvtxRenders(eventXml: string): string {
  return eventXml
    .replace(/<RenderingInfo[\s\S]*?<\/RenderingInfo>/, "")
    .replace(/(\w+)='([^']*)'/g, '$1="$2"')
    .replace(/<(\w+)([^<>]*?)\/>/g, "<$1$2></$1>")
    .replace("<System>", "\n  <System>\n      ")
    .replace("</System>", "\n    </System>")
    .replace("<EventData>", "<EventData>\n    ")
    .replace("</EventData>", "\n  </EventData>\n")
    .replace(/&#13;&#10;/g, "\r\n      ");
}

describe("NPS events in a native .evtx: which collector claims the file", () => {
  it("leaves a real Application-log .evtx to eventlog-evtx", async () => {
    const bytes = readFileSync(EVENTLOG_FIXTURES + APPLICATION_EVTX);
    assert.deepEqual(await classifyBytes("Application.evtx", bytes), { kind: "eventlog-evtx", score: 99 });
    const probe = await makeProbe(await evidenceFileFromBytes("Application.evtx", bytes));
    assert.equal(npsCollector("nps-events-evtx").detect(probe), 0);
  });

  it("claims an .evtx whose first 64 KiB name the Security-Auditing provider (UTF-16LE), beating eventlog-evtx", async () => {
    const bytes = Buffer.from(readFileSync(EVENTLOG_FIXTURES + APPLICATION_EVTX));
    PROVIDER_UTF16.copy(bytes, 0x1000 + 0x2000); // inside the first chunk, as a provider name in a template
    assert.deepEqual(await classifyBytes("Security.evtx", bytes), { kind: "nps-events-evtx", score: 100 });
  });

  it("does not claim the provider name written in UTF-8, beyond the probe, or without the ElfFile signature", async () => {
    const utf8 = Buffer.from(readFileSync(EVENTLOG_FIXTURES + APPLICATION_EVTX));
    Buffer.from("Microsoft-Windows-Security-Auditing", "utf8").copy(utf8, 0x3000);
    assert.equal((await classifyBytes("a.evtx", utf8)).kind, "eventlog-evtx");

    const late = Buffer.from(readFileSync(EVENTLOG_FIXTURES + APPLICATION_EVTX));
    PROVIDER_UTF16.copy(late, 0x10000 + 0x100); // past the 64 KiB probe
    assert.equal((await classifyBytes("b.evtx", late)).kind, "eventlog-evtx");

    const noMagic = Buffer.concat([Buffer.alloc(0x1000), PROVIDER_UTF16]);
    const probe = await makeProbe(await evidenceFileFromBytes("c.bin", noMagic));
    assert.equal(npsCollector("nps-events-evtx").detect(probe), 0);
  });
});

describe("NPS events in a native .evtx: reading", () => {
  it("reads every record of a real .evtx through the shared reader and skips it when none is an NPS event", async () => {
    const file = await openEvidenceFile(EVENTLOG_FIXTURES + APPLICATION_EVTX, APPLICATION_EVTX);
    const output = await npsCollector("nps-events-evtx").collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(output.status, "skipped");
    assert.equal(output.reason, "No NPS event 6272–6280 in the .evtx.");
    assert.equal(output.records, 0);
    assert.equal(output.rejected, 0);
    assert.equal(output.facts, undefined);
    assert.ok(
      output.problems.some((problem) =>
        /^366 event\(s\) other than the NPS events 6272–6280 were ignored\.$/.test(problem.message),
      ),
      JSON.stringify(output.problems),
    );
  });

  it("fails cleanly, with the XML export command, on a file that only starts like an .evtx", async () => {
    const bytes = Buffer.concat([
      Buffer.from("ElfFile\0", "latin1"),
      PROVIDER_UTF16,
      Buffer.alloc(200, 0x41),
    ]);
    const file = await evidenceFileFromBytes("Security.evtx", bytes);
    assert.equal((await classifyBytes("Security.evtx", bytes)).kind, "nps-events-evtx");
    const output = await npsCollector("nps-events-evtx").collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(output.status, "failed");
    assert.match(output.reason!, /wevtutil qe Security .*6272.*\/f:RenderedXml/);
    assert.equal(output.records, 0);
  });

  it("skips an .evtx above the size bound instead of reading it whole", async () => {
    const file = await openEvidenceFile(EVENTLOG_FIXTURES + APPLICATION_EVTX, APPLICATION_EVTX);
    const output = await npsCollector("nps-events-evtx").collect(file, {
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 100_000 },
    });
    assert.equal(output.status, "skipped");
    assert.match(output.reason!, /above the 100000-byte bound.*wevtutil qe Security/);
  });
});

describe("NPS events in a native .evtx: record XML → NPS record", () => {
  it("reads a 6276 rendered as an .evtx record exactly as the Event Viewer XML of the same event", () => {
    const [quarantined] = fixtureEvents();
    const rendered = asEvtxRenders(quarantined!);
    assert.match(
      rendered,
      /Name="QuarantineSystemHealthResult">Windows Security Health Validator\r\n {6}NonCompliant/,
    );
    const fromEvtx = npsRecordFromEventXml(rendered, "Security.evtx", 880000);
    const fromXml = npsRecordFromEventXml(quarantined!, "Security.evtx", 880000);
    assert.equal(fromEvtx.kind, "nps");
    assert.deepEqual(fromEvtx, fromXml);
    if (fromEvtx.kind !== "nps") return;
    assert.equal(fromEvtx.record.eventId, 6276);
    assert.equal(fromEvtx.record.state, "restricted");
    assert.equal(fromEvtx.record.time, "2026-11-17T09:14:03.512Z");
    assert.equal(fromEvtx.record.policy, "NAP DHCP Noncompliant");
    assert.equal(fromEvtx.record.line, 880000);
    assert.deepEqual(fromEvtx.record.shvBlocks?.[0]?.codes, [0, 0, 0, 0, 0, 0, 0xc0ff000f, 0x200, 0x10000]);
  });

  it("gives the same fragment as nps-events-xml for the same events, so merge needs no change", async () => {
    const builder = new NpsFragmentBuilder();
    const kinds: string[] = [];
    for (const event of fixtureEvents()) {
      const reading = npsRecordFromEventXml(asEvtxRenders(event), "Security-NPS.xml", 2);
      kinds.push(reading.kind);
      if (reading.kind === "nps") builder.addRecord(reading.record);
    }
    assert.deepEqual(kinds, ["nps", "nps", "nps", "other"]);
    const viaXmlCollector = await collect("nps-events-xml", "Security-NPS.xml");
    assert.deepEqual(builder.build(), viaXmlCollector.facts);
  });

  it("reports a record the renderer left malformed as unreadable, and an empty record as another event", () => {
    const broken = npsRecordFromEventXml("<Event><System><EventID>6276</EventID></System", "S.evtx", 7);
    assert.equal(broken.kind, "unreadable");
    // @ts-evtx renders a record without a template as <Event/>.
    assert.deepEqual(npsRecordFromEventXml("<Event/>", "S.evtx", 8), { kind: "other" });
  });
});

/** The event as Event Viewer's "Save As… XML" writes it, one line per event (line n = record n). */
function eventViewerXml(event: NpsEvtxEvent, record: number): string {
  const data = NPS_EVENT_FIELDS.slice(0, 24)
    .map((name, i) => `<Data Name='${name}'>${event.fields[i] ?? "-"}</Data>`)
    .join("");
  return (
    `${record === 1 ? "" : "\n"}<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>` +
    `<EventID>${event.eventId}</EventID><Level>0</Level>` +
    `<TimeCreated SystemTime='${new Date(event.time).toISOString().replace("Z", "0000Z")}'/>` +
    `<EventRecordID>${record}</EventRecordID><Channel>Security</Channel><Computer>${event.computer}</Computer>` +
    `</System><EventData>${data}</EventData></Event>`
  );
}

describe("NPS events in a native .evtx: decoded from BinXML (ADR 0023)", () => {
  /** 400 events of a busy NPS server, in the layout libevtx reads as Windows' own (evtx-writer.ts). */
  const EVENTS = Array.from({ length: 400 }, (_, n) => npsEvent(n));
  const BYTES = npsEvtxFile(EVENTS);

  it("reads every 6272/6273 of a Security-log .evtx, the other audit events counted, never decoded", async () => {
    const file = await evidenceFileFromBytes("Security.evtx", BYTES);
    assert.equal((await classifyBytes("Security.evtx", BYTES)).kind, "nps-events-evtx");
    const output = await npsCollector("nps-events-evtx").collect(file, { limits: DEFAULT_LIMITS });
    const nps = EVENTS.filter((event) => event.eventId !== 4624).length;
    assert.equal(output.status, "parsed");
    assert.equal(output.records, nps);
    assert.equal(output.rejected, 0);
    assert.ok(
      output.problems.some((problem) =>
        problem.message.startsWith(`${EVENTS.length - nps} event(s) other than`),
      ),
      JSON.stringify(output.problems),
    );
  });

  it("gives the fragment nps-events-xml gives for the XML export of the same events", async () => {
    const xml = `<Events>${EVENTS.map((event, n) => eventViewerXml(event, n + 1)).join("")}</Events>`;
    const viaXml = await npsCollector("nps-events-xml").collect(
      await evidenceFileFromBytes("Security.xml", Buffer.from(xml)),
      { limits: DEFAULT_LIMITS },
    );
    const viaEvtx = await npsCollector("nps-events-evtx").collect(
      await evidenceFileFromBytes("Security.evtx", BYTES),
      { limits: DEFAULT_LIMITS },
    );
    assert.equal(viaXml.records, viaEvtx.records);
    // the line of a record is its record number in the .evtx, its line in the XML: the same here;
    // the RADIUS decisions name their file (ADR 0021), the one thing that differs
    const sameFile = (facts: unknown) =>
      JSON.parse(JSON.stringify(facts).replaceAll('"Security.evtx"', '"Security.xml"'));
    assert.deepEqual(sameFile(viaEvtx.facts), sameFile(viaXml.facts));
  });

  it("reads the SIDs, FILETIMEs and names the way the XML export shows them", () => {
    const chunk = Buffer.from(BYTES.subarray(0x1000, 0x11000));
    const [first] = chunkRecords(chunk);
    assert.ok(first && "event" in first);
    const reading = npsRecordFromEvtx(first.event, "Security.evtx", first.number);
    assert.equal(reading.kind, "nps");
    assert.equal(first.event.systemAttribute("TimeCreated", "SystemTime"), "2026-11-17T09:00:00.000Z");
    assert.deepEqual(first.event.data().slice(0, 2), [
      { name: "SubjectUserSid", value: "S-1-5-21-3623811015-3361044348-30300820-1000" },
      { name: "SubjectUserName", value: "CONTOSO\\PC-00000$" },
    ]);
  });
});
