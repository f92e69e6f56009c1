/**
 * Identity helpers shared by every NPS format: the NAP session id (join key) and machine names.
 * The 24-byte correlation id (Account-Session-Identifier, DTS Acct-Session-Id) is a GUID with
 * little-endian fields followed by a little-endian FILETIME (knowledge/nps.md 5.2, checked on the seed).
 */
import type { MachineFrom } from "./facts.js";

export interface SessionRef {
  /** Lower-case GUID without braces. */
  key: string;
  /** ISO UTC time of the session start, when known. */
  time?: string;
}

const GUID = /\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;

/** `{5E0E29F1-2459-441D-A575-39224835F0FD} - 2006-08-28 23:44:32.391Z` → key + time. */
export function parseQuarantineSessionId(text: string | undefined): SessionRef | undefined {
  if (!text) return undefined;
  const guid = GUID.exec(text);
  if (!guid) return undefined;
  const stamp = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*Z?/.exec(
    text.slice(guid.index + guid[0].length),
  );
  const time = stamp ? toIso(`${stamp[1]}T${stamp[2]}Z`) : undefined;
  return { key: guid[1]!.toLowerCase(), time };
}

/** `F1290E5E…C601` (48 hex digits, optional 0x) → the same key as the Quarantine-Session-Identifier. */
export function decodeAccountSessionId(text: string | undefined): SessionRef | undefined {
  if (!text) return undefined;
  const hex = text.trim().replace(/^0x/i, "");
  if (!/^[0-9a-f]{48}$/i.test(hex)) return undefined;
  const bytes = Buffer.from(hex, "hex");
  const d1 = bytes.readUInt32LE(0).toString(16).padStart(8, "0");
  const d2 = bytes.readUInt16LE(4).toString(16).padStart(4, "0");
  const d3 = bytes.readUInt16LE(6).toString(16).padStart(4, "0");
  const d4 = bytes.subarray(8, 10).toString("hex");
  const d5 = bytes.subarray(10, 16).toString("hex");
  const filetime = bytes.readBigUInt64LE(16);
  const ms = Number(filetime / 10_000n) - 11_644_473_600_000;
  // A FILETIME outside 1990..2100 means this is not a NAP correlation id.
  if (ms < 631_152_000_000 || ms > 4_102_444_800_000) return undefined;
  return { key: `${d1}-${d2}-${d3}-${d4}-${d5}`, time: new Date(ms).toISOString() };
}

function toIso(text: string): string | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** NPS placeholders that mean "no value": `<not present>`, `<undetermined>`, `-`, empty. */
export function presentValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || trimmed === "-" || /^<[^>]*>$/.test(trimmed)) return undefined;
  return trimmed;
}

/** `CONTOSO\PC01$`, `host/pc01.contoso.com`, `contoso.com/Computers/PC01`, `pc01.contoso.com` → `PC01`/`pc01`. */
export function shortMachineName(value: string | undefined): string | undefined {
  let name = presentValue(value);
  if (!name) return undefined;
  name = name.replace(/^host\//i, "");
  name = name.split(/[\\/]/).pop() ?? name;
  name = name.replace(/\$$/, "");
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(name)) name = name.split(".")[0] ?? name;
  return name || undefined;
}

/** A user name that names a computer account (`host/…` or `…$`). */
export function machineFromUserName(value: string | undefined): string | undefined {
  const name = presentValue(value);
  if (!name) return undefined;
  if (/^host\//i.test(name) || /\$$/.test(name)) return shortMachineName(name);
  return undefined;
}

export interface MachineIdentity {
  machine: string;
  machineFrom: MachineFrom;
}

/** Best identifier for a record: machine fields, else a machine account, else the user or station. */
export function identifyMachine(candidates: {
  machine?: (string | undefined)[];
  user?: string;
  callingStation?: string;
}): MachineIdentity {
  for (const value of candidates.machine ?? []) {
    const name = shortMachineName(value);
    if (name) return { machine: name, machineFrom: "machine" };
  }
  const fromUser = machineFromUserName(candidates.user);
  if (fromUser) return { machine: fromUser, machineFrom: "machine" };
  const user = presentValue(candidates.user);
  if (user) return { machine: `user ${user}`, machineFrom: "user" };
  const station = presentValue(candidates.callingStation);
  if (station) return { machine: `station ${station}`, machineFrom: "calling-station" };
  return { machine: "(unidentified client)", machineFrom: "none" };
}

/**
 * identifyMachine() for records that repeat the same few names millions of times: the answer per
 * name is kept (bounded), so a log of 10,000 machines names each machine once, not once a record.
 * The identities returned are shared between records: read-only.
 */
export class MachineIdentities {
  private readonly byMachine = new Map<string, MachineIdentity | null>();
  private readonly byUser = new Map<string, MachineIdentity>();
  private readonly byStation = new Map<string, MachineIdentity>();

  identify(
    machine: readonly (string | undefined)[],
    user?: string,
    callingStation?: string,
  ): MachineIdentity {
    for (const value of machine) {
      if (value === undefined) continue;
      const known = remembered(this.byMachine, value, () => {
        const name = shortMachineName(value);
        return name ? { machine: name, machineFrom: "machine" as const } : null;
      });
      if (known) return known;
    }
    if (user !== undefined) {
      const byUser = remembered(this.byUser, user, () => identifyMachine({ user }));
      if (byUser.machineFrom !== "none") return byUser;
    }
    if (callingStation === undefined) return identifyMachine({});
    return remembered(this.byStation, callingStation, () => identifyMachine({ callingStation }));
  }
}

const REMEMBERED = 50_000;

function remembered<T>(map: Map<string, T>, key: string, compute: () => T): T {
  const known = map.get(key);
  if (known !== undefined) return known;
  if (map.size >= REMEMBERED) map.clear();
  const value = compute();
  map.set(key, value);
  return value;
}

const keys = new Map<string, string>();

/** The key machines are grouped and joined by (kept per name: a log names each machine many times). */
export function machineKey(machine: string): string {
  let key = keys.get(machine);
  if (key === undefined) {
    if (keys.size >= REMEMBERED) keys.clear();
    key = machine.toLowerCase();
    keys.set(machine, key);
  }
  return key;
}
