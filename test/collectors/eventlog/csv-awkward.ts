/**
 * Test helper: awkward CSV exports, as fast-check arbitraries — the strict form Windows writes
 * (quoted multi-line messages, doubled quotes, commas, non-ASCII, CRLF / LF / CR) with, now and
 * then, what it does not write (a quote inside a plain field, text after a closing quote, a quote
 * left open, empty and blank lines, overlong lines) — and the bytes cut into chunks anywhere.
 */
import { Readable } from "node:stream";
import fc from "fast-check";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";

const WORD = fc.constantFrom(
  "WSUS",
  "Windows Server Update Services",
  "Fehler",
  "Überprüfung",
  "中文",
  "a",
  " ",
  "12072",
  "0x80244022",
  "???",
  "\t",
  "é",
);

/** Text without a quote, comma or line break. */
export const plainText = fc.array(WORD, { maxLength: 4 }).map((words) => words.join(" "));

const BREAK = fc.constantFrom("\r\n", "\n", "\r");

/** A quoted field's content: commas, doubled quotes and line breaks of every kind. */
const quotedContent = fc
  .array(fc.oneof(WORD, fc.constant(","), fc.constant('"'), BREAK), { maxLength: 8 })
  .map((parts) => parts.join(""));

/** One field as written: plain, quoted, or (rarely) outside the strict form. */
export const fieldText = fc.oneof(
  { weight: 6, arbitrary: plainText },
  { weight: 4, arbitrary: quotedContent.map((text) => `"${text.replace(/"/g, '""')}"`) },
  { weight: 1, arbitrary: fc.constantFrom('say "hi"', '"quoted" then', '"x"y', ' "lead"', '"') },
);

export interface AwkwardOptions {
  /** Fields of each record, e.g. an event row's leading columns. */
  row: fc.Arbitrary<string[]>;
  header?: string;
}

/** A file's text: an optional header, rows, line ends of one kind or mixed, maybe empty lines. */
export function awkwardText({ row, header }: AwkwardOptions): fc.Arbitrary<string> {
  return fc
    .record({
      rows: fc.array(
        fc.record({
          fields: row,
          end: BREAK,
          extra: fc.constantFrom("", "", "", "", "\r\n", "\n", "   \r\n", "x".repeat(90) + "\r\n"),
        }),
        { maxLength: 12 },
      ),
      oneEnd: fc.option(BREAK, { nil: undefined }),
      lastEnd: fc.boolean(),
      typeLine: fc.boolean(),
    })
    .map(({ rows, oneEnd, lastEnd, typeLine }) => {
      let text = typeLine ? "#TYPE System.Diagnostics.EventLogEntry\r\n" : "";
      if (header !== undefined) text += header + (oneEnd ?? "\r\n");
      rows.forEach(({ fields, end, extra }, index) => {
        const last = index === rows.length - 1;
        text += fields.join(",") + extra;
        if (!last || lastEnd) text += oneEnd ?? end;
      });
      return text;
    });
}

export type Encoding = "utf-16le-bom" | "utf-8-bom" | "utf-8";

export function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === "utf-16le-bom")
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  if (encoding === "utf-8-bom")
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  return Buffer.from(text, "utf8");
}

export const encodingArb = fc.constantFrom<Encoding>("utf-16le-bom", "utf-8-bom", "utf-8");

/** Where to cut the bytes into read chunks (fractions of the length, any byte: odd cuts split UTF-16 units). */
export const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

/** The bytes as a file whose reads end at the cuts. */
export function chunkedFile(path: string, bytes: Buffer, cuts: readonly number[]): Promise<EvidenceFile> {
  const at = [...new Set(cuts.map((cut) => Math.floor(cut * bytes.length)))].sort((a, b) => a - b);
  return evidenceFileFrom({
    path,
    size: bytes.length,
    openRaw: () =>
      Readable.from(
        (function* () {
          let from = 0;
          for (const cut of [...at, bytes.length]) {
            if (cut > from) yield bytes.subarray(from, cut);
            from = Math.max(from, cut);
          }
        })(),
      ),
  });
}
