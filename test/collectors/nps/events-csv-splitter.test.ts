/**
 * The NPS events CSV reader on the strict splitter (issue 19 second pass) gives the output the
 * csv-parse reader gave (reference-events-csv.ts, frozen): the same facts, records, rejected rows,
 * problems, on the real exports and on variants of them — UTF-16LE, other line ends, a `#TYPE`
 * line, empty lines, rows of other providers and rows outside the strict form — cut into read
 * chunks anywhere.
 *
 * One deliberate difference: line numbers of files with LF or CR line ends. The old reader added
 * one line per record plus the LF characters of its raw text, and csv-parse's raw text of an
 * LF-ended record includes its LF: every record counted two lines. The new reader counts the
 * file's lines (a CRLF, LF or CR each ends one), as for CRLF files, where both agree.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { eventsCsvCollector } from "../../../src/collectors/nps/events-csv.js";
import { DEFAULT_LIMITS, type Collector } from "../../../src/collectors/types.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { chunkedFile, cutsArb, encode, encodingArb } from "../eventlog/csv-awkward.js";
import { FIXTURES } from "./helpers.js";
import { eventsCsvCollector as referenceCollector } from "./reference-events-csv.js";

const SAMPLE = new URL("../../../samples/nps-mixed-client-states/nps/Security-NPS.csv", import.meta.url);
const REAL: { name: string; text: string }[] = [
  ...["Security-NPS-eventviewer.csv", "Security-NPS-getwinevent.csv", "Security-NPS-de.csv"].map((name) => ({
    name,
    text: readFileSync(FIXTURES + name, "utf8").replace(/^\uFEFF/, ""),
  })),
  { name: "samples/nps-mixed-client-states", text: readFileSync(SAMPLE, "utf8").replace(/^\uFEFF/, "") },
];

/** Output as JSON (undefined members dropped), problems in line order, lines dropped when asked. */
async function outputOf(
  collector: Collector<unknown>,
  file: EvidenceFile,
  withLines: boolean,
): Promise<unknown> {
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  const problems = [...output.problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const json = JSON.stringify({ ...output, problems }, (key, value: unknown) =>
    !withLines && key === "line" ? undefined : value,
  );
  return JSON.parse(json) as unknown;
}

/** Cuts the text into its lines (a quoted field's breaks stay inside its record's text). */
function recordsOf(text: string): string[] {
  const records: string[] = [];
  let open = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') open = !open;
    else if (!open && c === "\n") {
      records.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

const variant = fc.record({
  real: fc.constantFrom(...REAL),
  end: fc.constantFrom("\r\n", "\r\n", "\n", "\r"),
  typeLine: fc.boolean(),
  inserts: fc.array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      row: fc.constantFrom(
        "\r\n",
        'Information,5/1/2024 10:00:00 AM,Microsoft-Windows-Security-Auditing,4624,Logon,"An account was ""logged on"",\r\nsomewhere."\r\n',
        "Information,5/1/2024 10:00:00 AM,Other Provider,6272,Network Policy Server,Not NPS.\r\n",
        'Information,5/1/2024 10:00:00 AM,Microsoft-Windows-Security-Auditing,6273,"Network Policy Server" x,oops\r\n',
        'Information,5/1/2024 10:00:00 AM,Microsoft-Windows-Security-Auditing,say "6272",NPS,text\r\n',
        "Information,5/1/2024,Microsoft-Windows-Security-Auditing,,NPS,no id\r\n",
      ),
    }),
    { maxLength: 3 },
  ),
});

describe("NPS events CSV on the strict splitter: the same output as with csv-parse", () => {
  for (const { name, text } of REAL) {
    it(`${name}: identical, in UTF-8 and UTF-16LE, whole and in 1 to 7-byte reads`, async () => {
      for (const encoding of ["utf-8-bom", "utf-16le-bom"] as const) {
        const bytes = encode(text, encoding);
        const whole = await chunkedFile(name, bytes, []);
        const expected = await outputOf(referenceCollector, whole, true);
        assert.equal((expected as { status: string }).status, "parsed");
        assert.deepEqual(await outputOf(eventsCsvCollector, whole, true), expected);
        for (const size of [1, 7]) {
          const cuts = Array.from(
            { length: Math.ceil(bytes.length / size) },
            (_, i) => (i * size) / bytes.length,
          );
          const file = await chunkedFile(name, bytes, cuts);
          assert.deepEqual(await outputOf(eventsCsvCollector, file, true), expected, `${encoding} ${size}`);
        }
      }
    });
  }

  it("variants of the real exports: identical (line numbers too where the line ends are CRLF)", async () => {
    await fc.assert(
      fc.asyncProperty(
        variant,
        encodingArb,
        cutsArb,
        async ({ real, end, typeLine, inserts }, encoding, cuts) => {
          const records = recordsOf(real.text);
          for (const { at, row } of inserts) records.splice(1 + Math.floor(at * records.length), 0, row);
          let text =
            (typeLine ? "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n" : "") +
            records.join("");
          if (end !== "\r\n") text = text.replace(/\r\n/g, end);
          const file = await chunkedFile("Security-NPS.csv", encode(text, encoding), cuts);
          const crlf = end === "\r\n";
          assert.deepEqual(
            await outputOf(eventsCsvCollector, file, crlf),
            await outputOf(referenceCollector, file, crlf),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("counts the lines of an LF file as the lines of the same CRLF file", async () => {
    const { text } = REAL[0]!;
    const crlf = await eventsCsvCollector.collect(await chunkedFile("a.csv", encode(text, "utf-8"), []), {
      limits: DEFAULT_LIMITS,
    });
    const lf = await eventsCsvCollector.collect(
      await chunkedFile("a.csv", encode(text.replace(/\r\n/g, "\n"), "utf-8"), []),
      { limits: DEFAULT_LIMITS },
    );
    const lines = (output: typeof crlf) => output.facts!.results.map((result) => result.line);
    assert.ok(lines(crlf).length > 1);
    assert.deepEqual(lines(lf), lines(crlf));
  });
});
