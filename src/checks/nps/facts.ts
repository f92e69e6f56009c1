/**
 * Facts derived from the nps evidence. The Security Center rule of the seed lives here: in an entry
 * where Windows Security Center is not running (0xC0FF0003 / 0xC0FF0018) the other elements have no
 * meaning, so these facts hide them and no other NPS rule can see them.
 */
import type { Facts } from "../../collectors/facts.js";
import type { ElementWords, NpsFacts, NpsMachine, NpsResult } from "../../collectors/nps/facts.js";
import { formatCode, parseWshvCode } from "../../knowledge/wshv-decode.js";
import { WSC_DOWN_CODES } from "../../knowledge/wshv.js";
import { policyServerUrls } from "../gpo/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { radiusByMachine, radiusSentence } from "./radius-facts.js";

/** One evidence row per machine: every decoding fact CHECKS.md asks an NPS finding to show. */
export interface NpsFindingRow extends ElementWords {
  machine: string;
  time: string;
  policy: string;
  os: string;
  /** The codes that matched, in words. */
  codes: string;
  state: string;
  file: string;
  line: number;
  /** Only for NPS.WSC_DOWN: the entry's other non-compliant codes, which have no meaning until WSC runs. */
  ignoredCodes?: string;
  /** The machine's RADIUS decisions: the latest accept or reject, with a reject's reason code in words. */
  radius?: string;
}

/** Each row with its machine's RADIUS decision (an Access-Reject's reason is not a health result, but it is what the client met). */
function withRadius(facts: Facts, rows: NpsFindingRow[]): NpsFindingRow[] {
  const radius = radiusByMachine(facts);
  for (const out of rows) out.radius = radiusSentence(radius.get(out.machine.toLowerCase()));
  return rows;
}

function npsOf(facts: Facts): Partial<NpsFacts> | undefined {
  return facts.nps as Partial<NpsFacts> | undefined;
}

/** The results a rule looks at: each machine's latest (unless a later full-access decision cleared it), or all kept. */
function resultsInScope(facts: Facts, scope: unknown): NpsResult[] {
  const machines: Partial<NpsMachine>[] = npsOf(facts)?.machines ?? [];
  const out: NpsResult[] = [];
  for (const machine of machines) {
    if (scope === "any") out.push(...(machine.results ?? (machine.latest ? [machine.latest] : [])));
    else if (machine.latest && !machine.recoveredAt) out.push(machine.latest);
  }
  return out;
}

/** The elements a rule may see: in a Security-Center-down entry only the Security Center codes. */
export function visibleElements(result: NpsResult): NpsResult["elements"] {
  const elements = result.elements ?? [];
  const inPositions = elements.filter((element) => element.position === undefined || element.position <= 7);
  if (!result.wscDown) return inPositions;
  return inPositions.filter((element) => WSC_DOWN_CODES.includes(element.code));
}

function codeList(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => parseWshvCode(String(item)))
    .filter((code): code is number => code !== undefined);
}

function row(result: NpsResult, matched: NpsResult["elements"]): NpsFindingRow {
  const words = result.words ?? ({} as NpsResult["words"]);
  return {
    machine: result.machine,
    time: result.time ?? "unknown",
    policy: result.policy ?? "not logged",
    os: result.osFrom === "code count" ? `${result.os} (by the number of codes)` : (result.os ?? "unknown"),
    codes: describeMatched(matched),
    firewall: words.firewall,
    antivirusOn: words.antivirusOn,
    antivirusUpToDate: words.antivirusUpToDate,
    antispywareOn: words.antispywareOn,
    antispywareUpToDate: words.antispywareUpToDate,
    automaticUpdates: words.automaticUpdates,
    securityUpdates: words.securityUpdates,
    severity: result.wscDown ? words.severity : (result.severity?.name ?? words.severity),
    updateSources: result.updateSources
      ? result.updateSources.names.join(" + ") || "none"
      : words.updateSources,
    state: result.state,
    file: result.file,
    line: result.line,
  };
}

/** Each matched code once, with the elements that carry it. */
function describeMatched(matched: NpsResult["elements"]): string {
  const byCode = new Map<string, { words: string; labels: string[] }>();
  for (const element of matched) {
    const entry = byCode.get(element.hex) ?? { words: element.words, labels: [] };
    entry.labels.push(element.label);
    byCode.set(element.hex, entry);
  }
  return [...byCode.values()].map((entry) => `${entry.words} (${entry.labels.join(", ")})`).join("; ");
}

/** By machine (case-insensitive), latest first; each name is lowered once, not at every comparison (100,000 machines). */
function sortRows<T extends { machine: string; time: string }>(rows: T[]): T[] {
  const keyed = rows.map((row) => ({ row, key: row.machine.toLowerCase() }));
  keyed.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : a.row.time < b.row.time
        ? 1
        : a.row.time > b.row.time
          ? -1
          : 0,
  );
  keyed.forEach((entry, index) => (rows[index] = entry.row));
  return rows;
}

/** One observation row per NAP result in scope: what a rule compares (codes, sources, state). */
export interface NpsResultRow {
  machine: string;
  time: string;
  policy: string;
  state: string;
  /** The codes of the elements that have meaning (positions 1-7; only Security Center's when it is down), canonical hex. */
  codes: string[];
  /** Windows Security Center was not running: the other elements have no meaning. */
  wscDown: boolean;
  /** The legitimate update sources the client reported (element 9), or null when not reported. */
  updateSources: string[] | null;
  /** Whether those sources include WSUS (0x00010000); null when not reported. */
  sourcesIncludeWsus: boolean | null;
  file: string;
  line: number;
}

/** Each result in scope as an observation row (the decision is the rule's condition). */
export function npsResults(facts: Facts, params: Record<string, unknown>): NpsResultRow[] {
  return sortRows(
    resultsInScope(facts, params.scope).map((result) => ({
      machine: result.machine,
      time: result.time ?? "unknown",
      policy: result.policy ?? "not logged",
      state: result.state,
      codes: [...new Set(visibleElements(result).map((element) => element.hex))],
      wscDown: result.wscDown === true,
      updateSources: result.updateSources ? result.updateSources.names : null,
      sourcesIncludeWsus: result.updateSources ? result.updateSources.includesWsus : null,
      file: result.file,
      line: result.line,
    })),
  );
}

/**
 * The evidence table of the code rules: the results whose visible codes include one of `codes`
 * (the rows the rule's `npsResults` condition selects), each element in words.
 */
export function npsMachinesWithCodes(facts: Facts, params: Record<string, unknown>): NpsFindingRow[] {
  const wanted = codeList(params.codes);
  const rows: NpsFindingRow[] = [];
  for (const result of resultsInScope(facts, params.scope)) {
    const matched = visibleElements(result).filter((element) => wanted.includes(element.code));
    if (matched.length === 0) continue;
    const out = row(result, matched);
    if (result.wscDown) {
      const ignored = (result.elements ?? []).filter(
        (element) =>
          (element.position === undefined || element.position <= 7) &&
          element.status !== "compliant" &&
          !WSC_DOWN_CODES.includes(element.code),
      );
      out.ignoredCodes = ignored.length
        ? `${ignored.map((element) => element.words).join("; ")} (re-check after Security Center runs)`
        : "none";
    }
    rows.push(out);
  }
  return sortRows(withRadius(facts, rows));
}

/** Machines whose reported legitimate update sources lack WSUS (0x00010000). */
export function npsSourcesWithoutWsus(facts: Facts, params: Record<string, unknown>): NpsFindingRow[] {
  const rows: NpsFindingRow[] = [];
  if (params.wsusIntended === false) return rows;
  for (const result of resultsInScope(facts, params.scope)) {
    if (result.wscDown || !result.updateSources || result.updateSources.includesWsus) continue;
    const source = (result.elements ?? []).filter((element) => element.position === 9);
    rows.push(row(result, source));
  }
  return sortRows(withRadius(facts, rows));
}

export interface NpsPolicyReach {
  gpoEvidence: boolean;
  policySet: boolean;
  wuServer?: string;
  statusServer?: string;
  sentence: string;
}

/** For NPS.NO_WSUS_SERVER: does the bundle's Group Policy set a WSUS server that these clients do not get? */
export function npsPolicyReach(facts: Facts): NpsPolicyReach {
  if (!facts.gpo) {
    return {
      gpoEvidence: false,
      policySet: false,
      sentence:
        "The bundle holds no Group Policy evidence, so whether a policy sets the WSUS server cannot be told (see GPO.INTRANET_LOCATION, GPO.LINKED).",
    };
  }
  const urls = policyServerUrls(facts);
  const update = urls.find((url) => url.role === "update" && url.valid);
  const status = urls.find((url) => url.role === "status" && url.valid);
  if (!update) {
    return {
      gpoEvidence: true,
      policySet: false,
      sentence:
        "The Group Policy evidence sets no valid WSUS server (WUServer): the clients have no intranet update location to use (GPO.INTRANET_LOCATION).",
    };
  }
  return {
    gpoEvidence: true,
    policySet: true,
    wuServer: update.raw,
    statusServer: status?.raw,
    sentence: `Group Policy in the bundle sets the WSUS server to ${update.raw}, yet these clients report none: the policy does not reach them (check GPO.LINKED: link, security filtering, WMI filter, then gpupdate /force and gpresult /r on a client).`,
  };
}

export interface NpsCodeDecoding {
  code: string;
  symbol: string;
  meaning: string;
  inSeed: boolean;
  machineCount: number;
  count: number;
  first: string;
  last: string;
}

/** Per-code statistics (machines, counts, first/last) for the codes a rule names. */
export function npsCodeStats(facts: Facts, params: Record<string, unknown>): NpsCodeDecoding[] {
  const wanted = new Set(codeList(params.codes).map(formatCode));
  return (npsOf(facts)?.codes ?? [])
    .filter((stat) => wanted.size === 0 || wanted.has(stat.hex))
    .map((stat) => ({
      code: stat.hex,
      symbol: stat.symbol ?? "unknown",
      meaning: stat.short,
      inSeed: stat.inSeed,
      machineCount: stat.machineCount,
      count: stat.count - stat.suppressedByWsc,
      first: stat.first ?? "unknown",
      last: stat.last ?? "unknown",
    }));
}

const ROW_SHAPE =
  "{ machine: string; time: string; policy: string; os: string; codes: string; firewall: string; antivirusOn: string; antivirusUpToDate: string; antispywareOn: string; antispywareUpToDate: string; automaticUpdates: string; securityUpdates: string; severity: string; updateSources: string; state: string; file: string; line: number; ignoredCodes?: string; radius?: string }[]";

const EXAMPLE_ROW: NpsFindingRow = {
  machine: "testclient",
  time: "2006-08-28T23:44:32.391Z",
  policy: "Access Denied",
  os: "Windows Vista (build 5495, x86, Workstation)",
  codes:
    "0xC0FF000C E_MSSHAV_NO_WUS_SERVER: Windows Update Agent not configured to synchronize with a WSUS server",
  firewall: "compliant",
  antivirusOn: "compliant",
  antivirusUpToDate: "compliant",
  antispywareOn: "compliant",
  antispywareUpToDate: "compliant",
  automaticUpdates: "compliant",
  securityUpdates:
    "0xC0FF000C E_MSSHAV_NO_WUS_SERVER: Windows Update Agent not configured to synchronize with a WSUS server",
  severity: "Unspecified",
  updateSources: "Windows Update",
  state: "restricted",
  file: "nps/quarantine.txt",
  line: 1,
  radius: "no RADIUS accept or reject logged",
};

const SCOPE_PARAM = {
  type: "string" as const,
  description:
    '"latest" (default): each machine\'s latest result, unless a later full-access event (6278) shows it healthy; "any": every kept result.',
};

/**
 * Whether every machine of the NPS evidence was judged: beyond NPS_LIMITS.machines the collector
 * counts results without keeping them (ADR 0022), and then a check that found nothing cannot pass.
 */
export function npsScope(facts: Facts): { complete: boolean; unjudgedResults: number } {
  const truncated = npsOf(facts)?.truncated?.machines;
  const unjudged = typeof truncated === "number" ? truncated : 0;
  return { complete: unjudged === 0, unjudgedResults: unjudged };
}

export const npsFacts: FactDefinition[] = [
  {
    name: "npsScope",
    description:
      "Whether every machine of the NPS evidence was judged (complete), and how many results of machines beyond the collector's bound (200,000 machines) were counted without being judged. NPS rules are not evaluated, rather than passed, when it is incomplete and they found nothing.",
    sources: ["nps"],
    returns: "{ complete: boolean; unjudgedResults: number }",
    example: { complete: true, unjudgedResults: 0 },
    compute: npsScope,
  },
  {
    name: "npsResults",
    description:
      "Each NAP Windows SHV result in scope, one row per result: the codes of the elements that have meaning (positions 1-7; when Security Center is down only its own codes), the update sources the client reported, and where the entry was read. Rules compare the rows with someRow.",
    sources: ["nps"],
    params: { scope: SCOPE_PARAM },
    returns:
      "{ machine: string; time: string; policy: string; state: string; codes: string[]; wscDown: boolean; updateSources: string[] | null; sourcesIncludeWsus: boolean | null; file: string; line: number }[]",
    example: [
      {
        machine: "testclient",
        time: "2006-08-28T23:44:32.391Z",
        policy: "Access Denied",
        state: "restricted",
        codes: ["0x00000000", "0xC0FF000C"],
        wscDown: false,
        updateSources: ["Windows Update"],
        sourcesIncludeWsus: false,
        file: "nps/quarantine.txt",
        line: 1,
      },
    ],
    compute: npsResults,
  },
  {
    name: "npsMachinesWithCodes",
    description:
      "Machines whose NAP Windows SHV result carries one of the given codes at an element that has meaning (positions 1-7; when Security Center is down only its own codes are visible). One row per result with every element in words.",
    sources: ["nps"],
    params: {
      codes: {
        type: "string[]",
        description: 'Codes to look for, hex or decimal, e.g. ["0xC0FF000C"].',
        required: true,
      },
      scope: SCOPE_PARAM,
    },
    returns: ROW_SHAPE,
    example: [EXAMPLE_ROW],
    compute: npsMachinesWithCodes,
  },
  {
    name: "npsSourcesWithoutWsus",
    description:
      "Machines whose reported legitimate update sources (element 9 bitmask) do not include WSUS (0x00010000). Entries with Security Center down are left out (their codes have no meaning).",
    sources: ["nps"],
    params: {
      scope: SCOPE_PARAM,
      wsusIntended: {
        type: "boolean",
        description: "WSUS is the source the clients should use (default true); false returns no rows.",
      },
    },
    returns: ROW_SHAPE,
    example: [EXAMPLE_ROW],
    compute: npsSourcesWithoutWsus,
  },
  {
    name: "npsPolicyReach",
    description:
      "Whether the bundle's Group Policy evidence sets a WSUS server (WUServer) that clients reporting 0xC0FF000C evidently do not receive; one sentence for the finding.",
    sources: ["nps"],
    returns:
      "{ gpoEvidence: boolean; policySet: boolean; wuServer?: string; statusServer?: string; sentence: string }",
    example: {
      gpoEvidence: true,
      policySet: true,
      wuServer: "http://wsus01.contoso.local:8530",
      sentence:
        "Group Policy in the bundle sets the WSUS server to http://wsus01.contoso.local:8530, yet these clients report none: the policy does not reach them (…).",
    },
    compute: (facts) => npsPolicyReach(facts),
  },
  {
    name: "npsCodeStats",
    description:
      "Per-code statistics of the NAP results: machines, occurrences (not counting entries where Security Center was down), first and last time, with the code decoded.",
    sources: ["nps"],
    params: { codes: { type: "string[]", description: "Codes to include (default: all)." } },
    returns:
      "{ code: string; symbol: string; meaning: string; inSeed: boolean; machineCount: number; count: number; first: string; last: string }[]",
    example: [
      {
        code: "0xC0FF000C",
        symbol: "E_MSSHAV_NO_WUS_SERVER",
        meaning: "Windows Update Agent not configured to synchronize with a WSUS server",
        inSeed: true,
        machineCount: 1,
        count: 1,
        first: "2006-08-28T23:44:32.391Z",
        last: "2006-08-28T23:44:32.391Z",
      },
    ],
    compute: npsCodeStats,
  },
];
