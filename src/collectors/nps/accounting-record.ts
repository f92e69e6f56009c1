/**
 * One accounting record in a format-neutral shape (IAS, ODBC and DTS are all read into it), and the
 * value readers every format shares. The string readers (accounting.ts) and the byte reader
 * (accounting-bytes.ts) fill the same shape with the same helpers.
 */
import {
  decodeAccountSessionId,
  parseQuarantineSessionId,
  presentValue,
  type SessionRef,
} from "./identity.js";

export interface AccountingRecord {
  format: "ias" | "odbc" | "dts";
  line: number;
  time?: string;
  user?: string;
  machineNames: (string | undefined)[];
  callingStation?: string;
  policy?: string;
  quarantineState?: number;
  extendedState?: number;
  session?: SessionRef;
  sessionId?: string;
  osVersion?: string;
  healthResult?: string;
  /** Request/response pairing (pairing.ts): Packet-Type, Reason-Code, Class and the account names. */
  packetType?: number;
  reasonCode?: number;
  classKey?: string;
  accounts: (string | undefined)[];
}

/** `11/17/2026` + `8:05:09` → `2026-11-17T08:05:09` (local time, as NPS writes it). */
export function localStamp(date: string | undefined, time: string | undefined): string | undefined {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date?.trim() ?? "");
  const t = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(time?.trim() ?? "");
  if (!d || !t) return undefined;
  const pad = (n: string): string => n.padStart(2, "0");
  return `${d[3]}-${pad(d[1]!)}-${pad(d[2]!)}T${pad(t[1]!)}:${t[2]}:${t[3]}`;
}

export function toInt(value: string | undefined): number | undefined {
  const text = presentValue(value);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

export function sessionOf(
  quarantineSessionId: string | undefined,
  acctSessionId: string | undefined,
): SessionRef | undefined {
  return parseQuarantineSessionId(quarantineSessionId) ?? decodeAccountSessionId(acctSessionId);
}
