/**
 * Dates as event-log exports write them. XML and .evtx give UTC (`SystemTime='…Z'`); CSV exports and
 * wevtutil text give the exporting machine's local time in its culture, without a zone
 * ("10/7/2016 06:38:24 PM", "27.10.2021 12:28:26", "2017/11/18 15:35:24"). A slash date with both
 * parts ≤ 12 is ambiguous: the order is decided from the whole file (knowledge/event-log.md §2).
 */

export type DayMonthOrder = "mdy" | "dmy";

export interface ExportDate {
  year: number;
  /** Month and day; for "slash" dates the two leading numbers in file order (m/d or d/m). */
  first: number;
  second: number;
  hour: number;
  minute: number;
  second_: number;
  millis: number;
  /** "ymd"/"dmy": unambiguous; "slash": d/m or m/d, decided per file. */
  order: "ymd" | "dmy" | "slash";
  utc: boolean;
  /** Whether the time carried AM/PM (a hint for en-US month-first dates). */
  twelveHour: boolean;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,7}))?\s*(AM|PM|a\.?m\.?|p\.?m\.?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ]+${TIME}\s*(Z)?$`, "i");
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})[ ,]+${TIME}$`, "i");
const SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})[ ,]+${TIME}$`, "i");
const DASHED = new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})[ ,]+${TIME}$`, "i");

export function parseExportDate(text: string | undefined): ExportDate | undefined {
  const value = (text ?? "").trim();
  if (value === "") return undefined;
  let match = ISO.exec(value);
  if (match) return build(match, 1, 2, 3, "ymd", match[9] !== undefined);
  match = DOTTED.exec(value) ?? DASHED.exec(value);
  if (match) return build(match, 3, 2, 1, "dmy", false);
  match = SLASH.exec(value);
  if (match) return build(match, 3, 1, 2, "slash", false);
  return undefined;
}

function build(
  match: RegExpExecArray,
  yearIndex: number,
  firstIndex: number,
  secondIndex: number,
  order: ExportDate["order"],
  utc: boolean,
): ExportDate | undefined {
  const number = (index: number): number => Number(match[index] ?? 0);
  // Time groups follow the three date groups.
  let hour = number(4);
  const meridiem = (match[8] ?? "").toLowerCase().replace(/\./g, "");
  if (meridiem === "pm" && hour < 12) hour += 12;
  if (meridiem === "am" && hour === 12) hour = 0;
  const fraction = (match[7] ?? "").padEnd(3, "0").slice(0, 3);
  const result: ExportDate = {
    year: number(yearIndex),
    first: number(firstIndex),
    second: number(secondIndex),
    hour,
    minute: number(5),
    second_: number(6),
    millis: Number(fraction),
    order,
    utc,
    twelveHour: meridiem !== "",
  };
  if (hour > 23 || result.minute > 59 || result.second_ > 59) return undefined;
  if (result.first > 31 || result.second > 31 || result.first < 1 || result.second < 1) return undefined;
  return result;
}

/** What one slash date says about the file's order: only a part above 12 decides. */
export function orderEvidence(date: ExportDate): DayMonthOrder | undefined {
  if (date.order !== "slash") return undefined;
  if (date.first > 12 && date.second <= 12) return "dmy";
  if (date.second > 12 && date.first <= 12) return "mdy";
  return undefined;
}

/** ISO 8601 text; no zone suffix for local times. Undefined when the date is impossible. */
export function toIso(date: ExportDate, slashOrder: DayMonthOrder): string | undefined {
  let month = date.first;
  let day = date.second;
  if (date.order === "slash" && slashOrder === "dmy") [month, day] = [date.second, date.first];
  if (month > 12) return undefined;
  const pad = (value: number, width = 2): string => String(value).padStart(width, "0");
  const millis = date.millis > 0 ? `.${pad(date.millis, 3)}` : "";
  return `${pad(date.year, 4)}-${pad(month)}-${pad(day)}T${pad(date.hour)}:${pad(date.minute)}:${pad(date.second_)}${millis}${date.utc ? "Z" : ""}`;
}

/** ISO text of a UTC instant as XML gives it ("2025-06-08T07:14:05.1454614Z"), cut to milliseconds. */
export function normaliseUtc(text: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec((text ?? "").trim());
  if (!match) return undefined;
  const fraction = (match[3] ?? "").padEnd(3, "0").slice(0, 3);
  return `${match[1]}T${match[2]}${fraction === "000" ? "" : `.${fraction}`}Z`;
}
