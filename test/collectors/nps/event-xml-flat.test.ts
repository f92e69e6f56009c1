/**
 * The flat event reader (issue 19) must give the same parts as fast-xml-parser's tree wherever it
 * answers, and must answer for the plain events the exports write.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { flatEventParts } from "../../../src/collectors/nps/event-xml-flat.js";
import { treeEventParts } from "../../../src/collectors/nps/events-xml.js";
import { FIXTURES } from "./helpers.js";

const SAMPLE = new URL("../../../samples/nps-no-wsus-server/nps/Security-NPS.xml", import.meta.url);

function eventsOf(text: string): string[] {
  return [...text.matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)].map((match) => match[0]);
}

const escape = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replace(/\r/g, "&#13;");

describe("flat NPS event reader", () => {
  it("reads every event of the sample and the fixture exports as the XML tree does", () => {
    const events = [
      ...eventsOf(readFileSync(SAMPLE, "utf8")),
      ...eventsOf(readFileSync(FIXTURES + "Security-NPS.xml", "utf8")),
    ];
    assert.ok(events.length >= 3);
    let flat = 0;
    for (const xml of events) {
      const parts = flatEventParts(xml);
      if (parts) {
        flat++;
        assert.deepEqual(parts, treeEventParts(xml));
      }
    }
    // the sample is Event Viewer's one-line form: read without the tree
    assert.ok(flat >= eventsOf(readFileSync(SAMPLE, "utf8")).length);
  });

  it("gives the tree's parts for any Data values, names, quotes and self-closed elements", () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom("", " ", "\n\t", "-", "%%2313", "a & b <c> \"d\" 'e'", "Windows SHV\r\n(0xc0ff0003-)"),
    );
    const item = fc.record({
      name: fc.option(fc.constantFrom("SubjectUserName", "QuarantineState", "x-y", ""), { nil: undefined }),
      value,
      quote: fc.constantFrom("'", '"'),
      selfClosed: fc.boolean(),
      space: fc.constantFrom("", " ", "\n  "),
    });
    let answered = 0;
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 8 }),
        fc.constantFrom("6276", " 6278 ", ""),
        fc.constantFrom("NPS01.contoso.local", "", "a&amp;b"),
        fc.boolean(),
        (items, id, computer, withTime) => {
          const data = items
            .map(({ name, value: text, quote, selfClosed, space }) => {
              const attribute = name === undefined ? "" : ` Name=${quote}${name}${quote}`;
              return (
                space + (selfClosed ? `<Data${attribute}/>` : `<Data${attribute}>${escape(text)}</Data>`)
              );
            })
            .join("");
          const xml =
            `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/>` +
            `<EventID>${id}</EventID>${withTime ? "<TimeCreated SystemTime='2026-11-17T08:41:12.2070000Z'/>" : ""}` +
            `<Computer>${computer}</Computer></System><EventData>${data}</EventData></Event>`;
          const parts = flatEventParts(xml);
          if (parts) {
            answered++;
            assert.deepEqual(parts, treeEventParts(xml));
          }
        },
      ),
      { numRuns: 2000 },
    );
    // the property is about the flat reader: most generated events must take it
    assert.ok(answered > 1000, `flat reader answered ${answered} of 2000`);
  });

  it("leaves CDATA, comments, unknown entities, nested elements and other attributes to the tree", () => {
    const base = (data: string): string =>
      `<Event><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>6276</EventID><Computer>N</Computer></System><EventData>${data}</EventData></Event>`;
    assert.ok(flatEventParts(base("<Data Name='a'>x</Data><Binary>00</Binary>")), "the plain form");
    for (const data of [
      "<Data Name='a'><![CDATA[x]]></Data>",
      "<!-- c --><Data Name='a'>x</Data>",
      "<Data Name='a'>&nbsp;</Data>",
      "<Data Name='a'><b>x</b></Data>",
      "<Data Name='a' Type='b'>x</Data>",
      "<Binary>00</Binary><Data Name='a'>x</Data>",
    ]) {
      assert.equal(flatEventParts(base(data)), undefined, data);
    }
  });
});
