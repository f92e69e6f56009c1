/**
 * The Application-log XML reader of issue 19's second pass (plain-event pattern + cutter) against
 * the frozen reader it replaced (reference-event-xml.ts: fast-xml-parser on every event): the same
 * parts wherever the pattern answers, the same events always, and the same collector output on the
 * real exports and on generated files — UTF-8 and UTF-16LE with BOM, CRLF and LF, pieces of any size.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { evidenceFileFrom, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { eventFromXml, plainEventParts, treeEventParts } from "../../../src/collectors/eventlog/event-xml.js";
import { xmlText } from "../../../src/collectors/eventlog/event-xml-plain.js";
import { eventXmlCollector } from "../../../src/collectors/eventlog/xml.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { FIXTURES, SAMPLES } from "./collect.js";
import { referenceEventFromXml, referenceEventXmlCollector } from "./reference-event-xml.js";

const REAL_EXPORTS = [
  `${FIXTURES}ts-evtx_Application.xml`,
  `${FIXTURES}wevtutil.xml`,
  `${SAMPLES}evt-recovered/eventlog/Application.xml`,
  `${SAMPLES}nps-no-wsus-server/nps/Security-NPS.xml`,
  `${SAMPLES}healthy/nps/Security-NPS.xml`,
  `${FIXTURES}../nps/Security-NPS.xml`,
];

function eventsOf(text: string): string[] {
  return [...text.matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)].map((match) => match[0]);
}

const NS = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";

/** Text as an export escapes it, with some of the other spellings XML allows. */
const escaped = fc
  .tuple(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("", " ", "a & b <c> \"d\" 'e'", "Zeile 1\r\nZeile 2", "Größe ✓ 𝄞", "???? lost"),
    ),
    fc.constantFrom("plain", "numeric", "hex"),
  )
  .map(([text, style]) =>
    text
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", style === "plain" ? ">" : "&gt;")
      .replace(/\r/g, style === "hex" ? "&#xD;" : "&#13;")
      .replace(/\n/g, style === "plain" ? "\n" : "&#10;"),
  );

/** Pieces the tree reads differently or the pattern must refuse: each may replace a value. */
const awkwardText = fc.constantFrom(
  "&nbsp;",
  "&#0;",
  "&#xD800;",
  "&#1;",
  "a & b",
  "&#65",
  "&#x41g;",
  "&#00000065;",
  "&unknown;",
  "<![CDATA[x]]>",
  "<!-- c -->",
  "<b>x</b>",
  "a < b",
  "\r",
  "\r\n",
);

const value = fc.oneof({ weight: 6, arbitrary: escaped }, { weight: 1, arbitrary: awkwardText });
const quote = fc.constantFrom("'", '"');
const space = fc.constantFrom("", "", "", " ", "\r\n  ", "\n\t");

/** `<name>text</name>`, `<name/>`, `<name></name>` or absent, sometimes with an attribute. */
function element(name: string, text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: text.map((inner) => `<${name}>${inner}</${name}>`) },
    { weight: 1, arbitrary: fc.constant(`<${name}/>`) },
    { weight: 1, arbitrary: fc.constant(`<${name}></${name}>`) },
    {
      weight: 1,
      arbitrary: fc.tuple(text, quote).map(([inner, q]) => `<${name} Q=${q}1${q}>${inner}</${name}>`),
    },
    { weight: 1, arbitrary: fc.constant("") },
  );
}

const userData = fc.constantFrom(
  "<UserData><RmSessionEvent xmlns='http://www.microsoft.com/2005/08/Windows/Reliability/RestartManager/'><RmSessionId>0</RmSessionId><UTCStartTime>2025-06-02T16:47:51.7322713Z</UTCStartTime></RmSessionEvent></UserData>",
  "<UserData><A><B/></A></UserData>",
  "<UserData><A><B></A></B></UserData>",
  "<UserData><A></UserData>",
  "<UserData><Event><System/></Event></UserData>",
  "<UserData><constructor>x</constructor></UserData>",
  "<UserData/>",
);

const systemEvent = fc
  .record({
    provider: fc.constantFrom(
      "<Provider Name='Windows Server Update Services'/>",
      "<Provider Name='MsiInstaller'/>",
      "<Provider Name='Windows Server Update Services' Guid='{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'/>",
      "<Provider Name='Microsoft-Windows-Security-SPP' EventSourceName='Windows Server Update Services'/>",
      '<Provider Name="A &amp; B"/>',
      "<Provider Guid='{x}' Name='Wrong order'/>",
      "<Provider/>",
      "",
    ),
    eventId: element("EventID", fc.constantFrom("12072", " 364 ", "", "x1", "16384")),
    level: element("Level", fc.constantFrom("2", "4", " 3 ", "", "Fehler")),
    time: fc.constantFrom(
      "<TimeCreated SystemTime='2025-06-08T07:14:05.1454614Z'/>",
      '<TimeCreated SystemTime = "2024-03-14T09:15:02Z" />',
      "<TimeCreated SystemTime='not a time'/>",
      "<TimeCreated/>",
      "",
    ),
    record: element("EventRecordID", fc.constantFrom("801", "", "-1")),
    channel: element("Channel", fc.constantFrom("Application", "System", "")),
    computer: element("Computer", value),
    order: fc.boolean(),
    space,
  })
  .map(({ provider, eventId, level, time, record, channel, computer, order, space: s }) => {
    const children = [
      provider,
      eventId,
      "<Version>0</Version>",
      level,
      "<Task>0</Task>",
      time,
      record,
      "<Correlation/><Execution ProcessID='0' ThreadID='0'/>",
      channel,
      computer,
      "<Security/>",
    ];
    if (!order) children.reverse(); // out of the schema's order: the tree decides
    return `<System>${s}${children.join(s)}${s}</System>`;
  });

const eventData = fc.oneof(
  fc
    .array(
      fc.tuple(fc.option(fc.constantFrom("User", "x-y", ""), { nil: undefined }), value, quote, fc.boolean()),
      { maxLength: 5 },
    )
    .chain((items) =>
      fc.tuple(fc.constant(items), fc.boolean(), space).map(([list, binary, s]) => {
        const data = list
          .map(([name, text, q, selfClosed]) => {
            const attribute = name === undefined ? "" : ` Name=${q}${name}${q}`;
            return selfClosed && text === "" ? `<Data${attribute}/>` : `<Data${attribute}>${text}</Data>`;
          })
          .join(s);
        return `<EventData>${s}${data}${binary ? "<Binary>D9060000</Binary>" : ""}${s}</EventData>`;
      }),
    ),
  fc.constant("<EventData/>"),
  fc.constant("<EventData></EventData>"),
  userData,
  fc.constant(""),
);

const renderingInfo = fc
  .record({ message: element("Message", value), level: element("Level", value), s: space })
  .map(
    ({ message, level, s }) =>
      `<RenderingInfo Culture='en-US'>${s}${message}${s}${level}<Task>None</Task><Opcode>Info</Opcode><Keywords><Keyword>Classic</Keyword></Keywords>${s}</RenderingInfo>`,
  );

const event = fc
  .tuple(systemEvent, eventData, fc.oneof(renderingInfo, fc.constant("")), space)
  .map(([system, data, rendering, s]) => `<Event ${NS}>${s}${system}${s}${data}${s}${rendering}</Event>`);

/** The frozen reader's answer and the new one's for one event. */
function bothReadings(xml: string): [unknown, unknown] {
  return [eventFromXml(xml, 7), referenceEventFromXml(xml, 7)];
}

describe("plain XML events against the XML tree", () => {
  it("reads every event of the real exports as the tree does, and the Application log without the tree", () => {
    let plain = 0;
    let application = 0;
    for (const path of REAL_EXPORTS) {
      for (const xml of eventsOf(readFileSync(path, "utf8"))) {
        const parts = plainEventParts(xml);
        if (parts) {
          plain++;
          assert.deepEqual(parts, treeEventParts(xml));
        } else if (path.endsWith("ts-evtx_Application.xml")) assert.fail(`not plain: ${xml.slice(0, 200)}`);
        if (path.endsWith("ts-evtx_Application.xml")) application++;
        const [now, before] = bothReadings(xml);
        assert.deepEqual(now, before);
      }
    }
    assert.equal(application, 366);
    assert.ok(plain >= 366 + 3 + 5 + 7, `plain events: ${plain}`);
  });

  it("gives the tree's parts for any values, spacing, quoting, entities and element forms", () => {
    let answered = 0;
    fc.assert(
      fc.property(event, (xml) => {
        const parts = plainEventParts(xml);
        if (parts) {
          answered++;
          assert.deepEqual(parts, treeEventParts(xml));
        }
        const [now, before] = bothReadings(xml);
        assert.deepEqual(now, before);
      }),
      { numRuns: 3000 },
    );
    // the property is about the pattern: a good share of the generated events must take it
    assert.ok(answered > 600, `plain events: ${answered} of 3000`);
  });

  it("refuses long damaged events in one pass (no pattern backtracking that grows with their size)", () => {
    // not timed: a pattern that backtracked on these would not finish within the test run
    const start = `<Event ${NS}><System><Provider Name='a'/><EventID>1</EventID></System>`;
    for (const xml of [
      `${start}<UserData>${"</UserData>".repeat(20_000)}x</Event>`,
      `${start}<EventData><Data${" ".repeat(200_000)}x</EventData></Event>`,
      `${start}<EventData><Data${" a='1'".repeat(30_000)} x</EventData></Event>`,
      `${start}<EventData>${"<Data>x</Data>".repeat(15_000)}<Dat</EventData></Event>`,
      `${start}<UserData>${"<a>".repeat(20_000)}</UserData></Event>`,
      `${start}<RenderingInfo><Keywords>${"<Keyword>k</Keyword>  ".repeat(10_000)}<x></Keywords></RenderingInfo></Event>`,
    ]) {
      assert.equal(plainEventParts(xml), undefined);
    }
  });

  it("decodes text as the parser does, and refuses what the parser treats specially", () => {
    assert.equal(
      xmlText("a &lt;b&gt; &amp;amp; &quot;&apos; &#13;&#10;&#x41;&#X42;&#0065;"),
      "a <b> &amp; \"' \r\nABA",
    );
    assert.equal(xmlText("line\r\nnext\rlast"), "line\nnext\nlast");
    for (const refused of ["&nbsp;", "&#0;", "&#xD800;", "&#1;", "a & b", "&#x110000;", "&#;", "&#x;"]) {
      assert.equal(xmlText(refused), undefined, refused);
    }
  });
});

/** A file whose bytes arrive in the given piece sizes (cycled). */
function piecewise(name: string, bytes: Buffer, sizes: number[]): Promise<EvidenceFile> {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return evidenceFileFrom({ path: name, size: bytes.length, openRaw: () => Readable.from(pieces) });
}

async function bothCollectors(open: () => Promise<EvidenceFile>): Promise<void> {
  const context = { limits: DEFAULT_LIMITS };
  const now = await eventXmlCollector.collect(await open(), context);
  const before = await referenceEventXmlCollector.collect(await open(), context);
  assert.deepEqual(now, before);
}

describe("Application-log XML collector against the frozen reader", () => {
  it("gives the same output on every real export", async () => {
    for (const path of REAL_EXPORTS) await bothCollectors(() => openEvidenceFile(path, "eventlog/x.xml"));
  });

  it("gives the same output on generated files in any encoding, layout and piece sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\r\n", "\n", ""),
        fc.boolean(),
        fc.constantFrom("utf8", "utf16le"),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("", "<Event ", "<Event xmlns='x'><System>", "<Events"),
        async (events, newline, rooted, encoding, sizes, cut) => {
          const body = events.join(newline);
          const text = rooted
            ? `<?xml version="1.0" encoding="utf-8"?>${newline}<Events>${body}</Events>${newline}${cut}`
            : `${body}${newline}${cut}`;
          const bytes = Buffer.concat([
            Buffer.from(encoding === "utf8" ? [0xef, 0xbb, 0xbf] : [0xff, 0xfe]),
            Buffer.from(text, encoding),
          ]);
          await bothCollectors(() => piecewise("Application.xml", bytes, sizes));
        },
      ),
      { numRuns: 300 },
    );
  });
});
