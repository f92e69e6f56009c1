/**
 * `icacls D:\WSUS /T` in UTF-16LE (how it leaves a Windows console or PowerShell) read from its
 * bytes (ADR 0024, issue 19 second pass). Nearly every object of a recursive dump is a file printed
 * with its folder's inherited ACE list, the same lines on every file: such a block is recognised by
 * comparing its bytes with a list already parsed (Buffer.compare, no string), only the path is
 * decoded. Everything else — the first sight of a list, summaries, errors, pasted or odd output —
 * goes to IcaclsParser as lines, decoded and numbered as the bundle's line splitter would.
 *
 * A block is read here only in the one form in which IcaclsParser is sure to read it the same way:
 * the path (not starting or ending with white space, nothing a summary line could start with), one
 * space, the first ACE, then each further ACE on a line of exactly path-width-plus-one spaces, no
 * trailing white space, one kind of line break, then an empty line; every ACE one parseIcaclsAce
 * reads. The equivalence test (test/collectors/acl/icacls-utf16.test.ts) holds it to that.
 */
import type { EvidenceFile, TextLine } from "../../bundle/types.js";
import { largeReads } from "../large-reads.js";
import { lookupAce, type IcaclsParser, type RepeatedAceList } from "./icacls.js";
import { SharedAceList, type AceInput } from "./object.js";

const LF = Buffer.from("\n", "utf16le");
const CRLF = Buffer.from("\r\n", "utf16le");
/** A block bigger than this is read by the line parser (it is no file with an inherited list). */
const BLOCK_WINDOW_BYTES = 256 * 1024;
/** Bytes without any line break handed to the line parser at once (it cuts the overlong line). */
const NO_BREAK_FEED_BYTES = 1024 * 1024;
/** ACE lists remembered, most recently seen first (a file's list, its folder's, a few others). */
const MAX_LISTS = 16;

/**
 * What IcaclsParser.push would not take as the path of a plain block: white space at either end
 * (trimmed away), a NUL (dropped), a CR (a line break to the splitter), UTF-16 surrogates (the
 * decoder replaces lone ones), and the starts of summary and "processed file" lines.
 */
const NOT_A_PLAIN_PATH = /^\s|\s$|[\0\r\uD800-\uDFFF]|^(?:\d|successfully|processed|fichier|verarbeitete)/i;
/** What an ACE text of a learned list may not hold (see NOT_A_PLAIN_PATH). */
const NOT_A_PLAIN_ACE = /^\s|\s$|[\0\r\uD800-\uDFFF]/;

/** The parser's result of a block that was not read here. */
const NOT_PLAIN = -1;
/** The block is not all in the buffer yet. */
const WAIT = -2;

interface KnownList extends RepeatedAceList {
  /** One space and the first ACE: how the path line ends. */
  head: Buffer;
  /** The further ACE texts. */
  rest: Buffer[];
  /** Characters of the longest further ACE (for the line length limit). */
  longestRest: number;
  /** ACE lines in the block (labels included). */
  aceLines: number;
  /** The block after the path line for a path of N characters: key N*2 (+1 with CRLF). */
  tails: Map<number, Buffer>;
}

/** Reads an icacls dump's UTF-16LE bytes (BOM included) into the parser. */
export async function readIcaclsUtf16(
  file: EvidenceFile,
  parser: IcaclsParser,
  maxLineLength: number,
): Promise<void> {
  const reader = new IcaclsUtf16Reader(parser, maxLineLength);
  for await (const chunk of largeReads(file)) reader.push(chunk);
  reader.end();
}

export class IcaclsUtf16Reader {
  /** Bytes read and not yet used are work[0, filled): one buffer for the whole file, no garbage per chunk. */
  private work = Buffer.alloc(1024 * 1024);
  private filled = 0;
  private started = false;
  private readonly lists: KnownList[] = [];
  private readonly lines: Utf16LineFeed;

  constructor(
    private readonly parser: IcaclsParser,
    private readonly maxLineLength: number,
  ) {
    this.lines = new Utf16LineFeed(maxLineLength, (batch) => parser.push(batch));
  }

  push(chunk: Buffer): void {
    if (this.filled + chunk.length > this.work.length) {
      const larger = Buffer.alloc(Math.max(this.work.length * 2, this.filled + chunk.length));
      this.work.copy(larger, 0, 0, this.filled);
      this.work = larger;
    }
    chunk.copy(this.work, this.filled);
    this.filled += chunk.length;
    let from = 0;
    if (!this.started) {
      if (this.filled < 2) return;
      this.started = true;
      // the bundle's decoder drops a BOM, and only that one
      if (this.work[0] === 0xff && this.work[1] === 0xfe) from = 2;
    }
    const used = from + this.scan(this.work.subarray(from, this.filled), false);
    this.work.copyWithin(0, used, this.filled);
    this.filled -= used;
  }

  end(): void {
    const rest = this.work.subarray(0, this.filled);
    const bom = !this.started && rest[0] === 0xff && rest[1] === 0xfe;
    this.scan(bom ? rest.subarray(2) : rest, true);
    this.filled = 0;
  }

  /** Reads what it can of buffer (which starts at a line start); returns the bytes used (even). */
  private scan(buffer: Buffer, final: boolean): number {
    const limit = buffer.length - (buffer.length & 1);
    let at = 0;
    while (at < limit) {
      if (this.parser.idle && this.lines.atLineStart) {
        const next = this.readBlock(buffer, at, limit, final);
        if (next === WAIT) return at;
        if (next !== NOT_PLAIN) {
          at = next;
          continue;
        }
      }
      const end = linesEnd(buffer, at, limit);
      if (end < 0) {
        if (final) break;
        if (limit - at <= NO_BREAK_FEED_BYTES) return at;
        // a line longer than any block: the line parser cuts it (never in the middle of a pair)
        let cut = limit;
        if (isHighSurrogate(buffer, cut - 2)) cut -= 2;
        this.lines.feed(buffer.subarray(at, cut), false);
        at = cut;
        continue;
      }
      this.lines.feed(buffer.subarray(at, end), false);
      at = end;
    }
    if (!final) return at;
    this.lines.feed(buffer.subarray(at), true);
    return buffer.length;
  }

  /** A plain block at `at` read from its bytes: where it ends, NOT_PLAIN or WAIT. */
  private readBlock(buffer: Buffer, at: number, limit: number, final: boolean): number {
    const lf = findLf(buffer, at, limit);
    if (lf < 0) return final || limit - at > BLOCK_WINDOW_BYTES ? NOT_PLAIN : WAIT;
    const crlf = lf - 2 >= at && buffer[lf - 2] === 0x0d && buffer[lf - 1] === 0;
    const lineEnd = crlf ? lf - 2 : lf;
    for (let index = 0; index < this.lists.length; index++) {
      const list = this.lists[index]!;
      const next = this.matchList(list, buffer, at, lineEnd, lf + 2, limit, crlf, final);
      if (next === NOT_PLAIN) continue;
      if (next !== WAIT && index > 0) {
        this.lists.splice(index, 1);
        this.lists.unshift(list);
      }
      return next;
    }
    const learned = this.learn(buffer, at, lineEnd, lf + 2, limit, crlf, final);
    if (learned === WAIT || learned === NOT_PLAIN) return learned;
    return this.matchList(learned, buffer, at, lineEnd, lf + 2, limit, crlf, final);
  }

  /** The block at `at` if it is `list` printed after a path; else NOT_PLAIN (or WAIT for more bytes). */
  private matchList(
    list: KnownList,
    buffer: Buffer,
    at: number,
    lineEnd: number,
    afterFirst: number,
    limit: number,
    crlf: boolean,
    final: boolean,
  ): number {
    const head = list.head;
    const pathBytes = lineEnd - at - head.length;
    if (pathBytes < 2) return NOT_PLAIN;
    if (buffer.compare(head, 0, head.length, lineEnd - head.length, lineEnd) !== 0) return NOT_PLAIN;
    const pathLength = pathBytes / 2;
    if ((lineEnd - at) / 2 > this.maxLineLength || pathLength + 1 + list.longestRest > this.maxLineLength)
      return NOT_PLAIN;
    const tail = tailOf(list, pathLength, crlf);
    const end = afterFirst + tail.length;
    if (end > limit) return final || end - at > BLOCK_WINDOW_BYTES ? NOT_PLAIN : WAIT;
    if (buffer.compare(tail, 0, tail.length, afterFirst, end) !== 0) return NOT_PLAIN;
    const path = buffer.toString("utf16le", at, at + pathBytes);
    if (NOT_A_PLAIN_PATH.test(path)) return NOT_PLAIN;
    const firstLine = this.lines.number + 1;
    // the path line, the further ACE lines and the empty line
    this.lines.number += list.aceLines + 1;
    this.parser.pushRepeated(path, list, firstLine);
    return end;
  }

  /**
   * The ACE list of the block at `at`, parsed and remembered, if the block is plain: the indent of
   * its second line sets the path's width, as IcaclsParser's splitPathLine does.
   */
  private learn(
    buffer: Buffer,
    at: number,
    lineEnd: number,
    afterFirst: number,
    limit: number,
    crlf: boolean,
    final: boolean,
  ): KnownList | typeof NOT_PLAIN | typeof WAIT {
    const incomplete = final || limit - at > BLOCK_WINDOW_BYTES ? NOT_PLAIN : WAIT;
    let spaces = afterFirst;
    while (spaces + 1 < limit && buffer[spaces] === 0x20 && buffer[spaces + 1] === 0) spaces += 2;
    const indent = (spaces - afterFirst) / 2;
    if (spaces >= limit) return incomplete;
    if (indent < 2) return NOT_PLAIN;
    const pathEnd = at + (indent - 1) * 2;
    if (pathEnd + 4 > lineEnd || buffer[pathEnd] !== 0x20 || buffer[pathEnd + 1] !== 0) return NOT_PLAIN;
    const texts = [buffer.toString("utf16le", pathEnd + 2, lineEnd)];
    let start = afterFirst;
    for (;;) {
      const lf = findLf(buffer, start, limit);
      if (lf < 0) return incomplete;
      const lineCrlf = lf - 2 >= start && buffer[lf - 2] === 0x0d && buffer[lf - 1] === 0;
      if (lineCrlf !== crlf) return NOT_PLAIN;
      const end = crlf ? lf - 2 : lf;
      if (end === start) break;
      const textStart = start + indent * 2;
      if (textStart >= end) return NOT_PLAIN;
      if (buffer.compare(spacesOf(indent), 0, indent * 2, start, textStart) !== 0) return NOT_PLAIN;
      texts.push(buffer.toString("utf16le", textStart, end));
      start = lf + 2;
    }
    const parsed: (AceInput | "label")[] = [];
    for (const text of texts) {
      if (NOT_A_PLAIN_ACE.test(text)) return NOT_PLAIN;
      const ace = lookupAce(text);
      if (ace === undefined) return NOT_PLAIN;
      parsed.push(ace);
    }
    const aces: AceInput[] = [];
    const lineOffsets: number[] = [];
    parsed.forEach((ace, offset) => {
      if (ace === "label") return;
      aces.push(ace);
      lineOffsets.push(offset);
    });
    const rest = texts.slice(1);
    const list: KnownList = {
      aces,
      lineOffsets,
      shared: new SharedAceList(aces),
      head: Buffer.from(` ${texts[0]}`, "utf16le"),
      rest: rest.map((text) => Buffer.from(text, "utf16le")),
      longestRest: Math.max(...rest.map((text) => text.length)),
      aceLines: texts.length,
      tails: new Map(),
    };
    this.lists.unshift(list);
    if (this.lists.length > MAX_LISTS) this.lists.pop();
    return list;
  }
}

/** The bytes after the path line of `list` printed after a path of `pathLength` characters. */
function tailOf(list: KnownList, pathLength: number, crlf: boolean): Buffer {
  const key = pathLength * 2 + (crlf ? 1 : 0);
  let tail = list.tails.get(key);
  if (tail) return tail;
  const indent = spacesOf(pathLength + 1).subarray(0, (pathLength + 1) * 2);
  const eol = crlf ? CRLF : LF;
  tail = Buffer.concat([...list.rest.flatMap((ace) => [indent, ace, eol]), eol]);
  // paths of a content store have a few lengths; a tree of any length is bounded anyway
  if (list.tails.size >= 64) list.tails.clear();
  list.tails.set(key, tail);
  return tail;
}

let spaces = Buffer.from(" ".repeat(256), "utf16le");
function spacesOf(count: number): Buffer {
  if (spaces.length < count * 2) spaces = Buffer.from(" ".repeat(count * 2), "utf16le");
  return spaces;
}

/** The byte offset of the next UTF-16LE line feed at or after `from` (an even offset), or -1. */
function findLf(buffer: Buffer, from: number, limit: number): number {
  let at = buffer.indexOf(LF, from);
  // an odd offset is the high byte of one character and the low byte of the next
  while (at >= 0 && (at & 1) === 1) at = buffer.indexOf(LF, at + 1);
  return at >= 0 && at + 2 <= limit ? at : -1;
}

/** Where the lines from `at` up to the first empty line end (all complete lines if none); -1: none. */
function linesEnd(buffer: Buffer, at: number, limit: number): number {
  let start = at;
  let end = -1;
  for (;;) {
    const lf = findLf(buffer, start, limit);
    if (lf < 0) return end;
    end = lf + 2;
    const empty = lf === start || (lf === start + 2 && buffer[start] === 0x0d && buffer[start + 1] === 0);
    // after an empty line IcaclsParser has no object open: the next block may be plain
    if (empty || end - at > BLOCK_WINDOW_BYTES) return end;
    start = end;
  }
}

function isHighSurrogate(buffer: Buffer, at: number): boolean {
  const high = buffer[at + 1]!;
  return high >= 0xd8 && high <= 0xdb;
}

/**
 * Lines of UTF-16LE bytes fed in pieces, decoded, split and numbered exactly as the bundle's
 * splitLineBatches does (src/bundle/evidence-file.ts): CRLF, LF or CR; a line longer than the limit
 * cut and the rest of it dropped. The reader numbers the lines it reads itself through `number`.
 */
class Utf16LineFeed {
  number = 0;
  private pending = "";
  private skippingRest = false;
  private readonly decoder = new TextDecoder("utf-16le", { ignoreBOM: true });
  private readonly breaks = /\r\n|\n|\r/g;

  constructor(
    private readonly maxLineLength: number,
    private readonly emit: (lines: TextLine[]) => void,
  ) {}

  /** Nothing of a line is held: the next bytes start a line. */
  get atLineStart(): boolean {
    return this.pending === "" && !this.skippingRest;
  }

  feed(bytes: Buffer, final: boolean): void {
    const batch: TextLine[] = [];
    this.pending += this.decoder.decode(bytes, { stream: !final });
    const { breaks, maxLineLength } = this;
    breaks.lastIndex = 0;
    let start = 0;
    let match: RegExpExecArray | null;
    while ((match = breaks.exec(this.pending)) !== null) {
      // a CR at the very end may be the first half of a CRLF
      if (!final && match[0] === "\r" && match.index === this.pending.length - 1) break;
      const line = this.pending.slice(start, match.index);
      start = match.index + match[0].length;
      if (this.skippingRest) {
        this.skippingRest = false;
        continue;
      }
      this.number++;
      if (line.length > maxLineLength)
        batch.push({ text: line.slice(0, maxLineLength), number: this.number, truncated: true });
      else batch.push({ text: line, number: this.number });
    }
    this.pending = this.pending.slice(start);
    const heldCr = !final && this.pending.endsWith("\r");
    if (!this.skippingRest && this.pending.length - (heldCr ? 1 : 0) > maxLineLength) {
      this.number++;
      batch.push({ text: this.pending.slice(0, maxLineLength), number: this.number, truncated: true });
      this.skippingRest = true;
    }
    if (this.skippingRest) this.pending = heldCr ? "\r" : "";
    if (final && this.pending.length > 0 && !this.skippingRest) {
      this.number++;
      batch.push({ text: this.pending, number: this.number });
      this.pending = "";
    }
    if (batch.length > 0) this.emit(batch);
  }
}
