/**
 * A line's date and time of day as numbers. Consecutive lines mostly repeat the date and the
 * hour:minute, so the bytes of the previous valid ones are kept in the scanner memory's header
 * (where the fast path compares them too) and only new bytes are parsed.
 */
import { f64Cell, type ScannerMemory } from "../fast-path.js";
import { F_DAY, F_MINUTE_SECS, H_DATE, H_MINUTE_BYTE, H_MINUTE_WORD } from "../memory-layout.js";
import { digits2, digits4, parseTimeOfDay } from "./bytes.js";

export class LineClock {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private cachedDateKey = -1;

  constructor(memory: ScannerMemory) {
    this.i32 = memory.i32;
    this.f64 = memory.f64;
    this.i32.fill(-1, H_DATE, H_DATE + 3);
    this.i32[H_MINUTE_WORD] = -1;
    this.i32[H_MINUTE_BYTE] = -1;
  }

  /** The day of the previous valid date (whose bytes are in H_DATE). */
  private get cachedDay(): number {
    return this.f64[f64Cell(F_DAY)]!;
  }
  private set cachedDay(value: number) {
    this.f64[f64Cell(F_DAY)] = value;
  }

  /** Days since 1970 of a yyyy-mm-dd value, -1 when invalid; skips parsing bytes equal to the previous valid date's. */
  dayOf(buf: Uint8Array, view: DataView, s: number, e: number): number {
    const words = this.i32;
    if (e - s === 10) {
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

  /** Seconds of the day, -1 when invalid; hour and minute taken from the previous line when their bytes repeat. */
  timeOfDay(buf: Uint8Array, view: DataView, s: number, e: number): number {
    if (e - s < 8) return -1;
    const word = view.getInt32(s, true);
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
}
