/**
 * Registry.pol (PReg v1), from SYSVOL or a GPMC backup (knowledge/gpo.md §2.3).
 *
 * Record = [key;value;type;size;data] with UTF-16LE punctuation and strings and raw little-endian
 * DWORDs for type and size. Data may contain any byte (also `]` and `;`), so the reader always
 * advances by `size`. Damaged records are reported with their byte offset and the reader resumes at
 * the next plausible record; a stray `;` before `]` (seen in files patched by scripts) is tolerated
 * with a warning. Records are numbered from 1: the number is the "line" evidence cites.
 */
import type { RegType } from "../../knowledge/gpo-policies.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { GpoFragment, SettingRecord } from "./facts.js";
import { classifyKey } from "./registry-keys.js";

const SIGNATURE = Buffer.from([0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00]);
const OPEN = 0x5b;
const SEMI = 0x3b;
const CLOSE = 0x5d;
const MAX_PROBLEM_SAMPLES = 5;
/** Past this many damaged records the file is not a policy file worth reading on. */
const MAX_DAMAGED = 200;
const RESYNC_WINDOW = 1024 * 1024;

const TYPE_NAMES: Record<number, RegType> = {
  0: "REG_NONE",
  1: "REG_SZ",
  2: "REG_EXPAND_SZ",
  3: "REG_BINARY",
  4: "REG_DWORD",
  5: "REG_DWORD_BIG_ENDIAN",
  7: "REG_MULTI_SZ",
  11: "REG_QWORD",
};

export interface PolRecord {
  number: number;
  offset: number;
  key: string;
  valueName: string;
  type: number;
  data: Buffer;
}

export interface PolReadResult {
  records: PolRecord[];
  rejected: number;
  problems: Problem[];
  validHeader: boolean;
}

class Cursor {
  constructor(
    readonly bytes: Buffer,
    public at: number,
  ) {}
  char(): number | undefined {
    if (this.at + 1 >= this.bytes.length || this.bytes[this.at + 1] !== 0) return undefined;
    return this.bytes[this.at];
  }
  expect(code: number): boolean {
    if (this.char() !== code) return false;
    this.at += 2;
    return true;
  }
  /** A NUL-terminated UTF-16LE string; undefined when no terminator within the limit. */
  string(limit = 2048): string | undefined {
    const start = this.at;
    for (let i = start; i + 1 < this.bytes.length && i - start < limit * 2; i += 2) {
      if (this.bytes[i] === 0 && this.bytes[i + 1] === 0) {
        this.at = i + 2;
        return this.bytes.toString("utf16le", start, i);
      }
    }
    return undefined;
  }
  dword(): number | undefined {
    if (this.at + 4 > this.bytes.length) return undefined;
    const value = this.bytes.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }
}

/** Read every record that can be read; never throws. */
export function readRegistryPol(bytes: Buffer): PolReadResult {
  const result: PolReadResult = { records: [], rejected: 0, problems: [], validHeader: true };
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(SIGNATURE)) {
    result.validHeader = false;
    result.problems.push({
      severity: "error",
      message: "not a Registry.pol file: the PReg v1 signature (50 52 65 67 01 00 00 00) is missing.",
    });
    return result;
  }
  const counts = new Map<string, number>();
  const report = (problem: Problem, type: string) => {
    const seen = (counts.get(type) ?? 0) + 1;
    counts.set(type, seen);
    if (seen <= MAX_PROBLEM_SAMPLES) result.problems.push(problem);
  };
  let at = 8;
  while (at < bytes.length) {
    const record = readRecord(bytes, at, result.records.length + 1);
    if (record.ok) {
      if (record.straySemicolon) {
        report(
          {
            line: record.record.number,
            severity: "warning",
            message: `record ${record.record.number} (${record.record.valueName}) at byte ${at} has a stray ';' before ']': the file was edited outside GPMC; read anyway.`,
          },
          "stray",
        );
      }
      result.records.push(record.record);
      at = record.next;
      continue;
    }
    result.rejected++;
    if (result.rejected > MAX_DAMAGED) {
      result.problems.push({
        severity: "error",
        message: `more than ${MAX_DAMAGED} damaged records: reading stopped at byte ${at}.`,
      });
      break;
    }
    const next = resync(bytes, at + 2);
    report(
      {
        line: result.records.length + 1,
        severity: "error",
        message: `damaged record at byte ${at} (${record.why}); ${next === undefined ? "nothing readable follows" : `skipped ${next - at} bytes to the next record`}.`,
        sample: bytes.subarray(at, Math.min(at + 24, bytes.length)).toString("hex"),
      },
      "damaged",
    );
    if (next === undefined) break;
    at = next;
  }
  for (const [type, seen] of counts) {
    if (seen > MAX_PROBLEM_SAMPLES) {
      result.problems.push({
        severity: "info",
        message: `${seen - MAX_PROBLEM_SAMPLES} more ${type === "stray" ? "records with a stray ';'" : "damaged records"} not listed.`,
      });
    }
  }
  return result;
}

type RecordAttempt =
  { ok: true; record: PolRecord; next: number; straySemicolon: boolean } | { ok: false; why: string };

function readRecord(bytes: Buffer, offset: number, number: number, keyLimit = 2048): RecordAttempt {
  const cursor = new Cursor(bytes, offset);
  if (!cursor.expect(OPEN)) return { ok: false, why: "no '[' where a record starts" };
  const key = cursor.string(keyLimit);
  if (key === undefined || !cursor.expect(SEMI)) return { ok: false, why: "key not terminated" };
  const valueName = cursor.string();
  if (valueName === undefined || !cursor.expect(SEMI)) return { ok: false, why: "value name not terminated" };
  const type = cursor.dword();
  if (type === undefined || !cursor.expect(SEMI)) return { ok: false, why: "type field cut" };
  const size = cursor.dword();
  if (size === undefined || !cursor.expect(SEMI)) return { ok: false, why: "size field cut" };
  if (cursor.at + size > bytes.length)
    return { ok: false, why: `data size ${size} runs past the end of the file` };
  const data = bytes.subarray(cursor.at, cursor.at + size);
  cursor.at += size;
  let straySemicolon = false;
  if (!cursor.expect(CLOSE)) {
    if (cursor.expect(SEMI) && cursor.expect(CLOSE)) straySemicolon = true;
    else return { ok: false, why: "no ']' after the data" };
  }
  if (!/^[\x20-\x7e\u00a0-\uffff]*$/.test(key)) return { ok: false, why: "key holds control characters" };
  return {
    ok: true,
    record: { number, offset, key, valueName, type, data },
    next: cursor.at,
    straySemicolon,
  };
}

/** The next offset where a complete, sane record can be read (odd-sized data shifts alignment). */
function resync(bytes: Buffer, from: number): number | undefined {
  // Real policy files are small; do not scan megabytes of noise for a record.
  const end = Math.min(bytes.length, from + RESYNC_WINDOW);
  for (let at = from; at + 1 < end; at++) {
    // Cheap filter first: '[' then a letter (keys start with Software\… or a hive-less path).
    if (bytes[at] !== OPEN || bytes[at + 1] !== 0 || bytes[at + 3] !== 0) continue;
    const first = bytes[at + 2] ?? 0;
    if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a))) continue;
    if (readRecord(bytes, at, 0, 512).ok) return at;
  }
  return undefined;
}

/** Decode record data to the JS value a rule compares. */
export function decodePolData(type: number, data: Buffer): string | number {
  switch (type) {
    case 1:
    case 2:
      return data.toString("utf16le").replace(/\0+$/, "");
    case 7:
      return data.toString("utf16le").replace(/\0+$/, "").split("\0").join("\n");
    case 4:
      return data.length >= 4 ? data.readUInt32LE(0) : data.toString("hex");
    case 5:
      return data.length >= 4 ? data.readUInt32BE(0) : data.toString("hex");
    case 11:
      return data.length >= 8 ? Number(data.readBigUInt64LE(0)) : data.toString("hex");
    default:
      return data.toString("hex");
  }
}

export function parseRegistryPol(bytes: Buffer, file: string): CollectorOutput<GpoFragment> {
  const read = readRegistryPol(bytes);
  if (!read.validHeader) {
    return {
      status: "failed",
      reason: "not a PReg v1 file",
      records: 0,
      rejected: 0,
      problems: read.problems,
    };
  }
  const side = /(^|\/)user\//i.test(file) ? "user" : /(^|\/)machine\//i.test(file) ? "machine" : "unknown";
  const settings: SettingRecord[] = [];
  let otherValues = 0;
  for (const record of read.records) {
    const key = classifyKey(record.key);
    if (!key || side === "user") {
      otherValues++;
      continue;
    }
    settings.push(...toSettings(record, key, file));
  }
  if (side === "user" && read.records.some((record) => classifyKey(record.key))) {
    read.problems.push({
      severity: "info",
      message:
        "Windows Update values in a User-side Registry.pol are ignored: Windows Update policies are machine policies.",
    });
  }
  return {
    status: "parsed",
    facts: { kind: "registry-pol", file, side, settings, otherValues },
    records: read.records.length,
    rejected: read.rejected,
    problems: read.problems,
  };
}

function toSettings(record: PolRecord, key: SettingRecord["key"], file: string): SettingRecord[] {
  const base = {
    file,
    line: record.number,
    kind: "registry-pol" as const,
    key,
    keyPath: record.key,
    from: "registry" as const,
  };
  const name = record.valueName;
  const lower = name.toLowerCase();
  const type = TYPE_NAMES[record.type] ?? "REG_NONE";
  if (lower.startsWith("**del.")) {
    return [{ ...base, name: name.slice(6), type, value: null, deleted: true }];
  }
  if (lower === "**deletevalues") {
    return String(decodePolData(record.type, record.data))
      .split(";")
      .filter(Boolean)
      .map((value) => ({ ...base, name: value.trim(), type, value: null, deleted: true }));
  }
  if (lower.startsWith("**soft.")) {
    return [
      { ...base, name: name.slice(7), type, value: decodePolData(record.type, record.data), deleted: false },
    ];
  }
  if (lower.startsWith("**")) return []; // **delvals., **DeleteKeys, **SecureKey: no value of ours
  return [{ ...base, name, type, value: decodePolData(record.type, record.data), deleted: false }];
}

export const registryPolCollector: Collector<GpoFragment> = {
  kind: "registry-pol",
  source: "gpo",
  label: "Registry.pol (Group Policy registry settings, PReg)",
  readsWhole: true,
  howToCollect:
    "Copy \\\\<domain>\\SYSVOL\\<domain>\\Policies\\{GPO-GUID}\\Machine\\Registry.pol, or Backup-GPO -Name '<WSUS GPO>' -Path C:\\Temp\\gpo-backup",
  detect(probe) {
    return probe.bytes.length >= 8 && probe.bytes.subarray(0, 8).equals(SIGNATURE) ? 100 : 0;
  },
  async collect(file) {
    return parseRegistryPol(await file.readBytes(), file.path);
  },
};
