/**
 * Decoding of WSHV diagnostic codes with the tables in wshv.ts: code parsing (hex with or without
 * the `L` suffix, decimal, signed), element positions (nine, eight for Vista, six for XP), update
 * source bitmasks, severity levels and the client OS.
 */
import {
  ALL_SOURCE_BITS,
  OS_VERSIONS,
  SEVERITY_LEVELS,
  UPDATE_SOURCE_BITS,
  VISTA_POSITIONS,
  WSC_DOWN_CODES,
  WSHV_CODES,
  WSHV_ELEMENTS,
  WSUS_SOURCE_BIT,
  XP_POSITIONS,
  type NpsCheck,
  type WshvCode,
  type WshvElementKey,
} from "./wshv.js";

/** Parses `0xC0FF004EL`, `0xc0ff000c`, `C0FF000C`, `3237937164`, `-1056964596` (signed) to uint32. */
export function parseWshvCode(text: string): number | undefined {
  const compact = text.replace(/\s+/g, "").replace(/(?:u?l{1,2}|l{1,2}u?)$/i, "");
  if (compact === "") return undefined;
  let value: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(compact)) value = Number.parseInt(compact.slice(2), 16);
  else if (/^-?\d{1,10}$/.test(compact)) value = Number(compact);
  else if (/^[0-9a-f]{1,8}$/i.test(compact) && /[a-f]/i.test(compact)) value = Number.parseInt(compact, 16);
  else return undefined;
  if (value < -0x80000000 || value > 0xffffffff) return undefined;
  return value >>> 0;
}

/** `0xC0FF000C`: the canonical spelling used in facts and findings. */
export function formatCode(code: number): string {
  return "0x" + (code >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

export function lookupCode(code: number): WshvCode | undefined {
  return WSHV_CODES.find((entry) => entry.code === code >>> 0);
}

export function severityName(code: number): string | undefined {
  return SEVERITY_LEVELS.find((level) => level.code === code)?.name;
}

/** A non-zero value with only update-source bits set (severity values are all <= 0x0400). */
export function isUpdateSourceMask(code: number): boolean {
  return code !== 0 && (code & ~ALL_SOURCE_BITS) >>> 0 === 0;
}

export interface UpdateSources {
  code: number;
  hex: string;
  names: string[];
  short: string[];
  includesWsus: boolean;
  /** Bits outside the three known sources (shown raw). */
  unknownBits: number;
}

export function decodeUpdateSources(mask: number): UpdateSources {
  const value = mask >>> 0;
  const known = UPDATE_SOURCE_BITS.filter((source) => (value & source.bit) !== 0);
  return {
    code: value,
    hex: formatCode(value),
    names: known.map((source) => source.name),
    short: known.map((source) => source.short),
    includesWsus: (value & WSUS_SOURCE_BIT) !== 0,
    unknownBits: (value & ~ALL_SOURCE_BITS) >>> 0,
  };
}

export type ElementStatus = "compliant" | "noncompliant" | "status" | "info" | "unknown";

export interface DecodedElement {
  /** 1..9 as in the seed's list; undefined when the entry's layout is not one the seed describes. */
  position?: number;
  element: WshvElementKey | "unplaced";
  label: string;
  code: number;
  hex: string;
  status: ElementStatus;
  /** The element in words, e.g. "compliant" or "0xC0FF000C E_MSSHAV_NO_WUS_SERVER: …". */
  words: string;
  symbol?: string;
  check?: NpsCheck;
  /** Set when the code is not in the seed's table (knowledge/nps.md 8.7) or not known at all. */
  note?: string;
}

export type EntryLayout = "vista" | "vista+source" | "xp" | "xp+source" | "unknown";

export interface DecodedEntry {
  layout: EntryLayout;
  codeCount: number;
  elements: DecodedElement[];
  severity?: { code: number; hex: string; name: string };
  updateSources?: UpdateSources;
  /** Windows Security Center not running: the other codes of this entry have no meaning (seed, example 2). */
  wscDown: boolean;
  /** OS implied by the number of codes alone. */
  osByCount?: "Windows Vista or later" | "Windows XP";
}

/** Decodes an entry's codes, in the order logged. */
export function decodeEntry(codes: readonly number[]): DecodedEntry {
  let body = codes.map((code) => code >>> 0);
  let sourceCode: number | undefined;
  const last = body[body.length - 1];
  if ((body.length === 9 || body.length === 7) && last !== undefined && isUpdateSourceMask(last)) {
    sourceCode = last;
    body = body.slice(0, -1);
  }
  const positions: readonly number[] | undefined =
    body.length === 8 ? VISTA_POSITIONS : body.length === 6 ? XP_POSITIONS : undefined;
  const layout: EntryLayout =
    positions === undefined
      ? "unknown"
      : body.length === 8
        ? sourceCode === undefined
          ? "vista"
          : "vista+source"
        : sourceCode === undefined
          ? "xp"
          : "xp+source";

  const elements: DecodedElement[] = positions
    ? body.map((code, index) => decodeElement(positions[index]!, code))
    : codes.map((code) => decodeUnplaced(code >>> 0));
  if (sourceCode !== undefined) elements.push(decodeElement(9, sourceCode));

  const severityElement = elements.find((element) => element.position === 8);
  const sourceElement = elements.find((element) => element.position === 9);
  const severityLabel = severityElement ? severityName(severityElement.code) : undefined;
  return {
    layout,
    codeCount: codes.length,
    elements,
    severity:
      severityElement && severityLabel
        ? { code: severityElement.code, hex: severityElement.hex, name: severityLabel }
        : undefined,
    updateSources: sourceElement ? decodeUpdateSources(sourceElement.code) : undefined,
    wscDown: elements.some(
      (element) =>
        (element.position === undefined || element.position <= 7) && WSC_DOWN_CODES.includes(element.code),
    ),
    osByCount:
      positions === VISTA_POSITIONS
        ? "Windows Vista or later"
        : positions === XP_POSITIONS
          ? "Windows XP"
          : undefined,
  };
}

export function decodeElement(position: number, code: number): DecodedElement {
  const meta = WSHV_ELEMENTS[position - 1]!;
  const base = { position, element: meta.key, label: meta.label, code, hex: formatCode(code) };
  if (position === 8) {
    const name = severityName(code);
    if (name) return { ...base, status: "info", words: `${name} severity level` };
    if (code === 0) return { ...base, status: "info", words: "no severity reported" };
    return { ...base, ...describeCode(code) };
  }
  if (position === 9) {
    const sources = decodeUpdateSources(code);
    const unknown = sources.unknownBits ? ` and unknown bits ${formatCode(sources.unknownBits)}` : "";
    return {
      ...base,
      status: "info",
      words: `legitimate update source: ${sources.names.join(" + ") || "none"}${unknown}`,
    };
  }
  if (code === 0) return { ...base, status: "compliant", words: "compliant" };
  return { ...base, ...describeCode(code) };
}

function decodeUnplaced(code: number): DecodedElement {
  const base = {
    element: "unplaced" as const,
    label: "element (position unknown)",
    code,
    hex: formatCode(code),
  };
  if (code === 0) return { ...base, status: "compliant", words: "compliant" };
  if (isUpdateSourceMask(code)) {
    return {
      ...base,
      status: "info",
      words: `legitimate update source: ${decodeUpdateSources(code).names.join(" + ")}`,
    };
  }
  const severity = severityName(code);
  if (severity) return { ...base, status: "info", words: `${severity} severity level` };
  return { ...base, ...describeCode(code) };
}

function describeCode(code: number): Pick<DecodedElement, "status" | "words" | "symbol" | "check" | "note"> {
  const known = lookupCode(code);
  if (!known)
    return { status: "unknown", words: `unknown WSHV code ${formatCode(code)}`, note: "unknown WSHV code" };
  return {
    status: known.kind === "status" ? "status" : "noncompliant",
    words: `${formatCode(code)} ${known.symbol}: ${known.short}`,
    symbol: known.symbol,
    check: known.check,
    note: known.origin === "seed" ? undefined : `not in the seed's table (source: ${known.origin})`,
  };
}

export interface ClientOs {
  name: string;
  /** Where the name comes from. */
  from: "OS-Version" | "code count" | "unknown";
  osVersion?: string;
}

/** `6.0.5495 0.0 x86 Workstation` → Windows Vista (pre-release build 5495), …; else by code count. */
export function detectClientOs(osVersion: string | undefined, decoded: DecodedEntry | undefined): ClientOs {
  const version = osVersion?.trim();
  if (version) {
    const match = /^(\d+)\.(\d+)\.(\d+)(?:\s+(\d+)\.(\d+))?(?:\s+(\S+))?(?:\s+(.+))?$/.exec(version);
    if (match) {
      const [, major, minor, build, spMajor, , arch, productType] = match;
      const entry = OS_VERSIONS.find((os) => os.version === `${major}.${minor}`);
      const server = productType !== undefined && !/workstation/i.test(productType);
      const base = entry ? (server ? entry.server : entry.client) : `Windows NT ${major}.${minor}`;
      const details = [
        `build ${build}`,
        spMajor && spMajor !== "0" ? `SP${spMajor}` : undefined,
        arch,
        productType,
      ].filter(Boolean);
      return { name: `${base} (${details.join(", ")})`, from: "OS-Version", osVersion: version };
    }
    return { name: version, from: "OS-Version", osVersion: version };
  }
  if (decoded?.osByCount) return { name: decoded.osByCount, from: "code count" };
  return { name: "unknown", from: "unknown" };
}

/** Every check an entry raises, honouring the Security Center rule (only NPS.WSC_DOWN when it is down). */
export function checksOfEntry(decoded: DecodedEntry): NpsCheck[] {
  if (decoded.wscDown) return ["NPS.WSC_DOWN"];
  const checks = new Set<NpsCheck>();
  for (const element of decoded.elements)
    if (element.check && element.position !== 8) checks.add(element.check);
  return [...checks];
}
