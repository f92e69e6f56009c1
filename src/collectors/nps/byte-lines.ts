/**
 * Lines of an ASCII-compatible file (UTF-8, Windows-1252) cut from the raw bytes, without decoding
 * the file into strings first: the accounting reader decodes only the columns it reads (issue 19,
 * ADR 0022). Numbering and cutting are those of `splitLineBatches` (bundle/evidence-file.ts): CRLF,
 * LF and a lone CR each end a line, the file's UTF-8 BOM is no part of the first line, and a
 * line longer than `maxLineLength` characters is handed over decoded, cut and flagged.
 */
const CR = 13;
const LF = 10;

/**
 * Decodes one line or field of the file as the whole file's streaming decoder (`createDecoder`,
 * `{ stream: true }`) decodes it there. Node's one-shot Windows-1252 decoding is not the same (it
 * drops 0x80 and, ignoring BOMs, a leading 0xFF), so every call streams, and UTF-8 flushes a cut
 * sequence after (one U+FFFD, as the line break after it gives). A BOM inside is text: only the
 * file's first bytes are one, and the splitter removes those.
 */
export function lineDecoder(encoding: "utf-8" | "windows-1252"): (bytes: Uint8Array) => string {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: encoding === "utf-8" });
  if (encoding === "windows-1252") return (bytes) => decoder.decode(bytes, { stream: true });
  return (bytes) => decoder.decode(bytes, { stream: true }) + decoder.decode();
}

export interface ByteLineSink {
  /** A whole line: `bytes[start, end)`, valid only during the call. */
  line(bytes: Buffer, start: number, end: number, number: number): void;
  /** A line over the limit, decoded and cut to `maxLineLength` characters. */
  tooLong(text: string, number: number): void;
}

export class ByteLineSplitter {
  private number = 0;
  /** Bytes of a line begun in an earlier chunk (at most `keep` of them). */
  private carry: Buffer[] = [];
  private carried = 0;
  private carryDropped = false;
  /** The previous chunk ended on CR: an LF opening this one completes that break. */
  private afterCr = false;
  /** Bytes of the file's UTF-8 BOM still to skip. */
  private bomLeft: number;
  /** Enough bytes to hold more than `maxLineLength` characters in any ASCII-compatible encoding. */
  private readonly keep: number;

  constructor(
    private readonly sink: ByteLineSink,
    private readonly decode: (bytes: Buffer) => string,
    private readonly maxLineLength: number,
    /** The file starts with a UTF-8 BOM (EvidenceFile.hasBom): no part of the first line. */
    utf8Bom: boolean,
  ) {
    this.keep = maxLineLength * 4 + 8;
    this.bomLeft = utf8Bom ? 3 : 0;
  }

  push(chunk: Buffer): void {
    let at = 0;
    // the BOM's bytes may come in more than one chunk
    while (this.bomLeft > 0 && at < chunk.length) {
      this.bomLeft--;
      at++;
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (at < chunk.length && chunk[at] === LF) at++;
    }
    const length = chunk.length;
    let start = at;
    // the next LF and the next CR, each found by indexOf (memchr): -1 when there is none left
    let lf = chunk.indexOf(LF, start);
    let cr = chunk.indexOf(CR, start);
    while (lf >= 0 || cr >= 0) {
      let end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      if (this.carried > 0 || this.carryDropped) this.finishCarried(chunk, start, end);
      else this.emit(chunk, start, end);
      if (end === cr) {
        if (end + 1 === length) this.afterCr = true;
        else if (chunk[end + 1] === LF) end++;
      }
      start = end + 1;
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    if (start < length) this.hold(chunk, start, length);
  }

  end(): void {
    if (this.carried > 0 || this.carryDropped) this.finishCarried(Buffer.alloc(0), 0, 0);
  }

  private emit(bytes: Buffer, start: number, end: number): void {
    const number = ++this.number;
    // a character takes at least one byte: a line of no more bytes than the limit is within it
    if (end - start <= this.maxLineLength) this.sink.line(bytes, start, end, number);
    else this.long(bytes.subarray(start, end), number, false);
  }

  private long(bytes: Buffer, number: number, dropped: boolean): void {
    const text = this.decode(bytes);
    if (!dropped && text.length <= this.maxLineLength) this.sink.line(bytes, 0, bytes.length, number);
    else this.sink.tooLong(text.slice(0, this.maxLineLength), number);
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    const room = this.keep - this.carried;
    if (end - start > room) {
      this.carryDropped = true;
      end = start + Math.max(0, room);
    }
    if (end > start) {
      // a copy: the stream may reuse its chunk
      this.carry.push(Buffer.from(chunk.subarray(start, end)));
      this.carried += end - start;
    }
  }

  private finishCarried(chunk: Buffer, start: number, end: number): void {
    this.hold(chunk, start, end);
    const bytes = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry);
    const dropped = this.carryDropped;
    this.carry = [];
    this.carried = 0;
    this.carryDropped = false;
    const number = ++this.number;
    if (!dropped && bytes.length <= this.maxLineLength) this.sink.line(bytes, 0, bytes.length, number);
    else this.long(bytes, number, dropped);
  }
}
