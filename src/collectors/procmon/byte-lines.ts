/**
 * The prefilter's input straight from the file's bytes (issue 19), for the encodings where every
 * byte below 0x80 is its ASCII character (UTF-8, Windows-1252): a line break, a quote or a
 * separator is then one byte, and never part of a longer character. Each read (256 KiB) is cut after
 * its last line break, and only those whole lines are decoded, at once, and handed to the filter;
 * the unfinished line waits for the next read. This gives the filter exactly the text a streaming
 * decoder would (ADR 0025): no character spans a cut, and a UTF-8 BOM at the start is dropped as
 * the decoder dropped it. No decoding stream and no stream between the decoder and the filter.
 */
import iconv from "iconv-lite";
import type { RowFilter } from "./prefilter.js";

export type ByteEncoding = "utf-8" | "windows-1252";

const LF = 10;
const CR = 13;
const EMPTY = Buffer.alloc(0);
/** Bytes of whole lines decoded at a time (a read is 256 KiB: large-reads.ts). */
const DECODE_BYTES = 64 * 1024;

export function isByteEncoding(encoding: string): encoding is ByteEncoding {
  return encoding === "utf-8" || encoding === "windows-1252";
}

function decoderOf(encoding: ByteEncoding): (bytes: Buffer) => string {
  if (encoding === "utf-8") return (bytes) => bytes.toString("utf8");
  return (bytes) => iconv.decode(bytes, "win1252", { stripBOM: false });
}

const hasUtf8Bom = (bytes: Buffer): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * The parser's text of a file's bytes, filtered by `filter`, one piece per read. As the decoded
 * stream's filter cut its text: a CR at the very end of what has arrived may be half of a CRLF and
 * waits.
 */
export async function* filteredText(
  chunks: AsyncIterable<Buffer>,
  encoding: ByteEncoding,
  filter: RowFilter,
): AsyncGenerator<string> {
  const decode = decoderOf(encoding);
  let tail: Buffer = EMPTY;
  let atStart = encoding === "utf-8";
  for await (const chunk of chunks) {
    let bytes = chunk;
    if (atStart) {
      bytes = Buffer.concat([tail, chunk]);
      tail = EMPTY;
      if (bytes.length < 3) {
        tail = bytes;
        continue;
      }
      if (hasUtf8Bom(bytes)) bytes = bytes.subarray(3);
      atStart = false;
    }
    const lastBreak = lastLineBreak(bytes);
    if (lastBreak < 0) {
      tail = Buffer.concat([tail, bytes]);
      continue;
    }
    // the unfinished line before this read ends at this read's first line break: decoded with it,
    // without copying the whole read after it
    let from = 0;
    if (tail.length > 0) {
      from = firstLineEnd(bytes, lastBreak);
      const text = filter.lines(decode(Buffer.concat([tail, bytes.subarray(0, from)])));
      if (text.length > 0) yield text;
    }
    // a copy: the read's buffer is not kept alive by its unfinished line
    tail = Buffer.from(bytes.subarray(lastBreak + 1));
    // in pieces cut after an LF (never inside a CRLF): a string under V8's large-object size is
    // young garbage, cheap to collect
    while (from <= lastBreak) {
      const lf = from + DECODE_BYTES <= lastBreak ? bytes.lastIndexOf(LF, from + DECODE_BYTES) : -1;
      const to = lf >= from ? lf + 1 : lastBreak + 1;
      const text = filter.lines(decode(bytes.subarray(from, to)));
      if (text.length > 0) yield text;
      from = to;
    }
  }
  if (atStart && hasUtf8Bom(tail)) tail = tail.subarray(3);
  const text = filter.rest(decode(tail));
  if (text.length > 0) yield text;
}

/**
 * Just after the first line break of `bytes` (CR, LF or CRLF), which is at or before `lastBreak`;
 * a CR there with its LF in the next read is not cut from it: lastBreak never is such a CR.
 */
function firstLineEnd(bytes: Buffer, lastBreak: number): number {
  let lf = bytes.indexOf(LF);
  let cr = bytes.indexOf(CR);
  if (lf < 0 || lf > lastBreak) lf = lastBreak;
  if (cr < 0 || cr > lastBreak) cr = lastBreak;
  const at = Math.min(lf, cr);
  return bytes[at] === CR && bytes[at + 1] === LF ? at + 2 : at + 1;
}

/**
 * The last CR or LF of `bytes`, not counting a CR in the last byte (it may be half of a CRLF);
 * as the text filter reads String.lastIndexOf, a search start before 0 is 0.
 */
function lastLineBreak(bytes: Buffer): number {
  if (bytes.length === 0) return -1;
  const searchEnd = Math.max(bytes[bytes.length - 1] === CR ? bytes.length - 2 : bytes.length - 1, 0);
  return Math.max(bytes.lastIndexOf(LF, searchEnd), bytes.lastIndexOf(CR, searchEnd));
}
