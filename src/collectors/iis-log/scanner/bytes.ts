/** Reading values out of a log line's bytes without making strings (the scanner's hot path). */

/** '-' is IIS's empty value; documents that quote log lines turn it into an en dash (UTF-8 or 1252). */
export function isEmptyValue(buf: Uint8Array, s: number, e: number): boolean {
  const len = e - s;
  if (len === 0) return true;
  if (len === 1) return buf[s] === 45 || buf[s] === 0x96;
  return len === 3 && buf[s] === 0xe2 && buf[s + 1] === 0x80 && buf[s + 2] === 0x93;
}

/** buf[s, e) lower-cased (ASCII) equals `lower`. */
export function sameLower(lower: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
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

/** HH:MM:SS (optionally with fractional seconds, as HTTP Server API writers log) as seconds of the day; -1 when invalid. */
export function parseTimeOfDay(buf: Uint8Array, s: number, e: number): number {
  if (e - s < 8 || buf[s + 2] !== 58 || buf[s + 5] !== 58) return -1;
  const h = digits2(buf, s);
  const m = digits2(buf, s + 3);
  const sec = digits2(buf, s + 6);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return -1;
  return h * 3600 + m * 60 + sec;
}

export function digits2(buf: Uint8Array, s: number): number {
  const a = buf[s]! - 48;
  const b = buf[s + 1]! - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

export function digits4(buf: Uint8Array, s: number): number {
  const a = digits2(buf, s);
  const b = digits2(buf, s + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** A copy, never a view: the input area is overwritten by the next read. */
export function copyBytes(buf: Uint8Array, s: number, e: number): Uint8Array {
  return Uint8Array.prototype.slice.call(buf, s, e);
}

const utf8 = new TextDecoder("utf-8");
export function decodeUtf8(buf: Uint8Array, s: number, e: number): string {
  return utf8.decode(buf.subarray(s, e));
}

export function decodeLatin1(buf: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let p = s; p < e; p++) out += String.fromCharCode(buf[p]!);
  return out;
}

/** A cs(User-Agent) value as the facts give it: IIS writes its spaces as '+'. */
export function userAgentText(buf: Uint8Array, start: number, end: number): string {
  return decodeUtf8(buf, start, end).replace(/\+/g, " ");
}
