/**
 * Nothing lost: where a collector can know how many records a file holds, records read + records
 * rejected = records present, exactly. What a "record" is, per collector (docs/guarantees.md):
 * - iis-w3c-log, httperr-log: a data line (not blank, not a #directive);
 * - eventlog-csv, nps-events-csv, procmon-csv: a CSV row after the header (a quoted message may span lines);
 * - eventlog-powershell-csv: a CSV row after the #TYPE line and the header.
 * The files are real fixtures with rows deleted, duplicated, replaced by garbage, blank lines added,
 * megabyte lines inserted, or (logs) truncated at any byte or sprinkled with NULs.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { evidenceFileFromBytes, splitLines } from "../../src/bundle/evidence-file.js";
import { COLLECTORS } from "../../src/collectors/index.js";
import { DEFAULT_LIMITS } from "../../src/collectors/types.js";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { applyDamage, type Damage } from "./damage.js";
import { RUNS, realFixtures, type Fixture } from "./fixtures.js";
import { replayParameters } from "./replay.js";

const fixtures = await realFixtures();
const LIMITS = { ...DEFAULT_LIMITS, maxLineLength: 64 * 1024 };
const collectorOf = (kind: string) => COLLECTORS.find((collector) => collector.kind === kind)!;

async function readCounts(kind: string, bytes: Buffer): Promise<{ records: number; rejected: number }> {
  const output = await collectorOf(kind).collect(await evidenceFileFromBytes(`x-${kind}`, bytes), {
    limits: LIMITS,
  });
  return { records: output.records, rejected: output.rejected };
}

/** W3C (IIS, HTTPERR): data lines are the lines that are neither blank nor directives. */
async function dataLines(bytes: Buffer, split: "lf" | "text"): Promise<number> {
  if (split === "lf") {
    let body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    let count = 0;
    while (body.length > 0) {
      const lf = body.indexOf(0x0a);
      let line = lf < 0 ? body : body.subarray(0, lf);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      if (line.length > 0 && line[0] !== 0x23) count++;
      body = lf < 0 ? Buffer.alloc(0) : body.subarray(lf + 1);
    }
    return count;
  }
  const file = await evidenceFileFromBytes("x.log", bytes);
  let count = 0;
  for await (const line of splitLines(
    Readable.from([bytes]),
    file.encoding ?? "utf-8",
    LIMITS.maxLineLength,
  )) {
    if (line.text.trim() !== "" && !line.text.startsWith("#")) count++;
  }
  return count;
}

const logDamage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ type: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    type: fc.constant("nul" as const),
    positions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
  }),
  fc.record({
    type: fc.constant("long-line" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 70_000, max: 400_000 }),
    char: fc.constantFrom("A", " ", "x"),
  }),
  fc.record({
    type: fc.constant("random-splice" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.stringMatching(/^[ -~\r\n]{1,200}$/).map((text) => new Uint8Array(Buffer.from(text, "latin1"))),
  }),
  fc.constant({ type: "none" as const }),
);

/** The bytes as the collector sees them (a .gz fixture decompressed). */
function plain(fixture: Fixture): Buffer {
  return fixture.bytes[0] === 0x1f && fixture.bytes[1] === 0x8b ? gunzipSync(fixture.bytes) : fixture.bytes;
}

/** Rows of a CSV as raw text, header first. */
function csvRows(text: string): { header: string[]; rows: string[] } {
  const records = parse(text, {
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
  }) as unknown as { raw: string }[];
  const raws = records.map((record) => record.raw.replace(/[\r\n]+$/, ""));
  const headerCount = /^#TYPE/.test(raws[0] ?? "") ? 2 : 1;
  return { header: raws.slice(0, headerCount), rows: raws.slice(headerCount) };
}

type RowEdit = { op: "delete" | "duplicate" | "garbage" | "blank" | "long"; at: number };
const rowEdits = fc.array(
  fc.record({
    op: fc.constantFrom("delete", "duplicate", "garbage", "blank", "long") as fc.Arbitrary<RowEdit["op"]>,
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  { maxLength: 6 },
);

function editRows(rows: string[], edits: RowEdit[]): { rows: string[]; present: number } {
  const out = [...rows];
  for (const edit of edits) {
    const at = Math.min(out.length, Math.floor(out.length * edit.at));
    if (edit.op === "delete" && out.length > 0) out.splice(Math.min(at, out.length - 1), 1);
    else if (edit.op === "duplicate" && out.length > 0) out.splice(at, 0, out[Math.min(at, out.length - 1)]!);
    else if (edit.op === "garbage") out.splice(at, 0, "garbage row without separators");
    else if (edit.op === "blank") out.splice(at, 0, "");
    else if (edit.op === "long") out.splice(at, 0, "X".repeat(100_000));
  }
  return { rows: out, present: out.filter((row) => row !== "").length };
}

function encodeLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xff && original[1] === 0xfe)
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  if (original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf)
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  return Buffer.from(text, "utf8");
}

describe("records read + records rejected = records present", () => {
  for (const [kind, split] of [
    ["iis-w3c-log", "lf"],
    ["httperr-log", "text"],
  ] as const) {
    const own = fixtures.filter(
      (fixture) => fixture.kind === kind && fixture.bytes[0] !== 0xff && fixture.bytes[0] !== 0xfe,
    );
    it(`${kind}: every data line is read or rejected (${own.length} fixtures, damaged)`, async () => {
      assert.ok(own.length > 0, `real ${kind} fixtures exist`);
      await fc.assert(
        fc.asyncProperty(fc.nat(own.length - 1), logDamage, async (index, damage) => {
          const fixture = own[index]!;
          const bytes = applyDamage(plain(fixture), damage);
          const { records, rejected } = await readCounts(kind, bytes);
          assert.equal(
            records + rejected,
            await dataLines(bytes, split),
            `${fixture.path}: ${records} read + ${rejected} rejected`,
          );
        }),
        { numRuns: RUNS, ...replayParameters() },
      );
    });
  }

  for (const kind of ["eventlog-csv", "eventlog-powershell-csv", "procmon-csv", "nps-events-csv"]) {
    const own = fixtures.filter((fixture) => fixture.kind === kind);
    it(`${kind}: every CSV row is read or rejected (${own.length} fixtures, rows edited)`, async () => {
      assert.ok(own.length > 0, `real ${kind} fixtures exist`);
      await fc.assert(
        fc.asyncProperty(fc.nat(own.length - 1), rowEdits, async (index, edits) => {
          const fixture: Fixture = own[index]!;
          const text = await (await evidenceFileFromBytes(fixture.path, fixture.bytes)).readText();
          const { header, rows } = csvRows(text);
          const edited = editRows(rows, edits);
          const bytes = encodeLike(fixture.bytes, [...header, ...edited.rows].join("\r\n") + "\r\n");
          const { records, rejected } = await readCounts(kind, bytes);
          assert.equal(
            records + rejected,
            edited.present,
            `${fixture.path}: ${records} read + ${rejected} rejected of ${edited.present} rows`,
          );
        }),
        { numRuns: RUNS, ...replayParameters() },
      );
    });
  }
});
