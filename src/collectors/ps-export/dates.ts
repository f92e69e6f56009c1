/**
 * Timestamps as PowerShell exports write them (knowledge/wsus-computers.md §3.2, §5, §6, §7):
 * ISO 8601 (PowerShell 7 JSON, CliXML, SQL output, `ToString('o')` columns), `/Date(ms)/`
 * (Windows PowerShell 5.1 JSON), or the exporting machine's culture (Export-Csv: en-US
 * `8/26/2024 3:08:04 PM`, de-DE `26.08.2024 15:08:04`, en-GB `26/08/2024 15:08:04`, ja-JP
 * `2024/08/26 15:08:04`). The day/month order of culture dates is decided once per file from all
 * its values, never per line; when no value tells (every day ≤ 12, no hint), both readings are
 * kept and a check fires only when both agree.
 */

export type DateOrder = "iso" | "mdy" | "dmy" | "ymd" | "ambiguous";

/** A timestamp: `never` (year 0001, 1753-01-01, NULL) or a time; `alt` is the day-first reading of an ambiguous date. */
export interface Stamp {
  raw: string;
  never?: true;
  at?: string;
  alt?: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MS_DATE = /^\\?\/Date\((-?\d+)([+-]\d{4})?\)\\?\/$/;
const CULTURE =
  /^(\d{1,4})([/.-])\s?(\d{1,2})\2\s?(\d{1,4})\.?(?:,?\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?)?$/;
const NEVER_WORDS = new Set(["", "null", "never", "-"]);

function isNeverYear(year: number, month: number, day: number): boolean {
  return year <= 1 || (year === 1753 && month === 1 && day === 1);
}

function iso(
  year: number,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  ms = 0,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59) return undefined;
  const time = Date.UTC(year, month - 1, day, h, m, s, ms);
  const date = new Date(time);
  if (year < 100) date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (date.getUTCDate() !== day) return undefined; // 31 February
  return date.toISOString().replace(".000Z", "Z");
}

interface CultureParts {
  a: number;
  b: number;
  c: number;
  yearFirst: boolean;
  /** Digits of the year as written ("26" is 2026; "0001" is year 1). */
  yearDigits: number;
  separator: string;
  h: number;
  m: number;
  s: number;
  meridiem?: "am" | "pm";
}

function cultureParts(text: string): CultureParts | undefined {
  const match = CULTURE.exec(text);
  if (!match) return undefined;
  const meridiem = match[8] ? (match[8].toLowerCase().startsWith("p") ? "pm" : "am") : undefined;
  return {
    a: Number(match[1]),
    b: Number(match[3]),
    c: Number(match[4]),
    yearFirst: match[1]!.length === 4,
    yearDigits: match[4]!.length,
    separator: match[2]!,
    h: Number(match[5] ?? 0),
    m: Number(match[6] ?? 0),
    s: Number(match[7] ?? 0),
    ...(meridiem ? { meridiem } : {}),
  };
}

function hour24(parts: CultureParts): number {
  if (!parts.meridiem) return parts.h;
  if (parts.meridiem === "am") return parts.h === 12 ? 0 : parts.h;
  return parts.h === 12 ? 12 : parts.h + 12;
}

/** Day/month order of a file's culture-formatted dates, from all of them together. */
export function decideDateOrder(values: Iterable<string>): { order: DateOrder; note: string } {
  let dayFirst = 0;
  let monthFirst = 0;
  let dots = 0;
  let meridiem = 0;
  let yearFirst = 0;
  let culture = 0;
  let structured = 0;
  for (const raw of values) {
    const text = raw.trim();
    if (NEVER_WORDS.has(text.toLowerCase())) continue;
    if (ISO.test(text) || MS_DATE.test(text)) {
      structured++;
      continue;
    }
    const parts = cultureParts(text);
    if (!parts) continue;
    culture++;
    if (parts.yearFirst) {
      yearFirst++;
      continue;
    }
    if (parts.c <= 1) continue; // year 0001 says nothing about the order
    if (parts.a > 12) dayFirst++;
    if (parts.b > 12) monthFirst++;
    if (parts.separator === ".") dots++;
    if (parts.meridiem) meridiem++;
  }
  if (culture === 0) return { order: "iso", note: structured > 0 ? "ISO 8601 timestamps" : "no timestamps" };
  if (yearFirst === culture) return { order: "ymd", note: "year-first dates (yyyy/MM/dd)" };
  if (dayFirst > 0 && monthFirst > 0)
    return {
      order: "ambiguous",
      note: `dates in two orders (${dayFirst} day-first, ${monthFirst} month-first): both readings kept`,
    };
  if (dayFirst > 0) return { order: "dmy", note: `day-first dates (${dayFirst} with a day above 12)` };
  if (monthFirst > 0) return { order: "mdy", note: `month-first dates (${monthFirst} with a day above 12)` };
  if (dots > 0) return { order: "dmy", note: "day-first dates (dd.MM.yyyy)" };
  if (meridiem > 0) return { order: "mdy", note: "month-first dates (AM/PM, en-US style)" };
  return {
    order: "ambiguous",
    note: "date order ambiguous (every day is 12 or less): both readings kept, a check fires only when both agree",
  };
}

/** A timestamp in the given order; undefined when the text is no date at all. Bare times are UTC. */
export function parseStamp(raw: string, order: DateOrder): Stamp | undefined {
  const text = raw.trim();
  if (NEVER_WORDS.has(text.toLowerCase())) return text === "" ? undefined : { raw, never: true };
  const ms = MS_DATE.exec(text);
  if (ms) {
    const time = Number(ms[1]);
    const date = new Date(time);
    if (date.getUTCFullYear() <= 1) return { raw, never: true };
    return { raw, at: date.toISOString().replace(".000Z", "Z") };
  }
  const isoMatch = ISO.exec(text);
  if (isoMatch) {
    const [year, month, day] = [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])];
    if (isNeverYear(year, month, day)) return { raw, never: true };
    const zone = isoMatch[8];
    const fraction = isoMatch[7] ? Math.round(Number(isoMatch[7]) * 1000) : 0;
    const local = iso(
      year,
      month,
      day,
      Number(isoMatch[4] ?? 0),
      Number(isoMatch[5] ?? 0),
      Number(isoMatch[6] ?? 0),
      fraction,
    );
    if (!local) return undefined;
    if (!zone || zone.toUpperCase() === "Z") return { raw, at: local };
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.replace(/[^0-9]/g, "");
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    return { raw, at: new Date(Date.parse(local) - offset * 60_000).toISOString().replace(".000Z", "Z") };
  }
  const parts = cultureParts(text);
  if (!parts) return undefined;
  const h = hour24(parts);
  if (parts.yearFirst) {
    if (isNeverYear(parts.a, parts.b, parts.c)) return { raw, never: true };
    const at = iso(parts.a, parts.b, parts.c, h, parts.m, parts.s);
    return at ? { raw, at } : undefined;
  }
  const year = parts.yearDigits <= 2 ? 2000 + parts.c : parts.c;
  if (year <= 1) return { raw, never: true };
  const monthFirst = iso(year, parts.a, parts.b, h, parts.m, parts.s);
  const dayFirst = iso(year, parts.b, parts.a, h, parts.m, parts.s);
  if (isNeverYear(year, 1, 1) && parts.a === 1 && parts.b === 1) return { raw, never: true };
  if (order === "mdy") return monthFirst ? { raw, at: monthFirst } : undefined;
  if (order === "dmy") return dayFirst ? { raw, at: dayFirst } : undefined;
  // ambiguous (or a culture date in a file decided ISO): keep both readings when both exist
  if (monthFirst && dayFirst)
    return monthFirst === dayFirst ? { raw, at: monthFirst } : { raw, at: monthFirst, alt: dayFirst };
  const only = monthFirst ?? dayFirst;
  return only ? { raw, at: only } : undefined;
}

/** The latest time a stamp may mean (the later of its two readings). */
export function latest(stamp: Stamp | undefined): number | undefined {
  if (!stamp?.at) return undefined;
  const a = Date.parse(stamp.at);
  return stamp.alt ? Math.max(a, Date.parse(stamp.alt)) : a;
}

/** FILETIME (100-ns ticks since 1601-01-01 UTC), as an unconverted lastLogonTimestamp column holds it. */
export function parseFileTime(raw: string): Stamp | undefined {
  const text = raw.trim();
  if (!/^\d{1,19}$/.test(text)) return undefined;
  const ticks = BigInt(text);
  if (ticks === 0n || ticks >= 0x7fffffffffffffffn) return { raw, never: true };
  const ms = Number(ticks / 10_000n) - 11_644_473_600_000;
  return { raw, at: new Date(ms).toISOString().replace(".000Z", "Z") };
}
