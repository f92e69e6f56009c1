/**
 * IAS and database-compatible (ODBC) accounting lines read from their bytes (issue 19, ADR 0022
 * "second pass"): the separators are found in the bytes and only the columns the checks read are
 * decoded — no string per field (ODBC has 60), no line string. It answers only for the plain form
 * NPS writes — an ODBC line in the strict CSV form without doubled quotes, an IAS line whose ids are
 * plain digits, dates and times as the line patterns of accounting.ts require — and returns
 * undefined for anything else, which the string reader (accounting.ts) then reads: that reader stays
 * the definition, and an equivalence test holds this one to it.
 */
import type { TextEncoding } from "../../bundle/types.js";
import {
  decodeAccountSessionId,
  parseQuarantineSessionId,
  presentValue,
  type SessionRef,
} from "./identity.js";
import { toInt, type AccountingRecord } from "./accounting-record.js";
import { lineDecoder } from "./byte-lines.js";

const COMMA = 44;
const QUOTE = 34;
const LESS_THAN = 60;
const DASH = 45;
const ZERO = 48;
const NINE = 57;
const SLASH = 47;
const COLON = 58;
const MAX_FIELDS = 4096;
/** Longer digit runs than this may round in a double: the string reader decides them. */
const MAX_DIGITS = 15;
/** An Account-Session-Identifier is 48 hex digits: a shorter field cannot be one. */
const SESSION_HEX = 48;
const KEPT_SESSIONS = 50_000;

/** The IAS attribute ids read (accounting.ts parseIasLine), each with a slot of its own. */
const IAS_IDS = [
  8138, 8126, 8129, 31, 4149, 8111, 8153, 8133, 44, 8148, 8124, 4136, 4142, 25, 4129, 4130,
] as const;
const SLOT = new Map<number, number>(IAS_IDS.map((id, slot) => [id, slot]));
const [
  MS_MACHINE_NAME,
  MACHINE_NAME,
  FQ_MACHINE_NAME,
  CALLING_STATION,
  POLICY,
  QUARANTINE_STATE,
  EXTENDED_STATE,
  QUARANTINE_SESSION,
  ACCT_SESSION,
  OS_VERSION,
  HEALTH_RESULT,
  PACKET_TYPE,
  REASON_CODE,
  CLASS,
  SAM_ACCOUNT,
  FQ_USER,
] = IAS_IDS.map((_, slot) => slot) as number[] as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export class AccountingBytes {
  /** Field i is bytes[starts[i], ends[i]) (quotes excluded). */
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  /** IAS: the value field of each id read, -1 when absent. */
  private readonly slots = new Int32Array(IAS_IDS.length);
  private bytes: Buffer = Buffer.alloc(0);
  /** The line holds a byte over 0x7F: fields are decoded with the file's encoding, not as ASCII. */
  private wide = false;
  private readonly decode: (bytes: Uint8Array) => string;
  private readonly stamps = new StampCache();
  private readonly sessions = new Map<string, SessionRef | null>();

  constructor(encoding: Extract<TextEncoding, "utf-8" | "windows-1252">) {
    this.decode = lineDecoder(encoding);
  }

  /** The record of an IAS or ODBC line in the plain form, or undefined (the string reader decides). */
  read(bytes: Buffer, start: number, end: number, line: number): AccountingRecord | undefined {
    if (start === end) return undefined;
    this.bytes = bytes;
    const first = bytes[start]!;
    if (first === QUOTE) return this.odbc(start, end, line);
    // blank lines, DTS `<Event>` and anything led by a space or a non-ASCII byte: the string reader
    if (first <= 32 || first >= 0x80 || first === LESS_THAN) return undefined;
    return this.ias(start, end, line);
  }

  /** ODBC: the strict CSV form (csv-line.ts), then the ODBC_LINE shape of accounting.ts. */
  private odbc(start: number, end: number, line: number): AccountingRecord | undefined {
    const count = this.splitStrict(start, end);
    if (count < 26) return undefined;
    const { starts, ends, bytes } = this;
    // ODBC_LINE: two quoted fields, date, time, a packet type, then more fields
    if (bytes[starts[0]! - 1] !== QUOTE || bytes[starts[1]! - 1] !== QUOTE) return undefined;
    if (!this.unquoted(2) || !this.unquoted(3) || !this.unquoted(4)) return undefined;
    const time = this.stamps.read(bytes, starts[2]!, ends[2]!, starts[3]!, ends[3]!);
    if (time === undefined || !this.allDigits(starts[4]!, ends[4]!)) return undefined;
    const rawUser = this.text(5);
    const rawDn = this.text(6);
    return {
      format: "odbc",
      line,
      time,
      user: this.presentText(5, rawUser) ?? this.presentText(6, rawDn),
      machineNames: [],
      callingStation: this.present(8),
      policy: this.present(24),
      session: this.accountSession(count > 35 ? 35 : -1),
      packetType: this.int(4),
      reasonCode: this.int(25),
      classKey: this.present(26),
      accounts: [rawUser, rawDn],
    };
  }

  /** csv-line.ts's strict form: the field count, or 0 when the line is not in it (or has a doubled quote). */
  private splitStrict(start: number, end: number): number {
    const { bytes, starts, ends } = this;
    let wide = 0;
    let count = 0;
    let at = start;
    for (;;) {
      if (count === MAX_FIELDS) return 0;
      if (at < end && bytes[at] === QUOTE) {
        let i = at + 1;
        while (i < end && bytes[i] !== QUOTE) wide |= bytes[i++]!;
        if (i === end) return 0; // unterminated quoted field
        starts[count] = at + 1;
        ends[count++] = i;
        at = i + 1;
        if (at === end) break;
        if (bytes[at] !== COMMA) return 0; // a doubled quote or text after the closing quote
        at++;
        continue;
      }
      let i = at;
      for (; i < end; i++) {
        const byte = bytes[i]!;
        if (byte === COMMA) break;
        if (byte === QUOTE) return 0; // a stray quote: csv-parse decides
        wide |= byte;
      }
      starts[count] = at;
      ends[count++] = i;
      if (i === end) break;
      at = i + 1;
    }
    this.wide = wide >= 0x80;
    return count;
  }

  /** IAS: the IAS_LINE shape of accounting.ts, ids in plain digits. */
  private ias(start: number, end: number, line: number): AccountingRecord | undefined {
    const { bytes, starts, ends, slots } = this;
    let wide = 0;
    let count = 0;
    let at = start;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte === COMMA) {
        if (count === MAX_FIELDS - 1) return undefined;
        starts[count] = at;
        ends[count++] = i;
        at = i + 1;
      } else if (byte === QUOTE && count === 0) return undefined;
      else wide |= byte;
    }
    starts[count] = at;
    ends[count++] = end;
    if (count < 6 || (count - 6) % 2 !== 0) return undefined;
    this.wide = wide >= 0x80;
    const time = this.stamps.read(bytes, starts[2]!, ends[2]!, starts[3]!, ends[3]!);
    if (time === undefined) return undefined;
    slots.fill(-1);
    for (let field = 6; field < count; field += 2) {
      const id = this.digits(starts[field]!, ends[field]!);
      if (id < 0) return undefined; // not an IAS line as IAS_LINE reads it, or a long id
      const slot = SLOT.get(id);
      if (slot !== undefined) slots[slot] = field + 1; // the last one wins, as in a map
    }
    const user = this.present(1);
    const quarantineSessionId = this.attribute(QUARANTINE_SESSION);
    const samAccount = this.attribute(SAM_ACCOUNT);
    return {
      format: "ias",
      line,
      time,
      user: user ?? samAccount,
      machineNames: [
        this.attribute(MS_MACHINE_NAME),
        this.attribute(MACHINE_NAME),
        this.attribute(FQ_MACHINE_NAME),
      ],
      callingStation: this.attribute(CALLING_STATION),
      policy: this.attribute(POLICY),
      quarantineState: this.intAttribute(QUARANTINE_STATE),
      extendedState: this.intAttribute(EXTENDED_STATE),
      session: this.quarantineSession(quarantineSessionId) ?? this.accountSession(slots[ACCT_SESSION]!),
      sessionId: quarantineSessionId,
      osVersion: this.attribute(OS_VERSION),
      healthResult: this.attribute(HEALTH_RESULT),
      packetType: this.intAttribute(PACKET_TYPE),
      reasonCode: this.intAttribute(REASON_CODE),
      classKey: this.attribute(CLASS),
      accounts: [user, samAccount, this.attribute(FQ_USER)],
    };
  }

  private attribute(slot: number): string | undefined {
    const field = this.slots[slot]!;
    return field < 0 ? undefined : this.present(field);
  }

  /** parseQuarantineSessionId(), kept per id: a machine's session id repeats on each of its records. */
  private quarantineSession(id: string | undefined): SessionRef | undefined {
    if (id === undefined) return undefined;
    let session = this.sessions.get(id);
    if (session === undefined) {
      if (this.sessions.size >= KEPT_SESSIONS) this.sessions.clear();
      session = parseQuarantineSessionId(id) ?? null;
      this.sessions.set(id, session);
    }
    return session ?? undefined;
  }

  private intAttribute(slot: number): number | undefined {
    const field = this.slots[slot]!;
    return field < 0 ? undefined : this.int(field);
  }

  private unquoted(field: number): boolean {
    return this.bytes[this.starts[field]! - 1] !== QUOTE;
  }

  /** The field's text, decoded as the string reader would decode it. */
  private text(field: number): string {
    const start = this.starts[field]!;
    const end = this.ends[field]!;
    if (!this.wide) return this.bytes.toString("latin1", start, end);
    return this.decode(this.bytes.subarray(start, end));
  }

  /** presentValue() of the field, without trimming or testing what cannot need it. */
  private present(field: number): string | undefined {
    const start = this.starts[field]!;
    const end = this.ends[field]!;
    if (start === end) return undefined;
    return this.plain(start, end)
      ? this.bytes.toString("latin1", start, end)
      : presentValue(this.text(field));
  }

  private presentText(field: number, text: string): string | undefined {
    return this.plain(this.starts[field]!, this.ends[field]!) ? text : presentValue(text);
  }

  /** ASCII, not led or ended by a space, not `-` nor `<…>`: presentValue() returns it as it is. */
  private plain(start: number, end: number): boolean {
    if (this.wide || start === end) return false;
    const first = this.bytes[start]!;
    const last = this.bytes[end - 1]!;
    return first > 32 && last > 32 && first !== LESS_THAN && !(end - start === 1 && first === DASH);
  }

  /** toInt() of the field. */
  private int(field: number): number | undefined {
    const start = this.starts[field]!;
    const end = this.ends[field]!;
    if (start === end) return undefined;
    const value = this.digits(start, end);
    return value >= 0 ? value : toInt(this.text(field));
  }

  /** The number a run of 1–15 ASCII digits spells, or -1. */
  private digits(start: number, end: number): number {
    if (start === end || end - start > MAX_DIGITS) return -1;
    let value = 0;
    for (let i = start; i < end; i++) {
      const byte = this.bytes[i]!;
      if (byte < ZERO || byte > NINE) return -1;
      value = value * 10 + (byte - ZERO);
    }
    return value;
  }

  private allDigits(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const byte = this.bytes[i]!;
      if (byte < ZERO || byte > NINE) return false;
    }
    return start < end;
  }

  /** decodeAccountSessionId() of the field: a field too short to hold 48 hex digits is none. */
  private accountSession(field: number): ReturnType<typeof decodeAccountSessionId> {
    if (field < 0) return undefined;
    if (this.ends[field]! - this.starts[field]! < SESSION_HEX) return undefined;
    return decodeAccountSessionId(presentValue(this.text(field)));
  }
}

/**
 * `M/D/YYYY` + `H:MM:SS` bytes → `YYYY-MM-DDTHH:MM:SS`, exactly the shapes IAS_LINE and ODBC_LINE
 * require (no fraction, no spaces), or undefined. The date's text is kept while the date repeats,
 * and the whole stamp while the second does (NPS logs several records a second).
 */
class StampCache {
  private readonly last = new Uint8Array(24);
  private lastLength = -1;
  private lastDateEnd = 0;
  private lastStamp = "";
  private datePrefix = "";

  read(
    bytes: Buffer,
    dateStart: number,
    dateEnd: number,
    timeStart: number,
    timeEnd: number,
  ): string | undefined {
    const dateLength = dateEnd - dateStart;
    const timeLength = timeEnd - timeStart;
    if (dateLength < 8 || dateLength > 10 || timeLength < 7 || timeLength > 8) return undefined;
    const length = dateLength + timeLength;
    const last = this.last;
    if (length === this.lastLength && dateLength === this.lastDateEnd) {
      let same = true;
      for (let i = 0; i < dateLength && same; i++) same = bytes[dateStart + i] === last[i];
      if (same) {
        let sameTime = true;
        for (let i = 0; i < timeLength && sameTime; i++)
          sameTime = bytes[timeStart + i] === last[dateLength + i];
        if (sameTime) return this.lastStamp;
        return this.withTime(bytes, timeStart, timeEnd, dateLength);
      }
    }
    const date = dateText(bytes, dateStart, dateEnd);
    if (date === undefined) return undefined;
    const stamp = timeText(bytes, timeStart, timeEnd);
    if (stamp === undefined) return undefined;
    for (let i = 0; i < dateLength; i++) last[i] = bytes[dateStart + i]!;
    for (let i = 0; i < timeLength; i++) last[dateLength + i] = bytes[timeStart + i]!;
    this.lastLength = length;
    this.lastDateEnd = dateLength;
    this.datePrefix = date;
    this.lastStamp = date + stamp;
    return this.lastStamp;
  }

  private withTime(
    bytes: Buffer,
    timeStart: number,
    timeEnd: number,
    dateLength: number,
  ): string | undefined {
    const stamp = timeText(bytes, timeStart, timeEnd);
    if (stamp === undefined) return undefined;
    for (let i = 0; i < timeEnd - timeStart; i++) this.last[dateLength + i] = bytes[timeStart + i]!;
    this.lastStamp = this.datePrefix + stamp;
    return this.lastStamp;
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= ZERO && byte <= NINE;
}

/** `M/D/YYYY` (one or two digits for month and day) → `YYYY-MM-DDT`. */
function dateText(bytes: Buffer, start: number, end: number): string | undefined {
  const firstSlash = bytes.indexOf(SLASH, start);
  if (firstSlash < 0 || firstSlash >= end) return undefined;
  const secondSlash = bytes.indexOf(SLASH, firstSlash + 1);
  if (secondSlash < 0 || secondSlash >= end || end - secondSlash !== 5) return undefined;
  const month = firstSlash - start;
  const day = secondSlash - firstSlash - 1;
  if (month < 1 || month > 2 || day < 1 || day > 2) return undefined;
  for (let i = start; i < end; i++)
    if (i !== firstSlash && i !== secondSlash && !isDigit(bytes[i])) return undefined;
  const year = bytes.toString("latin1", secondSlash + 1, end);
  const mm = (month === 1 ? "0" : "") + bytes.toString("latin1", start, firstSlash);
  const dd = (day === 1 ? "0" : "") + bytes.toString("latin1", firstSlash + 1, secondSlash);
  return `${year}-${mm}-${dd}T`;
}

/** `H:MM:SS` or `HH:MM:SS` → `HH:MM:SS`. */
function timeText(bytes: Buffer, start: number, end: number): string | undefined {
  const hours = end - start - 6;
  if (hours < 1 || hours > 2) return undefined;
  if (bytes[start + hours] !== COLON || bytes[start + hours + 3] !== COLON) return undefined;
  for (let i = start; i < end; i++) {
    if (i === start + hours || i === start + hours + 3) continue;
    if (!isDigit(bytes[i])) return undefined;
  }
  return (hours === 1 ? "0" : "") + bytes.toString("latin1", start, end);
}
