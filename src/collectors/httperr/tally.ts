/**
 * One HTTPERR file's lines counted into the fragment: by reason × queue × status, by hour, by
 * client address, with a few sample lines. Work per line is what the facts need: the positions of
 * its spaces (one native search each), the six values read by position, and counters found through
 * the previous line's (reason, queue) — a busy server's log repeats the same few all day.
 *
 * A line is read where it lies in its decoded chunk (lines-in-place.ts): no string per line. A
 * client is found by its IPv4 address as a number when the address is written the one way
 * (10.30.2.107: no leading zero, each part up to 255), else by its text; its reasons are counted
 * in a short list, found through the one it had last.
 */
import type { Problem } from "../types.js";
import { UtcClock } from "./clock.js";
import type { HttpErrClient, HttpErrFragment } from "./fragment.js";

/** KB 820729 order, for files without a `#Fields` directive. */
const DEFAULT_FIELDS =
  "date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename".split(
    " ",
  );
const MAX_PROBLEM_SAMPLES = 5;
/** Client addresses kept per file (the per-computer join reads them); further ones are only counted. */
export const HTTPERR_CLIENT_LIMIT = 20_000;
/** An idle connection closed by HTTP.sys: normal, no sign of a client's trouble. */
const NORMAL_REASON = "Timer_ConnectionIdle";
/** Characters read after which the clients' last lines are copied out of their chunks (endOfChunk). */
const DETACH_EVERY_CHARS = 4 * 1024 * 1024;
/** ipv4At() of a value that is not an IPv4 address as one spelling: outside its results. */
const NOT_IPV4 = -0x80000001;
/** Characters of a line kept as its sample text. */
const SAMPLE_CHARS = 500;

type ReasonRow = HttpErrFragment["reasons"][number];
type HourRow = HttpErrFragment["hours"][number];

/** The counters of one (s-reason, s-queuename). */
interface ReasonQueue {
  reason: string;
  queue: string;
  byStatus: Map<number, ReasonRow>;
  byHour: Map<number, HourRow>;
  /** The row of the previous line's hour: a log is in time order. */
  lastHour?: HourRow;
  sampled: number;
}

/**
 * A client while its file is read: its reasons in first-seen order with their counts; its last
 * line, while `lineSource` is set, still the range [lineStart, lineEnd) of a decoded chunk, to be
 * cut to SAMPLE_CHARS and copied by detachClientLines().
 */
interface ClientTally extends Omit<HttpErrClient, "reasons"> {
  reasonNames: string[];
  reasonCounts: number[];
  /** Index in reasonNames of the reason counted last. */
  lastReason: number;
  lineSource: string | undefined;
  lineStart: number;
  lineEnd: number;
}

interface Roles {
  date: number;
  time: number;
  reason: number;
  queue: number;
  status: number;
  cip: number;
}

function rolesOf(fields: readonly string[]): Roles {
  const at = (name: string): number => fields.findIndex((f) => f.toLowerCase() === name);
  return {
    date: at("date"),
    time: at("time"),
    reason: at("s-reason"),
    queue: at("s-queuename"),
    status: at("sc-status"),
    cip: at("c-ip"),
  };
}

/**
 * A copy of a line's text that does not keep the decoded chunk it was cut from alive (a slice
 * would: 20,000 clients' last lines could pin as many chunks).
 */
const detached = (text: string): string => ` ${text}`.slice(1);
const sampleOf = (line: string): string => detached(line.slice(0, SAMPLE_CHARS));

export class HttpErrTally {
  private fields = DEFAULT_FIELDS;
  private roles = rolesOf(DEFAULT_FIELDS);
  private blockDay: string | undefined;
  private readonly clock = new UtcClock();
  /** Space positions of the current line (reused). */
  private readonly spaces: number[] = [];
  /** The current line is text[lineStart, lineEnd). */
  private text = "";
  private lineStart = 0;
  private lineEnd = 0;
  private spaceCount = 0;
  /** How many values the current line has (text.split(" ").length, a trailing space not counted). */
  private values = 0;
  private readonly byReason = new Map<string, Map<string, ReasonQueue>>();
  private current: ReasonQueue | undefined;
  private readonly reasons: ReasonRow[] = [];
  private readonly hours: HourRow[] = [];
  private readonly samples: HttpErrFragment["samples"] = [];
  /** Clients in first-seen order; found by IPv4 address as a number, else by address text. */
  private readonly clients: ClientTally[] = [];
  private readonly clientsByIpv4 = new Map<number, ClientTally>();
  private readonly clientsByText = new Map<string, ClientTally>();
  private charsSinceDetach = 0;
  private clientOverflow = 0;
  readonly problems: Problem[] = [];
  rejected = 0;
  private unsampled = 0;
  lines = 0;
  entries = 0;
  private first: number | undefined;
  private last: number | undefined;

  constructor(private readonly maxSamples: number) {}

  /** Line `number` of the file is text[start, end). */
  line(text: string, start: number, end: number, number: number): void {
    this.lines = number;
    this.charsSinceDetach += end - start;
    if (end === start) return;
    const firstCode = text.charCodeAt(start);
    // only a line that starts with white space can be all white space
    if ((firstCode <= 32 || firstCode >= 127) && text.slice(start, end).trim() === "") return;
    if (firstCode === 35) {
      this.directive(text.slice(start, end));
      return;
    }
    this.split(text, start, end);
    const roles = this.roles;
    const t =
      roles.date >= 0 && roles.time >= 0 && this.has(roles.date) && this.has(roles.time)
        ? this.clock.secondsIn(
            text,
            this.start(roles.date),
            this.end(roles.date),
            this.start(roles.time),
            this.end(roles.time),
          )
        : this.secondsOf(roles.date >= 0 ? this.value(roles.date) : this.blockDay, this.value(roles.time));
    if (this.values !== this.fields.length || !Number.isFinite(t) || !this.hasText(roles.reason)) {
      this.reject(number, this.values);
      return;
    }
    this.entries++;
    if (this.first === undefined || t < this.first) this.first = t;
    if (this.last === undefined || t > this.last) this.last = t;
    const status = this.statusAt(roles.status);
    const counters = this.countersOf(roles.reason, roles.queue);
    const reason = counters.reason;
    const row = counters.byStatus.get(status);
    if (row) {
      row.count++;
      if (t < row.first) row.first = t;
      if (t > row.last) row.last = t;
    } else {
      const created = { reason: counters.reason, queue: counters.queue, status, count: 1, first: t, last: t };
      counters.byStatus.set(status, created);
      this.reasons.push(created);
    }
    if (reason !== NORMAL_REASON) {
      const hour = Math.floor(t / 3600);
      const perHour = counters.lastHour?.hour === hour ? counters.lastHour : counters.byHour.get(hour);
      if (perHour) {
        perHour.count++;
        counters.lastHour = perHour;
      } else {
        const created = { hour, queue: counters.queue, reason: counters.reason, count: 1 };
        counters.byHour.set(hour, created);
        counters.lastHour = created;
        this.hours.push(created);
      }
    }
    if (reason !== NORMAL_REASON && this.hasText(roles.cip) && !this.is(roles.cip, "-"))
      this.client(roles.cip, reason, t, number);
    if (counters.sampled < this.maxSamples) {
      counters.sampled++;
      this.samples.push({
        reason: counters.reason,
        queue: counters.queue,
        line: number,
        text: sampleOf(text.slice(start, end)),
      });
    }
  }

  /** Space positions of text[start, end), as line.split(" ") would cut it; one trailing space is tolerated. */
  private split(text: string, start: number, end: number): void {
    const spaces = this.spaces;
    let count = 0;
    for (let at = text.indexOf(" ", start); at >= 0 && at < end; at = text.indexOf(" ", at + 1))
      spaces[count++] = at;
    this.text = text;
    this.lineStart = start;
    this.lineEnd = end;
    this.spaceCount = count;
    this.values = count + 1;
    if (this.values === this.fields.length + 1 && text.charCodeAt(end - 1) === 32) this.values--;
  }

  private has(index: number): boolean {
    return index >= 0 && index < this.values;
  }

  private start(index: number): number {
    return index === 0 ? this.lineStart : this.spaces[index - 1]! + 1;
  }

  private end(index: number): number {
    return index < this.spaceCount ? this.spaces[index]! : this.lineEnd;
  }

  /** Value `index` of the current line, undefined past its end (or for -1: no such field). */
  private value(index: number): string | undefined {
    return this.has(index) ? this.text.slice(this.start(index), this.end(index)) : undefined;
  }

  private hasText(index: number): boolean {
    return this.has(index) && this.end(index) > this.start(index);
  }

  /** Whether value `index` is `expected`, read in place. */
  private is(index: number, expected: string): boolean {
    const start = this.start(index);
    return this.end(index) - start === expected.length && this.text.startsWith(expected, start);
  }

  private secondsOf(date: string | undefined, time: string | undefined): number {
    return date && time ? this.clock.seconds(date, time) : NaN;
  }

  /** sc-status as a number when it is three digits, else -1. */
  private statusAt(index: number): number {
    if (!this.has(index)) return -1;
    const start = this.start(index);
    if (this.end(index) - start !== 3) return -1;
    let status = 0;
    for (let i = start; i < start + 3; i++) {
      const digit = this.text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1;
      status = status * 10 + digit;
    }
    return status;
  }

  fragment(): HttpErrFragment {
    if (this.unsampled > 0)
      this.problems.push({ severity: "error", message: `${this.unsampled} more malformed lines not shown` });
    this.unsampled = 0;
    return {
      lines: this.lines,
      entries: this.entries,
      first: this.first,
      last: this.last,
      reasons: this.reasons,
      hours: this.hours,
      samples: this.samples,
      clients: this.clientList(),
      clientOverflow: this.clientOverflow,
    };
  }

  private clientList(): HttpErrClient[] {
    this.detachClientLines();
    return this.clients.map((c) => ({
      ip: c.ip,
      count: c.count,
      first: c.first,
      last: c.last,
      reasons: Object.fromEntries(c.reasonNames.map((reason, i) => [reason, c.reasonCounts[i]!])),
      line: c.line,
      text: c.text,
    }));
  }

  private directive(text: string): void {
    const m = /^#\s*(\w+)\s*:\s?(.*)$/.exec(text);
    const name = m?.[1]?.toLowerCase();
    if (name === "fields") {
      this.fields = m![2]!.split(/\s+/).filter(Boolean);
      this.roles = rolesOf(this.fields);
    } else if (name === "date") this.blockDay = /^\d{4}-\d{2}-\d{2}/.exec(m![2]!.trim())?.[0];
  }

  private reject(number: number, values: number): void {
    this.rejected++;
    if (this.problems.length < MAX_PROBLEM_SAMPLES) {
      this.problems.push({
        line: number,
        severity: "error",
        message: `line has ${values} values where its #Fields directive lists ${this.fields.length}, or no valid date, time and s-reason`,
        sample: this.text.slice(this.lineStart, Math.min(this.lineEnd, this.lineStart + 300)),
      });
    } else this.unsampled++;
  }

  /** The counters of the line's (reason, queue): the previous line's when they are the same. */
  private countersOf(reasonAt: number, queueAt: number): ReasonQueue {
    const current = this.current;
    const queueAsRead = this.has(queueAt);
    if (
      current !== undefined &&
      this.is(reasonAt, current.reason) &&
      (queueAsRead ? this.is(queueAt, current.queue) : current.queue === "-")
    )
      return current;
    const reason = this.value(reasonAt)!;
    const queue = queueAsRead ? this.value(queueAt)! : "-";
    let byQueue = this.byReason.get(reason);
    if (!byQueue) this.byReason.set(detached(reason), (byQueue = new Map()));
    let counters = byQueue.get(queue);
    if (!counters) {
      // the rows below take their names from here: copies, not slices of this line's chunk
      counters = {
        reason: detached(reason),
        queue: detached(queue),
        byStatus: new Map(),
        byHour: new Map(),
        sampled: 0,
      };
      byQueue.set(counters.queue, counters);
    }
    this.current = counters;
    return counters;
  }

  /** Counts the current line for the client of value `ipAt` (not empty, not "-"). */
  private client(ipAt: number, reason: string, t: number, number: number): void {
    const ipv4 = this.ipv4At(ipAt);
    const client =
      ipv4 !== NOT_IPV4 ? this.clientsByIpv4.get(ipv4) : this.clientsByText.get(this.value(ipAt)!);
    if (client) {
      client.count++;
      this.countReason(client, reason);
      if (t < client.first) client.first = t;
      if (t >= client.last) {
        client.last = t;
        client.line = number;
        client.lineSource = this.text;
        client.lineStart = this.lineStart;
        client.lineEnd = this.lineEnd;
      }
    } else if (this.clients.length < HTTPERR_CLIENT_LIMIT) {
      const ip = detached(this.value(ipAt)!);
      const created: ClientTally = {
        ip,
        count: 1,
        first: t,
        last: t,
        reasonNames: [reason],
        reasonCounts: [1],
        lastReason: 0,
        line: number,
        text: "",
        lineSource: this.text,
        lineStart: this.lineStart,
        lineEnd: this.lineEnd,
      };
      this.clients.push(created);
      if (ipv4 !== NOT_IPV4) this.clientsByIpv4.set(ipv4, created);
      else this.clientsByText.set(ip, created);
    } else this.clientOverflow++;
  }

  private countReason(client: ClientTally, reason: string): void {
    const names = client.reasonNames;
    let at = client.lastReason;
    if (names[at] !== reason) {
      at = names.indexOf(reason);
      if (at < 0) {
        at = names.length;
        names.push(reason);
        client.reasonCounts.push(0);
      }
      client.lastReason = at;
    }
    client.reasonCounts[at]!++;
  }

  /**
   * Value `index` as an IPv4 address in one 32-bit number when it is written a.b.c.d with each part
   * 0–255 without a leading zero (the only spelling that maps back to the same text), else
   * NOT_IPV4. Shifted by 2^31 into the signed range, where V8 keeps a number unboxed.
   */
  private ipv4At(index: number): number {
    const text = this.text;
    const end = this.end(index);
    let at = this.start(index);
    let address = 0;
    for (let part = 0; part < 4; part++) {
      if (part > 0) {
        if (at >= end || text.charCodeAt(at) !== 46) return NOT_IPV4;
        at++;
      }
      const first = at;
      let value = 0;
      while (at < end && at - first < 3) {
        const digit = text.charCodeAt(at) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
        at++;
      }
      const digits = at - first;
      if (digits === 0 || value > 255 || (digits > 1 && text.charCodeAt(first) === 48)) return NOT_IPV4;
      address = address * 256 + value;
    }
    return at === end ? address - 0x80000000 : NOT_IPV4;
  }

  /**
   * Called after each chunk's lines: now and then the clients' last lines are copied out of the
   * chunks they were cut from, so that at most DETACH_EVERY_CHARS of chunks are kept alive by them (copying
   * every line as it is read cost more than the rest of the client's counting).
   */
  endOfChunk(): void {
    if (this.charsSinceDetach < DETACH_EVERY_CHARS) return;
    this.charsSinceDetach = 0;
    this.detachClientLines();
  }

  private detachClientLines(): void {
    for (const client of this.clients) {
      const source = client.lineSource;
      if (source === undefined) continue;
      client.text = detached(
        source.slice(client.lineStart, Math.min(client.lineEnd, client.lineStart + SAMPLE_CHARS)),
      );
      client.lineSource = undefined;
    }
  }
}
