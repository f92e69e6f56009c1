/**
 * The client's own address behind a load balancer, reverse proxy or NAT gateway: IIS 8.5+ logs a
 * request header in a custom field whose name the site chooses — by far most often the header's
 * own name (`X-Forwarded-For`, also upper case) — and the W3C extended form `cs(X-Forwarded-For)`.
 * The value is the header as sent, spaces logged as '+': `203.0.113.7`, `203.0.113.7:51234`,
 * `203.0.113.7,+10.0.0.5` (each proxy appends the address it received from). The first entry is the
 * originating client.
 */

const FIELD_NAMES = new Set(["x-forwarded-for", "cs(x-forwarded-for)"]);

/** The column of the forwarded-for field in a `#Fields` list, or -1 when the site does not log one. */
export function forwardedForColumn(fields: readonly string[]): number {
  return fields.findIndex((name) => FIELD_NAMES.has(name.toLowerCase()));
}

const COMMA = 44;
const PLUS = 43;
const COLON = 58;
const DOT = 46;
const OPEN = 91; // [
const CLOSE = 93; // ]
const QUOTE = 34;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * The first address of a forwarded-for value buf[s, e), without port or brackets, written to
 * `range` as [start, end). False when the value is empty ('-') or its first entry is not an IP
 * address (`unknown`, a host name): the caller then keeps c-ip. No allocation (a hot path).
 */
export function firstForwardedAddress(buf: Uint8Array, s: number, e: number, range: Int32Array): boolean {
  while (s < e && (buf[s] === PLUS || buf[s] === QUOTE)) s++;
  let end = s;
  while (end < e && buf[end] !== COMMA) end++;
  while (end > s && (buf[end - 1] === PLUS || buf[end - 1] === QUOTE)) end--;
  if (end - s < 2) return false;
  if (buf[s] === OPEN) {
    // [2001:db8::7]:51234
    let close = s + 1;
    while (close < end && buf[close] !== CLOSE) close++;
    if (close >= end) return false;
    return isIpv6(buf, s + 1, close, range);
  }
  let colons = 0;
  let lastColon = -1;
  for (let p = s; p < end; p++)
    if (buf[p] === COLON) {
      colons++;
      lastColon = p;
    }
  // one colon: IPv4 with a port; none: IPv4; more: IPv6 (no port without brackets)
  if (colons === 1) return isIpv4(buf, s, lastColon, range);
  if (colons === 0) return isIpv4(buf, s, end, range);
  return isIpv6(buf, s, end, range);
}

function isIpv4(buf: Uint8Array, s: number, e: number, range: Int32Array): boolean {
  let dots = 0;
  let digits = 0;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    if (isDigit(c)) {
      if (++digits > 3) return false;
    } else if (c === DOT && digits > 0) {
      dots++;
      digits = 0;
    } else return false;
  }
  if (dots !== 3 || digits === 0) return false;
  range[0] = s;
  range[1] = e;
  return true;
}

function isIpv6(buf: Uint8Array, s: number, e: number, range: Int32Array): boolean {
  if (e - s < 2) return false;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    if (!isHex(c) && c !== COLON && c !== DOT) return false;
  }
  range[0] = s;
  range[1] = e;
  return true;
}
