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
import { firstForwardedAddress, forwardedForColumn } from "./forwarded-for.js";
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
import {
  CLIENT_MIN_BITS,
  F_DAY,
  F_FIRST,
  F_HOUR_KEY,
  F_LAST,
  F_LINES,
  F_MINUTE_SECS,
  F_PORT,
  F_RECORDS,
  HOUR_CAPACITY,
  HOUR_STRIDE,
  H_CLIENT_BITS,
  H_CLIENT_COUNT,
  H_DATE,
  H_HOUR_ROW,
  H_MINUTE_BYTE,
  H_MINUTE_WORD,
  H_NFIELDS,
  H_PORT_ROW,
  H_ROLES,
  H_SERVER_BYTES,
  H_SERVER_CELL,
  H_SERVER_LEN,
  PORT_CAPACITY,
  RESP_CAPACITY,
  RESP_STRIDE,
  SERVER_BYTES_MAX,
  SERVER_CAPACITY,
  VDIR_API,
  VDIR_CONTENT,
  createScannerMemory,
  f64Cell,
  writeResponse,
  writeStem,
  writeVdirProps,
  type ScannerMemory,
} from "./fast-path.js";

export interface ScannerOptions {
  maxSamples: number;
  /** Distinct client addresses tracked per range (see facts.ts `clientLimit`). */
  clientLimit: number;
  /** Directives in force at the start of the range (a worker that starts mid-file). */
  initial?: { fields?: string; date?: string; software?: string };
  /** False: JavaScript only, no WebAssembly fast path (the reference the fast path is tested against). */
  fastPath?: boolean;
}

/** The input area a scanner reserves: what read.ts needs with the default 64 KB line limit (two
 *  halves of a 2 MB read plus a carried line for a file range, one 4 MB read for a stream). */
export const DEFAULT_INPUT_BYTES = 2 * (64 * 1024 + 1 + 2 * 1024 * 1024 + 64);

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

/** A response row: count, first, last and "sampling closed" at cells[at…at + 3] (the scanner memory,
 *  or a small array of its own once the memory's rows are used up). */
interface ResponseRec {
  vdir: number;
  status: number;
  sub: number;
  win32: number;
  cells: Float64Array;
  at: number;
  group: { n: number };
}

interface FailureRec {
  vdir: number;
  status: number;
  sub: number;
  win32: number;
  count: number;
  first: number;
  last: number;
  group: { n: number };
  ips: Set<string>;
}

/** A counter row in the scanner memory or of its own: cells[at…]. */
interface Cells {
  cells: Float64Array;
  at: number;
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

/** A cs(User-Agent) value as the facts give it: IIS writes its spaces as '+'. */
function userAgentText(buf: Uint8Array, start: number, end: number): string {
  return decodeUtf8(buf, start, end).replace(/\+/g, " ");
}

/**
 * Client rows by address key, laid out for the cache: an open-addressing table of [key, row + 1]
 * pairs (IPv4 keys; a Map for the rare others) and one contiguous Float64Array of rows, so a line
 * costs a probe and a row instead of chasing several objects per client. All of it lives in the
 * scanner memory: the fast path adds IPv4 clients too (while the table need not grow), and records
 * user agents into the memory's heap; JavaScript reads both from there.
 */
class ClientTable {
  private bits = CLIENT_MIN_BITS;
  private table: Int32Array;
  private readonly other = new Map<number, number>();
  /** Rows for clientLimit clients, in the scanner memory (the fast path updates them too). */
  readonly data: Float64Array;
  /** Each row's address key. */
  private readonly keys: Float64Array;
  /** Per row [offset + 1, length] of the user agent the fast path recorded last, or [0, 0]. */
  private readonly uaRefs: Int32Array;
  /** User agents JavaScript recorded (each clears the row's fast-path reference: the last one wins). */
  private readonly userAgentTexts: (string | undefined)[] = [];

  constructor(
    private readonly memory: ScannerMemory,
    clientLimit: number,
  ) {
    this.data = memory.f64.subarray(memory.clientRows, memory.clientRows + clientLimit * C_STRIDE);
    this.keys = memory.f64.subarray(memory.clientKeys, memory.clientKeys + clientLimit);
    this.uaRefs = memory.i32.subarray(memory.uaRefs, memory.uaRefs + 2 * clientLimit);
    this.table = this.tableOf(this.bits);
  }

  get size(): number {
    return this.memory.i32[H_CLIENT_COUNT]!;
  }

  keyOf(row: number): number {
    return this.keys[row]!;
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

  /** A new row (the caller keeps the count under clientLimit). */
  add(key: number): number {
    const row = this.size;
    if (key !== (key | 0)) this.other.set(key, row);
    else {
      // the same condition as the fast path's: it leaves a new client to JavaScript when the table must grow
      if ((row + 1) * 2 > 1 << this.bits) this.grow();
      this.place(key, row);
    }
    this.keys[row] = key;
    this.memory.i32[H_CLIENT_COUNT] = row + 1;
    return row;
  }

  setUserAgent(row: number, text: string): void {
    this.userAgentTexts[row] = text;
    this.uaRefs[2 * row] = 0;
  }

  userAgent(row: number): string | undefined {
    const ref = this.uaRefs[2 * row]!;
    if (ref === 0) return this.userAgentTexts[row];
    const start = ref - 1;
    return userAgentText(this.memory.u8, start, start + this.uaRefs[2 * row + 1]!);
  }

  private tableOf(bits: number): Int32Array {
    this.memory.i32[H_CLIENT_BITS] = bits;
    const table = this.memory.i32.subarray(this.memory.clientTable, this.memory.clientTable + (2 << bits));
    table.fill(0);
    return table;
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
    this.table = this.tableOf(this.bits);
    for (let row = 0; row < this.size; row++) {
      const key = this.keys[row]!;
      if (key === (key | 0)) this.place(key, row);
    }
  }
}

/** Per-hour counters: cells[at + HOUR_*]. */
interface HourRec extends Cells {
  hour: number;
}
const HOUR_TOTAL = 0;
const HOUR_401_1 = 1;
const HOUR_401_2 = 2;
const HOUR_401_3 = 3;
const HOUR_401_OTHER = 4;
const HOUR_500 = 5;
const HOUR_503 = 6;

/** A port's row: requests, then one count per vdir. */
const PORT_STRIDE = 1 + MAX_VDIRS + 2;

interface Pending {
  t: number;
  sub: number;
  win32: number;
  line: number;
  text: string;
  status: number;
}

export class W3cScanner {
  /** The tables the fast path shares; the cells below are views of its header. */
  private readonly memory: ScannerMemory;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly sp = new Int32Array(MAX_SPACES);
  private readonly roles: Int32Array;
  private blockDay = -1;
  private lastSecs = -1;
  private cachedDateKey = -1;
  /** Four-byte reads of the buffer being scanned (unaligned, little-endian). */
  private view: DataView = new DataView(new ArrayBuffer(8));
  private viewOf: Uint8Array | undefined;
  private readonly stems: (StemEntry | undefined)[] = new Array<StemEntry | undefined>(STEM_BUCKETS);
  private stemCount = 0;
  /** Where read.ts puts the bytes: the memory's input area, or a larger buffer of its own. */
  private area: Buffer;
  private areaIsMemory = true;

  private rejected = 0;
  private readonly problems: Problem[] = [];
  private unsampledRejected = 0;
  private software: string | undefined;
  private readonly fieldSets: string[] = [];

  private readonly vdirs: VdirEntry[] = [];
  private readonly vdirByKey = new Map<number, VdirEntry>();
  private readonly vdirByName = new Map<string, VdirEntry>();
  private readonly win32Idx = new Map<number, number>();
  private readonly statusSubIdx = new Map<number, number>();
  private lastStatusSub = -1;
  private lastStatusSubIdx = 0;
  private lastServerBytes: Uint8Array = new Uint8Array(0);
  private lastServerCount: Cells | undefined;
  private readonly responses = new IntMap<ResponseRec>();
  private readonly sampleGroups = new Map<number, { n: number }>();
  private readonly failures = new Map<number, FailureRec>();
  private readonly failureGroups = new Map<number, { n: number }>();
  private consoleHandshakes = 0;
  private readonly hours = new Map<number, HourRec>();
  private readonly clients: ClientTable;
  private clientOverflowRequests = 0;
  /** Column of the block's X-Forwarded-For field (-1: none); requests keyed by it; the field's name. */
  private forwardedCol = -1;
  private forwardedRequests = 0;
  private forwardedField: string | undefined;
  private readonly forwardedRange = new Int32Array(2);
  /** The #Fields count in force; the memory's copy is -1 while a forwarded-for field is logged. */
  private fieldCount = 0;
  private readonly ipNames = new Map<string, number>();
  private readonly ipByKey = new Map<number, string>();
  private readonly ports = new Map<number, Cells & { byVdir: Float64Array }>();
  private readonly serverIps = new Map<number, Cells>();
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
  private lastPortRec: (Cells & { byVdir: Float64Array }) | undefined;
  private lastClientKey = -1;
  private lastClient = -1;
  private lastWin32 = -2;
  private lastWin32Idx = 0;

  constructor(private readonly options: ScannerOptions) {
    this.memory = createScannerMemory({
      clientLimit: options.clientLimit,
      clientStride: C_STRIDE,
      portStride: PORT_STRIDE,
      inputBytes: DEFAULT_INPUT_BYTES,
      wasm: options.fastPath !== false,
    });
    this.i32 = this.memory.i32;
    this.f64 = this.memory.f64;
    this.area = this.memory.input;
    this.roles = this.i32.subarray(H_ROLES, H_ROLES + 13).fill(-1);
    this.i32.fill(-1, H_DATE, H_DATE + 3);
    this.i32[H_MINUTE_WORD] = -1;
    this.i32[H_MINUTE_BYTE] = -1;
    this.i32[H_HOUR_ROW] = -1;
    this.i32[H_PORT_ROW] = -1;
    this.i32[H_SERVER_LEN] = -1;
    this.i32[H_SERVER_CELL] = -1;
    this.f64[f64Cell(F_FIRST)] = Infinity;
    this.f64[f64Cell(F_LAST)] = -Infinity;
    this.f64[f64Cell(F_PORT)] = -1;
    this.clients = new ClientTable(this.memory, options.clientLimit);
    this.vdirNamed("(other)");
    const initial = options.initial;
    if (initial?.software) this.software = initial.software;
    if (initial?.date) this.applyDate(initial.date);
    if (initial?.fields) this.applyFields(initial.fields);
  }

  // Counters and caches the fast path reads or updates live in the memory's header.
  get lines(): number {
    return this.f64[f64Cell(F_LINES)]!;
  }
  set lines(value: number) {
    this.f64[f64Cell(F_LINES)] = value;
  }
  private get records(): number {
    return this.f64[f64Cell(F_RECORDS)]!;
  }
  private set records(value: number) {
    this.f64[f64Cell(F_RECORDS)] = value;
  }
  private get first(): number {
    return this.f64[f64Cell(F_FIRST)]!;
  }
  private set first(value: number) {
    this.f64[f64Cell(F_FIRST)] = value;
  }
  private get last(): number {
    return this.f64[f64Cell(F_LAST)]!;
  }
  private set last(value: number) {
    this.f64[f64Cell(F_LAST)] = value;
  }
  private get nFields(): number {
    return this.fieldCount;
  }
  // the fast path keys clients by c-ip alone: it takes no line of a block whose client is the
  // forwarded-for address (its field count never matches -1)
  private set nFields(value: number) {
    this.fieldCount = value;
    this.i32[H_NFIELDS] = this.forwardedCol >= 0 ? -1 : value;
  }
  /** The day of the previous valid date (whose bytes are in H_DATE). */
  private get cachedDay(): number {
    return this.f64[f64Cell(F_DAY)]!;
  }
  private set cachedDay(value: number) {
    this.f64[f64Cell(F_DAY)] = value;
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
   * Where to read the log into for scanArea(): the memory's input area when `bytes` fit (the fast
   * path reads it in place), else a buffer of its own (read by JavaScript alone).
   */
  inputArea(bytes: number): Buffer {
    this.areaIsMemory = bytes <= this.memory.input.length;
    this.area = this.areaIsMemory ? this.memory.input : Buffer.alloc(bytes);
    return this.area;
  }

  /**
   * As scan(), over inputArea()[start, end): WebAssembly counts the lines it may (the common
   * request of a known client to a known vDir in the current hour), JavaScript reads the rest.
   */
  scanArea(start: number, end: number): number {
    const buf = this.area;
    const fast = this.areaIsMemory ? this.memory.fast : undefined;
    if (!fast) return this.scan(buf, start, end);
    const base = this.memory.inputBase;
    let ls = start;
    for (;;) {
      ls = fast(base + ls, base + end) - base;
      if (ls >= end) return ls;
      const lf = buf.indexOf(10, ls);
      if (lf < 0 || lf >= end) return ls;
      this.scan(buf, ls, lf + 1);
      ls = lf + 1;
    }
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
      resp = this.newResponse(vdir.idx, status, sub, win32, t, group);
      this.responses.set(respKey, resp);
    }
    this.lastRespKey = respKey;
    this.lastResp = resp;
    const rc = resp.cells;
    const ra = resp.at;
    rc[ra]!++;
    if (t < rc[ra + 1]!) rc[ra + 1] = t;
    if (t > rc[ra + 2]!) rc[ra + 2] = t;
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
    // the fast path may count this response once no line of its group is sampled any more
    if (resp.group.n >= this.options.maxSamples) rc[ra + 3] = 1;

    // per-hour series
    const hourKey = Math.floor(t / 3600);
    let hour = this.lastHour;
    if (hour === undefined || hour.hour !== hourKey) {
      hour = this.hours.get(hourKey);
      if (hour === undefined) {
        hour = this.newHour(hourKey);
        this.hours.set(hourKey, hour);
      }
      this.lastHour = hour;
      this.f64[f64Cell(F_HOUR_KEY)] = hourKey;
      this.i32[H_HOUR_ROW] = hour.cells === this.f64 ? (hour.at - this.memory.hourRows) / HOUR_STRIDE : -1;
    }
    const hc = hour.cells;
    const ha = hour.at;
    hc[ha + HOUR_TOTAL]!++;
    if (status === 401) {
      if (sub === 1) hc[ha + HOUR_401_1]!++;
      else if (sub === 2) hc[ha + HOUR_401_2]!++;
      else if (sub === 3) hc[ha + HOUR_401_3]!++;
      else hc[ha + HOUR_401_OTHER]!++;
    } else if (status === 500) hc[ha + HOUR_500]!++;
    else if (status === 503) hc[ha + HOUR_503]!++;

    // listening port
    const pi = roles[R_SPORT]!;
    if (pi >= 0) {
      const port = parseUint(buf, pi === 0 ? ls : sp[pi - 1]! + 1, pi < k ? sp[pi]! : le);
      if (port >= 0) {
        let rec = port === this.lastPort ? this.lastPortRec : this.ports.get(port);
        if (rec === undefined) {
          rec = this.newPort();
          this.ports.set(port, rec);
        }
        if (port !== this.lastPort) {
          this.f64[f64Cell(F_PORT)] = port;
          this.i32[H_PORT_ROW] = rec.cells === this.f64 ? (rec.at - this.memory.portRows) / PORT_STRIDE : -1;
        }
        this.lastPort = port;
        this.lastPortRec = rec;
        rec.cells[rec.at]!++;
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
            count = this.newServerCell();
            this.serverIps.set(key, count);
          }
          this.lastServerCount = count;
        }
        this.mirrorServer();
      }
      if (this.lastServerCount !== undefined) this.lastServerCount.cells[this.lastServerCount.at]!++;
    }

    // client: the forwarded-for address when the line has one, else c-ip
    let ipKey = EMPTY;
    const fi = this.forwardedCol;
    if (fi >= 0) {
      const range = this.forwardedRange;
      if (firstForwardedAddress(buf, fi === 0 ? ls : sp[fi - 1]! + 1, fi < k ? sp[fi]! : le, range)) {
        ipKey = this.ipKey(buf, range[0]!, range[1]!);
        this.forwardedRequests++;
      }
    }
    if (ipKey === EMPTY) {
      const ci = roles[R_CIP]!;
      if (ci < 0) return;
      ipKey = this.ipKey(buf, ci === 0 ? ls : sp[ci - 1]! + 1, ci < k ? sp[ci]! : le);
    }
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
              clients.setUserAgent(row, userAgentText(buf, as, ae));
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

  /** A response row in the memory (registered for the fast path) while there is room. */
  private newResponse(
    vdir: number,
    status: number,
    sub: number,
    win32: number,
    t: number,
    group: { n: number },
  ): ResponseRec {
    const used = this.responses.values().length;
    let cells: Float64Array;
    let at: number;
    if (used < RESP_CAPACITY) {
      cells = this.f64;
      at = this.memory.respRows + used * RESP_STRIDE;
      writeResponse(this.memory, used, vdir, status, sub, win32);
    } else {
      cells = new Float64Array(RESP_STRIDE);
      at = 0;
    }
    cells[at] = 0;
    cells[at + 1] = t;
    cells[at + 2] = t;
    cells[at + 3] = 0;
    return { vdir, status, sub, win32, cells, at, group };
  }

  private newHour(hour: number): HourRec {
    const used = this.hours.size;
    if (used < HOUR_CAPACITY) return { hour, cells: this.f64, at: this.memory.hourRows + used * HOUR_STRIDE };
    return { hour, cells: new Float64Array(HOUR_STRIDE), at: 0 };
  }

  private newPort(): Cells & { byVdir: Float64Array } {
    const used = this.ports.size;
    const cells = used < PORT_CAPACITY ? this.f64 : new Float64Array(PORT_STRIDE);
    const at = used < PORT_CAPACITY ? this.memory.portRows + used * PORT_STRIDE : 0;
    return { cells, at, byVdir: cells.subarray(at + 1, at + PORT_STRIDE) };
  }

  private newServerCell(): Cells {
    const used = this.serverIps.size;
    if (used < SERVER_CAPACITY) return { cells: this.f64, at: this.memory.serverCells + used };
    return { cells: new Float64Array(1), at: 0 };
  }

  /** The server address bytes and count of the previous line, for the fast path's comparison. */
  private mirrorServer(): void {
    const bytes = this.lastServerBytes;
    const count = this.lastServerCount;
    const inMemory = count === undefined || count.cells === this.f64;
    if (bytes.length > SERVER_BYTES_MAX || !inMemory) {
      this.i32[H_SERVER_LEN] = -1;
      return;
    }
    this.memory.u8.set(bytes, H_SERVER_BYTES * 4);
    this.i32[H_SERVER_LEN] = bytes.length;
    this.i32[H_SERVER_CELL] = count === undefined ? -1 : count.at - this.memory.serverCells;
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
      writeStem(this.memory, bucket, bytes, slash, vdir.idx);
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
    const flags = (entry.api ? VDIR_API : 0) | (name === "Content" ? VDIR_CONTENT : 0);
    writeVdirProps(this.memory, entry.idx, svc, flags);
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
    const words = this.i32;
    if (e - s === 10) {
      const view = this.view;
      const a = view.getInt32(s, true);
      const b = view.getInt32(s + 4, true);
      const c = view.getUint16(s + 8, true);
      if (a === words[H_DATE] && b === words[H_DATE + 1] && c === words[H_DATE + 2]) return this.cachedDay;
      const day = this.parseDay(buf, s, e);
      if (day >= 0) {
        words[H_DATE] = a;
        words[H_DATE + 1] = b;
        words[H_DATE + 2] = c;
      }
      return day;
    }
    return this.parseDay(buf, s, e);
  }

  /** parseTimeOfDay, with hour and minute taken from the previous line when their bytes repeat. */
  private timeOfDay(buf: Uint8Array, s: number, e: number): number {
    if (e - s < 8) return -1;
    const word = this.view.getInt32(s, true);
    const cells = this.i32;
    if (word === cells[H_MINUTE_WORD] && buf[s + 4] === cells[H_MINUTE_BYTE] && buf[s + 5] === 58) {
      const sec = digits2(buf, s + 6);
      return sec < 0 || sec > 60 ? -1 : this.f64[f64Cell(F_MINUTE_SECS)]! + sec;
    }
    const secs = parseTimeOfDay(buf, s, e);
    if (secs >= 0) {
      cells[H_MINUTE_WORD] = word;
      cells[H_MINUTE_BYTE] = buf[s + 4]!;
      // not secs % 60: a leap second is :60
      this.f64[f64Cell(F_MINUTE_SECS)] = secs - digits2(buf, s + 6);
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
    this.forwardedCol = forwardedForColumn(fields);
    if (this.forwardedCol >= 0) this.forwardedField ??= fields[this.forwardedCol];
    this.nFields = fields.length;
    this.roles.set(rolesOf(fields));
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
      count: r.cells[r.at]!,
      first: r.cells[r.at + 1]!,
      last: r.cells[r.at + 2]!,
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
    const hours: PartialHour[] = [...this.hours.values()].map(({ hour, cells, at }) => ({
      hour,
      total: cells[at + HOUR_TOTAL]!,
      s401_1: cells[at + HOUR_401_1]!,
      s401_2: cells[at + HOUR_401_2]!,
      s401_3: cells[at + HOUR_401_3]!,
      s401_other: cells[at + HOUR_401_OTHER]!,
      s500: cells[at + HOUR_500]!,
      s503: cells[at + HOUR_503]!,
    }));
    const table = this.clients;
    const clients: PartialClient[] = [];
    for (let row = 0; row < table.size; row++) {
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
      clients.push({
        ip: this.ipName(table.keyOf(row)),
        requests: data[o + C_REQUESTS]!,
        first: data[o + C_FIRST]!,
        last: data[o + C_LAST]!,
        userAgent: table.userAgent(row),
        userAgentRank: data[o + C_UA_RANK]!,
        services,
      });
    }
    const ports = [...this.ports.entries()].map(([port, rec]) => {
      const byVdir: Record<string, number> = {};
      rec.byVdir.forEach((count, idx) => {
        if (count > 0) byVdir[vdirName(idx)] = count;
      });
      return { port, requests: rec.cells[rec.at]!, byVdir };
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
      ...(this.forwardedField !== undefined
        ? { forwardedFor: { field: this.forwardedField, requests: this.forwardedRequests } }
        : {}),
      ports,
      serverAddresses: [...this.serverIps.entries()].map(([key, c]) => ({
        ip: this.ipName(key),
        requests: c.cells[c.at]!,
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
