/**
 * THE PREFILTER AS IT WAS BEFORE ISSUE 19 (frozen, test-only): the definition the faster one in
 * src/collectors/procmon/prefilter.ts is compared with (prefilter-equivalence.test.ts).
 *
 * An unfiltered capture is ~99.9 % rows that cannot matter (SUCCESS, NAME NOT FOUND, …). Before the
 * CSV parser sees them, such rows are blanked: the line stays (an empty line, so line numbers and
 * provenance do not move) and is counted as an event here. Only a row that is certainly a whole,
 * well-formed event and certainly not a failure the collector looks at is blanked; anything else
 * (the header, a quoted line break, a stray quote, fewer fields than the header) goes to csv-parse.
 * After a row that is not plainly quoted fields, or a change of line-break style, where the parser
 * stands can no longer be told from here: from then on every row goes to the parser.
 */
import { Transform, type TransformCallback } from "node:stream";
import { WSUS_PROCESSES, wsusProcessName } from "../../../src/knowledge/wsus-processes.js";

/** Any of these anywhere in a row sends it to the parser (a superset of what the collector keeps). */
const MAY_MATTER = /denied|sharing violation|privilege not held|bad network name|logon failure/i;

/** A WSUS process as a whole quoted field ("w3wp.exe"): blanked rows still count for observability. */
const WSUS_PROCESS_FIELD = new RegExp(
  `"(${WSUS_PROCESSES.map((name) => name.replace(/\./g, "\\.")).join("|")})"`,
  "i",
);

export class ReferenceRowFilter extends Transform {
  /** Rows blanked here: events the parser will not see. */
  blanked = 0;
  /** Blanked rows of the WSUS processes, by canonical name (the capture can see WSUS at work). */
  readonly wsusProcessEvents = new Map<string, number>();
  private tail = "";
  private headerFields = 0;
  private lineBreak: string | undefined;
  private disabled = false;

  constructor(private readonly delimiter: string) {
    super({ readableObjectMode: false, writableObjectMode: false, decodeStrings: false, encoding: "utf8" });
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
    done(null, this.filterLines(text.slice(0, lastBreak + 1)));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.filterLines(this.tail));
  }

  /** `text` ends with a line break (or is the last piece of the file). */
  private filterLines(text: string): string {
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
      out += this.keep(text.slice(start, end)) ? text.slice(start, next) : lineBreak;
      start = next;
    }
    return out;
  }

  private keep(line: string): boolean {
    if (this.disabled || line === "") return true;
    const fields = this.strictFields(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    if (fields === undefined) {
      if (line.includes('"')) this.disabled = true;
      return true;
    }
    if (this.headerFields === 0) {
      this.headerFields = fields; // the header row
      return true;
    }
    if (fields < this.headerFields || MAY_MATTER.test(line)) return true;
    this.blanked++;
    const wsus = WSUS_PROCESS_FIELD.exec(line);
    const name = wsus ? wsusProcessName(wsus[1]!) : undefined;
    if (name) this.wsusProcessEvents.set(name, (this.wsusProcessEvents.get(name) ?? 0) + 1);
    return false;
  }

  /** Field count of a row of quoted fields without quotes inside ("a","b",…), else undefined. */
  private strictFields(line: string): number | undefined {
    if (line.length < 2 || line.charCodeAt(0) !== 34 || line.charCodeAt(line.length - 1) !== 34)
      return undefined;
    const separator = `"${this.delimiter}"`;
    let fields = 1;
    for (let at = line.indexOf('"', 1); at >= 0 && at < line.length - 1; at = line.indexOf('"', at + 1)) {
      if (line.startsWith(separator, at)) {
        fields++;
        at += separator.length - 1;
        continue;
      }
      return undefined;
    }
    return fields;
  }
}
