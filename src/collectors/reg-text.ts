/**
 * The text syntax of `.reg` files as Registry Editor and `reg export` write them: the header, keys in
 * brackets, "name"=data values, hex data continued after a trailing backslash, comments. Shared by the
 * readers of the policy keys (gpo/reg-file.ts) and of the client's own Windows Update key.
 */
import type { RegType } from "../knowledge/gpo-policies.js";
import type { CollectorOutput, Problem } from "./types.js";

export const REG_HEADER = /^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/;

export interface LogicalLine {
  text: string;
  line: number;
}

/** Join continuation lines (ending in `\`) and drop comments/blank lines; keeps the first line number. */
export function logicalLines(text: string): LogicalLine[] {
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
export function readQuoted(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined;
  // Whole runs between escapes are sliced, not added a character at a time: a 50 MB value built
  // character by character took 18 s and 2 GB.
  const parts: string[] = [];
  let from = at + 1;
  let quote = -1;
  for (;;) {
    // the next quote is searched again only once passed (an escaped one): no rescans, linear
    if (quote < from) quote = text.indexOf('"', from);
    if (quote < 0) return undefined;
    const escape = text.indexOf("\\", from);
    if (escape >= 0 && escape < quote) {
      parts.push(text.slice(from, escape), text.charAt(escape + 1));
      from = escape + 2;
      continue;
    }
    parts.push(text.slice(from, quote));
    return { value: parts.join(""), end: quote + 1 };
  }
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

export function decodeData(
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

/** A value line of a .reg export (`"Name"=data`, `@=data` for the default value), decoded; undefined when it is not one. */
export function readValueLine(
  text: string,
  unicode: boolean,
): { name: string; data: NonNullable<ReturnType<typeof decodeData>> } | undefined {
  const name = text.startsWith("@") ? { value: "", end: 1 } : readQuoted(text, 0);
  const rest = name ? text.slice(name.end).trimStart() : "";
  const data = name && rest.startsWith("=") ? decodeData(rest.slice(1).trim(), unicode) : undefined;
  return name && data ? { name: name.value, data } : undefined;
}

/**
 * The logical lines of a .reg file after its header, and whether it is Unicode (version 5.00) or
 * ANSI (REGEDIT4); or the failed outcome when the header is missing.
 */
export function openRegExport(
  text: string,
): { lines: LogicalLine[]; unicode: boolean } | { failure: CollectorOutput<never> } {
  const lines = logicalLines(text);
  const header = lines[0];
  if (!header || !REG_HEADER.test(header.text)) {
    const reason =
      "not a .reg export: the first line must be 'Windows Registry Editor Version 5.00' or 'REGEDIT4'";
    return {
      failure: {
        status: "failed",
        reason,
        records: 0,
        rejected: 0,
        problems: [{ severity: "error", message: reason }],
      },
    };
  }
  return { lines: lines.slice(1), unicode: header.text.startsWith("Windows") };
}

/** The problem for a line of a .reg export that is neither a key, a value nor a comment. */
export function unreadableRegLine(line: LogicalLine): Problem {
  return {
    line: line.line,
    severity: "warning",
    message: "not a key, a value or a comment this reader understands",
    sample: line.text.slice(0, 120),
  };
}
