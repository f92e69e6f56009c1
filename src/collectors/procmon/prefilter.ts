/**
 * An unfiltered capture is ~99.9 % rows that cannot matter (SUCCESS, NAME NOT FOUND, …). Before the
 * CSV parser sees them, such rows are blanked: the line stays (an empty line, so line numbers and
 * provenance do not move) and is counted as an event here. Only a row that is certainly a whole,
 * well-formed event and certainly not a failure the collector looks at is blanked; anything else
 * (the header, a quoted line break, a stray quote, fewer fields than the header) goes to csv-parse.
 * After a row that is not plainly quoted fields, or a change of line-break style, where the parser
 * stands can no longer be told from here: from then on every row goes to the parser.
 *
 * Speed (issue 19): lines are found with native searches for the file's line break, a run of
 * blanked lines is written as one repeated break, and a blanked row's process is read from its
 * Process Name field. A chunk where the breaks are not all the file's style goes through the
 * character-by-character loop that defines the behaviour (filterLinesOneByOne).
 */
import { Transform, type TransformCallback } from "node:stream";
import { wsusProcessName } from "../../knowledge/wsus-processes.js";

/**
 * Any of these anywhere in a row sends it to the parser (a superset of what the collector keeps):
 * denied, sharing violation, privilege not held, bad network name, logon failure, in any case. The
 * words are written after their first letters, which differ: the same words, and V8 rejects a
 * position on its first character instead of trying five alternatives there (half the time).
 */
const MAY_MATTER = /[dsplb](?:enied|haring violation|rivilege not held|ad network name|ogon failure)/i;

/** Start and end of every MAY_MATTER word in `text`, in pairs (a word never spans a line break). */
function mayMatterRanges(text: string): number[] {
  const ranges: number[] = [];
  const words = new RegExp(MAY_MATTER.source, "gi");
  for (let found = words.exec(text); found !== null; found = words.exec(text))
    ranges.push(found.index, found.index + found[0].length);
  return ranges;
}

/** Lengths of the WSUS process names (knowledge/wsus-processes.ts): other names are not looked up. */
const WSUS_NAME_LENGTHS = new Set(["w3wp.exe", "WsusService.exe", "sqlservr.exe"].map((name) => name.length));

/**
 * The filter itself, without a stream: fed whole lines (lines()) and the file's last piece (rest()),
 * by the Transform below or by the byte reader (byte-lines.ts).
 */
export class RowFilter {
  /** Rows blanked here: events the parser will not see. */
  blanked = 0;
  /** Blanked rows of the WSUS processes, by canonical name (the capture can see WSUS at work). */
  readonly wsusProcessEvents = new Map<string, number>();
  private headerFields = 0;
  /** Index of the Process Name column in the header, -1 when it has none. */
  private processField = -1;
  private processStart = 0;
  private processEnd = 0;
  private lineBreak: string | undefined;
  private disabled = false;

  /**
   * With `dropBlanked`, a blanked row is left out of the text altogether instead of left as an
   * empty line (csv-parse then reads fewer lines): lineOf() turns the parser's line numbers back
   * into the file's. Without, the parser counts the empty lines itself.
   */
  constructor(
    private readonly delimiter: string,
    private readonly dropBlanked = false,
  ) {}

  /** Lines handed to the parser while rows were being dropped (dropBlanked). */
  private parserLines = 0;
  /** Rows dropped so far (dropBlanked); and whether any since the last line handed over. */
  private dropped = 0;
  private droppedSinceKept = false;
  /**
   * Pairs (parser line, rows dropped before it): from that parser line on, the file's line is the
   * parser's plus that many, up to the next pair. Pairs the parser has passed are let go.
   */
  private offsets: number[] = [];
  private offsetAt = 0;

  /** The file's line number of the parser's line `parserLine`; asked in increasing order. */
  lineOf(parserLine: number): number {
    if (!this.dropBlanked) return parserLine;
    const offsets = this.offsets;
    let at = this.offsetAt;
    if (at > 0 && offsets[at]! > parserLine) at = 0; // not in increasing order after all
    while (at + 2 < offsets.length && offsets[at + 2]! <= parserLine) at += 2;
    if (at >= 4096) {
      offsets.splice(0, at);
      at = 0;
    }
    this.offsetAt = at;
    return at < offsets.length && offsets[at]! <= parserLine ? parserLine + offsets[at + 1]! : parserLine;
  }

  /** A line goes to the parser (dropBlanked): it may start a new stretch after dropped rows. */
  private handedOver(): void {
    this.parserLines++;
    if (!this.droppedSinceKept) return;
    this.offsets.push(this.parserLines, this.dropped);
    this.droppedSinceKept = false;
  }

  private droppedRow(): void {
    this.dropped++;
    this.droppedSinceKept = true;
  }

  /** The text for the parser of whole lines: `text` ends with a line break. */
  lines(text: string): string {
    if (this.disabled) return text; // every line kept, every break as it is
    if (this.lineBreak === undefined) return this.firstLineThenRest(text);
    if (this.lineBreak === "\r\n") return this.filterCrlfLines(text) ?? this.filterLinesOneByOne(text);
    if (this.lineBreak === "\n" && !text.includes("\r")) return this.filterLfLines(text);
    return this.filterLinesOneByOne(text);
  }

  /** The first line by the definition (it tells the file's line break), the rest by lines(). */
  private firstLineThenRest(text: string): string {
    const lf = text.indexOf("\n");
    const cr = text.indexOf("\r");
    const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
    if (end < 0) return this.filterLinesOneByOne(text);
    const next = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    const first = this.filterLinesOneByOne(text.slice(0, next));
    return next < text.length ? first + this.lines(text.slice(next)) : first;
  }

  /** Lines ending CRLF, without a lone CR or LF anywhere (else undefined, before any change). */
  private filterCrlfLines(text: string): string | undefined {
    const ends: number[] = [];
    let lf = text.indexOf("\n");
    for (let cr = text.indexOf("\r"); cr >= 0; cr = text.indexOf("\r", cr + 2)) {
      if (lf !== cr + 1) return undefined;
      ends.push(cr);
      lf = text.indexOf("\n", cr + 2);
    }
    if (lf >= 0) return undefined;
    return this.filterEndedLines(text, ends, 2);
  }

  private filterLfLines(text: string): string {
    const ends: number[] = [];
    for (let lf = text.indexOf("\n"); lf >= 0; lf = text.indexOf("\n", lf + 1)) ends.push(lf);
    return this.filterEndedLines(text, ends, 1);
  }

  /**
   * Lines ending at `ends`, each break `breakLength` long and of the file's style. Lines are read
   * in place in `text`; only the kept ones are cut out.
   */
  private filterEndedLines(text: string, ends: readonly number[], breakLength: number): string {
    const lineBreak = this.lineBreak!;
    const matters = mayMatterRanges(text);
    let match = 0;
    const parts: string[] = [];
    let blankRun = 0;
    let start = 0;
    for (const end of ends) {
      const next = end + breakLength;
      while (match < matters.length && matters[match]! < start) match += 2;
      const mayMatter = match < matters.length && matters[match + 1]! <= end;
      // a line that may matter is kept whatever it is, but it may still turn the filter off
      const kept =
        this.disabled || (mayMatter ? this.keep(text.slice(start, end)) : this.keepAt(text, start, end));
      if (kept) {
        if (blankRun > 0) parts.push(lineBreak.repeat(blankRun));
        blankRun = 0;
        if (this.dropBlanked) this.handedOver();
        parts.push(text.slice(start, next));
      } else if (this.dropBlanked) this.droppedRow();
      else blankRun++;
      start = next;
    }
    if (blankRun > 0) parts.push(lineBreak.repeat(blankRun));
    return parts.join("");
  }

  /** keep() for the line [start, end) of `text` that holds no MAY_MATTER word. */
  private keepAt(text: string, start: number, end: number): boolean {
    if (start === end || text.charCodeAt(start) === 0xfeff || this.headerFields === 0)
      return this.keep(text.slice(start, end));
    const fields = this.strictFields(text, start, end);
    if (fields === undefined) {
      const quote = text.indexOf('"', start);
      if (quote >= 0 && quote < end) this.disabled = true;
      return true;
    }
    if (fields < this.headerFields) return true;
    this.blanked++;
    this.countWsusProcess(text);
    return false;
  }

  /** The text for the parser of the file's last piece (after its last line break, maybe a lone CR). */
  rest(text: string): string {
    return this.filterLinesOneByOne(text);
  }

  /** The definition: character by character, each line's break checked against the file's style. */
  private filterLinesOneByOne(text: string): string {
    let out = "";
    let start = 0;
    while (start < text.length) {
      let end = start;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      let next = end;
      if (text.charCodeAt(next) === 13) next++;
      if (text.charCodeAt(next) === 10) next++;
      const lineBreak = text.slice(end, next);
      if (lineBreak !== "") {
        this.lineBreak ??= lineBreak;
        if (lineBreak !== this.lineBreak) this.disabled = true;
      }
      if (this.keep(text.slice(start, end))) {
        if (this.dropBlanked) this.handedOver();
        out += text.slice(start, next);
      } else if (this.dropBlanked) this.droppedRow();
      else out += lineBreak;
      start = next;
    }
    return out;
  }

  private keep(line: string): boolean {
    if (this.disabled || line === "") return true;
    const row = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    const fields = this.strictFields(row, 0, row.length);
    if (fields === undefined) {
      if (line.includes('"')) this.disabled = true;
      return true;
    }
    if (this.headerFields === 0) {
      this.header(row, fields);
      return true;
    }
    if (fields < this.headerFields || MAY_MATTER.test(line)) return true;
    this.blanked++;
    this.countWsusProcess(row);
    return false;
  }

  private header(row: string, fields: number): void {
    this.headerFields = fields;
    const titles = row.slice(1, -1).split(`"${this.delimiter}"`);
    this.processField = titles.findIndex((title) => title.trim().toLowerCase() === "process name");
  }

  /** The Process Name field of a blanked row (found by strictFields) when it names a WSUS process. */
  private countWsusProcess(row: string): void {
    if (this.processField < 0 || !WSUS_NAME_LENGTHS.has(this.processEnd - this.processStart)) return;
    const name = wsusProcessName(row.slice(this.processStart, this.processEnd));
    if (name) this.wsusProcessEvents.set(name, (this.wsusProcessEvents.get(name) ?? 0) + 1);
  }

  /**
   * Field count of the row [start, end) of `text` when it is quoted fields without quotes inside
   * ("a","b",…), else undefined; the Process Name field's content is left in processStart/processEnd.
   */
  private strictFields(text: string, start: number, end: number): number | undefined {
    if (end - start < 2 || text.charCodeAt(start) !== 34 || text.charCodeAt(end - 1) !== 34) return undefined;
    const separator = `"${this.delimiter}"`;
    let fields = 1;
    let fieldStart = start + 1;
    for (let at = text.indexOf('"', start + 1); at >= 0 && at < end - 1; at = text.indexOf('"', at + 1)) {
      if (text.startsWith(separator, at)) {
        if (fields - 1 === this.processField) {
          this.processStart = fieldStart;
          this.processEnd = at;
        }
        fields++;
        at += separator.length - 1;
        fieldStart = at + 1;
        continue;
      }
      return undefined;
    }
    if (fields - 1 === this.processField) {
      this.processStart = fieldStart;
      this.processEnd = end - 1;
    }
    return fields;
  }
}

/** RowFilter as a stream of decoded text (files in UTF-16, which the byte reader does not take). */
export class UninterestingRowFilter extends Transform {
  private readonly rows: RowFilter;
  private tail = "";

  constructor(delimiter: string) {
    super({ readableObjectMode: false, writableObjectMode: false, decodeStrings: false, encoding: "utf8" });
    this.rows = new RowFilter(delimiter);
  }

  /** Rows blanked here: events the parser will not see. */
  get blanked(): number {
    return this.rows.blanked;
  }

  /** Blanked rows of the WSUS processes, by canonical name. */
  get wsusProcessEvents(): Map<string, number> {
    return this.rows.wsusProcessEvents;
  }

  /** The parser counts the blanked rows' empty lines itself: its line is the file's. */
  lineOf(parserLine: number): number {
    return parserLine;
  }

  override _transform(chunk: string | Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.tail + String(chunk);
    // A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
    const searchEnd = text.endsWith("\r") ? text.length - 2 : text.length - 1;
    const lastBreak = Math.max(text.lastIndexOf("\n", searchEnd), text.lastIndexOf("\r", searchEnd));
    if (lastBreak < 0) {
      this.tail = text;
      done();
      return;
    }
    this.tail = text.slice(lastBreak + 1);
    done(null, this.rows.lines(text.slice(0, lastBreak + 1)));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.rows.rest(this.tail));
  }
}
