/**
 * Reads the "System Health Validator Result(s)" text (seed: `Quarantine-System-Health-Result =`):
 * per validator a friendly name, the compliance, the failure category, then one `(code-message)`
 * entry per element. Messages (and codes) may wrap over several lines; text after `)` on the same
 * line is not part of the entry (the seed's italic annotations). Fed one line at a time.
 */
import { parseWshvCode } from "../../knowledge/wshv-decode.js";

export interface ShvBlock {
  name?: string;
  compliance?: string;
  failureCategory?: string;
  codes: number[];
  messages: string[];
  line: number;
}

export interface ShvProblem {
  line: number;
  message: string;
  sample: string;
}

/** Lines of one entry before it is closed by force (protects against a missing `)`). */
const MAX_ENTRY_LINES = 30;
const COMPLIANCE = /^(?:non)?compliant$/i;

export class ShvResultParser {
  readonly blocks: ShvBlock[] = [];
  readonly problems: ShvProblem[] = [];
  private current: ShvBlock | undefined;
  private entry: { text: string; depth: number; line: number; lines: number } | undefined;
  private pendingName: { text: string; line: number } | undefined;
  private finished = false;

  /** `isBoundary`: lines that end the result whatever the state (e.g. the next record's first line). */
  constructor(private readonly isBoundary: (line: string) => boolean = () => false) {}

  get done(): boolean {
    return this.finished;
  }

  /**
   * Feeds one line. Returns false when the line is not part of the result (the result ended before
   * it): the caller then handles that line itself.
   */
  feed(rawLine: string, lineNumber: number): boolean {
    if (this.finished) return false;
    if (this.entry) {
      this.continueEntry("\n" + rawLine, lineNumber);
      return true;
    }
    const line = rawLine.trim();
    if (this.isBoundary(rawLine)) {
      this.finished = true;
      return false;
    }
    if (line.startsWith("(")) {
      if (this.pendingName) this.endBlockHeader();
      this.block(lineNumber);
      this.scanEntries(line, lineNumber);
      return true;
    }
    const block = this.current;
    const hasEntries = block !== undefined && block.codes.length + block.messages.length > 0;
    if (this.pendingName) {
      if (COMPLIANCE.test(line)) {
        // A second validator's block: name, then compliance.
        const name = this.pendingName;
        this.pendingName = undefined;
        this.current = { name: name.text, compliance: line, codes: [], messages: [], line: name.line };
        this.blocks.push(this.current);
        return true;
      }
      this.pendingName = undefined;
      this.finished = true;
      return false;
    }
    if (line === "") {
      if (this.current === undefined) return true;
      this.finished = true;
      return false;
    }
    if (!hasEntries && (block === undefined || block.failureCategory === undefined)) {
      const target = this.block(lineNumber);
      if (target.name === undefined) target.name = line;
      else if (target.compliance === undefined) target.compliance = line;
      else target.failureCategory = line;
      return true;
    }
    // After entries, a non-entry line is either the next validator's name or the end of the result.
    this.pendingName = { text: line, line: lineNumber };
    return true;
  }

  /** Ends the result: closes an unterminated entry (reported). */
  finish(): ShvBlock[] {
    if (this.entry) {
      this.problems.push({
        line: this.entry.line,
        message: "Health result entry has no closing parenthesis; read up to the end of the result.",
        sample: this.entry.text.slice(0, 120),
      });
      this.closeEntry(this.entry.text);
    }
    this.finished = true;
    return this.blocks.filter((block) => block.codes.length > 0 || block.messages.length > 0);
  }

  private block(lineNumber: number): ShvBlock {
    if (!this.current) {
      this.current = { codes: [], messages: [], line: lineNumber };
      this.blocks.push(this.current);
    }
    return this.current;
  }

  private endBlockHeader(): void {
    this.pendingName = undefined;
  }

  private scanEntries(text: string, lineNumber: number): void {
    let rest = text;
    while (rest.length > 0) {
      const start = rest.indexOf("(");
      // Only `(` that opens an entry counts; annotation text after `)` is dropped.
      if (start < 0 || !/^\(\s*(?:0x|-?\d|[0-9a-f])/i.test(rest.slice(start))) return;
      this.entry = { text: "", depth: 0, line: lineNumber, lines: 0 };
      rest = this.continueEntry(rest.slice(start), lineNumber);
    }
  }

  /** Appends text to the open entry; returns what follows its closing `)` on the same line. */
  private continueEntry(text: string, lineNumber: number): string {
    const entry = this.entry!;
    entry.lines++;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === "(") entry.depth++;
      else if (char === ")") {
        entry.depth--;
        if (entry.depth === 0) {
          entry.text += text.slice(0, i + 1);
          this.closeEntry(entry.text);
          return text.slice(i + 1);
        }
      }
    }
    entry.text += text;
    if (entry.lines >= MAX_ENTRY_LINES) {
      this.problems.push({
        line: entry.line,
        message: `Health result entry not closed after ${MAX_ENTRY_LINES} lines (ends at line ${lineNumber}); read as is.`,
        sample: entry.text.slice(0, 120),
      });
      this.closeEntry(entry.text);
    }
    return "";
  }

  private closeEntry(text: string): void {
    const line = this.entry?.line ?? 0;
    this.entry = undefined;
    const inner = text.replace(/^\(/, "").replace(/\)$/, "");
    const dash = inner.indexOf("-", inner.search(/[0-9a-f]/i) + 1);
    const codeText = dash >= 0 ? inner.slice(0, dash) : inner;
    const message = (dash >= 0 ? inner.slice(dash + 1) : "").replace(/\s+/g, " ").trim();
    const code = parseWshvCode(codeText);
    const block = this.block(line);
    if (code === undefined) {
      this.problems.push({
        line,
        message: "Health result entry has an unreadable code.",
        sample: text.slice(0, 120),
      });
      return;
    }
    block.codes.push(code);
    block.messages.push(message);
  }
}

/** Parses a whole result text (an event's %29 field) at once. */
export function parseShvResultText(
  text: string,
  firstLine = 1,
): { blocks: ShvBlock[]; problems: ShvProblem[] } {
  const parser = new ShvResultParser();
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    if (!parser.feed(lines[i]!, firstLine + i)) break;
  }
  return { blocks: parser.finish(), problems: parser.problems };
}

/** The Windows SHV's block: by name, else the only block whose codes look like WSHV codes. */
export function pickWindowsShv(blocks: readonly ShvBlock[]): ShvBlock | undefined {
  const named = blocks.find((block) =>
    /windows security health validator|windows shv|wshv/i.test(block.name ?? ""),
  );
  if (named) return named;
  const plausible = blocks.filter((block) => [6, 7, 8, 9].includes(block.codes.length));
  return plausible.length === 1 ? plausible[0] : undefined;
}
