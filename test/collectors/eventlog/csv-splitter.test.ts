/**
 * The strict CSV splitter (csv-splitter.ts, issue 19 second pass) reads what csv-parse read before
 * it (reference-csv-stream.ts, the frozen reader): the same records on the same lines, the same
 * notes, and the same collector output — facts, problems, counts — for the Event Viewer and
 * PowerShell CSV exports, on every real export in the repository and on generated awkward ones in
 * UTF-16LE and UTF-8, CRLF / LF / CR, cut into read chunks anywhere. Where the splitter meets text
 * outside the strict form it hands over to csv-parse, so those inputs are generated too.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";
import fc from "fast-check";
import { openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { CsvSplitter, type SplitRecord } from "../../../src/collectors/eventlog/csv-splitter.js";
import { csvRecordBatches, type CsvStreamOptions } from "../../../src/collectors/eventlog/csv-stream.js";
import { eventViewerCsvCollector } from "../../../src/collectors/eventlog/eventviewer-csv.js";
import { powershellCsvCollector } from "../../../src/collectors/eventlog/powershell-csv.js";
import { DEFAULT_LIMITS, type Collector, type Limits } from "../../../src/collectors/types.js";
import { FIXTURES, SAMPLES } from "./collect.js";
import {
  awkwardText,
  chunkedFile,
  cutsArb,
  encode,
  encodingArb,
  fieldText,
  plainText,
} from "./csv-awkward.js";
import { csvRecords as referenceRecords } from "./reference-csv-stream.js";
import { eventViewerCsvCollector as referenceEventViewer } from "./reference-eventviewer-csv.js";
import { powershellCsvCollector as referencePowershell } from "./reference-powershell-csv.js";

/** Short lines, so that generated lines run over the limit now and then. */
const SMALL: Limits = { ...DEFAULT_LIMITS, maxLineLength: 80 };

interface Read {
  records: SplitRecord[];
  notes: string[];
}

async function readWith(
  read: (file: EvidenceFile, options: CsvStreamOptions) => AsyncIterable<SplitRecord | SplitRecord[]>,
  file: EvidenceFile,
  maxLineLength: number,
  typeLine: boolean,
): Promise<Read> {
  const notes: string[] = [];
  const records: SplitRecord[] = [];
  const options: CsvStreamOptions = {
    maxLineLength,
    onTruncated: (line) => notes.push(`cut ${line}`),
    onSkipped: (line, message) => notes.push(`skipped ${line} ${message}`),
  };
  for await (const item of read(file, typeLine ? { ...options, ignoreFirstLine: "#TYPE" } : options))
    records.push(...(Array.isArray(item) ? item : [item]));
  return { records, notes };
}

function referenceRead(file: EvidenceFile, maxLineLength: number, typeLine: boolean): Promise<Read> {
  return readWith(
    (f, { ignoreFirstLine, ...options }) =>
      referenceRecords(f, {
        ...options,
        ...(ignoreFirstLine
          ? { rewriteLine: (text, number) => (number === 1 && text.startsWith(ignoreFirstLine) ? "" : text) }
          : {}),
      }),
    file,
    maxLineLength,
    typeLine,
  );
}

const csvText = awkwardText({ row: fc.array(fieldText, { minLength: 1, maxLength: 7 }) });

describe("strict CSV splitter", () => {
  it("splits quoted multi-line fields, doubled quotes and every line end, counting lines", () => {
    const out: SplitRecord[] = [];
    const splitter = new CsvSplitter({ mode: "lines", maxLineLength: 100, maxRecordLength: 1000 });
    splitter.push('a,"b\r\nc ""d"", e",f\r\n\r\ng,"h\ri"\n', false, out);
    splitter.push("j,k", false, out);
    assert.equal(splitter.push("", true, out), true);
    assert.deepEqual(out, [
      { fields: ["a", 'b\nc "d", e', "f"], line: 1 },
      { fields: ["g", "h\ni"], line: 4 },
      { fields: ["j", "k"], line: 6 },
    ]);
  });

  it("reads a quote inside a plain field as text, as csv-parse with relax_quotes does", () => {
    const out: SplitRecord[] = [];
    const splitter = new CsvSplitter({ mode: "lines", maxLineLength: 100, maxRecordLength: 1000 });
    assert.equal(splitter.push('a,The "WSUS" service,b""\r\n', true, out), true);
    assert.deepEqual(out, [{ fields: ["a", 'The "WSUS" service', 'b""'], line: 1 }]);
  });

  it("raw mode keeps line breaks as written and gives an empty line as a record", () => {
    const out: SplitRecord[] = [];
    const splitter = new CsvSplitter({ mode: "raw", maxLineLength: 100, maxRecordLength: 1000 });
    splitter.push('a,"b\r\nc"\r\n\r\nd\r', true, out);
    assert.deepEqual(out, [
      { fields: ["a", "b\r\nc"], line: 1 },
      { fields: [""], line: 3 },
      { fields: ["d"], line: 4 },
    ]);
  });

  it("stops at text outside the strict form and hands back that record's text and line", () => {
    for (const bad of ['x,"a"b\r\n', 'x,"a" \r\n', 'x,"open\r\n']) {
      const out: SplitRecord[] = [];
      const splitter = new CsvSplitter({ mode: "lines", maxLineLength: 100, maxRecordLength: 1000 });
      splitter.push(`a,b\r\n${bad}c,d\r\n`, true, out);
      assert.equal(splitter.failed, true, bad);
      assert.deepEqual(out, [{ fields: ["a", "b"], line: 1 }]);
      assert.deepEqual(splitter.rest(), { text: `${bad}c,d\r\n`, line: 2 });
    }
  });

  it("reads every generated file as csv-parse on its lines does: records, lines, notes (chunks cut anywhere)", async () => {
    await fc.assert(
      fc.asyncProperty(csvText, encodingArb, cutsArb, async (text, encoding, cuts) => {
        const bytes = encode(text, encoding);
        const typeLine = text.startsWith("#TYPE");
        const file = await chunkedFile("export.csv", bytes, cuts);
        const expected = await referenceRead(file, SMALL.maxLineLength, typeLine);
        const actual = await readWith(csvRecordBatches, file, SMALL.maxLineLength, typeLine);
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 400 },
    );
  });
});

/**
 * What a collector's output is made of, JSON-compared (undefined members dropped as the report does).
 * Problems are compared in line order: the old reader noted a cut line when its line stream read
 * it, some records ahead of the record it belongs to, so its order depended on read-ahead.
 */
async function outputOf(collector: Collector<unknown>, file: EvidenceFile, limits: Limits): Promise<unknown> {
  const output = await collector.collect(file, { limits });
  const problems = [...output.problems].sort(
    (a, b) =>
      (a.line ?? Infinity) - (b.line ?? Infinity) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return JSON.parse(JSON.stringify({ ...output, problems })) as unknown;
}

const EVENT_VIEWER_HEADER = "Level,Date and Time,Source,Event ID,Task Category";
const eventViewerRow = fc
  .record({
    level: fc.constantFrom("Error", "Warning", "Information", "Fehler", "", '"Error"'),
    date: fc.constantFrom("3/17/2024 4:15:04 PM", "17.03.2024 16:15:04", '"3/12/2024 9:00:00 AM"', "soon"),
    source: fc.constantFrom(
      "Windows Server Update Services",
      '"Windows Server Update Services"',
      "MsiInstaller",
      "Application Error",
    ),
    id: fc.constantFrom("12072", "12002", "1000", '"12032"', "abc", ""),
    task: fc.constantFrom("9", "None", "(1)"),
    message: fc.array(fieldText, { maxLength: 2 }),
  })
  .map(({ level, date, source, id, task, message }) => [level, date, source, id, task, ...message]);

const GET_WINEVENT_HEADER =
  '"Message","Id","Version","Level","ProviderName","LogName","MachineName","RecordId","TimeCreated","LevelDisplayName"';
const getWinEventRow = fc
  .record({
    message: fieldText,
    id: fc.constantFrom('"12072"', '"13042"', '"1000"', '"x"'),
    level: fc.constantFrom('"2"', '"4"', ""),
    provider: fc.constantFrom('"Windows Server Update Services"', '"MsiInstaller"'),
    log: fc.constantFrom('"Application"', '"System"', ""),
    machine: plainText,
    record: fc.constantFrom('"17"', "", '"x"'),
    time: fc.constantFrom('"3/17/2024 4:15:04 PM"', '"17.03.2024 16:15:04"'),
    display: fc.constantFrom('"Error"', '"Information"', '"Fehler"'),
  })
  .map(({ message, id, level, provider, log, machine, record, time, display }) => [
    message,
    id,
    '"0"',
    level,
    provider,
    log,
    machine,
    record,
    time,
    display,
  ]);

describe("Event Viewer and PowerShell CSV collectors: the same output as with csv-parse", () => {
  const real: { name: string; path: string }[] = [
    ...readdirSync(FIXTURES)
      .filter((name) => name.endsWith(".csv"))
      .map((name) => ({ name: `eventlog/${name}`, path: FIXTURES + name })),
    ...readdirSync(SAMPLES, { recursive: true, encoding: "utf8" })
      .filter((name) => /eventlog\/.*\.csv$/.test(name.replace(/\\/g, "/")))
      .map((name) => ({ name: `samples/${name}`, path: SAMPLES + name })),
  ];
  it("finds the real exports", () => assert.ok(real.length >= 8, `${real.length} real exports`));
  for (const { name, path } of real) {
    it(`${name}: identical output from both collectors, whole and in 1-byte to 7-byte reads`, async () => {
      const whole = await openEvidenceFile(path, name);
      for (const [collector, reference] of [
        [eventViewerCsvCollector, referenceEventViewer],
        [powershellCsvCollector, referencePowershell],
      ] as const) {
        const expected = await outputOf(reference, whole, DEFAULT_LIMITS);
        assert.deepEqual(await outputOf(collector, whole, DEFAULT_LIMITS), expected, collector.kind);
        const bytes = readFileSync(path);
        for (const size of [1, 2, 7]) {
          const cuts = Array.from(
            { length: Math.ceil(bytes.length / size) },
            (_, i) => (i * size) / bytes.length,
          );
          const chunked = await chunkedFile(name, bytes, cuts);
          assert.deepEqual(
            await outputOf(collector, chunked, DEFAULT_LIMITS),
            expected,
            `${collector.kind} ${size}`,
          );
        }
      }
    });
  }

  it("generated Event Viewer exports: identical output (awkward messages, cut lines, chunks anywhere)", async () => {
    await fc.assert(
      fc.asyncProperty(
        awkwardText({ row: eventViewerRow, header: EVENT_VIEWER_HEADER }),
        encodingArb,
        cutsArb,
        fc.constantFrom(DEFAULT_LIMITS, SMALL),
        async (text, encoding, cuts, limits) => {
          const file = await chunkedFile("Application.csv", encode(text, encoding), cuts);
          assert.deepEqual(
            await outputOf(eventViewerCsvCollector, file, limits),
            await outputOf(referenceEventViewer, file, limits),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("generated Get-WinEvent exports: identical output (with and without the #TYPE line)", async () => {
    await fc.assert(
      fc.asyncProperty(
        awkwardText({ row: getWinEventRow, header: GET_WINEVENT_HEADER }),
        encodingArb,
        cutsArb,
        fc.constantFrom(DEFAULT_LIMITS, SMALL),
        async (text, encoding, cuts, limits) => {
          const file = await chunkedFile("wsus-events.csv", encode(text, encoding), cuts);
          assert.deepEqual(
            await outputOf(powershellCsvCollector, file, limits),
            await outputOf(referencePowershell, file, limits),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
