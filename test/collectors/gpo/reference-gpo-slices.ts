/**
 * FROZEN REFERENCE (issue 19 second pass): gpo-slices.ts as it was before the splitter took the
 * policy cut and counted each GPO's lines in the cut text (main 943f3ad). Only the equivalence test
 * (gpo-splitter-equivalence.test.ts) uses it; do not change it.
 *
 * Cuts a Get-GPOReport document into one piece of text per GPO, as the text arrives: a -All report
 * of 2,000 GPOs is hundreds of megabytes of UTF-16, and parsing it whole took 2.1 GB (ADR 0024).
 * Each piece is a small document of its own — the root's start tag (with its namespace
 * declarations), one `<GPO>` element, the root's end tag — that the tree code parses as before.
 *
 * Only the document's structure at the root's level is checked here (text, comments and elements
 * between GPOs, the end of the document); each GPO's own XML is checked when it is parsed.
 */
import { rootElementAt } from "../../../src/bundle/xml-prelude.js";
import { assertNoStrayLessThan } from "../../../src/collectors/xml-guard.js";

export interface GpoSlice {
  /** A well-formed-looking document holding the GPO: `<report …><GPO>…</GPO></report>`, or the GPO alone. */
  text: string;
  /** Line of the `<GPO` start tag in the whole file; the piece's own first line is this line. */
  firstLine: number;
}

/** The document is not a GPO report, or its structure around the GPOs is broken. */
export class GpoSliceError extends Error {
  constructor(
    message: string,
    readonly notAReport = false,
  ) {
    super(message);
  }
}

/**
 * One GPO's text is held whole to be parsed: a GPO that never closes (a damaged file) must not hold
 * the rest of the file. The largest real GPOs are a few megabytes.
 */
export const MAX_GPO_CHARS = 32 * 1024 * 1024;

const GPO_OPEN = "<GPO";
const GPO_CLOSE = "</GPO>";

/**
 * Fed text in order (push), hands back the GPOs completed so far. Holds only the unfinished GPO:
 * memory follows the largest GPO, not the file.
 */
export class GpoReportSplitter {
  /** "report" for Get-GPOReport -All, "GPO" for a single GPO's report; undefined before the root. */
  root: "report" | "GPO" | undefined;
  private buffer = "";
  /** Line number of buffer[0]. */
  private line = 1;
  /** Set once the root's start tag is read: `<report …>` on one line, prefixed to each piece. */
  private rootOpen = "";
  private ended = false;
  /** Set by end(): no more text comes. */
  private final = false;
  /** Inside a GPO: where its start tag is in the buffer, its line, and how deep in nested <GPO>. */
  private open: { start: number; line: number; depth: number; scanFrom: number } | undefined;

  push(text: string): GpoSlice[] {
    this.buffer += text;
    const slices: GpoSlice[] = [];
    let at = 0;
    for (;;) {
      const next = this.step(at, slices);
      if (next === undefined || next <= at) break;
      at = next;
    }
    this.consume(at);
    return slices;
  }

  /** Called after the last push: the GPOs still waiting; throws when the document stops inside the root. */
  end(): GpoSlice[] {
    // what waited for more text (a short tail such as "</report>") is read now
    this.final = true;
    const slices = this.push("");
    if (this.root === undefined) {
      if (rootElementAt(this.buffer) === "not-xml") notXml(this.buffer);
      throw new GpoSliceError("the document holds no root element", true);
    }
    if (!this.ended)
      throw new GpoSliceError(
        `not well-formed XML: the document ends before </${this.root}> (line ${this.line + breaksIn(this.buffer, 0, this.buffer.length)})`,
      );
    if (this.buffer.trim() !== "" && !isOnlyComments(this.buffer))
      throw new GpoSliceError(`not well-formed XML: text after </${this.root}> (line ${this.line})`);
    return slices;
  }

  /** One step from `at`; the new position, or undefined when more text is needed. */
  private step(at: number, slices: GpoSlice[]): number | undefined {
    if (this.ended) return undefined;
    if (this.root === undefined) return this.readRoot(slices);
    if (this.open) return this.readGpo(slices);
    return this.betweenGpos(at, slices);
  }

  private readRoot(slices: GpoSlice[]): number | undefined {
    const start = rootElementAt(this.buffer);
    if (start === "incomplete") return undefined;
    // a chunk may end just after a "<": decided once a little more text is there
    if (start === "not-xml" && (this.final || this.buffer.length >= 1024)) notXml(this.buffer);
    if (start === "not-xml") return undefined;
    const close = this.buffer.indexOf(">", start);
    if (close < 0) return undefined;
    const tag = this.buffer.slice(start, close + 1);
    const name = /^<([^\s/>]+)/.exec(tag)?.[1];
    if (name === "GPO") {
      this.root = "GPO";
      this.open = { start, line: this.lineAt(start), depth: 1, scanFrom: close + 1 };
      return tag.endsWith("/>") ? this.finishGpo(close + 1, slices) : this.readGpo(slices);
    }
    if (name !== "report")
      throw new GpoSliceError(
        "the root element is neither a GPO report <GPO> nor a Get-GPOReport -All <report>",
        true,
      );
    this.root = "report";
    if (tag.endsWith("/>")) {
      this.ended = true;
      return close + 1;
    }
    // one line, so that a piece's line numbers are the file's from its first line on
    this.rootOpen = tag.replace(/\r\n|\r|\n/g, " ");
    return close + 1;
  }

  /** In -All's <report>: white space, comments and <GPO> elements until </report>. */
  private betweenGpos(at: number, slices: GpoSlice[]): number | undefined {
    const lt = this.buffer.indexOf("<", at);
    const text = this.buffer.slice(at, lt < 0 ? this.buffer.length : lt);
    if (text.trim() !== "")
      throw new GpoSliceError(`not well-formed XML: text between GPOs (line ${this.lineAt(at)})`);
    if (lt < 0) return this.buffer.length;
    // too few characters to tell </report>, <!-- and <GPO apart: wait for more (white space is read)
    if (this.buffer.length - lt < 10 && !this.final) return lt;
    if (this.buffer.startsWith("<!--", lt)) {
      const end = this.buffer.indexOf("-->", lt + 4);
      return end < 0 ? (lt === at ? undefined : lt) : end + 3;
    }
    if (this.buffer.startsWith("</report>", lt)) {
      this.ended = true;
      return lt + "</report>".length;
    }
    if (this.buffer.startsWith(GPO_OPEN, lt) && isNameEnd(this.buffer.charCodeAt(lt + GPO_OPEN.length))) {
      this.open = { start: lt, line: this.lineAt(lt), depth: 1, scanFrom: lt + GPO_OPEN.length };
      return this.readGpo(slices);
    }
    throw new GpoSliceError(
      `not well-formed XML: an element other than <GPO> in <report> (line ${this.lineAt(lt)})`,
    );
  }

  /** Finds the </GPO> that closes the open GPO (GPO elements nested in it counted). */
  private readGpo(slices: GpoSlice[]): number | undefined {
    const open = this.open!;
    for (;;) {
      const close = this.buffer.indexOf(GPO_CLOSE, open.scanFrom);
      // up to `limit`, every "<GPO" start tag (and the character after its name) is in the buffer
      const limit = close < 0 ? this.buffer.length - GPO_CLOSE.length : close;
      let nested = this.buffer.indexOf(GPO_OPEN, open.scanFrom);
      while (nested >= 0 && nested < limit) {
        if (isNameEnd(this.buffer.charCodeAt(nested + GPO_OPEN.length))) open.depth++;
        nested = this.buffer.indexOf(GPO_OPEN, nested + GPO_OPEN.length);
      }
      if (close < 0) {
        open.scanFrom = Math.max(open.scanFrom, limit);
        if (this.buffer.length - open.start > MAX_GPO_CHARS)
          throw new GpoSliceError(
            `the GPO that starts at line ${open.line} runs past ${MAX_GPO_CHARS.toLocaleString("en-US")} characters without its </GPO>: the file is damaged`,
          );
        return undefined;
      }
      open.scanFrom = close + GPO_CLOSE.length;
      if (--open.depth === 0) return this.finishGpo(open.scanFrom, slices);
    }
  }

  private finishGpo(end: number, slices: GpoSlice[]): number {
    const open = this.open!;
    const gpo = this.buffer.slice(open.start, end);
    slices.push({
      text: this.root === "report" ? `${this.rootOpen}${gpo}</report>` : gpo,
      firstLine: open.line,
    });
    this.open = undefined;
    if (this.root === "GPO") this.ended = true;
    return end;
  }

  private lineAt(index: number): number {
    return this.line + breaksIn(this.buffer, 0, index);
  }

  /** Drops what is read (up to `at`), keeping an open GPO whole. */
  private consume(at: number): void {
    let keepFrom = this.open ? Math.min(this.open.start, at) : at;
    // a CR at the very end may be the first half of a CRLF: kept, so the pair counts once
    if (keepFrom === this.buffer.length && this.buffer.endsWith("\r")) keepFrom--;
    if (keepFrom <= 0) return;
    this.line += breaksIn(this.buffer, 0, keepFrom);
    this.buffer = this.buffer.slice(keepFrom);
    if (this.open) {
      this.open.start -= keepFrom;
      this.open.scanFrom -= keepFrom;
    }
  }
}

/** Fails with where the text stops being XML: a stray '<' by its line (xml-guard.ts), else the prelude. */
function notXml(text: string): never {
  try {
    assertNoStrayLessThan(text);
  } catch (error) {
    throw new GpoSliceError(`not well-formed XML: ${(error as Error).message}`);
  }
  throw new GpoSliceError("not well-formed XML: text before the root element");
}

/** A name's end after `<GPO`: white space, `>` or `/` (so `<GPOName>` is another element). */
function isNameEnd(code: number): boolean {
  return code === 0x3e || code === 0x2f || code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isOnlyComments(text: string): boolean {
  return /^\s*(?:<!--[\s\S]*?-->\s*)*$/.test(text);
}

/** Line breaks (CRLF, LF or a lone CR, counted as xml-tree counts them) in text[from, to). */
export function breaksIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at >= 0 && at < to; at = text.indexOf("\n", at + 1)) count++;
  for (let at = text.indexOf("\r", from); at >= 0 && at < to; at = text.indexOf("\r", at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) count++;
  }
  return count;
}
