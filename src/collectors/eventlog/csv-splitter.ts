/**
 * CSV records split by hand, for the strict form Event Viewer and Export-Csv write: fields either
 * plain (no comma or line break; a quote inside is text) or wholly quoted (`"…"`, a quote doubled,
 * line breaks allowed), records ended by CRLF, LF or CR. A character-by-character general parser (csv-parse)
 * was most of the reading time of a large export (ADR 0023, Issue 19 second pass).
 *
 * Anything else — text after a closing quote, a quote left open at the end of the file, a line or
 * record over its limit — is not guessed at: the splitter stops (`failed`) and
 * hands back the text from the start of that record, for the caller to give to csv-parse, whose
 * reading of everything before it is the same (test/collectors/eventlog/csv-splitter.test.ts).
 */

export interface CsvSplitterOptions {
  /**
   * "lines" gives what csv-parse gives on the file's lines joined by LF (csv-stream.ts): a line
   * break inside a quoted field reads "\n" whatever it was, and an empty line is no record.
   * "raw" keeps a field's line breaks as written and an empty line is a record of one empty field.
   */
  mode: "lines" | "raw";
  /** A longer line (without its break) is not the strict form: csv-parse's caller cuts such lines. */
  maxLineLength: number;
  /** A longer record is not the strict form. */
  maxRecordLength: number;
  /** A first line starting with this is no record, as if empty (PowerShell 5.1's `#TYPE` line). */
  ignoreFirstLine?: string;
}

export interface SplitRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export class CsvSplitter {
  private pending = "";
  /** Line of the next record's start. */
  private line = 1;
  private firstLineChecked = false;
  private stopped = false;

  constructor(private readonly options: CsvSplitterOptions) {}

  /** True once text outside the strict form was met: `rest()` is where it starts. */
  get failed(): boolean {
    return this.stopped;
  }

  /**
   * Splits the complete records of the text so far (all of it when `final`) into `out`; returns
   * false when it stopped at text outside the strict form.
   */
  push(text: string, final: boolean, out: SplitRecord[]): boolean {
    if (this.stopped) return false;
    const s = this.pending.length > 0 ? this.pending + text : text;
    let at = 0;
    if (!this.firstLineChecked) {
      const skipped = this.skipFirstLine(s, final);
      if (skipped === undefined) {
        this.pending = s;
        return true;
      }
      at = skipped;
    }
    const length = s.length;
    while (at < length) {
      const end = this.record(s, at, final, out);
      if (end < 0) {
        if (end === NEED_MORE) break;
        this.stopped = true;
        break;
      }
      at = end;
    }
    this.pending = s.slice(at);
    if (!this.stopped && this.pending.length > this.options.maxRecordLength) this.stopped = true;
    if (!this.stopped && final && this.pending.length > 0) this.stopped = true;
    return !this.stopped;
  }

  /** The text not split yet (from the start of the record it stopped at) and that record's line. */
  rest(): { text: string; line: number } {
    return { text: this.pending, line: this.line };
  }

  /** Index after an ignored first line, the start when there is none, undefined until it is whole. */
  private skipFirstLine(s: string, final: boolean): number | undefined {
    const prefix = this.options.ignoreFirstLine;
    if (prefix === undefined) {
      this.firstLineChecked = true;
      return 0;
    }
    if (s.length < prefix.length && !final) return undefined;
    if (!s.startsWith(prefix)) {
      this.firstLineChecked = true;
      return 0;
    }
    let i = 0;
    while (i < s.length && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
    if (i > this.options.maxLineLength) {
      // a cut first line: left to csv-parse's caller, which notes it
      this.firstLineChecked = true;
      this.stopped = true;
      return 0;
    }
    if (i === s.length && !final) return undefined;
    if (s.charCodeAt(i) === CR && i + 1 === s.length && !final) return undefined;
    this.firstLineChecked = true;
    this.line = 2;
    if (i === s.length) return i;
    return i + (s.charCodeAt(i) === CR && s.charCodeAt(i + 1) === LF ? 2 : 1);
  }

  /**
   * One record from `start`: pushed to `out`, returning the index after its break; or NEED_MORE
   * (the text ends inside it), or NOT_STRICT.
   */
  private record(s: string, start: number, final: boolean, out: SplitRecord[]): number {
    const { mode, maxLineLength } = this.options;
    const length = s.length;
    const fields: string[] = [];
    let breaks = 0;
    let lineStart = start;
    let at = start;
    for (;;) {
      let field: string;
      if (at < length && s.charCodeAt(at) === QUOTE) {
        // quoted: up to the quote not doubled; line breaks inside are counted (and maybe rewritten)
        let from = at + 1;
        let value = "";
        let rewrite = false;
        for (;;) {
          const quote = s.indexOf('"', from);
          if (quote < 0 || quote + 1 >= length) {
            if (!final) return NEED_MORE;
            if (quote < 0) return NOT_STRICT; // open quote at the end of the file
          }
          for (let i = from; i < (quote < 0 ? length : quote); i++) {
            const c = s.charCodeAt(i);
            if (c !== LF && c !== CR) continue;
            if (i - lineStart > maxLineLength) return NOT_STRICT;
            if (c === CR) {
              if (i + 1 === length && !final) return NEED_MORE;
              if (s.charCodeAt(i + 1) === LF) i++;
              if (mode === "lines") rewrite = true;
            }
            breaks++;
            lineStart = i + 1;
          }
          value += s.slice(from, quote);
          if (s.charCodeAt(quote + 1) === QUOTE) {
            value += '"';
            from = quote + 2;
            continue;
          }
          at = quote + 1;
          break;
        }
        field = rewrite ? value.replace(/\r\n?/g, "\n") : value;
        if (at < length) {
          const next = s.charCodeAt(at);
          if (next !== COMMA && next !== LF && next !== CR) return NOT_STRICT;
        }
      } else {
        // plain: a quote inside is text, as csv-parse's relax_quotes reads it (`The "WSUS" service`)
        let i = at;
        for (; i < length; i++) {
          const c = s.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
        }
        if (i === length && !final) return NEED_MORE;
        field = s.slice(at, i);
        at = i;
      }
      fields.push(field);
      if (at - lineStart > maxLineLength) return NOT_STRICT;
      if (at >= length) {
        // the file's last record, without a break
        break;
      }
      const c = s.charCodeAt(at);
      if (c === COMMA) {
        at++;
        continue;
      }
      if (c === CR) {
        if (at + 1 === length && !final) return NEED_MORE;
        at += s.charCodeAt(at + 1) === LF ? 2 : 1;
      } else at++;
      break;
    }
    if (at - start > this.options.maxRecordLength) return NOT_STRICT;
    const line = this.line;
    this.line += 1 + breaks;
    const empty = fields.length === 1 && fields[0] === "" && s.charCodeAt(start) !== QUOTE;
    if (!(empty && this.options.mode === "lines")) out.push({ fields, line });
    return at;
  }
}

const NEED_MORE = -1;
const NOT_STRICT = -2;
