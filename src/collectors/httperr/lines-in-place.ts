/**
 * A file's lines as ranges of its decoded text (issue 19, second pass): the lines and line numbers
 * EvidenceFile.lineBatches gives (bundle/evidence-file.ts splitLineBatches: CRLF, LF and a lone CR
 * break a line; a CR at the very end of what has arrived waits for a possible LF; a line longer
 * than maxLineLength is cut there and the rest of it dropped), without a string or an object per
 * line: the reader gets the decoded chunk and where each line starts and ends in it. Breaks are
 * found by native searches for LF and CR, not a regular expression per line.
 */
import type { TextEncoding } from "../../bundle/types.js";
import { createDecoder } from "../../bundle/encoding.js";

/** Bytes decoded at a time (a read is 256 KiB: large-reads.ts). */
const DECODE_BYTES = 64 * 1024;

export interface LineRangeReader {
  /** Line `number` is text[start, end), without its line break. */
  line(text: string, start: number, end: number, number: number): void;
  /** After the lines of each read chunk that had any. */
  endOfChunk(): void;
}

export async function readLineRanges(
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncoding,
  maxLineLength: number,
  reader: LineRangeReader,
): Promise<void> {
  const decoder = createDecoder(encoding);
  let pending = "";
  let number = 0;
  let skippingRest = false;

  /** The lines of pending + text; returns whether any line was given. */
  const flush = (text: string, final: boolean): boolean => {
    const all = pending.length > 0 ? pending + text : text;
    const length = all.length;
    const before = number;
    let start = 0;
    let lf = all.indexOf("\n");
    let cr = all.indexOf("\r");
    while (lf >= 0 || cr >= 0) {
      let at: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        at = cr;
        if (cr + 1 < length && all.charCodeAt(cr + 1) === 10) next = cr + 2;
        // a lone CR at the very end may be the first half of CRLF split across chunks
        else if (!final && cr === length - 1) break;
        else next = cr + 1;
      } else {
        at = lf;
        next = lf + 1;
      }
      if (skippingRest) {
        // the remainder of a line already given cut: same line number, dropped
        skippingRest = false;
      } else {
        number++;
        reader.line(all, start, at - start > maxLineLength ? start + maxLineLength : at, number);
      }
      start = next;
      if (lf >= 0 && lf < start) lf = all.indexOf("\n", start);
      if (cr >= 0 && cr < start) cr = all.indexOf("\r", start);
    }
    pending = start === 0 ? all : all.slice(start);
    // a CR at the very end was kept back (it may be the first half of a CRLF): it is no part of the line
    const heldCr = !final && pending.endsWith("\r");
    if (!skippingRest && pending.length - (heldCr ? 1 : 0) > maxLineLength) {
      number++;
      reader.line(pending, 0, maxLineLength, number);
      skippingRest = true;
    }
    // skipping the rest of a cut line: up to the break, which the held CR may already be
    if (skippingRest) pending = heldCr ? "\r" : "";
    return number > before;
  };

  for await (const chunk of chunks) {
    // decoded in pieces: a string under V8's large-object size is young garbage, cheap to collect
    for (let at = 0; at < chunk.length; at += DECODE_BYTES) {
      const piece = chunk.subarray(at, Math.min(chunk.length, at + DECODE_BYTES));
      if (flush(decoder.decode(piece, { stream: true }), false)) reader.endOfChunk();
    }
  }
  let given = flush(decoder.decode(), true);
  if (pending.length > 0 && !skippingRest) {
    number++;
    reader.line(pending, 0, pending.length, number);
    given = true;
  }
  if (given) reader.endOfChunk();
}
