/**
 * AssemblyScript source of the W3C aggregator's fast path (compiled by `npm run generate` into
 * fast-lines.generated.ts, which records a digest of this source and the layout it imports;
 * `npm run generate -- --check`, run by the tests, keeps the two in step). It aggregates the common line — a request of a known client, to a known virtual
 * directory, with a known response, in the current hour — straight into the tables that the
 * JavaScript scanner keeps in the same memory, and hands every other line back to it: directives,
 * new vDirs, responses and hours, anything sampled, 401s, ApiRemoting30, malformed lines. A new
 * IPv4 client it adds itself, as JavaScript would (unless the table is full or must grow), and the
 * user agent JavaScript would record it copies into the memory's heap. It never changes a table
 * for a line it hands back, so the JavaScript path stays the one definition of the facts.
 *
 * The memory layout (header cells, table rows) is ../memory-layout.ts; fast-path.ts lays it out.
 */

// The memory layout: one table in ../memory-layout.ts, generated into layout.generated.as.ts.
import {
  C_FIRST,
  C_LAST,
  C_REQUESTS,
  C_STRIDE,
  C_SVC,
  C_UA_RANK,
  F64_BASE,
  F_DAY,
  F_FIRST,
  F_HOUR_KEY,
  F_LAST,
  F_LINES,
  F_MINUTE_SECS,
  F_PORT,
  F_RECORDS,
  HOUR_500,
  HOUR_503,
  HOUR_STRIDE,
  HOUR_TOTAL,
  H_CLIENT_BITS,
  H_CLIENT_COUNT,
  H_CLIENT_DATA,
  H_CLIENT_KEYS,
  H_CLIENT_LIMIT,
  H_CLIENT_TABLE,
  H_COMPUTER_COL,
  H_COMPUTER_LEN,
  H_DATE,
  H_HOUR_ROW,
  H_HOUR_ROWS,
  H_MINUTE_BYTE,
  H_MINUTE_WORD,
  H_NFIELDS,
  H_PORT_ROW,
  H_PORT_ROWS,
  H_RESP_BITS,
  H_RESP_ROWS,
  H_RESP_TABLE,
  H_ROLES,
  H_SERVER_BYTES,
  H_SERVER_CELL,
  H_SCOPE_BYTES,
  H_SERVER_CELLS,
  H_SITE_LEN,
  H_SERVER_LEN,
  H_SPACES,
  H_STEMS,
  H_UA_END,
  H_UA_REFS,
  H_UA_USED,
  H_VDIR_PROPS,
  MAX_SPACES,
  PORT_BY_VDIR,
  PORT_REQUESTS,
  PORT_STRIDE,
  RESP_CLOSED,
  RESP_COUNT,
  RESP_FIRST,
  RESP_LAST,
  RESP_SLOT,
  RESP_SLOT_ROW,
  RESP_SLOT_STATUS,
  RESP_SLOT_SUB,
  RESP_SLOT_VDIR,
  RESP_SLOT_WIN32,
  RESP_STRIDE,
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
  R_WIN32,
  SCOPE_BYTES_MAX,
  STEM_BITS,
  STEM_BYTES,
  STEM_ENTRY,
  STEM_LEN,
  STEM_SLASH,
  STEM_USED,
  STEM_VDIR,
  SVC_FIRST,
  SVC_LAST,
  SVC_OK,
  SVC_REQUESTS,
  SVC_STRIDE,
  VDIR_API,
  VDIR_CONTENT,
  VDIR_PROPS,
  VDIR_PROP_FLAGS,
  VDIR_PROP_SVC,
} from "./layout.generated.as";

/** Bytes of a response, hour and port row (f64 cells). */
const RESP_ROW = RESP_STRIDE << 3;
const HOUR_ROW = HOUR_STRIDE << 3;
const PORT_ROW = PORT_STRIDE << 3;
/** Longer user agents are left to JavaScript. */
const UA_MAX = 256;

@inline function hdr(index: i32): i32 {
  return load<i32>(<usize>(index << 2));
}
@inline function f64At(index: i32): f64 {
  return load<f64>(<usize>(F64_BASE + (index << 3)));
}
@inline function setF64(index: i32, value: f64): void {
  store<f64>(<usize>(F64_BASE + (index << 3)), value);
}
@inline function addF64(at: i32, n: f64): void {
  store<f64>(<usize>at, load<f64>(<usize>at) + n);
}
/** A row's first and last contact (first set by the first request) and its request count. */
@inline function countContact(row: i32, first: i32, last: i32, requests: i32, t: f64): void {
  const f = row + (first << 3);
  const r = row + (requests << 3);
  if (load<f64>(<usize>r) == 0 || t < load<f64>(<usize>f)) store<f64>(<usize>f, t);
  const l = row + (last << 3);
  if (t > load<f64>(<usize>l)) store<f64>(<usize>l, t);
  store<f64>(<usize>r, load<f64>(<usize>r) + 1);
}
@inline function byte(p: i32): i32 {
  return <i32>load<u8>(<usize>p);
}
@inline function word(p: i32): i32 {
  return load<i32>(<usize>p);
}
@inline function fieldStart(i: i32, ls: i32, sp: i32): i32 {
  return i == 0 ? ls : load<i32>(<usize>(sp + ((i - 1) << 2))) + 1;
}
@inline function fieldEnd(i: i32, k: i32, le: i32, sp: i32): i32 {
  return i < k ? load<i32>(<usize>(sp + (i << 2))) : le;
}

function digits2(p: i32): i32 {
  const a = byte(p) - 48;
  const b = byte(p + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/**
 * Unsigned decimal of at most 9 digits, as the JavaScript parseUint computes it; -1 for '-', empty
 * or non-digits; TOO_LONG for more digits (JavaScript reads those).
 */
const TOO_LONG = -2;
function parseUint(s: i32, e: i32): i32 {
  if (e <= s) return -1;
  if (e - s > 9) return TOO_LONG;
  let n = 0;
  for (let p = s; p < e; p++) {
    const c = byte(p) - 48;
    if (<u32>c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** '-' (or an en dash from a document that quoted the line) or nothing. */
function isEmptyValue(s: i32, e: i32): bool {
  const len = e - s;
  if (len == 0) return true;
  if (len == 1) return byte(s) == 45 || byte(s) == 0x96;
  return len == 3 && byte(s) == 0xe2 && byte(s + 1) == 0x80 && byte(s + 2) == 0x93;
}

function sameBytes(a: i32, b: i32, len: i32): bool {
  let p = 0;
  for (; p + 4 <= len; p += 4) if (word(a + p) != word(b + p)) return false;
  for (; p < len; p++) if (byte(a + p) != byte(b + p)) return false;
  return true;
}

/** Dotted IPv4 as the JavaScript ipKey computes it; 0 with ok = false for anything else. */
let ipOk: bool = false;
function ipv4(s: i32, e: i32): i32 {
  let ip: u32 = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  ipOk = false;
  for (let p = s; p < e; p++) {
    const c = byte(p);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255 || digits > 3) return 0;
    } else if (c == 46 && digits > 0 && dots < 3) {
      ip = (ip << 8) | <u32>octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return 0;
  }
  if (dots != 3 || digits == 0) return 0;
  ipOk = true;
  return <i32>((ip << 8) | <u32>octet);
}

function clientRow(key: i32): i32 {
  const bits = hdr(H_CLIENT_BITS);
  const table = hdr(H_CLIENT_TABLE);
  const mask = (1 << bits) - 1;
  let i = <i32>(<u32>(key * 0x9e3779b1) >>> (32 - bits));
  for (;;) {
    const slot = table + (i << 3);
    const row = load<i32>(<usize>(slot + 4));
    if (row == 0) return -1;
    if (load<i32>(<usize>slot) == key) return row - 1;
    i = (i + 1) & mask;
  }
  return -1;
}

/** JavaScript's ClientTable.add for an IPv4 key, once the line is sure to be counted. */
function addClient(key: i32, row: i32): void {
  const bits = hdr(H_CLIENT_BITS);
  const table = hdr(H_CLIENT_TABLE);
  const mask = (1 << bits) - 1;
  let i = <i32>(<u32>(key * 0x9e3779b1) >>> (32 - bits));
  while (load<i32>(<usize>(table + (i << 3) + 4)) != 0) i = (i + 1) & mask;
  store<i32>(<usize>(table + (i << 3)), key);
  store<i32>(<usize>(table + (i << 3) + 4), row + 1);
  store<f64>(<usize>(hdr(H_CLIENT_KEYS) + (row << 3)), <f64>key);
  store<i32>(<usize>(H_CLIENT_COUNT << 2), row + 1);
}

function responseRow(vdir: i32, status: i32, sub: i32, win32: i32): i32 {
  const bits = hdr(H_RESP_BITS);
  const table = hdr(H_RESP_TABLE);
  const mask = (1 << bits) - 1;
  const h = (vdir * 1000 + status) * 0x9e3779b1 ^ sub * 0x85ebca6b ^ win32 * 0xc2b2ae35;
  let i = <i32>(<u32>(h * 0x27d4eb2f) >>> (32 - bits));
  for (;;) {
    const slot = table + i * RESP_SLOT;
    const row = load<i32>(<usize>(slot + RESP_SLOT_ROW));
    if (row == 0) return -1;
    if (
      load<i32>(<usize>(slot + RESP_SLOT_VDIR)) == vdir &&
      load<i32>(<usize>(slot + RESP_SLOT_STATUS)) == status &&
      load<i32>(<usize>(slot + RESP_SLOT_SUB)) == sub &&
      load<i32>(<usize>(slot + RESP_SLOT_WIN32)) == win32
    )
      return row - 1;
    i = (i + 1) & mask;
  }
  return -1;
}

/** Where JavaScript inserts a response: the same probe sequence as responseRow. */
export function responseSlot(vdir: i32, status: i32, sub: i32, win32: i32): i32 {
  const bits = hdr(H_RESP_BITS);
  const table = hdr(H_RESP_TABLE);
  const mask = (1 << bits) - 1;
  const h = (vdir * 1000 + status) * 0x9e3779b1 ^ sub * 0x85ebca6b ^ win32 * 0xc2b2ae35;
  let i = <i32>(<u32>(h * 0x27d4eb2f) >>> (32 - bits));
  while (load<i32>(<usize>(table + i * RESP_SLOT + RESP_SLOT_ROW)) != 0) i = (i + 1) & mask;
  return table + i * RESP_SLOT;
}

/**
 * Aggregate the line [ls, le) whose k spaces are in the spaces area, or change nothing and
 * return false when JavaScript must read it.
 */
@inline function fastLine(ls: i32, le: i32, k: i32): bool {
  if (byte(ls) == 35) return false; // a directive
  if (k + 1 != hdr(H_NFIELDS) || k > MAX_SPACES) return false;
  const sp = hdr(H_SPACES);

  // the site and computer the line names: the ones JavaScript let the fast path take (line-scope.ts)
  const ni = hdr(H_ROLES + R_SITENAME);
  if (ni >= 0) {
    const ns = fieldStart(ni, ls, sp);
    const nlen = fieldEnd(ni, k, le, sp) - ns;
    if (nlen != hdr(H_SITE_LEN) || !sameBytes(ns, hdr(H_SCOPE_BYTES), nlen)) return false;
  }
  const mi = hdr(H_COMPUTER_COL);
  if (mi >= 0) {
    const ms = fieldStart(mi, ls, sp);
    const mlen = fieldEnd(mi, k, le, sp) - ms;
    if (mlen != hdr(H_COMPUTER_LEN) || !sameBytes(ms, hdr(H_SCOPE_BYTES) + SCOPE_BYTES_MAX, mlen)) return false;
  }

  // time: the previous line's hour and minute bytes, or a new minute (the cache update is the one
  // JavaScript's timeOfDay makes for these bytes, so handing the line back after it changes nothing)
  const ti = hdr(H_ROLES + R_TIME);
  const ts = fieldStart(ti, ls, sp);
  if (fieldEnd(ti, k, le, sp) - ts < 8) return false;
  if (word(ts) != hdr(H_MINUTE_WORD) || byte(ts + 4) != hdr(H_MINUTE_BYTE) || byte(ts + 5) != 58) {
    if (byte(ts + 2) != 58 || byte(ts + 5) != 58) return false;
    const h = digits2(ts);
    const m = digits2(ts + 3);
    const s = digits2(ts + 6);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return false;
    store<i32>(<usize>(H_MINUTE_WORD << 2), word(ts));
    store<i32>(<usize>(H_MINUTE_BYTE << 2), byte(ts + 4));
    setF64(F_MINUTE_SECS, <f64>(h * 3600 + m * 60));
  }
  const sec = digits2(ts + 6);
  if (sec < 0 || sec > 60) return false;
  const secs = f64At(F_MINUTE_SECS) + <f64>sec;

  // date: the previous valid date's bytes
  const di = hdr(H_ROLES + R_DATE);
  const ds = fieldStart(di, ls, sp);
  if (fieldEnd(di, k, le, sp) - ds != 10) return false;
  if (word(ds) != hdr(H_DATE) || word(ds + 4) != hdr(H_DATE + 1) || <i32>load<u16>(<usize>(ds + 8)) != hdr(H_DATE + 2))
    return false;
  const t = f64At(F_DAY) * 86400 + secs;

  const si = hdr(H_ROLES + R_STATUS);
  const status = parseUint(fieldStart(si, ls, sp), fieldEnd(si, k, le, sp));
  if (status < 100 || status > 999 || status == 401) return false;
  const ui = hdr(H_ROLES + R_SUB);
  const sub = ui >= 0 ? parseUint(fieldStart(ui, ls, sp), fieldEnd(ui, k, le, sp)) : -1;
  const wi = hdr(H_ROLES + R_WIN32);
  const win32 = wi >= 0 ? parseUint(fieldStart(wi, ls, sp), fieldEnd(wi, k, le, sp)) : -1;
  if (sub == TOO_LONG || win32 == TOO_LONG) return false;

  // virtual directory: a stem spelling seen before
  const vi = hdr(H_ROLES + R_STEM);
  const vs = fieldStart(vi, ls, sp);
  const ve = fieldEnd(vi, k, le, sp);
  if (ve - vs < 4 || byte(vs) != 47) return false;
  const stem = hdr(H_STEMS) + <i32>(<u32>(word(vs) * 0x9e3779b1) >>> (32 - STEM_BITS)) * STEM_ENTRY;
  if (load<i32>(<usize>(stem + STEM_USED)) == 0) return false;
  const len = load<i32>(<usize>(stem + STEM_LEN));
  if (load<i32>(<usize>(stem + STEM_SLASH)) != 0 ? len > ve - vs : len != ve - vs) return false;
  if (!sameBytes(vs, stem + STEM_BYTES, len)) return false;
  const vdir = load<i32>(<usize>(stem + STEM_VDIR));
  const props = hdr(H_VDIR_PROPS) + vdir * VDIR_PROPS;
  const svc = load<i32>(<usize>(props + VDIR_PROP_SVC));
  const flags = load<i32>(<usize>(props + VDIR_PROP_FLAGS));
  if ((flags & VDIR_API) != 0) return false;

  // response, sampling done
  const resp = responseRow(vdir, status, sub, win32);
  if (resp < 0) return false;
  const respAt = hdr(H_RESP_ROWS) + resp * RESP_ROW;
  if (load<f64>(<usize>(respAt + (RESP_CLOSED << 3))) == 0) return false;

  // the current hour (t is a whole number of seconds: the bounds test is floor(t / 3600) == key)
  const hourRow = hdr(H_HOUR_ROW);
  const hourStart = f64At(F_HOUR_KEY) * 3600;
  if (hourRow < 0 || t < hourStart || t >= hourStart + 3600) return false;

  // the previous line's port
  const pi = hdr(H_ROLES + R_SPORT);
  let port = -1;
  if (pi >= 0) {
    port = parseUint(fieldStart(pi, ls, sp), fieldEnd(pi, k, le, sp));
    if (port == TOO_LONG || (port >= 0 && (<f64>port != f64At(F_PORT) || hdr(H_PORT_ROW) < 0))) return false;
  }

  // the previous line's server address bytes
  const ii = hdr(H_ROLES + R_SIP);
  if (ii >= 0) {
    const ss = fieldStart(ii, ls, sp);
    const slen = fieldEnd(ii, k, le, sp) - ss;
    if (slen != hdr(H_SERVER_LEN) || !sameBytes(ss, H_SERVER_BYTES << 2, slen)) return false;
  }

  // an IPv4 client: a known one, or a new one while the table has room and need not grow; the user
  // agent JavaScript would record for this line (it decodes it from the heap later)
  const ci = hdr(H_ROLES + R_CIP);
  let clientAt = -1;
  let newKey = 0;
  let newRow = -1;
  let row = -1;
  let uaStart = -1;
  let uaLen = 0;
  let uaRank: f64 = 0;
  if (ci >= 0) {
    const cs = fieldStart(ci, ls, sp);
    const ce = fieldEnd(ci, k, le, sp);
    if (!isEmptyValue(cs, ce)) {
      const key = ipv4(cs, ce);
      if (!ipOk) return false;
      row = clientRow(key);
      let rank: f64 = 0;
      if (row < 0) {
        const count = hdr(H_CLIENT_COUNT);
        if (count >= hdr(H_CLIENT_LIMIT) || (count + 1) * 2 > 1 << hdr(H_CLIENT_BITS)) return false;
        newKey = key;
        newRow = count;
        row = count;
      }
      clientAt = hdr(H_CLIENT_DATA) + row * (C_STRIDE << 3);
      if (newRow < 0) rank = load<f64>(<usize>(clientAt + (C_UA_RANK << 3)));
      if (rank < 2) {
        const soap = svc >= 0 && (flags & VDIR_CONTENT) == 0;
        if (soap || rank == 0) {
          const ai = hdr(H_ROLES + R_UA);
          if (ai >= 0) {
            const as = fieldStart(ai, ls, sp);
            const ae = fieldEnd(ai, k, le, sp);
            if (!isEmptyValue(as, ae)) {
              uaLen = ae - as;
              if (uaLen > UA_MAX || hdr(H_UA_USED) + uaLen > hdr(H_UA_END)) return false;
              uaStart = as;
              uaRank = soap ? 2 : 1;
            }
          }
        }
      }
    }
  }

  // nothing can send the line back now: count it
  setF64(F_RECORDS, f64At(F_RECORDS) + 1);
  if (t < f64At(F_FIRST)) setF64(F_FIRST, t);
  if (t > f64At(F_LAST)) setF64(F_LAST, t);
  addF64(respAt + (RESP_COUNT << 3), 1);
  const respFirst = respAt + (RESP_FIRST << 3);
  if (t < load<f64>(<usize>respFirst)) store<f64>(<usize>respFirst, t);
  const respLast = respAt + (RESP_LAST << 3);
  if (t > load<f64>(<usize>respLast)) store<f64>(<usize>respLast, t);
  const hourAt = hdr(H_HOUR_ROWS) + hourRow * HOUR_ROW;
  addF64(hourAt + (HOUR_TOTAL << 3), 1);
  if (status == 500) addF64(hourAt + (HOUR_500 << 3), 1);
  else if (status == 503) addF64(hourAt + (HOUR_503 << 3), 1);
  if (port >= 0) {
    const portAt = hdr(H_PORT_ROWS) + hdr(H_PORT_ROW) * PORT_ROW;
    addF64(portAt + (PORT_REQUESTS << 3), 1);
    const byVdir = portAt + ((PORT_BY_VDIR + vdir) << 3);
    store<f64>(<usize>byVdir, load<f64>(<usize>byVdir) + 1);
  }
  if (ii >= 0) {
    const cell = hdr(H_SERVER_CELL);
    if (cell >= 0) {
      const at = hdr(H_SERVER_CELLS) + (cell << 3);
      store<f64>(<usize>at, load<f64>(<usize>at) + 1);
    }
  }
  if (newRow >= 0) addClient(newKey, newRow);
  if (uaStart >= 0) {
    const at = hdr(H_UA_USED);
    memory.copy(<usize>at, <usize>uaStart, <usize>uaLen);
    store<i32>(<usize>(H_UA_USED << 2), at + uaLen);
    const ref = hdr(H_UA_REFS) + (row << 3);
    store<i32>(<usize>ref, at + 1);
    store<i32>(<usize>(ref + 4), uaLen);
    store<f64>(<usize>(clientAt + (C_UA_RANK << 3)), uaRank);
  }
  if (clientAt >= 0) {
    countContact(clientAt, C_FIRST, C_LAST, C_REQUESTS, t);
    if (svc >= 0) {
      const v = clientAt + ((C_SVC + svc * SVC_STRIDE) << 3);
      countContact(v, SVC_FIRST, SVC_LAST, SVC_REQUESTS, t);
      if (status >= 200 && status < 400) addF64(v + (SVC_OK << 3), 1);
    }
  }
  return true;
}

/**
 * Aggregate the lines from `start` (a line start) while they take the fast path; returns the start
 * of the first line that JavaScript must read, or of the unfinished line at `end`. Reads up to 31
 * bytes past `end` (the input area has room for that); ignores them.
 */
export function fast(start: i32, end: i32): i32 {
  const sp = hdr(H_SPACES);
  const spaces = i8x16.splat(32);
  const lineFeeds = i8x16.splat(10);
  let ls = start;
  while (ls < end) {
    let k = 0;
    let lf = -1;
    let p = ls;
    while (lf < 0 && p < end) {
      // 32 bytes a step: two vectors' masks in one word
      const v = v128.load(<usize>p);
      const w = v128.load(<usize>(p + 16));
      let spaceBits = i8x16.bitmask(i8x16.eq(v, spaces)) | (i8x16.bitmask(i8x16.eq(w, spaces)) << 16);
      let lineFeedBits = i8x16.bitmask(i8x16.eq(v, lineFeeds)) | (i8x16.bitmask(i8x16.eq(w, lineFeeds)) << 16);
      if (end - p < 32) {
        const inside = <i32>((<u64>1 << <u64>(end - p)) - 1);
        spaceBits &= inside;
        lineFeedBits &= inside;
      }
      if (lineFeedBits != 0) {
        const at = ctz(lineFeedBits);
        lf = p + at;
        spaceBits &= <i32>((<u64>1 << <u64>at) - 1);
      }
      while (spaceBits != 0) {
        if (k < MAX_SPACES) store<i32>(<usize>(sp + (k << 2)), p + ctz(spaceBits));
        k++;
        spaceBits &= spaceBits - 1;
      }
      p += 32;
    }
    if (lf < 0) break;
    let le = lf;
    if (le > ls && byte(le - 1) == 13) le--;
    if (le > ls && !fastLine(ls, le, k)) break;
    setF64(F_LINES, f64At(F_LINES) + 1);
    ls = lf + 1;
  }
  return ls;
}
