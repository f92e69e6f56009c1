/**
 * NPS Security-log events 6272–6280 (provider Microsoft-Windows-Security-Auditing, subcategory
 * "Network Policy Server"), read the same way whatever the export format: by event ID and field
 * position (%1 … %29), never by the localised labels (knowledge/nps.md section 7).
 */
import type { NapState } from "./facts.js";
import {
  decodeAccountSessionId,
  identifyMachine,
  parseQuarantineSessionId,
  presentValue,
} from "./identity.js";
import type { NpsRecord } from "./record.js";
import { deniedLayoutAs2008, eventReasonCode } from "./event-reason.js";
import { parseShvResultText } from "./shv-result.js";

export const NPS_EVENT_IDS = [6272, 6273, 6274, 6275, 6276, 6277, 6278, 6279, 6280] as const;
export const SECURITY_AUDITING = "Microsoft-Windows-Security-Auditing";

export function isNpsEventId(id: number): boolean {
  return id >= 6272 && id <= 6280;
}

/** EventData names in position order (%1 = index 0). Positions 25–29 only for 6276/6277/6278. */
export const NPS_EVENT_FIELDS = [
  "SubjectUserSid",
  "SubjectUserName",
  "SubjectDomainName",
  "FullyQualifiedSubjectUserName",
  "SubjectMachineSID",
  "SubjectMachineName",
  "FullyQualifiedSubjectMachineName",
  "MachineInventory",
  "CalledStationID",
  "CallingStationID",
  "NASIPv4Address",
  "NASIPv6Address",
  "NASIdentifier",
  "NASPortType",
  "NASPort",
  "ClientName",
  "ClientIPAddress",
  "ProxyPolicyName",
  "NetworkPolicyName",
  "AuthenticationProvider",
  "AuthenticationServer",
  "AuthenticationType",
  "EAPType",
  "AccountSessionIdentifier",
  "QuarantineState",
  "ExtendedQuarantineState",
  "QuarantineSessionID",
  "QuarantineHelpURL",
  "QuarantineSystemHealthResult",
] as const;

const NAP_EVENTS = new Set([6276, 6277, 6278]);
const ALIASES: Record<string, string> = { QuarantineSessionIdentifier: "QuarantineSessionID" };

export function stateOfEvent(id: number): NapState {
  switch (id) {
    case 6276:
      return "restricted";
    case 6277:
      return "probation";
    case 6278:
      return "full-access";
    case 6273:
      return "denied";
    case 6272:
      return "granted";
    default:
      return "unknown";
  }
}

export interface EventFields {
  /** Values by EventData name (XML exports). */
  byName?: Map<string, string>;
  /** Values by position, %1 = index 0 (rendered messages, unnamed Data). */
  byPosition?: string[];
}

export interface EventSystem {
  id: number;
  /** ISO time when the export gives one (XML SystemTime, wevtutil Date). */
  time?: string;
  /** Local time as the export printed it (CSV), used only when no UTC time is known. */
  localTime?: string;
  computer?: string;
}

/** One event → the common record; fields beyond %24 are read only for the NAP events 6276–6278. */
export function eventToRecord(
  system: EventSystem,
  fields: EventFields,
  where: { format: NpsRecord["format"]; file: string; line: number },
): NpsRecord {
  const byPosition = deniedLayoutAs2008(system.id, fields.byPosition);
  const value = (position: number): string | undefined => {
    if (position > 24 && !NAP_EVENTS.has(system.id)) return undefined;
    const name = NPS_EVENT_FIELDS[position - 1]!;
    const named = fields.byName?.get(name);
    if (named !== undefined) return presentValue(named);
    return presentValue(byPosition?.[position - 1]);
  };
  const quarantineSession = parseQuarantineSessionId(value(27));
  const accountSession = decodeAccountSessionId(value(24));
  const session = quarantineSession ?? accountSession;
  const healthText =
    fields.byName?.get("QuarantineSystemHealthResult") ??
    (NAP_EVENTS.has(system.id) ? fields.byPosition?.[28] : undefined);
  const shv =
    healthText && /\(\s*0x/i.test(healthText) ? parseShvResultText(healthText, where.line) : undefined;
  return {
    format: where.format,
    file: where.file,
    line: where.line,
    eventId: system.id,
    identity: identifyMachine({
      machine: [value(6), value(7)],
      user: value(2) ?? value(4),
      callingStation: value(10),
    }),
    time: system.time ?? session?.time ?? system.localTime,
    policy: value(19),
    proxyPolicy: value(18),
    osVersion: value(8),
    state: stateOfEvent(system.id),
    extendedState: value(26),
    session: session ? { key: session.key, time: session.time } : undefined,
    sessionId: value(27),
    shvBlocks: shv?.blocks,
    reasonCode: eventReasonCode(system.id, fields),
  };
}

/** Normalises EventData names (a few exports spell them differently). */
export function canonicalFieldName(name: string): string {
  return ALIASES[name] ?? name;
}

export const LABEL_LINE = /^[ \t]+(\S[^\t]*?)\s*:(?:[ \t]+(.*?))?\s*$/;

const SPACE_OR_TAB = /[ \t]/;
const WHITESPACE_ONLY = /^\s*$/;

/**
 * The value of an indented `label: value` line, as LABEL_LINE reads it (group 2, "" when absent),
 * or undefined when the line is no field. Without the pattern's backtracking, which was the largest
 * cost of reading a CSV export after the CSV parser (a property test holds it to the pattern).
 */
export function labelValue(line: string): string | undefined {
  let start = 0;
  while (start < line.length && (line[start] === " " || line[start] === "\t")) start++;
  if (start === 0 || start === line.length || /\s/.test(line[start]!)) return undefined;
  // the label is at least its first character: the colon comes after it
  for (let colon = line.indexOf(":", start + 1); colon >= 0; colon = line.indexOf(":", colon + 1)) {
    // the label (no tab) then only whitespace up to the colon
    const label = line.slice(start, colon).trimEnd();
    if (label.includes("\t")) return undefined; // a later colon has the same tab before it
    const rest = line.slice(colon + 1);
    if (WHITESPACE_ONLY.test(rest)) return "";
    if (SPACE_OR_TAB.test(rest[0]!)) return rest.replace(/^[ \t]+/, "").trimEnd();
  }
  return undefined;
}

/**
 * A rendered message (CSV, wevtutil text) → values by position. A field is an indented
 * `label: value` line; section headers are not indented. After %28 everything left is %29
 * (the health result spans several lines).
 */
export function fieldsFromMessage(message: string, eventId: number): string[] {
  const lines = message.split(/\r\n|\n|\r/);
  const values: string[] = [];
  const napEvent = NAP_EVENTS.has(eventId);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const value = labelValue(line);
    if (value === undefined) continue;
    values.push(value);
    if (napEvent && values.length === 29) {
      const rest = [value, ...lines.slice(i + 1)];
      values[28] = rest.join("\n");
      break;
    }
  }
  return values;
}

/** `10/7/2016 06:38:24 PM`, `27.10.2021 12:28:26`, `2021-10-27 12:28:26` → `2016-10-07T18:38:24` (no zone). */
export function parseLocalTime(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const pad = (n: number): string => String(n).padStart(2, "0");
  const clock = (h: string, m: string, sec: string, ampm?: string): string => {
    let hour = Number(h);
    if (ampm && /pm/i.test(ampm) && hour < 12) hour += 12;
    if (ampm && /am/i.test(ampm) && hour === 12) hour = 0;
    return `${pad(hour)}:${m}:${sec}`;
  };
  let match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})/.exec(value);
  if (match) return `${match[1]}-${match[2]}-${match[3]}T${clock(match[4]!, match[5]!, match[6]!)}`;
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?/i.exec(value);
  if (match) {
    return `${match[3]}-${pad(Number(match[1]))}-${pad(Number(match[2]))}T${clock(match[4]!, match[5]!, match[6]!, match[7])}`;
  }
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})/.exec(value);
  if (match)
    return `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}T${clock(match[4]!, match[5]!, match[6]!)}`;
  return undefined;
}
