/**
 * The NPS XML event reader of issue 19's second pass (the event-log plain-event pattern and cutter)
 * against the frozen reader it replaced (reference-events-xml.ts): the same collector output on the
 * real exports and on generated ones — Event Viewer's one line, wevtutil's bare events with CRLF,
 * UTF-8 and UTF-16LE with BOM, events of other IDs, broken events, pieces of any size.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { evidenceFileFrom, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { eventsXmlCollector } from "../../../src/collectors/nps/events-xml.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { FIXTURES } from "./helpers.js";
import { referenceEventsXmlCollector } from "./reference-events-xml.js";

const SAMPLES = new URL("../../../samples/", import.meta.url).pathname;
const REAL_EXPORTS = [
  `${SAMPLES}nps-no-wsus-server/nps/Security-NPS.xml`,
  `${SAMPLES}healthy/nps/Security-NPS.xml`,
  `${FIXTURES}Security-NPS.xml`,
];

async function bothCollectors(open: () => Promise<EvidenceFile>): Promise<void> {
  const context = { limits: DEFAULT_LIMITS };
  const now = await eventsXmlCollector.collect(await open(), context);
  const before = await referenceEventsXmlCollector.collect(await open(), context);
  assert.deepEqual(now, before);
}

function piecewise(bytes: Buffer, sizes: number[]): Promise<EvidenceFile> {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return evidenceFileFrom({
    path: "Security-NPS.xml",
    size: bytes.length,
    openRaw: () => Readable.from(pieces),
  });
}

/** The events of the real exports, to be recombined, changed and broken. */
const REAL_EVENTS = REAL_EXPORTS.flatMap((path) =>
  [...readFileSync(path, "utf8").matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)].map((match) => match[0]),
);

const variant = fc
  .tuple(
    fc.constantFrom(...REAL_EVENTS),
    fc.constantFrom(
      (xml: string) => xml,
      (xml: string) => xml.replace(/<EventID>\d+</, "<EventID>4624<"), // another Security event
      (xml: string) => xml.replace(/&#13;&#10;/g, "\r\n"), // raw line breaks (wevtutil)
      (xml: string) => xml.replace(/'/g, '"'),
      (xml: string) => xml.replace(/><Data /g, ">\r\n  <Data "), // pretty-printed
      (xml: string) => xml.replace("<Data Name='QuarantineState'>", "<Data Name='QuarantineState'>&nbsp;"),
      (xml: string) => xml.replace("</System>", "<!-- c --></System>"),
      (xml: string) => xml.replace("<Computer>", "<Computer><![CDATA[x]]>"),
      (xml: string) => xml.replace("<EventData>", "<EventData><Data Name='x' Other='y'>1</Data>"),
      (xml: string) => xml.replace("</EventData>", "<Binary>00</Binary></EventData>"),
      (xml: string) => xml.replace("<Message>", "<Message>a < b"), // not well-formed
      (xml: string) => xml.replace("<System>", "<System><System>"),
    ),
  )
  .map(([xml, change]) => change(xml));

describe("NPS XML event collector against the frozen reader", () => {
  it("gives the same output on every real export", async () => {
    assert.ok(REAL_EVENTS.length >= 7);
    for (const path of REAL_EXPORTS)
      await bothCollectors(() => openEvidenceFile(path, "nps/Security-NPS.xml"));
  });

  it("gives the same output on generated exports in any encoding, layout and piece sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(variant, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\r\n", ""),
        fc.boolean(),
        fc.constantFrom("utf8", "utf16le"),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 4 }),
        async (events, newline, rooted, encoding, sizes) => {
          const body = events.join(newline);
          const text = rooted
            ? `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events>${body}</Events>`
            : `${body}${newline}`;
          const bytes = Buffer.concat([
            Buffer.from(encoding === "utf8" ? [0xef, 0xbb, 0xbf] : [0xff, 0xfe]),
            Buffer.from(text, encoding),
          ]);
          await bothCollectors(() => piecewise(bytes, sizes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reports an event still open at the end of the file (the frozen reader dropped it silently)", async () => {
    const bytes = Buffer.from(`${REAL_EVENTS[0]!}\r\n${REAL_EVENTS[0]!.slice(0, 500)}`, "utf8");
    const output = await eventsXmlCollector.collect(await piecewise(bytes, [4096]), {
      limits: DEFAULT_LIMITS,
    });
    assert.equal(output.records, 1);
    assert.equal(output.rejected, 1);
    assert.match(JSON.stringify(output.problems), /not closed at the end of the file/);
  });
});
