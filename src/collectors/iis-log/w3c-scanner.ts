/**
 * Byte-level W3C log aggregator: the line scanner. One pass over the bytes records the space
 * positions of a line, then only the fields the aggregates need are decoded, mostly as numbers, so
 * no string is allocated per line (strings are made for new clients, new vDirs, changed user
 * agents, sampled lines and directives only). Memory is bounded: counts keyed by numbers, a capped
 * client table, capped samples. The tables are in scanner/ (one job each) and live in one memory
 * with the WebAssembly fast path (fast-path.ts), which counts the common line before JavaScript
 * sees it.
 *
 * `#Fields` is re-read at every directive block and fields are mapped by name, so the field order
 * may change mid-file. A data line whose value count differs from its header is rejected (counted,
 * first few sampled), never shifted.
 */
import type { Problem } from "../types.js";
import { createScannerMemory, f64Cell, type ScannerMemory } from "./fast-path.js";
import { F_FIRST, F_LAST, F_LINES, F_RECORDS, MAX_SPACES } from "./memory-layout.js";
import type { PartialW3c } from "./partial.js";
import { firstForwardedAddress } from "./forwarded-for.js";
import { AddressKeys, EMPTY_ADDRESS } from "./scanner/addresses.js";
import { AuthFailures } from "./scanner/auth-failures.js";
import { decodeLatin1, decodeUtf8, isEmptyValue, parseUint, userAgentText } from "./scanner/bytes.js";
import { ClientTable } from "./scanner/client-table.js";
import { LineClock } from "./scanner/clock.js";
import { Directives } from "./scanner/directives.js";
import { Responses } from "./scanner/responses.js";
import { snapshotOf } from "./scanner/snapshot.js";
import { HourTable, PortTable, ServerTable } from "./scanner/traffic.js";
import { VdirTable } from "./scanner/vdirs.js";
import { LineScope } from "./scanner/line-scope.js";
import {
  R_CIP,
  R_DATE,
  R_SIP,
  R_SITENAME,
  R_SPORT,
  R_STATUS,
  R_STEM,
  R_SUB,
  R_TIME,
  R_UA,
  R_USER,
  R_WIN32,
} from "./w3c-fields.js";

export interface ScannerOptions {
  maxSamples: number;
  /** Distinct client addresses tracked per file (see facts.ts `clientLimit`). */
  clientLimit: number;
  /** False: JavaScript only, no WebAssembly fast path (the reference the fast path is tested against). */
  fastPath?: boolean;
  /** Count only the lines of this site (s-sitename value), for a file that mixes sites. */
  keepSite?: string;
}

/** The input area a scanner reserves: what read.ts needs with the default 64 KB line limit (two
 *  halves of a 2 MB read plus a carried line for a file range, one 4 MB read for a stream). */
export const DEFAULT_INPUT_BYTES = 2 * (64 * 1024 + 1 + 2 * 1024 * 1024 + 64);

/** Default bound of the per-client map: 50,000 addresses per file (≈ 15 MB), far above a WSUS site's
 *  usual client count; further addresses only count in `clientOverflowRequests`. */
export const DEFAULT_CLIENT_LIMIT = 50_000;

const MAX_PROBLEM_SAMPLES = 5;

export class W3cScanner {
  /** The tables the fast path shares; lines, records, first and last are cells of its header. */
  private readonly memory: ScannerMemory;
  private readonly f64: Float64Array;
  private readonly sp = new Int32Array(MAX_SPACES);
  /** Four-byte reads of the buffer being scanned (unaligned, little-endian). */
  private view: DataView = new DataView(new ArrayBuffer(8));
  private viewOf: Uint8Array | undefined;
  /** Where read.ts puts the bytes: the memory's input area, or a larger buffer of its own. */
  private area: Buffer;
  private areaIsMemory = true;

  private rejected = 0;
  private readonly problems: Problem[] = [];
  private unsampledRejected = 0;
  private readonly directives: Directives;
  private readonly roles: Int32Array;
  private readonly clock: LineClock;
  private readonly vdirs: VdirTable;
  private readonly addresses = new AddressKeys();
  private readonly responses: Responses;
  private readonly failures: AuthFailures;
  private readonly hours: HourTable;
  private readonly ports: PortTable;
  private readonly servers: ServerTable;
  private readonly clients: ClientTable;
  private readonly lineScope: LineScope;
  private clientOverflowRequests = 0;
  /** Requests whose client the X-Forwarded-For field named (not c-ip). */
  private forwardedRequests = 0;
  private readonly forwardedRange = new Int32Array(2);
  // one-entry cache: consecutive lines mostly come from the same client
  private lastClientKey = -1;
  private lastClient = -1;

  constructor(private readonly options: ScannerOptions) {
    this.memory = createScannerMemory({
      clientLimit: options.clientLimit,
      inputBytes: DEFAULT_INPUT_BYTES,
      wasm: options.fastPath !== false,
    });
    this.f64 = this.memory.f64;
    this.area = this.memory.input;
    this.f64[f64Cell(F_FIRST)] = Infinity;
    this.f64[f64Cell(F_LAST)] = -Infinity;
    this.directives = new Directives(this.memory, this.problems);
    this.roles = this.directives.roles;
    this.clock = new LineClock(this.memory);
    this.vdirs = new VdirTable(this.memory);
    this.responses = new Responses(this.memory, options.maxSamples);
    this.failures = new AuthFailures(
      this.addresses,
      (win32) => this.responses.win32Key(win32),
      options.maxSamples,
    );
    this.hours = new HourTable(this.memory);
    this.ports = new PortTable(this.memory);
    this.servers = new ServerTable(this.memory, this.addresses);
    this.clients = new ClientTable(this.memory, options.clientLimit);
    this.lineScope = new LineScope(this.memory, options.keepSite);
  }

  // Counters the fast path updates too live in the memory's header.
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

  /** A line longer than the limit: counted and sampled, never parsed. */
  rejectLongLine(sample: string): void {
    this.lines++;
    this.reject(this.lines, "line longer than the maximum line length; skipped", sample);
  }

  private line(buf: Uint8Array, ls: number, le: number, k: number): void {
    const directives = this.directives;
    if (buf[ls] === 35) {
      directives.read(decodeUtf8(buf, ls, le), this.lines);
      return;
    }
    const sp = this.sp;
    if (directives.fieldCount === 0) {
      const third = k >= 2 ? decodeLatin1(buf, sp[1]! + 1, k > 2 ? sp[2]! : le) : "";
      if (k < 2 || !directives.adoptDefaults(k + 1, third, this.lines)) {
        this.reject(
          this.lines,
          "data line before any #Fields directive, in no known IIS default field set",
          decodeUtf8(buf, ls, le),
        );
        return;
      }
    }
    const values = k + 1;
    const fieldCount = directives.fieldCount;
    if (values !== fieldCount) {
      const trailingSpace = values === fieldCount + 1 && sp[k - 1] === le - 1;
      if (!trailingSpace) {
        this.reject(
          this.lines,
          `line has ${values} values where its #Fields directive lists ${fieldCount}`,
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
    const view = this.view;

    // the site and server the line names; a line of another site than the one read for is not counted
    const ni = roles[R_SITENAME]!;
    const site =
      ni >= 0 ? this.lineScope.site(buf, ni === 0 ? ls : sp[ni - 1]! + 1, ni < k ? sp[ni]! : le) : -1;
    if (!this.lineScope.keeps(site)) return;
    const mi = this.directives.computerColumn;
    const computer =
      mi >= 0 ? this.lineScope.computer(buf, mi === 0 ? ls : sp[mi - 1]! + 1, mi < k ? sp[mi]! : le) : -1;

    // time (and date, or the block's #Date day)
    const ti = roles[R_TIME]!;
    let secs = -1;
    if (ti >= 0) {
      const s = ti === 0 ? ls : sp[ti - 1]! + 1;
      secs = this.clock.timeOfDay(buf, view, s, ti < k ? sp[ti]! : le);
    }
    const di = roles[R_DATE]!;
    let day: number;
    if (di >= 0) {
      const s = di === 0 ? ls : sp[di - 1]! + 1;
      day = this.clock.dayOf(buf, view, s, di < k ? sp[di]! : le);
    } else day = directives.blockDayAt(secs);
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
      vi >= 0
        ? this.vdirs.of(buf, view, vi === 0 ? ls : sp[vi - 1]! + 1, vi < k ? sp[vi]! : le)
        : this.vdirs.other();

    this.records++;
    if (site >= 0 || computer >= 0) this.lineScope.count(site, vdir.wsus, computer);
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    this.responses.count(vdir, status, sub, win32, t, this.lines, buf, ls, le);
    this.hours.count(t, status, sub);

    // listening port
    const pi = roles[R_SPORT]!;
    if (pi >= 0) {
      const port = parseUint(buf, pi === 0 ? ls : sp[pi - 1]! + 1, pi < k ? sp[pi]! : le);
      if (port >= 0) this.ports.count(port, vdir.idx);
    }

    // server address
    const ii = roles[R_SIP]!;
    if (ii >= 0) this.servers.count(buf, ii === 0 ? ls : sp[ii - 1]! + 1, ii < k ? sp[ii]! : le);

    // client: the forwarded-for address when the line has one, else c-ip
    let ipKey = EMPTY_ADDRESS;
    const fi = this.directives.forwardedColumn;
    if (fi >= 0) {
      const range = this.forwardedRange;
      if (firstForwardedAddress(buf, fi === 0 ? ls : sp[fi - 1]! + 1, fi < k ? sp[fi]! : le, range)) {
        ipKey = this.addresses.key(buf, range[0]!, range[1]!);
        this.forwardedRequests++;
      }
    }
    if (ipKey === EMPTY_ADDRESS) {
      const ci = roles[R_CIP]!;
      if (ci < 0) return;
      ipKey = this.addresses.key(buf, ci === 0 ? ls : sp[ci - 1]! + 1, ci < k ? sp[ci]! : le);
    }
    if (ipKey === EMPTY_ADDRESS) return;
    const clients = this.clients;
    let row = ipKey === this.lastClientKey ? this.lastClient : clients.get(ipKey);
    if (row < 0) {
      if (clients.size >= this.options.clientLimit) this.clientOverflowRequests++;
      else row = clients.add(ipKey);
    }
    this.lastClientKey = ipKey;
    this.lastClient = row;
    if (row >= 0) {
      const rank = clients.count(row, t, vdir.svc, status);
      // the user agent of the first SOAP call (a Content download may come from BITS or Delivery
      // Optimization instead of the Windows Update Agent), or of the first request until one comes
      if (rank < 2) {
        const soap = vdir.svc >= 0 && vdir.name !== "Content";
        const ai = roles[R_UA]!;
        if ((soap || rank === 0) && ai >= 0) {
          const as = ai === 0 ? ls : sp[ai - 1]! + 1;
          const ae = ai < k ? sp[ai]! : le;
          if (!isEmptyValue(buf, as, ae)) clients.setUserAgent(row, userAgentText(buf, as, ae), soap);
        }
      }
    }

    // authentication failures (the console's handshake on ApiRemoting30 is not one)
    if (vdir.api) {
      const authenticated = (): boolean => {
        const ui = roles[R_USER]!;
        return ui >= 0 && !isEmptyValue(buf, ui === 0 ? ls : sp[ui - 1]! + 1, ui < k ? sp[ui]! : le);
      };
      this.failures.apiRemoting(
        { vdir, status, sub, win32, t, ipKey, line: this.lines, buf, ls, le },
        authenticated,
      );
    } else if (status === 401) {
      this.failures.add({ vdir, status, sub, win32, t, ipKey, line: this.lines, buf, ls, le });
    }
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
    return snapshotOf({
      lines: this.lines,
      records: this.records,
      rejected: this.rejected,
      unsampledRejected: this.unsampledRejected,
      problems: this.problems,
      first: this.first,
      last: this.last,
      directives: this.directives,
      vdirs: this.vdirs,
      addresses: this.addresses,
      responses: this.responses,
      failures: this.failures,
      hours: this.hours,
      ports: this.ports,
      servers: this.servers,
      clients: this.clients,
      clientOverflowRequests: this.clientOverflowRequests,
      forwardedFor:
        this.directives.forwardedField !== undefined
          ? { field: this.directives.forwardedField, requests: this.forwardedRequests }
          : undefined,
      lineScope: this.lineScope,
    });
  }
}
