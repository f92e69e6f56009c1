/**
 * Byte-level W3C log aggregator. Works on Buffers: one pass over the bytes records the space
 * positions of a line, then only the fields the aggregates need are decoded, mostly as numbers,
 * so no string is allocated per line (strings are made for new clients, new vDirs, changed user
 * agents, sampled lines and directives only). Memory is bounded: counts keyed by numbers, a capped
 * client map, capped samples.
 *
 * `#Fields` is re-read at every directive block and fields are mapped by name, so the field order
 * may change mid-file. A data line whose value count differs from its header is rejected (counted,
 * first few sampled), never shifted.
 */
import type { Problem } from "../types.js";
import { CLIENT_SERVICES, canonicalVdir } from "../../knowledge/iis-vdirs.js";
import { HANDSHAKE_WINDOW_SECONDS, LOGON_FAILURE_WIN32 } from "../../knowledge/iis-status.js";
import {
  R_CIP,
  R_DATE,
  R_SIP,
  R_SPORT,
  R_STATUS,
  R_STEM,
  R_SUB,
  R_TIME,
  R_UA,
  R_USER,
  R_WIN32,
  defaultFieldsFor,
  parseFieldsDirective,
  rolesOf,
} from "./w3c-fields.js";
import type {
  PartialAuthFailure,
  PartialClient,
  PartialHour,
  PartialLine,
  PartialResponse,
  PartialW3c,
  PendingHandshake,
} from "./partial.js";
import { MAX_FAILURE_CLIENTS } from "./partial.js";
import { SLICE_BYTES, type DelimiterScanner } from "./delimiters.js";

export interface ScannerOptions {
  maxSamples: number;
  /** Distinct client addresses tracked per range (see facts.ts `clientLimit`). */
  clientLimit: number;
  /** Directives in force at the start of the range (a worker that starts mid-file). */
  initial?: { fields?: string; date?: string; software?: string };
}

/** Default bound of the per-client map: 50,000 addresses per file (≈ 15 MB), far above a WSUS site's
 *  usual client count; further addresses only count in `clientOverflowRequests`. */
export const DEFAULT_CLIENT_LIMIT = 50_000;

const MAX_SPACES = 128;
const EMPTY = 2 ** 40;
const MAX_VDIRS = 200;
const MAX_PROBLEM_SAMPLES = 5;
const MAX_PENDING = 10_000;
const API = "ApiRemoting30";
const SVC_COUNT = CLIENT_SERVICES.length;
/** A time of day that jumps back by more than this, in a block without `date`, is the next day. */
const DAY_ROLLOVER_JUMP = 12 * 3600;

/** A cs-uri-stem spelling up to and including its first segment's '/' (or the whole stem). */
interface StemEntry {
  bytes: Uint8Array;
  /** bytes as little-endian 32-bit words (the whole words only). */
  words: Int32Array;
  slash: boolean;
  vdir: VdirEntry;
}
const STEM_BITS = 6;
const STEM_BUCKETS = 1 << STEM_BITS;

interface VdirEntry {
  idx: number;
  name: string;
  lower: Uint8Array;
  svc: number;
  api: boolean;
}

interface ResponseRec {
  vdir: number;
  status: number;
  sub: number;
  win32: number;
  count: number;
  first: number;
  last: number;
  group: { n: number };
}

interface FailureRec extends ResponseRec {
  ips: Set<string>;
}

/** Non-negative small-integer keys to values: open addressing over an Int32Array (faster than Map
 *  for the per-line response counters). */
class IntMap<V> {
  private bits = 8;
  private table = new Int32Array(2 << 8);
  private readonly items: V[] = [];

  get(key: number): V | undefined {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const slot = table[2 * i + 1]!;
      if (slot === 0) return undefined;
      if (table[2 * i] === key) return this.items[slot - 1];
      i = (i + 1) & mask;
    }
  }

  set(key: number, value: V): void {
    this.items.push(value);
    if (this.items.length * 2 > 1 << this.bits) {
      this.bits++;
      const old = this.table;
      this.table = new Int32Array(2 << this.bits);
      for (let j = 0; j < old.length; j += 2) if (old[j + 1] !== 0) this.place(old[j]!, old[j + 1]!);
    }
    this.place(key, this.items.length);
  }

  values(): V[] {
    return this.items;
  }

  private place(key: number, slot: number): void {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.table[2 * i] = key;
    this.table[2 * i + 1] = slot;
  }
}

/** Per-client row layout in ClientTable.data: first, last, requests, uaRank, then per service
 *  first, last, requests, ok. */
const C_FIRST = 0;
const C_LAST = 1;
const C_REQUESTS = 2;
const C_UA_RANK = 3;
const C_SVC = 4;
const C_STRIDE = C_SVC + SVC_COUNT * 4;

/**
 * Client rows by address key, laid out for the cache: an open-addressing table of [key, row + 1]
 * pairs (IPv4 keys; a Map for the rare others) and one contiguous Float64Array of rows, so a line
 * costs a probe and a row instead of chasing several objects per client.
 */
class ClientTable {
  private bits = 12;
  private table = new Int32Array(2 << 12);
  private readonly other = new Map<number, number>();
  data = new Float64Array(C_STRIDE * 1024);
  keys: number[] = [];
  userAgents: (string | undefined)[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Row index of a key, or -1. */
  get(key: number): number {
    if (key !== (key | 0)) return this.other.get(key) ?? -1;
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const row = table[2 * i + 1]!;
      if (row === 0) return -1;
      if (table[2 * i] === key) return row - 1;
      i = (i + 1) & mask;
    }
  }

  add(key: number): number {
    const row = this.keys.length;
    this.keys.push(key);
    this.userAgents.push(undefined);
    if ((row + 1) * C_STRIDE > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    if (key !== (key | 0)) this.other.set(key, row);
    else {
      if ((row + 1) * 2 > 1 << this.bits) this.grow();
      this.place(key, row);
    }
    return row;
  }

  private place(key: number, row: number): void {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.table[2 * i] = key;
    this.table[2 * i + 1] = row + 1;
  }

  private grow(): void {
    this.bits++;
    this.table = new Int32Array(2 << this.bits);
    this.keys.forEach((key, row) => {
      if (key === (key | 0)) this.place(key, row);
    });
  }
}

class HourRec {
  total = 0;
  s401_1 = 0;
  s401_2 = 0;
  s401_3 = 0;
  s401_other = 0;
  s500 = 0;
  s503 = 0;
  constructor(readonly hour: number) {}
}

interface Pending {
  t: number;
  sub: number;
  win32: number;
  line: number;
  text: string;
  status: number;
}

export class W3cScanner {
  private readonly sp = new Int32Array(MAX_SPACES);
  private roles: Int32Array = new Int32Array(13).fill(-1);
  private nFields = 0;
  private blockDay = -1;
  private lastSecs = -1;
  private cachedDateKey = -1;
  private cachedDay = 0;
  /** Four-byte reads of the buffer being scanned (unaligned, little-endian). */
  private view: DataView = new DataView(new ArrayBuffer(8));
  private viewOf: Uint8Array | undefined;
  // the previous line's date and hour:minute bytes: most lines repeat them, so compare, don't parse
  private dateWords: [number, number, number] = [-1, -1, -1];
  private minuteWord = -1;
  private minuteByte = -1;
  private minuteSecs = 0;
  private readonly stems: (StemEntry | undefined)[] = new Array<StemEntry | undefined>(STEM_BUCKETS);
  private stemCount = 0;

  lines = 0;
  private records = 0;
  private rejected = 0;
  private readonly problems: Problem[] = [];
  private unsampledRejected = 0;
  private software: string | undefined;
  private readonly fieldSets: string[] = [];
  private first = Infinity;
  private last = -Infinity;

  private readonly vdirs: VdirEntry[] = [];
  private readonly vdirByKey = new Map<number, VdirEntry>();
  private readonly vdirByName = new Map<string, VdirEntry>();
  private readonly win32Idx = new Map<number, number>();
  private readonly statusSubIdx = new Map<number, number>();
  private lastStatusSub = -1;
  private lastStatusSubIdx = 0;
  private lastServerBytes: Uint8Array = new Uint8Array(0);
  private lastServerCount: { n: number } | undefined;
  private readonly responses = new IntMap<ResponseRec>();
  private readonly sampleGroups = new Map<number, { n: number }>();
  private readonly failures = new Map<number, FailureRec>();
  private readonly failureGroups = new Map<number, { n: number }>();
  private consoleHandshakes = 0;
  private readonly hours = new Map<number, HourRec>();
  private readonly clients = new ClientTable();
  private clientOverflowRequests = 0;
  private readonly ipNames = new Map<string, number>();
  private readonly ipByKey = new Map<number, string>();
  private readonly ports = new Map<number, { requests: number; byVdir: Float64Array }>();
  private readonly serverIps = new Map<number, { n: number }>();
  private readonly samples: PartialLine[] = [];
  private readonly failureSamples: PartialLine[] = [];
  private readonly pending = new Map<number, Pending[]>();
  private pendingCount = 0;
  private readonly headAuthOk: { ip: string; t: number }[] = [];

  // one-entry caches for the common case of consecutive lines sharing a value
  private lastRespKey = -1;
  private lastResp: ResponseRec | undefined;
  private lastHour: HourRec | undefined;
  private lastPort = -1;
  private lastPortRec: { requests: number; byVdir: Float64Array } | undefined;
  private lastClientKey = -1;
  private lastClient = -1;
  private lastWin32 = -2;
  private lastWin32Idx = 0;

  constructor(private readonly options: ScannerOptions) {
    this.vdirNamed("(other)");
    const initial = options.initial;
    if (initial?.software) this.software = initial.software;
    if (initial?.date) this.applyDate(initial.date);
    if (initial?.fields) this.applyFields(initial.fields);
  }

  /** True when the header in force lacks `date` (a worker cannot know the day: parse serially). */
  get headerLacksDate(): boolean {
    return this.nFields > 0 && this.roles[R_DATE] === -1;
  }

  /**
   * Aggregate the complete lines in buf[start, end). Returns the offset of the first byte of the
   * unfinished last line (end when the range ends on a line break): the caller carries it over.
   */
  scan(buf: Uint8Array, start: number, end: number): number {
    this.viewBuffer(buf);
    const sp = this.sp;
    let ls = start;
    let k = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c === 32) {
        if (k < MAX_SPACES) sp[k] = i;
        k++;
      } else if (c === 10) {
        this.lines++;
        let le = i;
        if (le > ls && buf[le - 1] === 13) le--;
        if (le > ls) this.line(buf, ls, le, k);
        ls = i + 1;
        k = 0;
      }
    }
    return ls;
  }

  /**
   * As scan(), over the input area of a DelimiterScanner: the delimiters come from WebAssembly SIMD
   * (16 bytes per step), so JavaScript touches only the ~16 delimiters of each line.
   */
  scanWith(ds: DelimiterScanner, start: number, end: number): number {
    const buf = ds.input;
    this.viewBuffer(buf);
    const out = ds.out;
    const sp = this.sp;
    let ls = start;
    let k = 0;
    for (let from = start; from < end; from += SLICE_BYTES) {
      const n = ds.scan(from, Math.min(from + SLICE_BYTES, end));
      for (let j = 0; j < n; j++) {
        const d = out[j]!;
        if (d >= 0) {
          if (k < MAX_SPACES) sp[k] = d;
          k++;
        } else {
          const i = d & 0x7fffffff;
          this.lines++;
          let le = i;
          if (le > ls && buf[le - 1] === 13) le--;
          if (le > ls) this.line(buf, ls, le, k);
          ls = i + 1;
          k = 0;
        }
      }
    }
    return ls;
  }

  private viewBuffer(buf: Uint8Array): void {
    if (buf !== this.viewOf) {
      this.viewOf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
  }

  /** The last line of a file that does not end with a line break. */
  scanFinal(buf: Uint8Array, start: number, end: number): void {
    const rest = this.scan(buf, start, end);
    if (rest < end) {
      const tail = new Uint8Array(end - rest + 1);
      tail.set(buf.subarray(rest, end));
      tail[end - rest] = 10;
      this.scan(tail, 0, tail.length);
    }
  }

  /** A line longer than the limit: counted and sampled, never parsed. */
  rejectLongLine(sample: string): void {
    this.lines++;
    this.reject(this.lines, "line longer than the maximum line length; skipped", sample);
  }

  private line(buf: Uint8Array, ls: number, le: number, k: number): void {
    if (buf[ls] === 35) {
      this.directive(decodeUtf8(buf, ls, le));
      return;
    }
    if (this.nFields === 0 && !this.adoptDefaultFields(buf, ls, le, k)) {
      this.reject(
        this.lines,
        "data line before any #Fields directive, in no known IIS default field set",
        decodeUtf8(buf, ls, le),
      );
      return;
    }
    const values = k + 1;
    if (values !== this.nFields) {
      const trailingSpace = values === this.nFields + 1 && this.sp[k - 1] === le - 1;
      if (!trailingSpace) {
        this.reject(
          this.lines,
          `line has ${values} values where its #Fields directive lists ${this.nFields}`,
          decodeUtf8(buf, ls, le),
        );
        return;
      }
    }
    if (k > MAX_SPACES) {
      this.reject(this.lines, "line has too many values", decodeUtf8(buf, ls, le));
      return;
    }
    const roles = this.roles;
    const sp = this.sp;

    // time (and date, or the block's #Date day)
    const ti = roles[R_TIME]!;
    let secs = -1;
    if (ti >= 0) {
      const s = ti === 0 ? ls : sp[ti - 1]! + 1;
      secs = this.timeOfDay(buf, s, ti < k ? sp[ti]! : le);
    }
    const di = roles[R_DATE]!;
    let day: number;
    if (di >= 0) {
      const s = di === 0 ? ls : sp[di - 1]! + 1;
      day = this.dayOf(buf, s, di < k ? sp[di]! : le);
    } else {
      day = this.blockDay;
      if (day >= 0 && secs >= 0) {
        if (this.lastSecs >= 0 && secs < this.lastSecs - DAY_ROLLOVER_JUMP) this.blockDay = ++day;
        this.lastSecs = secs;
      }
    }
    if (secs < 0 || day < 0) {
      this.reject(this.lines, "line has no valid date and time", decodeUtf8(buf, ls, le));
      return;
    }
    const t = day * 86400 + secs;

    // status, sub-status, win32
    const si = roles[R_STATUS]!;
    const status = si >= 0 ? parseUint(buf, si === 0 ? ls : sp[si - 1]! + 1, si < k ? sp[si]! : le) : -1;
    if (status < 100 || status > 999) {
      this.reject(this.lines, "line has no valid sc-status", decodeUtf8(buf, ls, le));
      return;
    }
    const ui = roles[R_SUB]!;
    const sub = ui >= 0 ? parseUint(buf, ui === 0 ? ls : sp[ui - 1]! + 1, ui < k ? sp[ui]! : le) : -1;
    const wi = roles[R_WIN32]!;
    const win32 = wi >= 0 ? parseUint(buf, wi === 0 ? ls : sp[wi - 1]! + 1, wi < k ? sp[wi]! : le) : -1;

    // virtual directory
    const vi = roles[R_STEM]!;
    const vdir =
      vi >= 0 ? this.vdirOf(buf, vi === 0 ? ls : sp[vi - 1]! + 1, vi < k ? sp[vi]! : le) : this.otherVdir();

    this.records++;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;

    // responses by vdir × status × sub × win32
    let wIdx: number;
    if (win32 === this.lastWin32) wIdx = this.lastWin32Idx;
    else {
      let found = this.win32Idx.get(win32);
      if (found === undefined) {
        found = this.win32Idx.size < 1023 ? this.win32Idx.size : 1023;
        if (this.win32Idx.size < 1023) this.win32Idx.set(win32, found);
      }
      wIdx = found;
      this.lastWin32 = win32;
      this.lastWin32Idx = wIdx;
    }
    // (status, sub) pairs are interned so the key stays a small integer (fast Map hashing)
    const ss = status * 10001 + (sub + 1);
    let ssIdx: number;
    if (ss === this.lastStatusSub) ssIdx = this.lastStatusSubIdx;
    else {
      let found = this.statusSubIdx.get(ss);
      if (found === undefined) {
        found = Math.min(this.statusSubIdx.size, 4095);
        if (this.statusSubIdx.size < 4095) this.statusSubIdx.set(ss, found);
      }
      ssIdx = found;
      this.lastStatusSub = ss;
      this.lastStatusSubIdx = ssIdx;
    }
    const respKey = (vdir.idx * 4096 + ssIdx) * 1024 + wIdx;
    let resp = respKey === this.lastRespKey ? this.lastResp : this.responses.get(respKey);
    if (resp === undefined) {
      const groupKey = vdir.idx * 1000 + status;
      let group = this.sampleGroups.get(groupKey);
      if (group === undefined) {
        group = { n: 0 };
        this.sampleGroups.set(groupKey, group);
      }
      resp = { vdir: vdir.idx, status, sub, win32, count: 0, first: t, last: t, group };
      this.responses.set(respKey, resp);
    }
    this.lastRespKey = respKey;
    this.lastResp = resp;
    resp.count++;
    if (t < resp.first) resp.first = t;
    if (t > resp.last) resp.last = t;
    if (resp.group.n < this.options.maxSamples) {
      resp.group.n++;
      this.samples.push({
        vdir: vdir.name,
        status,
        substatus: sub,
        win32,
        line: this.lines,
        text: decodeUtf8(buf, ls, le),
      });
    }

    // per-hour series
    const hourKey = Math.floor(t / 3600);
    let hour = this.lastHour;
    if (hour === undefined || hour.hour !== hourKey) {
      hour = this.hours.get(hourKey);
      if (hour === undefined) {
        hour = new HourRec(hourKey);
        this.hours.set(hourKey, hour);
      }
      this.lastHour = hour;
    }
    hour.total++;
    if (status === 401) {
      if (sub === 1) hour.s401_1++;
      else if (sub === 2) hour.s401_2++;
      else if (sub === 3) hour.s401_3++;
      else hour.s401_other++;
    } else if (status === 500) hour.s500++;
    else if (status === 503) hour.s503++;

    // listening port
    const pi = roles[R_SPORT]!;
    if (pi >= 0) {
      const port = parseUint(buf, pi === 0 ? ls : sp[pi - 1]! + 1, pi < k ? sp[pi]! : le);
      if (port >= 0) {
        let rec = port === this.lastPort ? this.lastPortRec : this.ports.get(port);
        if (rec === undefined) {
          rec = { requests: 0, byVdir: new Float64Array(MAX_VDIRS + 2) };
          this.ports.set(port, rec);
        }
        this.lastPort = port;
        this.lastPortRec = rec;
        rec.requests++;
        rec.byVdir[vdir.idx]!++;
      }
    }

    // server address: almost always the same bytes as on the previous line, so compare before parsing
    const ii = roles[R_SIP]!;
    if (ii >= 0) {
      const ss = ii === 0 ? ls : sp[ii - 1]! + 1;
      const se = ii < k ? sp[ii]! : le;
      const last = this.lastServerBytes;
      let same = last.length === se - ss && this.lastServerCount !== undefined;
      for (let p = 0; same && p < last.length; p++) same = buf[ss + p] === last[p];
      if (!same) {
        const key = this.ipKey(buf, ss, se);
        // a copy: Buffer#slice would be a view of the input area, which the next read overwrites
        this.lastServerBytes = copyBytes(buf, ss, se);
        if (key === EMPTY) this.lastServerCount = undefined;
        else {
          let count = this.serverIps.get(key);
          if (count === undefined) {
            count = { n: 0 };
            this.serverIps.set(key, count);
          }
          this.lastServerCount = count;
        }
      }
      if (this.lastServerCount !== undefined) this.lastServerCount.n++;
    }

    // client
    const ci = roles[R_CIP]!;
    if (ci < 0) return;
    const cs = ci === 0 ? ls : sp[ci - 1]! + 1;
    const ipKey = this.ipKey(buf, cs, ci < k ? sp[ci]! : le);
    if (ipKey === EMPTY) return;
    const clients = this.clients;
    let row = ipKey === this.lastClientKey ? this.lastClient : clients.get(ipKey);
    if (row < 0) {
      if (clients.size >= this.options.clientLimit) this.clientOverflowRequests++;
      else row = clients.add(ipKey);
    }
    this.lastClientKey = ipKey;
    this.lastClient = row;
    if (row >= 0) {
      const data = clients.data;
      const o = row * C_STRIDE;
      if (data[o + C_REQUESTS] === 0 || t < data[o + C_FIRST]!) data[o + C_FIRST] = t;
      if (t > data[o + C_LAST]!) data[o + C_LAST] = t;
      data[o + C_REQUESTS]!++;
      if (vdir.svc >= 0) {
        const v = o + C_SVC + vdir.svc * 4;
        if (data[v + 2] === 0 || t < data[v]!) data[v] = t;
        if (t > data[v + 1]!) data[v + 1] = t;
        data[v + 2]!++;
        if (status >= 200 && status < 400) data[v + 3]!++;
      }
      // the user agent of the first SOAP call (a Content download may come from BITS or Delivery
      // Optimization instead of the Windows Update Agent): recorded once, no per-line cost after
      const rank = data[o + C_UA_RANK]!;
      if (rank < 2) {
        const soap = vdir.svc >= 0 && vdir.name !== "Content";
        if (soap || rank === 0) {
          const ai = roles[R_UA]!;
          if (ai >= 0) {
            const as = ai === 0 ? ls : sp[ai - 1]! + 1;
            const ae = ai < k ? sp[ai]! : le;
            if (!isEmptyValue(buf, as, ae)) {
              clients.userAgents[row] = decodeUtf8(buf, as, ae).replace(/\+/g, " ");
              data[o + C_UA_RANK] = soap ? 2 : 1;
            }
          }
        }
      }
    }

    // authentication failures (the console's handshake on ApiRemoting30 is not one)
    if (vdir.api) {
      this.apiRemoting(buf, ls, le, k, ipKey, t, status, sub, win32, vdir);
    } else if (status === 401) {
      this.addFailure(vdir, status, sub, win32, t, ipKey, this.lines, buf, ls, le);
    }
  }

  private apiRemoting(
    buf: Uint8Array,
    ls: number,
    le: number,
    k: number,
    ipKey: number,
    t: number,
    status: number,
    sub: number,
    win32: number,
    vdir: VdirEntry,
  ): void {
    if (status === 401) {
      if (sub === 1 && LOGON_FAILURE_WIN32.includes(win32)) {
        this.addFailure(vdir, status, sub, win32, t, ipKey, this.lines, buf, ls, le);
        return;
      }
      this.expirePending(ipKey, t, vdir);
      if (this.pendingCount >= MAX_PENDING) {
        this.addFailure(vdir, status, sub, win32, t, ipKey, this.lines, buf, ls, le);
        return;
      }
      let list = this.pending.get(ipKey);
      if (list === undefined) {
        list = [];
        this.pending.set(ipKey, list);
      }
      list.push({ t, sub, win32, line: this.lines, text: decodeUtf8(buf, ls, le), status });
      this.pendingCount++;
      return;
    }
    if (status < 200 || status >= 400) return;
    const ui = this.roles[R_USER]!;
    if (ui < 0) return;
    const us = ui === 0 ? ls : this.sp[ui - 1]! + 1;
    const ue = ui < k ? this.sp[ui]! : le;
    if (isEmptyValue(buf, us, ue)) return;
    if (t <= this.first + HANDSHAKE_WINDOW_SECONDS && this.headAuthOk.length < 1000) {
      this.headAuthOk.push({ ip: this.ipName(ipKey), t });
    }
    const list = this.pending.get(ipKey);
    if (list === undefined) return;
    for (const p of list) {
      if (t - p.t <= HANDSHAKE_WINDOW_SECONDS) this.consoleHandshakes++;
      else this.addFailureFromPending(vdir, p, ipKey);
    }
    this.pendingCount -= list.length;
    this.pending.delete(ipKey);
  }

  private expirePending(ipKey: number, t: number, vdir: VdirEntry): void {
    const list = this.pending.get(ipKey);
    if (list === undefined) return;
    const keep = list.filter((p) => {
      if (t - p.t <= HANDSHAKE_WINDOW_SECONDS) return true;
      this.addFailureFromPending(vdir, p, ipKey);
      return false;
    });
    this.pendingCount -= list.length - keep.length;
    if (keep.length === 0) this.pending.delete(ipKey);
    else this.pending.set(ipKey, keep);
  }

  private addFailureFromPending(vdir: VdirEntry, p: Pending, ipKey: number): void {
    this.recordFailure(vdir, p.status, p.sub, p.win32, p.t, ipKey, p.line, p.text);
  }

  private addFailure(
    vdir: VdirEntry,
    status: number,
    sub: number,
    win32: number,
    t: number,
    ipKey: number,
    line: number,
    buf: Uint8Array,
    ls: number,
    le: number,
  ): void {
    this.recordFailure(vdir, status, sub, win32, t, ipKey, line, undefined, buf, ls, le);
  }

  private recordFailure(
    vdir: VdirEntry,
    status: number,
    sub: number,
    win32: number,
    t: number,
    ipKey: number,
    line: number,
    text?: string,
    buf?: Uint8Array,
    ls = 0,
    le = 0,
  ): void {
    const key =
      ((vdir.idx * 1000 + status) * 10001 + (sub + 1)) * 1024 +
      Math.min(this.win32Idx.get(win32) ?? 1023, 1023);
    let rec = this.failures.get(key);
    if (rec === undefined) {
      const groupKey = (vdir.idx * 1000 + status) * 10001 + (sub + 1);
      let group = this.failureGroups.get(groupKey);
      if (group === undefined) {
        group = { n: 0 };
        this.failureGroups.set(groupKey, group);
      }
      rec = { vdir: vdir.idx, status, sub, win32, count: 0, first: t, last: t, group, ips: new Set() };
      this.failures.set(key, rec);
    }
    rec.count++;
    if (t < rec.first) rec.first = t;
    if (t > rec.last) rec.last = t;
    if (rec.ips.size < MAX_FAILURE_CLIENTS) rec.ips.add(this.ipName(ipKey));
    if (rec.group.n < this.options.maxSamples) {
      rec.group.n++;
      this.failureSamples.push({
        vdir: vdir.name,
        status,
        substatus: sub,
        win32,
        line,
        text: text ?? (buf ? decodeUtf8(buf, ls, le) : ""),
      });
    }
  }

  /**
   * The vDir of a cs-uri-stem. A stem's first segment is checked against the exact spellings seen
   * before ("/ClientWebService/"), four bytes at a time; only a new spelling takes the lower-casing
   * path (vdirOfSegment), whose answer for the same bytes never changes, so caching it is exact.
   */
  private vdirOf(buf: Uint8Array, s: number, e: number): VdirEntry {
    if (e - s < 4 || buf[s] !== 47) return this.vdirOfSegment(buf, s, e);
    const view = this.view;
    const first = view.getInt32(s, true);
    const bucket = Math.imul(first, 0x9e3779b1) >>> (32 - STEM_BITS);
    const entry = this.stems[bucket];
    if (entry !== undefined) {
      const len = entry.bytes.length;
      if (entry.slash ? len <= e - s : len === e - s) {
        const words = entry.words;
        let same = true;
        for (let w = 0; same && w < words.length; w++) same = view.getInt32(s + 4 * w, true) === words[w];
        for (let p = words.length * 4; same && p < len; p++) same = buf[s + p] === entry.bytes[p];
        if (same) return entry.vdir;
      }
      return this.vdirOfSegment(buf, s, e);
    }
    const vdir = this.vdirOfSegment(buf, s, e);
    if (this.stemCount < STEM_BUCKETS / 2) {
      let p = s + 1;
      while (p < e && buf[p] !== 47) p++;
      const slash = p < e;
      const bytes = copyBytes(buf, s, slash ? p + 1 : e);
      const words = new Int32Array(bytes.length >> 2);
      for (let w = 0; w < words.length; w++) words[w] = view.getInt32(s + 4 * w, true);
      this.stems[bucket] = { bytes, words, slash, vdir };
      this.stemCount++;
    }
    return vdir;
  }

  private vdirOfSegment(buf: Uint8Array, s: number, e: number): VdirEntry {
    if (e <= s || buf[s] !== 47) return this.otherVdir();
    let h = 0;
    let p = s + 1;
    for (; p < e; p++) {
      let c = buf[p]!;
      if (c === 47) break;
      if (c >= 65 && c <= 90) c += 32;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const len = p - s - 1;
    const slash = p < e ? 1 : 0;
    // a small integer key (fast Map hashing); a collision is caught by comparing the bytes below
    const key = (((h * 64 + Math.min(len, 63)) | 0) * 2 + slash) | 0;
    const entry = this.vdirByKey.get(key);
    if (entry !== undefined && sameLower(entry.lower, buf, s + 1, p)) return entry;
    const lower = decodeLatin1(buf, s + 1, p).toLowerCase();
    const known = canonicalVdir(lower);
    const name = known ?? (slash ? lower : "/");
    const resolved = this.vdirNamed(name);
    // only a known vdir, or a segment followed by '/', identifies the entry by its segment bytes
    // the key includes "followed by '/'", so a root file and a vdir of the same name stay apart;
    // on a hash collision the first entry keeps the key and the other takes this slow path
    if (entry === undefined) this.vdirByKey.set(key, { ...resolved, lower: Buffer.from(lower, "latin1") });
    return resolved;
  }

  private otherVdir(): VdirEntry {
    return this.vdirNamed("(other)");
  }

  private vdirNamed(name: string): VdirEntry {
    let entry = this.vdirByName.get(name);
    if (entry !== undefined) return entry;
    if (this.vdirs.length >= MAX_VDIRS) return this.vdirs[0]!; // "(other)", created first
    const svc = (CLIENT_SERVICES as readonly string[]).indexOf(name);
    entry = { idx: this.vdirs.length, name, lower: new Uint8Array(0), svc, api: name === API };
    this.vdirs.push(entry);
    this.vdirByName.set(name, entry);
    return entry;
  }

  /** IPv4 addresses become their value as a signed 32-bit integer (a small integer for V8's Map);
   *  anything else gets an id from 2^32 up; EMPTY for '-'. */
  private ipKey(buf: Uint8Array, s: number, e: number): number {
    if (isEmptyValue(buf, s, e)) return EMPTY;
    let ip = 0;
    let octet = 0;
    let digits = 0;
    let dots = 0;
    let ok = true;
    for (let p = s; p < e; p++) {
      const c = buf[p]!;
      if (c >= 48 && c <= 57) {
        octet = octet * 10 + (c - 48);
        digits++;
        if (octet > 255 || digits > 3) {
          ok = false;
          break;
        }
      } else if (c === 46 && digits > 0 && dots < 3) {
        ip = ip * 256 + octet;
        octet = 0;
        digits = 0;
        dots++;
      } else {
        ok = false;
        break;
      }
    }
    if (ok && dots === 3 && digits > 0) return (ip * 256 + octet) | 0;
    const name = decodeLatin1(buf, s, e).toLowerCase();
    let key = this.ipNames.get(name);
    if (key === undefined) {
      key = 2 ** 32 + this.ipNames.size;
      this.ipNames.set(name, key);
      this.ipByKey.set(key, name);
    }
    return key;
  }

  private ipName(key: number): string {
    if (key < 2 ** 31) return `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`;
    return this.ipByKey.get(key) ?? "?";
  }

  /** parseDay, skipped when the 10 bytes equal the previous valid date's. */
  private dayOf(buf: Uint8Array, s: number, e: number): number {
    const words = this.dateWords;
    if (e - s === 10) {
      const view = this.view;
      const a = view.getInt32(s, true);
      const b = view.getInt32(s + 4, true);
      const c = view.getUint16(s + 8, true);
      if (a === words[0] && b === words[1] && c === words[2]) return this.cachedDay;
      const day = this.parseDay(buf, s, e);
      if (day >= 0) {
        words[0] = a;
        words[1] = b;
        words[2] = c;
      }
      return day;
    }
    return this.parseDay(buf, s, e);
  }

  /** parseTimeOfDay, with hour and minute taken from the previous line when their bytes repeat. */
  private timeOfDay(buf: Uint8Array, s: number, e: number): number {
    if (e - s < 8) return -1;
    const word = this.view.getInt32(s, true);
    if (word === this.minuteWord && buf[s + 4] === this.minuteByte && buf[s + 5] === 58) {
      const sec = digits2(buf, s + 6);
      return sec < 0 || sec > 60 ? -1 : this.minuteSecs + sec;
    }
    const secs = parseTimeOfDay(buf, s, e);
    if (secs >= 0) {
      this.minuteWord = word;
      this.minuteByte = buf[s + 4]!;
      this.minuteSecs = secs - digits2(buf, s + 6); // not secs % 60: a leap second is :60
    }
    return secs;
  }

  private parseDay(buf: Uint8Array, s: number, e: number): number {
    if (e - s !== 10 || buf[s + 4] !== 45 || buf[s + 7] !== 45) return -1;
    const y = digits4(buf, s);
    const m = digits2(buf, s + 5);
    const d = digits2(buf, s + 8);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    const key = y * 10000 + m * 100 + d;
    if (key !== this.cachedDateKey) {
      this.cachedDateKey = key;
      this.cachedDay = Math.floor(Date.UTC(y, m - 1, d) / 86400000);
    }
    return this.cachedDay;
  }

  private directive(text: string): void {
    const match = /^#\s*([A-Za-z-]+)\s*:\s?(.*)$/.exec(text);
    if (!match) return;
    const name = match[1]!.toLowerCase();
    const value = match[2] ?? "";
    if (name === "fields") this.applyFields(value);
    else if (name === "date") this.applyDate(value);
    else if (name === "software" && this.software === undefined) this.software = value.trim();
  }

  private applyFields(value: string): void {
    const fields = parseFieldsDirective(value);
    this.nFields = fields.length;
    this.roles = rolesOf(fields);
    const joined = fields.join(" ");
    if (this.fieldSets.length < 10 && !this.fieldSets.includes(joined)) this.fieldSets.push(joined);
    if (this.roles[R_STATUS] === -1 || this.roles[R_TIME] === -1) {
      this.problems.push({
        line: this.lines || undefined,
        severity: "warning",
        message: "#Fields lacks sc-status or time: the lines of this block cannot be aggregated",
        sample: value.slice(0, 200),
      });
    }
  }

  private applyDate(value: string): void {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
    this.lastSecs = -1;
    if (!m) return;
    this.blockDay = Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000);
  }

  private adoptDefaultFields(buf: Uint8Array, ls: number, le: number, k: number): boolean {
    if (k < 2) return false;
    const third = decodeLatin1(buf, this.sp[1]! + 1, k > 2 ? this.sp[2]! : le);
    const fields = defaultFieldsFor(k + 1, third);
    if (!fields) return false;
    this.applyFields(fields.join(" "));
    this.problems.push({
      line: this.lines,
      severity: "info",
      message: `no #Fields directive before this line: read with the default field set "${fields.join(" ")}"`,
    });
    return true;
  }

  private reject(line: number, message: string, sample: string): void {
    this.rejected++;
    if (this.problems.filter((p) => p.severity === "error").length < MAX_PROBLEM_SAMPLES) {
      this.problems.push({ line, severity: "error", message, sample: sample.slice(0, 300) });
    } else {
      this.unsampledRejected++;
    }
  }

  /** The aggregates as plain data. Pending handshakes older than the window become failures. */
  snapshot(): PartialW3c {
    const vdirName = (i: number): string => this.vdirs[i]?.name ?? "(other)";
    const tailPending: PendingHandshake[] = [];
    const api = this.vdirByName.get(API);
    for (const [ipKey, list] of this.pending) {
      for (const p of list) {
        if (api && this.last - p.t > HANDSHAKE_WINDOW_SECONDS) this.addFailureFromPending(api, p, ipKey);
        else
          tailPending.push({
            ip: this.ipName(ipKey),
            t: p.t,
            vdir: API,
            status: p.status,
            substatus: p.sub,
            win32: p.win32,
            line: p.line,
            text: p.text,
          });
      }
    }
    this.pending.clear();
    this.pendingCount = 0;
    const responses: PartialResponse[] = this.responses.values().map((r) => ({
      vdir: vdirName(r.vdir),
      status: r.status,
      substatus: r.sub,
      win32: r.win32,
      count: r.count,
      first: r.first,
      last: r.last,
    }));
    const authFailures: PartialAuthFailure[] = [...this.failures.values()].map((r) => ({
      vdir: vdirName(r.vdir),
      status: r.status,
      substatus: r.sub,
      win32: r.win32,
      count: r.count,
      first: r.first,
      last: r.last,
      clientIps: [...r.ips],
    }));
    const hours: PartialHour[] = [...this.hours.values()].map((h) => ({ ...h }));
    const table = this.clients;
    const clients: PartialClient[] = table.keys.map((key, row) => {
      const data = table.data;
      const o = row * C_STRIDE;
      const services = [];
      for (let i = 0; i < SVC_COUNT; i++) {
        const v = o + C_SVC + i * 4;
        if (data[v + 2]! > 0) {
          services.push({
            service: CLIENT_SERVICES[i]!,
            first: data[v]!,
            last: data[v + 1]!,
            requests: data[v + 2]!,
            ok: data[v + 3]!,
          });
        }
      }
      return {
        ip: this.ipName(key),
        requests: data[o + C_REQUESTS]!,
        first: data[o + C_FIRST]!,
        last: data[o + C_LAST]!,
        userAgent: table.userAgents[row],
        userAgentRank: data[o + C_UA_RANK]!,
        services,
      };
    });
    const ports = [...this.ports.entries()].map(([port, rec]) => {
      const byVdir: Record<string, number> = {};
      rec.byVdir.forEach((count, idx) => {
        if (count > 0) byVdir[vdirName(idx)] = count;
      });
      return { port, requests: rec.requests, byVdir };
    });
    return {
      lines: this.lines,
      records: this.records,
      rejected: this.rejected,
      problems: [...this.problems],
      unsampledRejected: this.unsampledRejected,
      software: this.software,
      fieldSets: [...this.fieldSets],
      first: Number.isFinite(this.first) ? this.first : undefined,
      last: Number.isFinite(this.last) ? this.last : undefined,
      responses,
      authFailures,
      consoleHandshakes: this.consoleHandshakes,
      hours,
      clients,
      clientOverflowRequests: this.clientOverflowRequests,
      ports,
      serverAddresses: [...this.serverIps.entries()].map(([key, c]) => ({
        ip: this.ipName(key),
        requests: c.n,
      })),
      samples: [...this.samples],
      authFailureSamples: [...this.failureSamples],
      tailPending,
      headAuthOk: [...this.headAuthOk],
    };
  }
}

/** '-' is IIS's empty value; documents that quote log lines turn it into an en dash (UTF-8 or 1252). */
function isEmptyValue(buf: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len === 0) return true;
  if (len === 1) return buf[s] === 45 || buf[s] === 0x96;
  return len === 3 && buf[s] === 0xe2 && buf[s + 1] === 0x80 && buf[s + 2] === 0x93;
}

function sameLower(lower: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  if (lower.length !== e - s) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = buf[s + i]!;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower[i]) return false;
  }
  return true;
}

/** Unsigned decimal; -1 for '-', empty or non-digits. Up to 2^53. */
export function parseUint(buf: Uint8Array, s: number, e: number): number {
  if (e <= s) return -1;
  let n = 0;
  for (let p = s; p < e; p++) {
    const c = buf[p]! - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function parseTimeOfDay(buf: Uint8Array, s: number, e: number): number {
  // HH:MM:SS, optionally with fractional seconds (HTTP Server API writers)
  if (e - s < 8 || buf[s + 2] !== 58 || buf[s + 5] !== 58) return -1;
  const h = digits2(buf, s);
  const m = digits2(buf, s + 3);
  const sec = digits2(buf, s + 6);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return -1;
  return h * 3600 + m * 60 + sec;
}

function digits2(buf: Uint8Array, s: number): number {
  const a = buf[s]! - 48;
  const b = buf[s + 1]! - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function digits4(buf: Uint8Array, s: number): number {
  const a = digits2(buf, s);
  const b = digits2(buf, s + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

function copyBytes(buf: Uint8Array, s: number, e: number): Uint8Array {
  return Uint8Array.prototype.slice.call(buf, s, e);
}

const utf8 = new TextDecoder("utf-8");
function decodeUtf8(buf: Uint8Array, s: number, e: number): string {
  return utf8.decode(buf.subarray(s, e));
}

function decodeLatin1(buf: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let p = s; p < e; p++) out += String.fromCharCode(buf[p]!);
  return out;
}
