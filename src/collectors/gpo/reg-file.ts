/**
 * `.reg` exports of HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate (and \AU)
 * (knowledge/gpo.md §2.4). Registry Editor writes "Windows Registry Editor Version 5.00" in UTF-16LE
 * with a BOM and CRLF; hand-written files may be ASCII/UTF-8 with LF and trailing spaces; REGEDIT4 is
 * ANSI. Long hex data continues on the next line after a trailing backslash.
 */
import { findWuValue, type RegType } from "../../knowledge/gpo-policies.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { GpoFragment, SettingRecord } from "./facts.js";
import { classifyKey } from "./registry-keys.js";

const HEADER = /^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/;
const MAX_SAMPLES = 5;

interface LogicalLine {
  text: string;
  line: number;
}

/** Join continuation lines (ending in `\`) and drop comments/blank lines; keeps the first line number. */
function logicalLines(text: string): LogicalLine[] {
  const raw = text.split(/\r\n|\n|\r/);
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  raw.forEach((rawLine, index) => {
    const line = rawLine.trimEnd();
    if (pending) {
      pending.text += line.trimStart();
    } else {
      if (line.trim() === "" || line.trimStart().startsWith(";")) return;
      pending = { text: line.trimStart(), line: index + 1 };
    }
    if (pending.text.endsWith("\\") && !/^"(?:[^"\\]|\\.)*"\s*=\s*"/.test(pending.text)) {
      pending.text = pending.text.slice(0, -1);
      return;
    }
    out.push(pending);
    pending = undefined;
  });
  if (pending) out.push(pending);
  return out;
}

/** A quoted .reg string starting at `at`; returns the unescaped text and the index after the closing quote. */
function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined;
  let value = "";
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\" && i + 1 < text.length) {
      value += text[++i];
      continue;
    }
    if (ch === '"') return { value, end: i + 1 };
    value += ch;
  }
  return undefined;
}

function hexBytes(list: string): Buffer | undefined {
  const cleaned = list.replace(/\s+/g, "");
  if (cleaned === "") return Buffer.alloc(0);
  if (!/^[0-9a-f]{2}(,[0-9a-f]{2})*,?$/i.test(cleaned)) return undefined;
  return Buffer.from(
    cleaned
      .split(",")
      .filter(Boolean)
      .map((byte) => parseInt(byte, 16)),
  );
}

const HEX_TYPES: Record<string, RegType> = {
  "0": "REG_NONE",
  "1": "REG_SZ",
  "2": "REG_EXPAND_SZ",
  "3": "REG_BINARY",
  "4": "REG_DWORD",
  "5": "REG_DWORD_BIG_ENDIAN",
  "7": "REG_MULTI_SZ",
  b: "REG_QWORD",
};

function decodeData(
  data: string,
  unicode: boolean,
): { type: RegType; value: string | number | null; deleted: boolean } | undefined {
  if (data === "-") return { type: "REG_NONE", value: null, deleted: true };
  if (data.startsWith('"')) {
    const quoted = readQuoted(data, 0);
    if (!quoted || data.slice(quoted.end).trim() !== "") return undefined;
    return { type: "REG_SZ", value: quoted.value, deleted: false };
  }
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword) return { type: "REG_DWORD", value: parseInt(dword[1]!, 16), deleted: false };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (hex) {
    const type = HEX_TYPES[(hex[1] ?? "3").toLowerCase()] ?? "REG_BINARY";
    const bytes = hexBytes(hex[2]!);
    if (!bytes) return undefined;
    const decodeString = (buffer: Buffer) =>
      (unicode ? buffer.toString("utf16le") : buffer.toString("latin1")).replace(/\0+$/, "");
    if (type === "REG_EXPAND_SZ" || type === "REG_SZ")
      return { type, value: decodeString(bytes), deleted: false };
    if (type === "REG_MULTI_SZ")
      return { type, value: decodeString(bytes).split("\0").join("\n"), deleted: false };
    if (type === "REG_DWORD" && bytes.length >= 4)
      return { type, value: bytes.readUInt32LE(0), deleted: false };
    if (type === "REG_QWORD" && bytes.length >= 8)
      return { type, value: Number(bytes.readBigUInt64LE(0)), deleted: false };
    return { type, value: bytes.toString("hex"), deleted: false };
  }
  return undefined;
}

export function parseRegFile(text: string, file: string): CollectorOutput<GpoFragment> {
  const problems: Problem[] = [];
  const lines = logicalLines(text);
  const header = lines[0];
  if (!header || !HEADER.test(header.text)) {
    const reason =
      "not a .reg export: the first line must be 'Windows Registry Editor Version 5.00' or 'REGEDIT4'";
    return {
      status: "failed",
      reason,
      records: 0,
      rejected: 0,
      problems: [{ severity: "error", message: reason }],
    };
  }
  const unicode = header.text.startsWith("Windows");
  const settings: SettingRecord[] = [];
  let otherValues = 0;
  let rejected = 0;
  let records = 0;
  let currentKey: { path: string; wu?: "WU" | "AU" } | undefined;
  const reject = (line: LogicalLine, message: string) => {
    rejected++;
    if (rejected <= MAX_SAMPLES)
      problems.push({ line: line.line, severity: "warning", message, sample: line.text.slice(0, 120) });
  };
  for (const line of lines.slice(1)) {
    const keyMatch = /^\[(-?)([^\]]+)\]$/.exec(line.text);
    if (keyMatch) {
      const path = keyMatch[2]!;
      const wu = classifyKey(path);
      if (keyMatch[1] === "-") {
        if (wu)
          problems.push({
            line: line.line,
            severity: "info",
            message: `the file deletes the key ${path} and everything below it.`,
          });
        currentKey = undefined;
        continue;
      }
      if (wu && !/^HKEY_LOCAL_MACHINE\\|^HKLM\\/i.test(path)) {
        problems.push({
          line: line.line,
          severity: "info",
          message: `${path} is not under HKEY_LOCAL_MACHINE: Windows Update policies are machine policies; ignored.`,
        });
        currentKey = { path };
        continue;
      }
      currentKey = { path, wu };
      continue;
    }
    const nameMatch = line.text.startsWith("@") ? { value: "", end: 1 } : readQuoted(line.text, 0);
    const equals = nameMatch ? line.text.slice(nameMatch.end).search(/\S/) : -1;
    if (!nameMatch || equals < 0 || line.text[nameMatch.end + equals] !== "=") {
      reject(line, "not a key, a value or a comment");
      continue;
    }
    if (!currentKey) {
      reject(line, "value outside any key");
      continue;
    }
    records++;
    const data = line.text.slice(nameMatch.end + equals + 1).trim();
    const decoded = decodeData(data, unicode);
    if (!decoded) {
      reject(line, `value "${nameMatch.value}" has data this reader does not understand`);
      continue;
    }
    if (!currentKey.wu) {
      otherValues++;
      continue;
    }
    const name = nameMatch.value;
    if (name !== name.trim() && findWuValue(name.trim())) {
      problems.push({
        line: line.line,
        severity: "warning",
        message: `value name "${name}" has leading/trailing spaces: Windows treats it as a different value than ${name.trim()}, so this setting has no effect.`,
      });
    }
    settings.push({
      file,
      line: line.line,
      kind: "reg-export",
      key: currentKey.wu,
      keyPath: currentKey.path,
      name,
      type: decoded.type,
      value: decoded.value,
      deleted: decoded.deleted,
      from: "registry",
    });
  }
  if (rejected > MAX_SAMPLES)
    problems.push({
      severity: "info",
      message: `${rejected - MAX_SAMPLES} more unreadable lines not listed.`,
    });
  if (settings.length === 0) {
    return {
      status: "skipped",
      reason:
        "the .reg file holds no value under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate (keys such as …\\WindowsUpdate\\UX\\Settings are the Settings app, not policy). Export the policy key: reg export HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate wu-policy.reg",
      records,
      rejected,
      problems,
    };
  }
  return {
    status: "parsed",
    facts: { kind: "reg-export", file, settings, otherValues },
    records,
    rejected,
    problems,
  };
}

export const regFileCollector: Collector<GpoFragment> = {
  kind: "reg-export",
  source: "gpo",
  label: "Registry export (.reg) of the Windows Update policy keys",
  howToCollect:
    "On a client: reg export HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate C:\\Temp\\%COMPUTERNAME%-wu-policy.reg /y",
  detect(probe) {
    const head = probe.head.replace(/^\uFEFF/, "");
    if (!/^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*(\r\n|\n|\r)/.test(head)) return 0;
    return /\\Policies\\Microsoft\\Windows\\WindowsUpdate/i.test(head) ? 80 : 20;
  },
  async collect(file) {
    return parseRegFile(await file.readText(), file.path);
  },
};
