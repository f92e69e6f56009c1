/**
 * Feeding bytes to a W3cScanner: from a stream (gzip, zip entries) or from a byte range of a plain
 * file. Bytes go into the scanner's input area (one reused buffer, read in place by its WebAssembly
 * fast path: no per-chunk allocation); only the unfinished last line is carried between reads, and
 * lines longer than the limit are cut (counted, sampled, skipped).
 */
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { W3cScanner } from "./w3c-scanner.js";

const CHUNK_BYTES = 4 * 1024 * 1024;
const LF = 10;

export interface ReadOptions {
  maxLineLength: number;
  /** Called with the bytes consumed so far (within this stream or range). */
  onProgress?: (bytes: number) => void;
}

function bomLength(buf: Uint8Array, length: number): number {
  return length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/**
 * Aggregates the bytes the caller put in input[0, filled) and keeps the unfinished last line at
 * the front; returns the new fill level (-1 after a line too long to keep: skip to the next LF).
 */
function consume(
  scanner: W3cScanner,
  input: Buffer,
  from: number,
  filled: number,
  maxLineLength: number,
): number {
  const rest = scanner.scanArea(from, filled);
  const tail = filled - rest;
  if (tail > maxLineLength) {
    scanner.rejectLongLine(input.toString("utf8", rest, rest + 200));
    return -1;
  }
  input.copyWithin(0, rest, filled);
  return tail;
}

function finish(scanner: W3cScanner, input: Buffer, filled: number): void {
  if (filled <= 0) return;
  input[filled] = LF; // the input area has room past its capacity for this
  scanner.scanArea(0, filled + 1);
}

/** Skip to just after the next line feed in input[from, filled); -1 when there is none. */
function skipLine(input: Buffer, from: number, filled: number): number {
  const lf = input.indexOf(LF, from);
  return lf < 0 || lf >= filled ? -1 : lf + 1;
}

/**
 * The input area and what carries over between reads: the unfinished last line, whether the BOM
 * is still to be checked, and whether the rest of a line too long to keep is being skipped.
 */
class AreaFeeder {
  readonly capacity: number;
  readonly input: Buffer;
  filled = 0;
  private skipping = false;
  private atFileStart = true;

  constructor(
    private readonly scanner: W3cScanner,
    private readonly maxLineLength: number,
  ) {
    this.capacity = CHUNK_BYTES + maxLineLength + 1;
    this.input = scanner.inputArea(this.capacity + 1);
  }

  /** Aggregate the whole lines in input[0, filled); keep the unfinished one at the front. */
  flush(): void {
    let from = 0;
    if (this.atFileStart) {
      from = bomLength(this.input, this.filled);
      this.atFileStart = false;
    }
    if (this.skipping) {
      const next = skipLine(this.input, from, this.filled);
      if (next < 0) {
        this.filled = 0;
        return;
      }
      this.skipping = false;
      from = next;
    }
    const kept = consume(this.scanner, this.input, from, this.filled, this.maxLineLength);
    this.skipping = kept < 0;
    this.filled = Math.max(kept, 0);
  }

  /** The last line, which may end without a line break. */
  finish(): void {
    if (!this.skipping) finish(this.scanner, this.input, this.filled);
  }
}

/** The input area a stream scan needs: one read chunk after the longest line kept. */
export function streamInputBytes(maxLineLength: number): number {
  return CHUNK_BYTES + maxLineLength + 2;
}

/** Scan a whole byte stream. */
export async function scanStream(
  stream: Readable,
  scanner: W3cScanner,
  options: ReadOptions,
): Promise<number> {
  const area = new AreaFeeder(scanner, options.maxLineLength);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const data = chunk as Buffer;
      bytes += data.length;
      let off = 0;
      while (off < data.length) {
        const n = Math.min(area.capacity - area.filled, data.length - off);
        data.copy(area.input, area.filled, off, off + n);
        area.filled += n;
        off += n;
        if (area.filled >= CHUNK_BYTES) area.flush();
      }
      options.onProgress?.(bytes);
    }
  } catch (error) {
    // A damaged .gz: keep every whole line that arrived; the unfinished one may be cut anywhere.
    area.flush();
    throw new StreamBrokenError(bytes, error);
  }
  area.flush();
  area.finish();
  return bytes;
}

/** The stream failed after `bytes` bytes; the scanner holds every whole line before that point. */
export class StreamBrokenError extends Error {
  constructor(
    readonly bytes: number,
    override readonly cause: unknown,
  ) {
    super(`the stream failed after ${bytes} bytes: ${(cause as Error).message}`);
  }
}

/** Bytes per read of a file range; two reads are in flight at once (see scanFileRange). */
const RANGE_CHUNK_BYTES = 2 * 1024 * 1024;
/** Room after each half for the fast path's reads past the data and for finish()'s line feed. */
const HALF_SLACK = 64;

/** The input area a range scan needs: two halves, each with room for the longest line kept. */
export function rangeInputBytes(maxLineLength: number): number {
  return 2 * (maxLineLength + 1 + RANGE_CHUNK_BYTES + HALF_SLACK);
}

/**
 * Scan bytes [start, end) of a plain file; start must be a line start (0: the file's start).
 * The range may end without a line break.
 *
 * Double-buffered: the input area has two halves, and the next chunk is read into one (by libuv's
 * thread, on another core) while the lines of the other are aggregated, so the scan never waits
 * for the disk cache. Each half starts with room for the unfinished line carried over from the
 * other; the read never writes there, so the copy of that line cannot race with it.
 */
export async function scanFileRange(
  path: string,
  start: number,
  end: number,
  scanner: W3cScanner,
  options: ReadOptions,
): Promise<void> {
  const handle = await open(path, "r");
  const { maxLineLength } = options;
  const tailRoom = maxLineLength + 1;
  const half = tailRoom + RANGE_CHUNK_BYTES + HALF_SLACK;
  const input = scanner.inputArea(2 * half);
  const readInto = (which: number, at: number): Promise<number> =>
    at >= end
      ? Promise.resolve(0)
      : handle
          .read(input, which * half + tailRoom, Math.min(RANGE_CHUNK_BYTES, end - at), at)
          .then((r) => r.bytesRead);
  let pending = readInto(0, start);
  try {
    let current = 0;
    let pos = start;
    let tail = 0;
    let skipping = false;
    let atFileStart = start === 0;
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) break;
      pos += bytesRead;
      const other = 1 - current;
      pending = readInto(other, pos);
      const windowEnd = current * half + tailRoom + bytesRead;
      let from = current * half + tailRoom - tail;
      tail = 0;
      if (atFileStart) {
        from += bomLength(input.subarray(from), windowEnd - from);
        atFileStart = false;
      }
      if (skipping) {
        const next = skipLine(input, from, windowEnd);
        if (next >= 0) skipping = false;
        from = next >= 0 ? next : windowEnd;
      }
      if (!skipping) {
        const rest = scanner.scanArea(from, windowEnd);
        if (windowEnd - rest > maxLineLength) {
          scanner.rejectLongLine(input.toString("utf8", rest, Math.min(rest + 200, windowEnd)));
          skipping = true;
        } else {
          tail = windowEnd - rest;
          input.copy(input, other * half + tailRoom - tail, rest, windowEnd);
        }
      }
      current = other;
      options.onProgress?.(pos - start);
    }
    if (!skipping && tail > 0) {
      const lineEnd = current * half + tailRoom;
      input[lineEnd] = LF;
      scanner.scanArea(lineEnd - tail, lineEnd + 1);
    }
  } finally {
    await pending.catch(() => 0);
    await handle.close();
  }
}
