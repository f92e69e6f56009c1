/**
 * Address keys: an IPv4 address becomes its value as a signed 32-bit integer (a small integer for
 * V8's Map, and the key the fast path computes); anything else (IPv6, names) an id from 2^32 up;
 * EMPTY_ADDRESS for '-'.
 */
import { decodeLatin1, isEmptyValue } from "./bytes.js";

export const EMPTY_ADDRESS = 2 ** 40;

export class AddressKeys {
  private readonly byName = new Map<string, number>();
  private readonly names = new Map<number, string>();

  key(buf: Uint8Array, s: number, e: number): number {
    if (isEmptyValue(buf, s, e)) return EMPTY_ADDRESS;
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
    let key = this.byName.get(name);
    if (key === undefined) {
      key = 2 ** 32 + this.byName.size;
      this.byName.set(name, key);
      this.names.set(key, name);
    }
    return key;
  }

  name(key: number): string {
    if (key < 2 ** 31) return `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`;
    return this.names.get(key) ?? "?";
  }
}
