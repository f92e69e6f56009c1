/**
 * The common shape every NPS format is read into, and its conversion to a decoded result.
 */
import {
  checksOfEntry,
  decodeEntry,
  detectClientOs,
  type ClientOs,
  type DecodedElement,
  type DecodedEntry,
} from "../../knowledge/wshv-decode.js";
import { WSHV_ELEMENTS, type NpsCheck } from "../../knowledge/wshv.js";
import type { ElementWords, NapState, NpsFormat, NpsResult } from "./facts.js";
import type { MachineIdentity, SessionRef } from "./identity.js";
import { pickWindowsShv, type ShvBlock } from "./shv-result.js";

export interface NpsRecord {
  format: NpsFormat;
  file: string;
  line: number;
  eventId?: number;
  identity: MachineIdentity;
  time?: string;
  policy?: string;
  proxyPolicy?: string;
  osVersion?: string;
  state: NapState;
  extendedState?: string;
  session?: SessionRef;
  sessionId?: string;
  shvBlocks?: ShvBlock[];
  /** Event 6273's Reason Code (and 6272's 0). */
  reasonCode?: number;
}

interface CachedDecoding {
  decoded: DecodedEntry;
  codes: string[];
  words: ElementWords;
  checks: NpsCheck[];
}

/**
 * Decodings by code list. A site has few distinct code combinations, so results share one decoded,
 * read-only copy: parsing stays fast and memory small however many entries a log holds.
 */
const decodings = new Map<string, CachedDecoding>();
const osNames = new Map<string, ClientOs>();
const CACHE_LIMIT = 10_000;

function decodeCached(codes: readonly number[]): CachedDecoding {
  const key = codes.join(",");
  let cached = decodings.get(key);
  if (!cached) {
    if (decodings.size >= CACHE_LIMIT) decodings.clear();
    const decoded = decodeEntry(codes);
    cached = {
      decoded,
      codes: decoded.elements.map((element) => element.hex),
      words: elementWords(decoded.elements, decoded.wscDown),
      checks: checksOfEntry(decoded),
    };
    decodings.set(key, cached);
  }
  return cached;
}

function osCached(osVersion: string | undefined, decoded: DecodedEntry): ClientOs {
  const key = `${osVersion ?? ""}|${decoded.osByCount ?? ""}`;
  let os = osNames.get(key);
  if (!os) {
    if (osNames.size >= CACHE_LIMIT) osNames.clear();
    os = detectClientOs(osVersion, decoded);
    osNames.set(key, os);
  }
  return os;
}

/** The decoded Windows SHV result of a record, or undefined when it carries none. */
export function recordToResult(record: NpsRecord): NpsResult | undefined {
  const block = record.shvBlocks ? pickWindowsShv(record.shvBlocks) : undefined;
  if (!block || block.codes.length === 0) return undefined;
  const { decoded, codes, words, checks } = decodeCached(block.codes);
  const os = osCached(record.osVersion, decoded);
  return {
    machine: record.identity.machine,
    machineFrom: record.identity.machineFrom,
    time: record.time ?? record.session?.time,
    policy: record.policy,
    proxyPolicy: record.proxyPolicy,
    os: os.name,
    osFrom: os.from,
    osVersion: record.osVersion,
    state: record.state,
    extendedState: record.extendedState,
    sessionKey: record.session?.key,
    sessionId: record.sessionId,
    shvName: block.name,
    compliance: block.compliance,
    failureCategory: block.failureCategory,
    layout: decoded.layout,
    codes,
    elements: decoded.elements,
    words,
    severity: decoded.severity ? { hex: decoded.severity.hex, name: decoded.severity.name } : undefined,
    updateSources: decoded.updateSources
      ? {
          hex: decoded.updateSources.hex,
          names: decoded.updateSources.names,
          includesWsus: decoded.updateSources.includesWsus,
        }
      : undefined,
    wscDown: decoded.wscDown,
    checks,
    format: record.format,
    eventId: record.eventId,
    file: record.file,
    line: record.line,
  };
}

/** Each element in words; when Security Center is down the others are marked as having no meaning. */
export function elementWords(elements: readonly DecodedElement[], wscDown: boolean): ElementWords {
  const words = Object.fromEntries(
    WSHV_ELEMENTS.map((meta) => [meta.key, "not reported"]),
  ) as unknown as ElementWords;
  const unplaced = elements.filter((element) => element.position === undefined);
  for (const element of elements) {
    if (element.position === undefined) continue;
    const key = WSHV_ELEMENTS[element.position - 1]!.key;
    const ignored = wscDown && element.status !== "compliant" && !isWscElement(element);
    words[key] = ignored ? `${element.words} (no meaning: Security Center not running)` : element.words;
  }
  if (unplaced.length > 0) {
    words.securityUpdates = `layout not recognised (${unplaced.length} codes): ${unplaced.map((e) => e.words).join("; ")}`;
  }
  return words;
}

function isWscElement(element: DecodedElement): boolean {
  return element.check === "NPS.WSC_DOWN";
}
