/**
 * Reading Windows Update error codes in every form logs and tools write them (client-logs.md §4.1):
 * `0x80244017`, `0X80244017`, `80244017`, `[80244017]`, `8024002e`, signed decimal `-2145107945`
 * (WMI, ConfigMgr), unsigned decimal, or the symbol `WU_E_PT_HTTP_STATUS_DENIED`.
 */
import { WU_ERROR_CODES, type WuErrorCode } from "./wu-errors.js";

const BY_CODE = new Map(WU_ERROR_CODES.map((entry) => [entry.code, entry]));
const BY_SYMBOL = new Map(WU_ERROR_CODES.map((entry) => [entry.symbol.toUpperCase(), entry]));

/**
 * The code as an unsigned 32-bit number. Eight hex digits without `0x` are hex (that is how WU logs
 * write them: `80244017` is never the decimal number); a leading minus or nine to ten digits is decimal.
 */
export function parseWuCode(text: string): number | undefined {
  const compact = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/^hr\s*=\s*/i, "");
  const symbol = BY_SYMBOL.get(compact.toUpperCase());
  if (symbol) return symbol.code;
  let value: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(compact)) value = Number.parseInt(compact.slice(2), 16);
  else if (/^[0-9a-f]{8}$/i.test(compact)) value = Number.parseInt(compact, 16);
  else if (/^-\d{1,10}$/.test(compact) || /^\d{9,10}$/.test(compact)) value = Number(compact);
  else return undefined;
  if (value < -0x80000000 || value > 0xffffffff) return undefined;
  return value >>> 0;
}

/** `0x80244017`: the spelling used in facts and findings. */
export function formatWuCode(code: number): string {
  return "0x" + (code >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

export function lookupWuCode(code: number): WuErrorCode | undefined {
  return BY_CODE.get(code >>> 0);
}

/** HRESULT facilities met around Windows Update (winerror.h). */
const FACILITIES: Record<number, string> = {
  0: "FACILITY_NULL",
  1: "FACILITY_RPC",
  2: "FACILITY_DISPATCH",
  4: "FACILITY_ITF",
  7: "FACILITY_WIN32 (a Win32 error code)",
  11: "FACILITY_CERT",
  25: "FACILITY_HTTP",
  32: "FACILITY_BACKGROUNDCOPY (BITS)",
  36: "FACILITY_WINDOWSUPDATE",
  61: "FACILITY_WEBSERVICES (Windows Web Services)",
};

export interface HresultParts {
  failure: boolean;
  facility: number;
  facilityName: string;
  code: number;
}

/** Splits an HRESULT into its severity bit, facility and code, whatever the code is. */
export function splitHresult(value: number): HresultParts {
  const facility = (value >>> 16) & 0x7ff;
  return {
    failure: (value & 0x80000000) !== 0,
    facility,
    facilityName: FACILITIES[facility] ?? `facility ${facility}`,
    code: value & 0xffff,
  };
}

/** The lines `wsus-audit explain` prints for a Windows Update code; undefined when the text is no code. */
export function explainWuCode(text: string): string[] | undefined {
  const value = parseWuCode(text);
  if (value === undefined) return undefined;
  const hex = formatWuCode(value);
  const signed = value | 0;
  const known = lookupWuCode(value);
  const parts = splitHresult(value);
  const split = `${parts.failure ? "failure" : "success"}, ${parts.facilityName}, code ${parts.code} (0x${parts.code.toString(16).toUpperCase()})`;
  if (!known) {
    return [
      `${hex} (${signed}) is not in wsus-audit's table of Windows Update codes.`,
      `HRESULT parts: ${split}.`,
    ];
  }
  const lines = [`${hex} ${known.symbol} (decimal ${signed})`, `Meaning: ${known.meaning}.`];
  if (known.category === "noise")
    lines.push("Healthy Windows Update logs carry this code on *FAILED* lines: it is not a problem.");
  else if (known.wsusCause) lines.push(`On the WSUS side: ${known.wsusCause}.`);
  else if (known.category === "client") lines.push("A problem on the client itself, not a WSUS cause.");
  if (known.serverChecks.length > 0) lines.push(`Server-side checks: ${known.serverChecks.join(", ")}.`);
  lines.push(`HRESULT parts: ${split}.`);
  return lines;
}
