/**
 * Folds the events of one export into its facts fragment, memory bounded: every event is counted
 * by source and level; only WSUS events are kept one by one (WSUS writes few; still capped).
 * Local slash dates are resolved once the whole file has been seen (day/month order).
 */
import { isWsusSource } from "../../knowledge/wsus-events.js";
import type { Problem } from "../types.js";
import { orderEvidence, toIso, type DayMonthOrder, type ExportDate } from "./dates.js";
import type { EventLogFragment, LevelName, WsusEvent } from "./facts.js";
import type { ProblemLog } from "./problems.js";

/** One event as a format parser read it, before file-level resolution. */
export interface ParsedEvent {
  source: string;
  eventId: number;
  level: LevelName;
  levelText?: string;
  /** UTC ISO text (XML, .evtx) … */
  utcTime?: string;
  /** … or a local export date still to be resolved. */
  localDate?: ExportDate;
  message?: string;
  data?: string[];
  computer?: string;
  record?: number;
  /** The log (channel) the event was written to, when the export names it: Application, System … */
  channel?: string;
  line: number;
}

const MAX_WSUS_EVENTS = 100_000;
const MAX_SOURCES = 2_000;
const OTHER_SOURCES = "(other sources)";

export class EventAccumulator {
  private events = 0;
  private readonly bySource = new Map<string, number>();
  private readonly byLevel: Partial<Record<LevelName, number>> = {};
  private readonly byChannel = new Map<string, number>();
  private readonly wsus: ParsedEvent[] = [];
  private wsusDropped = 0;
  private utcFirst?: string;
  private utcLast?: string;
  /** Local dates: extremes under both day/month readings, decided at the end. */
  private readonly localExtremes: Record<DayMonthOrder, { first?: string; last?: string }> = {
    mdy: {},
    dmy: {},
  };
  private readonly orderVotes: Record<DayMonthOrder, number> = { mdy: 0, dmy: 0 };
  private slashDates = 0;
  private twelveHour = false;
  private hasMessages = false;
  private lossyText = false;
  private readonly pool = new StringPool();

  constructor(
    private readonly file: string,
    private readonly format: string,
    private readonly problems: ProblemLog,
  ) {}

  get count(): number {
    return this.events;
  }

  add(event: ParsedEvent): void {
    this.events++;
    const count = this.bySource.get(event.source);
    if (count !== undefined) this.bySource.set(event.source, count + 1);
    else {
      // a new key is kept for the whole file: a flat copy, not a slice pinning its chunk
      const sourceKey = this.bySource.size < MAX_SOURCES ? this.pool.text(event.source) : OTHER_SOURCES;
      this.bySource.set(sourceKey, (this.bySource.get(sourceKey) ?? 0) + 1);
    }
    this.byLevel[event.level] = (this.byLevel[event.level] ?? 0) + 1;
    if (event.channel) {
      const seen = this.byChannel.get(event.channel);
      if (seen !== undefined) this.byChannel.set(event.channel, seen + 1);
      else if (this.byChannel.size < MAX_SOURCES) this.byChannel.set(this.pool.text(event.channel), 1);
    }
    if (event.message !== undefined && event.message.trim() !== "") this.hasMessages = true;
    if (
      event.message !== undefined &&
      /\?{3,}/.test(event.message) &&
      !/[\u0080-\uffff]/.test(event.message)
    ) {
      this.lossyText = true;
    }
    this.trackTime(event);
    if (!isWsusSource(event.source)) return;
    if (this.wsus.length >= MAX_WSUS_EVENTS) {
      this.wsusDropped++;
      return;
    }
    this.wsus.push(this.pool.keep(event));
  }

  private trackTime(event: ParsedEvent): void {
    if (event.utcTime) {
      if (!this.utcFirst || event.utcTime < this.utcFirst) this.utcFirst = event.utcTime;
      if (!this.utcLast || event.utcTime > this.utcLast) this.utcLast = event.utcTime;
      return;
    }
    const date = event.localDate;
    if (!date) return;
    if (date.twelveHour) this.twelveHour = true;
    if (date.order === "slash") {
      this.slashDates++;
      const vote = orderEvidence(date);
      if (vote) this.orderVotes[vote]++;
    }
    for (const order of ["mdy", "dmy"] as const) {
      const iso = toIso(date, order);
      if (!iso) continue;
      const extremes = this.localExtremes[order];
      if (!extremes.first || iso < extremes.first) extremes.first = iso;
      if (!extremes.last || iso > extremes.last) extremes.last = iso;
    }
  }

  /** The day/month order of this file's slash dates (knowledge §2: any part > 12 decides). */
  private decideOrder(): DayMonthOrder {
    const { mdy, dmy } = this.orderVotes;
    if (mdy > 0 && dmy > 0) {
      this.problems.add("mixed date orders", {
        severity: "warning",
        message: `Dates in this file read both as month/day (${mdy}) and day/month (${dmy}); assumed the majority.`,
      });
    }
    if (mdy !== dmy) return mdy > dmy ? "mdy" : "dmy";
    const assumed: DayMonthOrder = this.twelveHour ? "mdy" : "dmy";
    if (this.slashDates > 0) {
      this.problems.add("ambiguous dates", {
        severity: "info",
        message: `No date in this file has a day above 12; assumed ${assumed === "mdy" ? "month/day (12-hour clock, en-US)" : "day/month (24-hour clock)"}.`,
      });
    }
    return assumed;
  }

  finish(): EventLogFragment {
    const order = this.decideOrder();
    const timeZone = this.utcFirst || this.localExtremes[order].first === undefined ? "utc" : "local";
    const wsusEvents: WsusEvent[] = this.wsus.map((event) => this.toWsusEvent(event, order));
    const first = timeZone === "utc" ? this.utcFirst : this.localExtremes[order].first;
    const last = timeZone === "utc" ? this.utcLast : this.localExtremes[order].last;
    return {
      format: this.format,
      events: this.events,
      bySource: Object.fromEntries([...this.bySource].sort(([a], [b]) => a.localeCompare(b))),
      byLevel: this.byLevel,
      channels: Object.fromEntries([...this.byChannel].sort(([a], [b]) => a.localeCompare(b))),
      wsusEvents,
      wsusEventsDropped: this.wsusDropped,
      ...(first ? { firstTime: first } : {}),
      ...(last ? { lastTime: last } : {}),
      timeZone,
      hasMessages: this.hasMessages,
      lossyText: this.lossyText,
    };
  }

  private toWsusEvent(event: ParsedEvent, order: DayMonthOrder): WsusEvent {
    const time = event.utcTime ?? (event.localDate ? toIso(event.localDate, order) : undefined);
    const result: WsusEvent = {
      eventId: event.eventId,
      source: event.source,
      level: event.level,
      timeZone: event.utcTime ? "utc" : "local",
      file: this.file,
      line: event.line,
    };
    if (event.levelText !== undefined) result.levelText = event.levelText;
    if (time !== undefined) result.time = time;
    if (event.message !== undefined && event.message !== "") result.message = event.message;
    if (event.data && event.data.length > 0) result.data = event.data;
    if (event.computer) result.computer = event.computer;
    if (event.record !== undefined) result.record = event.record;
    return result;
  }
}

/**
 * One flat copy of each text a kept event holds. A parser's strings are often slices of the whole
 * decoded chunk they were cut from, which they keep alive (886 MB for a 128 MB XML export whose
 * events are WSUS's); and WSUS repeats the same few messages, so one copy serves them all.
 */
class StringPool {
  private readonly texts = new Map<string, string>();

  text(value: string): string {
    let kept = this.texts.get(value);
    if (kept === undefined) {
      kept = Buffer.from(value, "utf16le").toString("utf16le"); // a flat copy, exact for any UTF-16
      if (this.texts.size < MAX_POOLED) this.texts.set(kept, kept);
    }
    return kept;
  }

  keep(event: ParsedEvent): ParsedEvent {
    const kept: ParsedEvent = { ...event, source: this.text(event.source) };
    if (event.levelText !== undefined) kept.levelText = this.text(event.levelText);
    if (event.message !== undefined) kept.message = this.text(event.message);
    if (event.computer !== undefined) kept.computer = this.text(event.computer);
    if (event.channel !== undefined) kept.channel = this.text(event.channel);
    if (event.utcTime !== undefined) kept.utcTime = this.text(event.utcTime);
    if (event.data) kept.data = event.data.map((item) => this.text(item));
    return kept;
  }
}

const MAX_POOLED = 20_000;

/** The log most of a file's events come from, when the export names it. */
export function mainChannel(facts: EventLogFragment): string | undefined {
  return Object.entries(facts.channels ?? {}).sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * What an event-log CSV reader notes of a cut line (only noted: the cut line still belongs to a
 * record, which is then read or rejected once) and of an unreadable record (rejected).
 */
export function csvRecordNotes(
  problems: ProblemLog,
  reject: (kind: string, line: number, message: string) => void,
): { onTruncated: (line: number) => void; onSkipped: (line: number, message: string) => void } {
  return {
    onTruncated: (line) =>
      problems.add(
        "line too long",
        badRecord(line, "Line longer than the limit was cut; its record is read from the cut text."),
      ),
    onSkipped: (line, message) => reject("unreadable CSV record", line, `Unreadable CSV record: ${message}`),
  };
}

/** A problem for a record that could not be read; parsing goes on. */
export function badRecord(line: number, message: string, sample?: string): Problem {
  return { severity: "warning", line, message, ...(sample !== undefined ? { sample } : {}) };
}
