/**
 * The Process Monitor prefilter fed from the file's bytes (byte-lines.ts, issue 19 second pass)
 * hands csv-parse exactly the text the decoding stream and the frozen filter did
 * (reference-prefilter.ts after iconv-lite's decoder, as ADR 0008's code read a capture), and counts
 * the same blanked events: random captures in UTF-8 (with a BOM or not, non-ASCII paths, invalid
 * bytes) and Windows-1252, CRLF or LF, with the awkward rows of prefilter-equivalence.test.ts, cut
 * into random reads anywhere (inside a character, between CR and LF). And the whole reader gives
 * the same fragment from a UTF-8 file (bytes) as from the same capture saved as UTF-16LE (which
 * still goes through the decoding stream), on the repository's real exports and random captures.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import iconv from "iconv-lite";
import { filteredText, type ByteEncoding } from "../../../src/collectors/procmon/byte-lines.js";
import { RowFilter } from "../../../src/collectors/procmon/prefilter.js";
import { parseProcmonCsv, detectDelimiter } from "../../../src/collectors/procmon/csv.js";
import { ReferenceRowFilter } from "./reference-prefilter.js";
import { FIXTURES, collectWith } from "../acl/helpers.js";
import { gzipSync } from "node:zlib";
import { evidenceFileFromBytes, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { procmonSource } from "../../../src/collectors/procmon/index.js";

interface Filtered {
  text: string;
  blanked: number;
  wsus: Record<string, number>;
}

async function viaBytes(
  bytes: Buffer,
  cuts: number[],
  encoding: ByteEncoding,
  delimiter: string,
): Promise<Filtered> {
  const filter = new RowFilter(delimiter);
  const pieces: string[] = [];
  for await (const piece of filteredText(Readable.from(cut(bytes, cuts)), encoding, filter))
    pieces.push(piece);
  return {
    text: pieces.join(""),
    blanked: filter.blanked,
    wsus: Object.fromEntries(filter.wsusProcessEvents),
  };
}

/** ADR 0008's chain: iconv-lite's decoding stream (it drops a BOM), then the frozen filter. */
async function viaReference(
  bytes: Buffer,
  cuts: number[],
  encoding: ByteEncoding,
  delimiter: string,
): Promise<Filtered> {
  const decoder = iconv.decodeStream(encoding === "windows-1252" ? "win1252" : encoding);
  const filter = new ReferenceRowFilter(delimiter);
  const out: string[] = [];
  filter.on("data", (piece: string) => out.push(piece));
  const finished = new Promise((resolve) => filter.on("end", resolve));
  Readable.from(cut(bytes, cuts)).pipe(decoder).pipe(filter);
  await finished;
  return { text: out.join(""), blanked: filter.blanked, wsus: Object.fromEntries(filter.wsusProcessEvents) };
}

function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((at) => at % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points]
    .map((from, i) => bytes.subarray(from, [...points, bytes.length][i]))
    .filter((b) => b.length > 0);
}

const q = (value: string): string => `"${value}"`;

/** Rows of quoted fields, the process name only in field `processAt` (see prefilter-equivalence.test.ts). */
const row = (processAt: number) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .record({
          process: fc.constantFrom(
            "svchost.exe",
            "w3wp.exe",
            "WSUSSERVICE.EXE",
            "sqlservr.exe",
            "System",
            "lsass.exe",
          ),
          result: fc.constantFrom(
            "SUCCESS",
            "NAME NOT FOUND",
            "ACCESS DENIED",
            "Access denied",
            "SHARING VIOLATION",
            "LOGON FAILURE",
            "BUFFER OVERFLOW",
          ),
          path: fc.constantFrom(
            "C:\\Windows\\System32\\kernel32.dll",
            "HKLM\\SOFTWARE\\Microsoft\\Update Services",
            "C:\\Users\\Jürgen\\AppData\\Local\\Temp\\Übersicht.tmp",
            "C:\\Daten\\€ Bericht – März.xlsx",
            "C:\\Temp\\日本語.txt",
            "",
          ),
        })
        .map((v) =>
          ["10:02:41.5131002 AM", "4120", "CreateFile", v.path, v.result, "Desired Access: Read"]
            .toSpliced(processAt, 0, v.process)
            .map(q)
            .join(","),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['"10:02:42 AM"', '"w3wp.exe"', '"4120"', '"CreateFile"', '"C:\\a ""b"""', '"SUCCESS"', '"x"'].join(
          ",",
        ),
        [
          '"10:02:43 AM"',
          '"svchost.exe"',
          '"1044"',
          '"RegOpenKey"',
          '"HKLM\\line',
          'break"',
          '"SUCCESS"',
          '"y"',
        ].join(","),
        ['"10:02:44 AM"', '"svchost.exe"', '"SUCCESS"'].join(","),
        '"10:02:45 AM,"w3wp.exe"',
        "",
        "10:02:46 AM,svchost.exe",
      ),
    },
  );

/** Bytes a decoder has to repair: a lone continuation byte, a cut 3-byte sequence, an overlong form. */
const INVALID_UTF8 = [
  Buffer.from([0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xff]),
];

const capture = fc.record({
  encoding: fc.constantFrom<ByteEncoding>("utf-8", "windows-1252"),
  delimiter: fc.constantFrom(",", ";"),
  eol: fc.constantFrom("\r\n", "\n"),
  bom: fc.boolean(),
  processAt: fc.integer({ min: 0, max: 6 }),
  strayCrAt: fc.option(fc.nat(), { nil: undefined }),
  invalid: fc.array(fc.tuple(fc.nat(), fc.nat({ max: INVALID_UTF8.length - 1 })), { maxLength: 3 }),
});

function captureBytes(
  c: {
    encoding: ByteEncoding;
    delimiter: string;
    eol: string;
    bom: boolean;
    strayCrAt?: number;
    invalid: [number, number][];
  },
  processAt: number,
  rows: string[],
): Buffer {
  const titles = ["Time of Day", "PID", "Operation", "Path", "Result", "Detail"];
  titles.splice(processAt, 0, "Process Name");
  const body = rows.map((line) => (c.delimiter === "," ? line : line.replaceAll('","', `"${c.delimiter}"`)));
  let text = `${[titles.map(q).join(c.delimiter), ...body].join(c.eol)}${c.eol}`;
  if (c.strayCrAt !== undefined) {
    const at = c.strayCrAt % text.length;
    text = `${text.slice(0, at)}\r${text.slice(at)}`;
  }
  let bytes = c.encoding === "utf-8" ? Buffer.from(text, "utf8") : iconv.encode(text, "win1252");
  // in the rows only: a damaged header title is no Process Name column, and the frozen filter, which
  // counted a WSUS name in any field, would count what the column-reading one does not (ADR 0025)
  const headerBytes = bytes.indexOf(c.eol === "\n" ? 10 : 13) + 1;
  for (const [at, which] of c.invalid) {
    const where = headerBytes + (at % (bytes.length - headerBytes + 1));
    bytes = Buffer.concat([bytes.subarray(0, where), INVALID_UTF8[which]!, bytes.subarray(where)]);
  }
  return c.encoding === "utf-8" && c.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

test("the prefilter fed from bytes hands the parser the text the decoding stream and the frozen filter did", async () => {
  await fc.assert(
    fc.asyncProperty(
      capture,
      fc
        .integer({ min: 0, max: 6 })
        .chain((processAt) => fc.tuple(fc.constant(processAt), fc.array(row(processAt), { maxLength: 60 }))),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (c, [processAt, rows], cuts, referenceCuts) => {
        const bytes = captureBytes(c, processAt, rows);
        const fast = await viaBytes(bytes, cuts, c.encoding, c.delimiter);
        const reference = await viaReference(bytes, referenceCuts, c.encoding, c.delimiter);
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 500 },
  );
});

test("the prefilter fed from bytes: a large capture in 1 MiB reads and in 64 KiB reads, as the reference", async () => {
  const header = ["Time of Day", "Process Name", "PID", "Operation", "Path", "Result", "Detail"]
    .map(q)
    .join(",");
  const lines = [header];
  for (let i = 0; i < 60_000; i++) {
    const process = ["svchost.exe", "w3wp.exe", "WsusService.exe", "sqlservr.exe"][i % 4]!;
    const result = i % 997 === 0 ? "ACCESS DENIED" : i % 3 === 0 ? "NAME NOT FOUND" : "SUCCESS";
    const path = i % 101 === 0 ? `C:\\Users\\Jürgen\\f${i}` : `C:\\f${i}`;
    lines.push(
      ["8:00:00.0000000 AM", process, String(i), "CreateFile", path, result, "Desired Access: Read"]
        .map(q)
        .join(","),
    );
  }
  const bytes = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8"),
  ]);
  const reference = await viaReference(bytes, [], "utf-8", ",");
  for (const size of [1 << 20, 1 << 16, 4093]) {
    const cuts: number[] = [];
    for (let at = size; at < bytes.length; at += size) cuts.push(at);
    assert.deepEqual(await viaBytes(bytes, cuts, "utf-8", ","), reference, `reads of ${size} bytes`);
  }
  assert.equal(reference.blanked, 60_000 - 61);
});

/** The whole reader on `bytes` as they are (UTF-8: from bytes) and saved as UTF-16LE (decoding stream). */
async function bothWays(bytes: Buffer, cuts: number[]): Promise<[unknown, unknown]> {
  const text = iconv.decode(bytes, "utf-8");
  const delimiter = detectDelimiter(text.split(/\r\n|\n|\r/, 1)[0] ?? "");
  const options = { file: "capture.csv", delimiter };
  const fromBytes = await parseProcmonCsv(Readable.from(cut(bytes, cuts)), { ...options, encoding: "utf-8" });
  const utf16 = Buffer.from(text, "utf16le");
  const fromUtf16 = await parseProcmonCsv(
    Readable.from(
      cut(
        utf16,
        cuts.map((at) => at * 2),
      ),
    ),
    {
      ...options,
      encoding: "utf-16le",
    },
  );
  return [fromBytes, fromUtf16];
}

test("the Process Monitor reader gives the same fragment from UTF-8 bytes as from the UTF-16LE decoding stream: real exports", async () => {
  const folder = join(FIXTURES, "procmon");
  const names = readdirSync(folder).filter((name) => name.endsWith(".csv"));
  assert.ok(names.length >= 5);
  for (const name of names) {
    const bytes = readFileSync(join(folder, name));
    const [fromBytes, fromUtf16] = await bothWays(bytes, [4096, 9000, 30_000]);
    assert.deepEqual(fromBytes, fromUtf16, name);
    assert.ok("fragment" in (fromBytes as object), name);
  }
});

test("the Process Monitor reader gives the same fragment from UTF-8 bytes as from the UTF-16LE decoding stream: random captures", async () => {
  await fc.assert(
    fc.asyncProperty(
      capture.map((c) => ({ ...c, encoding: "utf-8" as const, invalid: [] })),
      fc
        .integer({ min: 0, max: 6 })
        .chain((processAt) => fc.tuple(fc.constant(processAt), fc.array(row(processAt), { maxLength: 40 }))),
      fc.array(fc.nat(), { maxLength: 8 }),
      async (c, [processAt, rows], cuts) => {
        const [fromBytes, fromUtf16] = await bothWays(captureBytes(c, processAt, rows), cuts);
        assert.deepEqual(fromBytes, fromUtf16);
      },
    ),
    { numRuns: 150 },
  );
});

test("the Process Monitor collector reads a capture the same from disk, from memory, gzipped and re-saved as UTF-16LE", async () => {
  const name = "noriben-sample_procmon.csv";
  const bytes = readFileSync(join(FIXTURES, "procmon", name));
  const text = iconv.decode(bytes, "utf-8");
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const path = `procmon/${name}`;
  const outputs = [
    await collectWith(
      procmonSource.collectors,
      await openEvidenceFile(join(FIXTURES, "procmon", name), path),
    ),
    await collectWith(procmonSource.collectors, await evidenceFileFromBytes(path, bytes)),
    await collectWith(procmonSource.collectors, await evidenceFileFromBytes(path, gzipSync(bytes))),
    await collectWith(procmonSource.collectors, await evidenceFileFromBytes(path, utf16)),
  ].map(({ kind, output }) => ({ kind, output }));
  assert.equal(outputs[0]!.kind, "procmon-csv");
  assert.equal(outputs[0]!.output.records, 623);
  for (const other of outputs.slice(1)) assert.deepEqual(other, outputs[0]);
});
