/**
 * Ties each Access-Accept / Access-Reject of an accounting log to the Access-Request it answers, so
 * a request and its reject are one machine, not two. NPS logs the response with fewer attributes
 * than the request: in the real files the reject has no User-Name and no MS-Machine-Name, only
 * SAM-Account-Name / Fully-Qualifed-User-Name (DTS: `DOMAIN\ComputerName.domain.com` answering a
 * request from `ComputerName.domain.com`; ODBC: an empty User-Name column) — knowledge/nps.md,
 * real-evidence/nps/PROVENANCE.md.
 *
 * 1. The Class attribute: NPS gives each request a Class (`311 1 <ip> <date time> <counter>`) and
 *    logs the response with the same value.
 * 2. Without a Class: NPS writes the response right after its request, so the last request read,
 *    when the response names the same account (or none) and is logged within a minute of it.
 *
 * Pending requests are bounded (retransmits replace their entry, answered ones are removed): memory
 * does not grow with the log.
 */
import type { MachineFrom, NpsRadiusDecision, PairedBy } from "./facts.js";
import type { MachineIdentity } from "./identity.js";
import { PACKET_TYPE } from "../../knowledge/radius-reasons.js";
import { withReason } from "./decisions.js";

const MAX_PENDING = 4096;
const ADJACENT_MS = 60_000;

export interface PendingRequest {
  identity: MachineIdentity;
  /** The account names the request carries, as logged (normalised only when a response without Class needs them). */
  accounts: readonly (string | undefined)[];
  classKey?: string;
  time?: string;
  policy?: string;
}

export interface Pairing {
  request?: PendingRequest;
  pairedBy: PairedBy;
}

export class RequestPairing {
  private readonly byClass = new Map<string, PendingRequest>();
  private last: PendingRequest | undefined;

  request(pending: PendingRequest): void {
    if (pending.classKey !== undefined) {
      this.byClass.delete(pending.classKey);
      this.byClass.set(pending.classKey, pending);
      if (this.byClass.size > MAX_PENDING) {
        const oldest = this.byClass.keys().next().value;
        if (oldest !== undefined) this.byClass.delete(oldest);
      }
    }
    this.last = pending;
  }

  /** The request an Accept or Reject answers; it is then no longer pending. */
  response(
    classKey: string | undefined,
    accounts: readonly (string | undefined)[],
    time: string | undefined,
  ): Pairing {
    if (classKey !== undefined) {
      const request = this.byClass.get(classKey);
      if (request) {
        this.byClass.delete(classKey);
        if (this.last === request) this.last = undefined;
        return { request, pairedBy: "class" };
      }
    }
    const last = this.last;
    if (
      last &&
      (classKey === undefined || last.classKey === undefined) &&
      close(last.time, time) &&
      sameAccount(last.accounts, accounts)
    ) {
      this.last = undefined;
      if (last.classKey !== undefined) this.byClass.delete(last.classKey);
      return { request: last, pairedBy: "adjacent" };
    }
    return { pairedBy: "unpaired" };
  }
}

/** The response names no account, or one of the request's (accountKeys() of each, compared without building them). */
function sameAccount(
  request: readonly (string | undefined)[],
  response: readonly (string | undefined)[],
): boolean {
  let named = false;
  for (const answer of response) {
    if (answer === undefined) continue;
    const names = keysOfValue(answer);
    if (names.length === 0) continue;
    named = true;
    for (const asked of request) {
      if (asked === undefined) continue;
      for (const key of keysOfValue(asked)) if (names.includes(key)) return true;
    }
  }
  return !named;
}

/** The last two times read and their milliseconds: a request and its response, read again and again. */
const parsedTexts: (string | undefined)[] = [undefined, undefined];
const parsedMs = [Number.NaN, Number.NaN];
let nextParsed = 0;

function msOf(time: string): number {
  if (time === parsedTexts[0]) return parsedMs[0]!;
  if (time === parsedTexts[1]) return parsedMs[1]!;
  const slot = nextParsed;
  nextParsed ^= 1;
  parsedTexts[slot] = time;
  parsedMs[slot] = Date.parse(time);
  return parsedMs[slot]!;
}

function close(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ms = Math.abs(msOf(a) - msOf(b));
  return Number.isFinite(ms) && ms <= ADJACENT_MS;
}

/**
 * Account names as NPS writes them in one record and another: `host/PC1.contoso.local`,
 * `CONTOSO\PC1$`, `PC1.contoso.local`, `contoso.local/Computers/PC1`, `CORP\andrew`, `andrew`,
 * `andrew@corp.example` → `pc1` / `andrew`. A dotted name with a domain part (two dots or more)
 * also gives its first label; `john.smith` stays whole.
 */
export function accountKeys(values: readonly (string | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const key of keysOfValue(value)) keys.add(key);
  }
  return [...keys];
}

const valueKeys = new Map<string, readonly string[]>();
const KEPT_VALUES = 50_000;

/** One account name's keys, kept per name: every response compares the same few names again. */
function keysOfValue(value: string): readonly string[] {
  let keys = valueKeys.get(value);
  if (keys === undefined) {
    if (valueKeys.size >= KEPT_VALUES) valueKeys.clear();
    keys = computeKeys(value);
    valueKeys.set(value, keys);
  }
  return keys;
}

function computeKeys(value: string): readonly string[] {
  let name = value.trim().toLowerCase();
  if (!name || name === "-" || /^<[^>]*>$/.test(name)) return [];
  name = name.replace(/^host\//, "");
  name = name.split(/[\\/]/).pop() ?? name;
  name = name.replace(/@.*$/, "").replace(/\$$/, "");
  if (!name) return [];
  const labels = name.split(".");
  return labels.length >= 3 && !/^\d+$/.test(labels[0]!) ? [name, labels[0]!] : [name];
}

const RANK: Record<MachineFrom, number> = { machine: 4, session: 4, user: 2, "calling-station": 1, none: 0 };

/** The better-known identity of a request and its response: a machine name over a user, the request's on a tie. */
export function pairedIdentity(request: MachineIdentity, response: MachineIdentity): MachineIdentity {
  return RANK[response.machineFrom] > RANK[request.machineFrom] ? response : request;
}

/** What pairing reads of an accounting record (accounting.ts fills it for IAS, ODBC and DTS). */
export interface PairableRecord {
  format: "ias" | "odbc" | "dts";
  line: number;
  time?: string;
  policy?: string;
  packetType?: number;
  reasonCode?: number;
  classKey?: string;
  accounts: readonly (string | undefined)[];
}

export interface DecisionSink {
  noteDecision(identity: MachineIdentity, decision: NpsRadiusDecision): void;
}

/** One accounting file's pairing: requests wait, each Accept/Reject takes its request's identity and is noted as a decision. */
export class AccountingPairing {
  private readonly pending = new RequestPairing();

  identify(
    record: PairableRecord,
    own: MachineIdentity,
    where: { file: string; builder: DecisionSink },
  ): MachineIdentity {
    const accounts = record.accounts;
    if (record.packetType === PACKET_TYPE.accessRequest) {
      this.pending.request({
        identity: own,
        accounts,
        classKey: record.classKey,
        time: record.time,
        policy: record.policy,
      });
      return own;
    }
    const outcome =
      record.packetType === PACKET_TYPE.accessAccept
        ? "accept"
        : record.packetType === PACKET_TYPE.accessReject
          ? "reject"
          : undefined;
    if (!outcome) return own;
    const { request, pairedBy } = this.pending.response(record.classKey, accounts, record.time);
    const identity = request ? pairedIdentity(request.identity, own) : own;
    where.builder.noteDecision(
      identity,
      withReason({
        outcome,
        time: record.time,
        reasonCode: record.reasonCode,
        policy: record.policy ?? request?.policy,
        pairedBy,
        format: record.format,
        file: where.file,
        line: record.line,
      }),
    );
    return identity;
  }
}
