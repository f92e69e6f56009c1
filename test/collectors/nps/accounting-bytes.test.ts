/**
 * The byte reader of IAS and ODBC accounting logs (accounting-bytes.ts, byte-lines.ts) against the
 * frozen string reader it replaced (reference-accounting.ts): the same collector output — records,
 * rejects, problems and every fact — on the repository's logs and on generated awkward ones (CRLF,
 * LF and lone CR, UTF-8 with and without BOM, Windows-1252, German values, quoted separators and
 * doubled quotes, NPS placeholders, malformed dates and ids, DTS events between, lines over the
 * limit), each cut into chunks at random places.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import fc from "fast-check";
import { createDecoder } from "../../../src/bundle/encoding.js";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import { accountingCollector } from "../../../src/collectors/nps/accounting.js";
import { AccountingBytes } from "../../../src/collectors/nps/accounting-bytes.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { FIXTURES } from "./helpers.js";
import {
  accountingCollector as referenceCollector,
  parseIasLine,
  parseOdbcLine,
} from "./reference-accounting.js";

const REPOSITORY_LOGS = [
  `${FIXTURES}IN2611-ias.log`,
  `${FIXTURES}IN2611-odbc.log`,
  `${FIXTURES}IN2611-dts.log`,
  `${FIXTURES}IN2611-mixed.log`,
  `${FIXTURES}IN261118.log`,
  new URL("../../../samples/healthy/nps/IN2611.log", import.meta.url).pathname,
  new URL("../../../samples/nps-mixed-client-states/nps/IN2611.log", import.meta.url).pathname,
];

function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

/** Both readers' output for the same bytes, delivered in the same chunks. */
async function outputs(
  bytes: Buffer,
  cuts: readonly number[] = [],
  maxLineLength = DEFAULT_LIMITS.maxLineLength,
): Promise<{ actual: unknown; expected: unknown }> {
  const file = () =>
    evidenceFileFrom({
      path: "IN2611.log",
      size: bytes.length,
      openRaw: () => Readable.from(chunked(bytes, cuts)),
    });
  const context = { limits: { ...DEFAULT_LIMITS, maxLineLength } };
  const expected = await referenceCollector.collect(await file(), context);
  const actual = await accountingCollector.collect(await file(), context);
  return { actual, expected };
}

// --- generated logs ---------------------------------------------------------------------------

/** Raw bytes put into a line where these stand (a UTF-8 lead byte alone, a C1/€ byte, a BOM mid-line). */
const RAW: Record<string, number[]> = { "\u0007": [0xc3], "\u0008": [0x80], "\u000e": [0xef, 0xbb, 0xbf] };

function encodeLine(text: string, encoding: "utf-8" | "windows-1252"): Buffer {
  const parts: Buffer[] = [];
  let plain = "";
  const flush = (): void => {
    if (plain) parts.push(Buffer.from(plain, encoding === "utf-8" ? "utf8" : "latin1"));
    plain = "";
  };
  for (const char of text) {
    const raw = RAW[char];
    if (raw) {
      flush();
      parts.push(Buffer.from(raw));
    } else plain += char;
  }
  flush();
  return Buffer.concat(parts);
}

const machine = fc.integer({ min: 0, max: 30 }).map((n) => `PC${String(n).padStart(3, "0")}`);
const value = fc.oneof(
  { weight: 6, arbitrary: machine.map((m) => `CONTOSO\\${m}$`) },
  { weight: 3, arbitrary: machine.map((m) => `host/${m}.contoso.local`) },
  { weight: 3, arbitrary: machine.map((m) => `contoso.local/Computers/${m}`) },
  { weight: 2, arbitrary: machine },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "-",
      " - ",
      "<not present>",
      "<undetermined>",
      " padded ",
      "andrew",
      "CORP\\andrew",
      "john.smith",
      "Müller-PC",
      "Geräte-Richtlinie für Drahtlos",
      "Richtlinie, mit Komma",
      'He said "hi"',
      "00-15-5D-00-02-6B",
      "NAP DHCP Compliant",
      "311 1 10.20.0.6 11/01/2026 00:00:00 1",
      "F1290E5E5924D441A57539224835F0FD0C1A0A0B6B3CC601",
      "0xF1290E5E5924D441A57539224835F0FD0C1A0A0B6B3CC601",
      "0000284AABCD4EF0",
      "{5E0E29F1-2459-441D-A575-39224835F0FD} - 2006-08-28 23:44:32.391Z",
      "{00000FD7-ABCD-4EF0-8123-0FD700155D0A}",
      "0x28302d30786330666630303033",
      "12",
      " 7 ",
      "007",
      "1e3",
      "\u00a0X\u00a0",
      "\ufeffBOM",
      "caf\u0007",
      "\u0008euro",
      "\u000ebom",
      "<Event>",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, "")) },
);
const date = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("11/01/2026", "1/2/2026", "11/1/2026", "03/17/2025") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("13/40/2026", "11/01/26", "11-01-2026", " 11/01/2026", "", "111/1/2026"),
  },
);
const time = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("00:00:00", "8:05:09", "08:05:09", "23:59:59", "00:00:01") },
  { weight: 1, arbitrary: fc.constantFrom("08:05:09.5", "24:00", "8:5:09", "", "08:05:09 ", "123:00:00") },
);
const digits = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("1", "2", "3", "4", "5", "0", "16", "48") },
  { weight: 1, arbitrary: fc.constantFrom("", " 2", "02", "x", "1234567890123456", "-1", "2.0") },
);

function csvField(text: string, style: "quote" | "bare" | "stray"): string {
  if (style === "bare") return text.includes(",") || text.includes('"') ? "" : text;
  if (style === "stray") return `"${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const odbcLine = fc
  .record({
    head: fc.constantFrom(['"NPS01"', '"IAS"'], ['"NPS,01"', '"IAS"'], ["NPS01", '"IAS"']),
    date,
    time,
    packet: digits,
    columns: fc.array(fc.tuple(value, fc.constantFrom("quote", "quote", "quote", "bare", "stray" as const)), {
      minLength: 18,
      maxLength: 58,
    }),
    reason: digits,
  })
  .map(({ head, date: d, time: t, packet, columns, reason }) => {
    const rest = columns.map(([text, style], i) =>
      i === 20
        ? reason
        : csvField(text, i % 7 === 3 && style === "stray" ? "stray" : style === "stray" ? "quote" : style),
    );
    return [...head, d, t, packet, ...rest].join(",");
  });

const IAS_IDS = [
  "25",
  "31",
  "44",
  "4129",
  "4130",
  "4136",
  "4142",
  "4149",
  "8111",
  "8124",
  "8126",
  "8129",
  "8133",
  "8138",
  "8148",
  "8153",
];
const iasId = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...IAS_IDS) },
  { weight: 3, arbitrary: fc.constantFrom("4108", "4127", "4294967206", "4155") },
  { weight: 1, arbitrary: fc.constantFrom("0031", "", " 31", "x", "1e3", "1234567890123456", "8136 ") },
);
const iasLine = fc
  .record({
    nas: fc.constantFrom("10.20.0.5", "", "10.20.0.6", '"q"', " 10.0.0.1"),
    user: value,
    date,
    time,
    pairs: fc.array(fc.tuple(iasId, fc.oneof(value, digits)), { maxLength: 22 }),
    odd: fc.boolean(),
  })
  .map(({ nas, user, date: d, time: t, pairs, odd }) => {
    const fields = [nas, user, d, t, "IAS", "NPS01", ...pairs.flat()];
    return fields.join(",") + (odd ? ",4136" : "");
  });

const dtsLine = fc.constantFrom(
  '<Event><Timestamp data_type="4">11/01/2026 00:00:00.100</Timestamp><User-Name data_type="1">host/PC001.contoso.local</User-Name><Packet-Type data_type="0">1</Packet-Type><MS-Quarantine-State data_type="0">1</MS-Quarantine-State></Event>',
  '<Event><Timestamp data_type="4">11/01/2026 00:00:01.100</Timestamp><SAM-Account-Name data_type="1">CONTOSO\\PC001$</SAM-Account-Name><Packet-Type data_type="0">3</Packet-Type><Reason-Code data_type="0">16</Reason-Code></Event>',
  '<Event><Timestamp data_type="4">11/01/2026 00:00:02.100</Timestamp>',
  '<User-Name data_type="1">PC002</User-Name><Packet-Type data_type="0">2</Packet-Type></Event>',
  "  <Event><Broken>",
);
const junk = fc.constantFrom(
  "",
  "   ",
  "\t",
  "#Software: Microsoft Internet Information Services 10.0",
  "garbage line",
  ",,,,,,",
  '"""',
);
const line = fc.oneof(
  { weight: 6, arbitrary: odbcLine },
  { weight: 6, arbitrary: iasLine },
  { weight: 1, arbitrary: dtsLine },
  { weight: 1, arbitrary: junk },
);

const log = fc.record({
  lines: fc.array(fc.tuple(line, fc.constantFrom("\r\n", "\r\n", "\n", "\r")), {
    minLength: 1,
    maxLength: 40,
  }),
  encoding: fc.constantFrom("utf-8" as const, "windows-1252" as const),
  bom: fc.boolean(),
  lastBreak: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 12 }),
  maxLineLength: fc.constantFrom(DEFAULT_LIMITS.maxLineLength, DEFAULT_LIMITS.maxLineLength, 60, 300),
});

function logBytes(input: {
  lines: [string, string][];
  encoding: "utf-8" | "windows-1252";
  bom: boolean;
  lastBreak: boolean;
}): Buffer {
  const parts: Buffer[] = [];
  if (input.bom && input.encoding === "utf-8") parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  input.lines.forEach(([text, end], i) => {
    parts.push(encodeLine(text, input.encoding));
    if (i < input.lines.length - 1 || input.lastBreak) parts.push(Buffer.from(end));
  });
  return Buffer.concat(parts);
}

describe("accounting byte reader: the same output as the string reader", () => {
  for (const path of REPOSITORY_LOGS) {
    it(`${path.split("/").slice(-3).join("/")}, whole and in 7-byte and 1-byte chunks`, async () => {
      const bytes = readFileSync(path);
      for (const step of [0, 7, 1]) {
        const cuts =
          step === 0 ? [] : Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step);
        const { actual, expected } = await outputs(bytes, cuts);
        assert.deepStrictEqual(actual, expected);
      }
    });
  }

  it("the repository's IAS and ODBC logs saved as UTF-16LE with a BOM (read as text)", async () => {
    for (const path of REPOSITORY_LOGS.slice(0, 2)) {
      const text = readFileSync(path, "utf8");
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      const { actual, expected } = await outputs(bytes, [5, 77, 300]);
      assert.deepStrictEqual(actual, expected);
    }
  });

  it("generated logs: every format, line end, encoding and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(log, async (input) => {
        const { actual, expected } = await outputs(logBytes(input), input.cuts, input.maxLineLength);
        assert.deepStrictEqual(actual, expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe("accounting byte reader: line by line", () => {
  function readLine(text: string, encoding: "utf-8" | "windows-1252" = "utf-8") {
    const bytes = Buffer.concat([Buffer.from("xx"), encodeLine(text, encoding), Buffer.from("yy")]);
    return new AccountingBytes(encoding).read(bytes, 2, bytes.length - 2, 9);
  }

  it("where it answers, it answers as parseOdbcLine / parseIasLine do", () => {
    fc.assert(
      fc.property(
        fc.oneof(odbcLine, iasLine),
        fc.constantFrom("utf-8" as const, "windows-1252" as const),
        (text, encoding) => {
          const record = readLine(text, encoding);
          if (record === undefined) return;
          // as the whole file's decoder decodes a line in the middle of the file
          const decoder = createDecoder(encoding);
          const decoded = (
            decoder.decode(Buffer.concat([Buffer.from("x"), encodeLine(text, encoding)]), { stream: true }) +
            decoder.decode()
          ).slice(1);
          const expected = record.format === "odbc" ? parseOdbcLine(decoded, 9) : parseIasLine(decoded, 9);
          assert.deepStrictEqual(record, expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("answers for the plain lines NPS writes (the string reader is the exception, not the rule)", () => {
    for (const path of REPOSITORY_LOGS.slice(0, 2)) {
      for (const text of readFileSync(path, "utf8").split(/\r?\n/)) {
        if (text === "") continue;
        assert.ok(readLine(text), `not read from bytes: ${text.slice(0, 60)}`);
      }
    }
    let answered = 0;
    const plain = fc.sample(
      fc
        .oneof(odbcLine, iasLine)
        .filter(
          (text) =>
            !Object.keys(RAW).some((raw) => text.includes(raw)) &&
            !/["<]|^\s|1e3|1234567890123456/.test(text),
        ),
      { numRuns: 300, seed: 19 },
    );
    for (const text of plain) if (readLine(text)) answered++;
    assert.ok(answered > plain.length * 0.3, `${answered} of ${plain.length}`);
  });

  it("leaves doubled quotes, stray quotes, odd ids and malformed stamps to the string reader", () => {
    const odbc = (fields: string) =>
      `"NPS01","IAS",${fields},"a","b",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,`;
    assert.ok(readLine(odbc('11/01/2026,00:00:00,1,"CONTOSO\\PC1$"')));
    assert.equal(readLine(odbc('11/01/2026,00:00:00,1,"say ""hi"""')), undefined);
    assert.equal(readLine(odbc('11/01/2026,00:00:00,1,a"b')), undefined);
    assert.equal(readLine(odbc("11/01/26,00:00:00,1,x")), undefined);
    assert.equal(readLine(odbc("11/01/2026,0:0:00,1,x")), undefined);
    const ias = (pairs: string) => `10.0.0.1,user,11/01/2026,00:00:00,IAS,NPS01,${pairs}`;
    assert.ok(readLine(ias("4136,1,4142,0")));
    assert.equal(readLine(ias("4136,1,4142")), undefined);
    assert.equal(readLine(ias("0x10,1")), undefined);
    assert.equal(readLine(ias(" 31,1")), undefined);
    assert.equal(readLine(`"q",user,11/01/2026,00:00:00,IAS,NPS01`), undefined);
  });
});
