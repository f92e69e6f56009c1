/**
 * FROZEN REFERENCE — the accounting reader (src/collectors/nps/accounting.ts) as it was before issue 19's
 * second pass (commit 943f3ad), kept unchanged so accounting-bytes.test.ts can require the byte
 * reader to give the same output. Do not edit: it is the definition the new reader is held to.
 */
/**
 * NPS accounting logs (IN*.log): IAS format, ODBC ("database-compatible") format and DTS XML
 * (`<Event>` elements with no root). The format is decided line by line, because changing the format
 * while a file is open leaves records of two formats in one file (knowledge/nps.md section 1).
 * IIS logs share the IN*.log naming: they are recognised by content and refused.
 */
import { parse as parseCsvLine } from "csv-parse/sync";
import type { EvidenceFile, Probe } from "../../../src/bundle/types.js";
import { parseWshvCode } from "../../../src/knowledge/wshv-decode.js";
import type { Collector, CollectorContext, CollectorOutput } from "../../../src/collectors/types.js";
import type { NapState, NpsFormat, NpsFragment } from "../../../src/collectors/nps/facts.js";
import { NpsFragmentBuilder } from "../../../src/collectors/nps/fragment.js";
import {
  decodeAccountSessionId,
  identifyMachine,
  parseQuarantineSessionId,
  presentValue,
  type SessionRef,
} from "../../../src/collectors/nps/identity.js";
import { AccountingPairing } from "./reference-pairing.js";
import { ProblemLog } from "../../../src/collectors/nps/problems.js";
import { finishRead } from "../../../src/collectors/nps/finish-read.js";
import { splitStrictCsvLine } from "../../../src/collectors/nps/csv-line.js";
import { parseShvResultText } from "../../../src/collectors/nps/shv-result.js";
import { npsXmlParser, textOf } from "../../../src/collectors/nps/xml-fragments.js";
import { assertNoStrayLessThan } from "../../../src/collectors/xml-guard.js";

const IAS_LINE = /^[^,"]*,[^,]*,\d{1,2}\/\d{1,2}\/\d{4},\d{1,2}:\d{2}:\d{2},[^,]*,[^,]*(?:,\d+,[^,]*)*\s*$/;
const ODBC_LINE = /^"[^"]*","[^"]*",\d{1,2}\/\d{1,2}\/\d{4},\d{1,2}:\d{2}:\d{2},\d+,/;
const DTS_START = /^\s*<Event>/;
const IIS_HEAD = /^#(?:Software|Version|Fields|Date):/m;
const MAX_DTS_LINES = 500;

const EXTENDED_STATES = ["no data", "transition", "infected", "unknown"];

/** The DTS element names read (lower case); other names are listed as unknown. */
const DTS_KNOWN = new Set(
  [
    "Timestamp",
    "Computer-Name",
    "Event-Source",
    "User-Name",
    "NAS-IP-Address",
    "NAS-Identifier",
    "NAS-Port",
    "NAS-Port-Type",
    "Called-Station-Id",
    "Calling-Station-Id",
    "Service-Type",
    "Framed-MTU",
    "Vendor-Specific",
    "Tunnel-Type",
    "Tunnel-Medium-Type",
    "Tunnel-Pvt-Group-ID",
    "Client-IP-Address",
    "Client-Vendor",
    "Client-Friendly-Name",
    "Proxy-Policy-Name",
    "Provider-Type",
    "Provider-Name",
    "SAM-Account-Name",
    "Fully-Qualifed-User-Name",
    "Fully-Qualified-User-Name",
    "Class",
    "Session-Timeout",
    "Authentication-Type",
    "NP-Policy-Name",
    "EAP-Friendly-Name",
    "Acct-Session-Id",
    "MS-Quarantine-State",
    "MS-Extended-Quarantine-State",
    "Quarantine-Update-Non-Compliant",
    "Packet-Type",
    "Reason-Code",
    // NAP names presumed from the attribute dictionary [unverified]: read when present.
    "Quarantine-Session-Id",
    "Quarantine-Session-Identifier",
    "MS-Machine-Name",
    "Machine-Name",
    "Fully-Qualified-Machine-Name",
    "Machine-Inventory",
    "MS-Machine-Inventory",
    "Not-Quarantine-Capable",
    "MS-Quarantine-SoH",
    "System-Health-Result",
    "Quarantine-System-Health-Result",
    "MS-Quarantine-System-Health-Result",
  ].map((name) => name.toLowerCase()),
);

/** One accounting record in a format-neutral shape. */
interface AccountingRecord {
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

export function classifyAccountingHead(head: string): NpsFormat | undefined {
  if (IIS_HEAD.test(head)) return undefined;
  const first = head.split(/\r\n|\n|\r/).find((line) => line.trim() !== "");
  if (first === undefined) return undefined;
  if (DTS_START.test(first) && /data_type\s*=/.test(head)) return "dts";
  if (ODBC_LINE.test(first)) return "odbc";
  if (IAS_LINE.test(first)) return "ias";
  return undefined;
}

function localStamp(date: string | undefined, time: string | undefined): string | undefined {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date?.trim() ?? "");
  const t = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(time?.trim() ?? "");
  if (!d || !t) return undefined;
  const pad = (n: string): string => n.padStart(2, "0");
  return `${d[3]}-${pad(d[1]!)}-${pad(d[2]!)}T${pad(t[1]!)}:${t[2]}:${t[3]}`;
}

function toInt(value: string | undefined): number | undefined {
  const text = presentValue(value);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function sessionOf(
  quarantineSessionId: string | undefined,
  acctSessionId: string | undefined,
): SessionRef | undefined {
  return parseQuarantineSessionId(quarantineSessionId) ?? decodeAccountSessionId(acctSessionId);
}

/** IAS: NAS-IP, User-Name, Record-Date, Record-Time, Service-Name, Computer-Name, then `id,value` pairs. */
export function parseIasLine(text: string, line: number): AccountingRecord | undefined {
  const fields = text.split(",");
  if (fields.length < 6 || (fields.length - 6) % 2 !== 0) return undefined;
  const ids: number[] = [];
  for (let i = 6; i + 1 < fields.length; i += 2) {
    const id = Number(fields[i]);
    if (!Number.isInteger(id)) return undefined;
    ids.push(id);
  }
  // A few of ~15 attributes are read: a scan of the ids (the last one wins, as in a map) is
  // cheaper than building a map per line.
  const get = (id: number): string | undefined => {
    for (let k = ids.length - 1; k >= 0; k--) if (ids[k] === id) return presentValue(fields[7 + 2 * k]);
    return undefined;
  };
  const quarantineSessionId = get(8133);
  return {
    format: "ias",
    line,
    time: localStamp(fields[2], fields[3]),
    user: presentValue(fields[1]) ?? get(4129),
    machineNames: [get(8138), get(8126), get(8129)],
    callingStation: get(31),
    policy: get(4149),
    quarantineState: toInt(get(8111)),
    extendedState: toInt(get(8153)),
    session: sessionOf(quarantineSessionId, get(44)),
    sessionId: quarantineSessionId,
    osVersion: get(8148),
    healthResult: get(8124),
    packetType: toInt(get(4136)),
    reasonCode: toInt(get(4142)),
    classKey: get(25),
    accounts: [presentValue(fields[1]), get(4129), get(4130)],
  };
}

/** ODBC: fixed columns (0 ComputerName … 59); there is no NAP column, only identity and policy. */
export function parseOdbcLine(text: string, line: number): AccountingRecord | undefined {
  let row = splitStrictCsvLine(text);
  try {
    row ??= (parseCsvLine(text, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    return undefined;
  }
  if (row.length < 26) return undefined;
  return {
    format: "odbc",
    line,
    time: localStamp(row[2], row[3]),
    // a reject leaves User-Name empty: the Fully-Qualified-Distinguished-Name column still names the account
    user: presentValue(row[5]) ?? presentValue(row[6]),
    machineNames: [],
    callingStation: presentValue(row[8]),
    policy: presentValue(row[24]),
    session: decodeAccountSessionId(row[35]),
    packetType: toInt(row[4]),
    reasonCode: toInt(row[25]),
    classKey: presentValue(row[26]),
    accounts: [row[5], row[6]],
  };
}

const FLAT_CHILD = /<([A-Za-z][\w.-]*)(?:\s[^<>]*)?(?:\/>|>([^<]*)<\/\1\s*>)/g;

/**
 * The children of a flat DTS `<Event>` (every child `<Name data_type="n">text</Name>`), read with one
 * pattern because building a full XML tree per record is what makes large logs slow. Undefined when
 * the event is not flat (nested elements, CDATA, comments): fast-xml-parser reads those.
 */
export function flatDtsChildren(xml: string): Map<string, string> | undefined {
  const inner = /^\s*<Event\s*>([\s\S]*)<\/Event\s*>\s*$/.exec(xml)?.[1];
  if (inner === undefined || /<!|<\?/.test(inner)) return undefined;
  const values = new Map<string, string>();
  FLAT_CHILD.lastIndex = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = FLAT_CHILD.exec(inner)) !== null) {
    if (inner.slice(consumed, match.index).trim() !== "") return undefined;
    consumed = match.index + match[0].length;
    const name = match[1]!;
    if (!values.has(name)) values.set(name, decodeEntities(match[2] ?? ""));
  }
  return inner.slice(consumed).trim() === "" ? values : undefined;
}

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi, (whole, hex, dec, name) => {
    if (hex) return String.fromCodePoint(Number.parseInt(hex as string, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[(name as string).toLowerCase()] ?? whole;
  });
}

function treeDtsChildren(xml: string): Map<string, string> | undefined {
  assertNoStrayLessThan(xml);
  const parsed = npsXmlParser.parse(xml) as Record<string, unknown>;
  const event = parsed["Event"];
  if (!event || typeof event !== "object") return undefined;
  const values = new Map<string, string>();
  for (const [name, node] of Object.entries(event as Record<string, unknown>)) {
    if (name.startsWith("@_") || name === "#text") continue;
    const first = Array.isArray(node) ? node[0] : node;
    const text = textOf(first);
    if (text !== undefined) values.set(name, text);
  }
  return values;
}

/** DTS: one `<Event>` of `<Name data_type="n">value</Name>` children; names matched case-insensitively. */
export function parseDtsEvent(
  xml: string,
  line: number,
  onUnknown: (name: string) => void,
): AccountingRecord | undefined {
  const children = flatDtsChildren(xml) ?? treeDtsChildren(xml);
  if (!children) return undefined;
  const values = new Map<string, string>();
  for (const [name, text] of children) {
    const lower = name.toLowerCase();
    if (!DTS_KNOWN.has(lower)) onUnknown(name);
    values.set(lower, text);
  }
  const get = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = presentValue(values.get(name.toLowerCase()));
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const stamp = /^(\d{1,2}\/\d{1,2}\/\d{4})\s+(\S+)$/.exec(get("Timestamp") ?? "");
  const quarantineSessionId = get("Quarantine-Session-Id", "Quarantine-Session-Identifier");
  return {
    format: "dts",
    line,
    time: stamp ? localStamp(stamp[1], stamp[2]) : undefined,
    user: get("User-Name", "SAM-Account-Name", "Fully-Qualifed-User-Name"),
    machineNames: [get("MS-Machine-Name"), get("Machine-Name"), get("Fully-Qualified-Machine-Name")],
    callingStation: get("Calling-Station-Id"),
    policy: get("NP-Policy-Name"),
    quarantineState: toInt(get("MS-Quarantine-State")),
    extendedState: toInt(get("MS-Extended-Quarantine-State")),
    session: sessionOf(quarantineSessionId, get("Acct-Session-Id")),
    sessionId: quarantineSessionId,
    osVersion: get("Machine-Inventory", "MS-Machine-Inventory"),
    healthResult: get(
      "System-Health-Result",
      "Quarantine-System-Health-Result",
      "MS-Quarantine-System-Health-Result",
    ),
    packetType: toInt(get("Packet-Type")),
    reasonCode: toInt(get("Reason-Code")),
    classKey: get("Class"),
    accounts: [
      get("User-Name"),
      get("SAM-Account-Name"),
      get("Fully-Qualifed-User-Name", "Fully-Qualified-User-Name"),
    ],
  };
}

function stateOf(quarantineState: number | undefined): NapState {
  if (quarantineState === 0) return "full-access";
  if (quarantineState === 1) return "restricted";
  if (quarantineState === 2) return "probation";
  return "unknown";
}

/**
 * IAS writes a value holding unprintable characters or the delimiter as `0x` + hex of its bytes
 * (knowledge/nps.md section 3): a health result text with line breaks comes out that way. Returns the
 * text when the bytes decode to one with `(0x…-` entries.
 */
export function hexEncodedText(value: string): string | undefined {
  const hex = value.trim().replace(/^0x/i, "");
  if (hex.length < 8 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return undefined;
  const bytes = Buffer.from(hex, "hex");
  let zeroOdd = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeroOdd++;
  const text = zeroOdd > bytes.length / 4 ? bytes.toString("utf16le") : bytes.toString("latin1");
  return /\(\s*0x[0-9a-f]+\s*-/i.test(text) ? text : undefined;
}

/** Big-endian DWORDs that look like WSHV codes in a hex blob: a heuristic, never a finding. */
export function scanHexForCodes(value: string): number[] {
  const hex = value.trim().replace(/^0x/i, "");
  if (!/^[0-9a-f]+$/i.test(hex) || hex.length < 8) return [];
  const codes: number[] = [];
  const pattern = /(?:c0|00)ff00[0-9a-f]{2}/gi;
  for (const match of hex.matchAll(pattern)) {
    if ((match.index ?? 1) % 2 !== 0) continue;
    const code = parseWshvCode("0x" + match[0]);
    if (code !== undefined && code !== 0) codes.push(code);
  }
  return codes;
}

export class AccountingReader {
  readonly problems: ProblemLog;
  records = 0;
  rejected = 0;
  private dts: { lines: string[]; start: number } | undefined;
  private readonly pairing = new AccountingPairing();

  constructor(
    private readonly file: string,
    private readonly builder: NpsFragmentBuilder,
    samples: number,
  ) {
    this.problems = new ProblemLog(samples);
  }

  line(text: string, number: number): void {
    if (this.dts) {
      this.dts.lines.push(text);
      if (text.includes("</Event>")) this.flushDts(number);
      else if (this.dts.lines.length > MAX_DTS_LINES) {
        this.reject(this.dts.start, "DTS <Event> element never closed; skipped.", this.dts.lines[0] ?? "");
        this.dts = undefined;
      }
      return;
    }
    if (text.trim() === "") return;
    if (DTS_START.test(text)) {
      this.dts = { lines: [text], start: number };
      if (text.includes("</Event>")) this.flushDts(number);
      return;
    }
    const record = ODBC_LINE.test(text)
      ? parseOdbcLine(text, number)
      : IAS_LINE.test(text)
        ? parseIasLine(text, number)
        : undefined;
    if (!record) {
      this.reject(number, "Line is neither an IAS, a database-compatible (ODBC) nor a DTS record.", text);
      return;
    }
    this.add(record);
  }

  end(): void {
    if (this.dts)
      this.reject(
        this.dts.start,
        "DTS <Event> element not closed at the end of the file.",
        this.dts.lines[0] ?? "",
      );
    this.dts = undefined;
  }

  private flushDts(number: number): void {
    const fragment = this.dts!;
    this.dts = undefined;
    const xml = fragment.lines.join("\n");
    // Records of several events on one line: split on </Event>.
    const parts = xml.split("</Event>").slice(0, -1);
    for (const part of parts) {
      const start = part.indexOf("<Event>");
      if (start < 0) continue;
      let record: AccountingRecord | undefined;
      try {
        record = parseDtsEvent(part.slice(start) + "</Event>", fragment.start, (name) =>
          this.builder.noteUnknownElement(name),
        );
      } catch {
        record = undefined;
      }
      if (!record)
        this.reject(fragment.start, `DTS <Event> is not well-formed XML (ends at line ${number}).`, part);
      else this.add(record);
    }
  }

  private reject(line: number, message: string, sample: string): void {
    this.rejected++;
    this.problems.add(message, { line, message, sample: sample.slice(0, 120), severity: "warning" });
  }

  private add(record: AccountingRecord): void {
    this.records++;
    // a response takes its request's identity: one machine, not two (pairing.ts)
    const identity = this.pairing.identify(
      record,
      identifyMachine({
        machine: record.machineNames,
        user: record.user,
        callingStation: record.callingStation,
      }),
      { file: this.file, builder: this.builder },
    );
    const state = stateOf(record.quarantineState);
    this.builder.addAccounting(
      {
        machine: identity.machine,
        machineFrom: identity.machineFrom,
        time: record.time,
        quarantineState: record.quarantineState,
        state,
        extendedState: record.extendedState,
        extendedStateName:
          record.extendedState === undefined ? undefined : EXTENDED_STATES[record.extendedState],
        sessionKey: record.session?.key,
        sessionId: record.sessionId,
        policy: record.policy,
        format: record.format,
        file: this.file,
        line: record.line,
      },
      record.osVersion,
    );
    if (!record.healthResult) return;
    const healthText = /\(\s*0x/i.test(record.healthResult)
      ? record.healthResult
      : hexEncodedText(record.healthResult);
    if (healthText) {
      const shv = parseShvResultText(healthText, record.line);
      this.builder.addRecord({
        format: record.format,
        file: this.file,
        line: record.line,
        identity,
        time: record.time ?? record.session?.time,
        policy: record.policy,
        osVersion: record.osVersion,
        state,
        extendedState: record.extendedState === undefined ? undefined : EXTENDED_STATES[record.extendedState],
        session: record.session,
        sessionId: record.sessionId,
        shvBlocks: shv.blocks,
      });
      return;
    }
    for (const code of scanHexForCodes(record.healthResult)) this.builder.noteHeuristicCode(code);
  }
}

export const accountingCollector: Collector<NpsFragment> = {
  kind: "nps-accounting-log",
  source: "nps",
  label: "NPS accounting log (IAS, database-compatible or DTS XML format)",
  howToCollect:
    "Copy %SystemRoot%\\System32\\LogFiles\\IN*.log from the NPS server (the folder set in NPS > Accounting > Log File Properties).",
  detect(probe: Probe): number {
    const format = classifyAccountingHead(probe.head);
    return format === "dts" ? 90 : format === "odbc" ? 85 : format === "ias" ? 80 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const reader = new AccountingReader(file.path, builder, context.limits.maxSamples);
    for await (const batch of file.lineBatches({ maxLineLength: context.limits.maxLineLength })) {
      for (const line of batch) {
        if (line.truncated) {
          reader.rejected++;
          reader.problems.add("line too long", {
            line: line.number,
            message: "Line longer than the limit; skipped.",
            sample: line.text.slice(0, 80),
            severity: "warning",
          });
          continue;
        }
        reader.line(line.text, line.number);
      }
    }
    reader.end();
    return finishRead(
      reader,
      builder,
      reader.problems,
      "No IAS, database-compatible or DTS accounting record could be read.",
    );
  },
};
