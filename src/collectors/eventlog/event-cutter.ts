/**
 * Cuts `<Event …>…</Event>` elements out of an XML export whatever its layout — Event Viewer writes
 * every event on one line, wevtutil writes them back to back with no root, samples may be
 * pretty-printed — with the line each one starts on. Text is fed as it is decoded; only the
 * unfinished event is kept between pieces, so memory does not grow with the file. Every complete
 * event goes to a callback: native searches, no promise per event (issue 19). Used by the
 * Application-log and the NPS XML readers.
 */
import { createDecoder } from "../../bundle/encoding.js";
import type { EvidenceFile } from "../../bundle/types.js";

export interface EventCutterHooks {
  /** One complete `<Event>` element and the 1-based line it starts on. */
  onEvent(xml: string, line: number): void;
  /** An event longer than the bound (`atEnd` false), or one still open at the end of the file (true): skipped. */
  onOversized(line: number, atEnd: boolean): void;
}

/** An `<Event>` start tag (not `<Events>`, not `<EventID>`). */
const EVENT_START = /<Event[\s>]/g;
const EVENT_END = "</Event>";
const START_TAG = "<Event";

export class EventCutter {
  private pending = "";
  /** Line number at the start of `pending`. */
  private line = 1;

  constructor(
    private readonly maxChars: number,
    private readonly hooks: EventCutterHooks,
  ) {}

  push(piece: string): void {
    let rest = piece;
    if (this.pending !== "") {
      // The unfinished event is completed with the head of the piece only: joining the whole
      // piece would copy it (and flattening such joins was most of the cutting time).
      const end = piece.indexOf(EVENT_END);
      const head = end === -1 ? piece.length : end + EVENT_END.length;
      this.cut(this.pending + piece.slice(0, head), false);
      rest = piece.slice(head);
      if (this.pending !== "") rest = this.pending + rest;
    }
    if (rest !== "") this.cut(rest, false);
  }

  /** The end of the text: an event still open is reported. */
  end(): void {
    this.cut(this.pending, true);
    this.pending = "";
  }

  private cut(text: string, final: boolean): void {
    let at = 0;
    let line = this.line;
    let newline = text.indexOf("\n");
    const advance = (to: number): void => {
      while (newline !== -1 && newline < to) {
        line++;
        newline = text.indexOf("\n", newline + 1);
      }
      at = to;
    };
    for (;;) {
      EVENT_START.lastIndex = at;
      const start = EVENT_START.exec(text);
      if (!start) {
        advance(final ? text.length : startOfTail(text, at));
        break;
      }
      advance(start.index);
      const end = text.indexOf(EVENT_END, at);
      if (end === -1) {
        if (!final && text.length - at <= this.maxChars) break; // wait for the rest of the event
        this.hooks.onOversized(line, final);
        advance(Math.min(text.length, at + START_TAG.length)); // look for the next start inside it
        if (final) continue;
        break;
      }
      const stop = end + EVENT_END.length;
      this.hooks.onEvent(text.slice(at, stop), line);
      advance(stop);
    }
    this.pending = text.slice(at);
    this.line = line;
  }
}

/** Where the end of `text` may begin a start tag that continues in the next piece ("<Ev"…), else its length. */
function startOfTail(text: string, from: number): number {
  const last = text.lastIndexOf("<");
  if (last < from || !START_TAG.startsWith(text.slice(last))) return text.length;
  return last;
}

/** Decodes the file as it streams and cuts its events (see EventCutter). */
export async function cutEvents(
  file: EvidenceFile,
  maxChars: number,
  hooks: EventCutterHooks,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  const decoder = createDecoder(file.encoding ?? "utf-8");
  const cutter = new EventCutter(maxChars, hooks);
  let bytes = 0;
  for await (const chunk of file.open()) {
    const data = chunk as Buffer;
    bytes += data.length;
    onProgress?.(bytes);
    cutter.push(decoder.decode(data, { stream: true }));
  }
  cutter.push(decoder.decode());
  cutter.end();
}
