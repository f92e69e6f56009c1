/**
 * The `nps` fact: NAP statement-of-health results decoded per machine and per code, NPS events and
 * accounting records, joined by NAP session. Every list is bounded (see NPS_LIMITS); `truncated` counts
 * what was left out. Rules read it through the dynamic facts of src/checks/nps/facts.ts.
 */
import type { DecodedElement, EntryLayout } from "../../knowledge/wshv-decode.js";
import type { NpsCheck } from "../../knowledge/wshv.js";
import type { RadiusReasonArea } from "../../knowledge/radius-reasons.js";

export const NPS_LIMITS = {
  resultsPerMachine: 5,
  /**
   * Machines judged by the rules: each keeps its latest decoded result (a few hundred bytes, the
   * decoding shared), so 100,000 machines take tens of MB. Beyond it results are counted in
   * `truncated`, and the NPS checks are not evaluated rather than passed (ADR 0022).
   */
  machines: 200_000,
  /** Of those, the first machines (in reading order) keep their last `resultsPerMachine` results. */
  detailedMachines: 20_000,
  machinesPerCode: 100,
  sessions: 5_000,
  accountingMachines: 20_000,
} as const;

/** Where a record was read from. */
export type NpsFormat = "soh-text" | "event-xml" | "event-csv" | "event-text" | "ias" | "odbc" | "dts";

/** NAP access decision: 6276/state 1 restricted, 6277/state 2 probation, 6278/state 0 full, 6273 denied. */
export type NapState = "full-access" | "restricted" | "probation" | "denied" | "granted" | "unknown";

/** How the `machine` name was found: the client machine fields, else a user or station id. */
export type MachineFrom = "machine" | "user" | "calling-station" | "session" | "none";

/** The nine elements in words (the per-client table's columns). */
export interface ElementWords {
  firewall: string;
  antivirusOn: string;
  antivirusUpToDate: string;
  antispywareOn: string;
  antispywareUpToDate: string;
  automaticUpdates: string;
  securityUpdates: string;
  severity: string;
  updateSources: string;
}

/** One decoded Windows SHV result (a seed-style entry, or an event's System Health Validator Result(s)). */
export interface NpsResult {
  machine: string;
  machineFrom: MachineFrom;
  /** ISO time: UTC ("…Z") from events and session ids; server-local (no zone) from DTS timestamps. */
  time?: string;
  policy?: string;
  proxyPolicy?: string;
  os: string;
  osFrom: "OS-Version" | "code count" | "unknown";
  osVersion?: string;
  state: NapState;
  extendedState?: string;
  /** Lower-case GUID of the NAP session: the join key across sources. */
  sessionKey?: string;
  sessionId?: string;
  shvName?: string;
  compliance?: string;
  failureCategory?: string;
  layout: EntryLayout;
  /** Codes in logged order, canonical hex. */
  codes: string[];
  elements: DecodedElement[];
  words: ElementWords;
  severity?: { hex: string; name: string };
  updateSources?: { hex: string; names: string[]; includesWsus: boolean };
  /** Windows Security Center was down: the other codes of this entry have no meaning (seed). */
  wscDown: boolean;
  /** Checks the entry raises by its codes (only NPS.WSC_DOWN when wscDown). */
  checks: NpsCheck[];
  format: NpsFormat;
  eventId?: number;
  file: string;
  line: number;
}

/** A full-access decision without decodable codes (event 6278): it supersedes older results. */
export interface NpsAccessDecision {
  machine: string;
  machineFrom: MachineFrom;
  time?: string;
  state: NapState;
  policy?: string;
  osVersion?: string;
  sessionKey?: string;
  eventId?: number;
  format: NpsFormat;
  file: string;
  line: number;
}

/** The per-client view: one row per machine, sorted by machine name. */
export interface NpsMachine {
  machine: string;
  machineFrom: MachineFrom;
  os: string;
  osFrom: "OS-Version" | "code count" | "unknown";
  time?: string;
  policy?: string;
  state: NapState;
  /** The latest decoded result's elements in words. */
  words: ElementWords;
  latest: NpsResult;
  /** Most recent first, at most NPS_LIMITS.resultsPerMachine. */
  results: NpsResult[];
  resultCount: number;
  /** Set when a later full-access decision (event 6278) shows the client healthy again. */
  recoveredAt?: string;
  accounting?: NpsAccountingMachine;
}

export interface NpsCodeStat {
  hex: string;
  symbol?: string;
  short: string;
  inSeed: boolean;
  check?: NpsCheck;
  /** Occurrences at element positions 1-7 (severity and source values are not counted here). */
  count: number;
  /** Of which inside entries where Security Center was down (no meaning, no finding). */
  suppressedByWsc: number;
  machineCount: number;
  machines: string[];
  first?: string;
  last?: string;
}

export interface NpsAccountingMachine {
  machine: string;
  machineFrom: MachineFrom;
  time?: string;
  /** MS-Quarantine-State: 0 full access (also logged for non-NAP requests), 1 restricted, 2 probation. */
  quarantineState?: number;
  state: NapState;
  /** MS-Extended-Quarantine-State: 0 no data, 1 transition, 2 infected, 3 unknown. */
  extendedState?: number;
  extendedStateName?: string;
  sessionKey?: string;
  sessionId?: string;
  policy?: string;
  records: number;
  format: NpsFormat;
  file: string;
  line: number;
}

export interface NpsSession {
  key: string;
  machine?: string;
  time?: string;
  state?: NapState;
  extendedState?: string;
  policy?: string;
  osVersion?: string;
  formats: NpsFormat[];
  file: string;
  line: number;
}

export interface NpsFacts {
  /** Decoded SoH results read. */
  entries: number;
  machines: NpsMachine[];
  codes: NpsCodeStat[];
  events: { total: number; byId: Record<string, number> };
  accounting: {
    records: number;
    byFormat: Record<"ias" | "odbc" | "dts", number>;
    /** Records carrying MS-Quarantine-State, by state. */
    byState: Record<"full-access" | "restricted" | "probation", number>;
    machines: NpsAccountingMachine[];
    /** DTS element names outside the known list (to fix the unverified names). */
    unknownElements: string[];
    /** Probable WSHV codes found by scanning hex System-Health-Result blobs: heuristic, never a finding. */
    heuristicCodes: { hex: string; count: number }[];
  };
  sessions: NpsSession[];
  /** RADIUS accepts and rejects per machine, with the reject's reason (decisions.ts). */
  radius: NpsRadiusFacts;
  truncated: { machines: number; results: number; sessions: number; accountingMachines: number };
  note: string;
}

/** What one file contributes; merge() groups and joins them. */
export interface NpsFragment {
  results: NpsResult[];
  /** Results read per machine name (before the per-machine bound). */
  machineCounts: { machine: string; count: number }[];
  decisions: NpsAccessDecision[];
  codes: NpsCodeStat[];
  events: { total: number; byId: Record<string, number> };
  accounting: NpsFacts["accounting"];
  sessions: NpsSession[];
  radius: NpsRadiusFacts;
  truncated: NpsFacts["truncated"];
  entries: number;
}

/* RADIUS decisions per machine (decisions.ts, pairing.ts; issue 15 Build 5). */

export type RadiusOutcome = "accept" | "reject";

/** How a decision was tied to the machine: its request's Class, the request NPS wrote just before it, an event (which names the machine itself), or not at all. */
export type PairedBy = "class" | "adjacent" | "event" | "unpaired";

export interface NpsRadiusDecision {
  outcome: RadiusOutcome;
  /** ISO time: UTC ("…Z") from events, server-local (no zone) from accounting logs. */
  time?: string;
  /** Reason-Code (0 on accepts); absent when the record carries none. */
  reasonCode?: number;
  /** The code in words, from Microsoft's published table (never the localised event text). */
  reason?: string;
  reasonArea?: RadiusReasonArea;
  policy?: string;
  pairedBy: PairedBy;
  format: NpsFormat;
  eventId?: number;
  file: string;
  line: number;
}

export interface NpsRadiusMachine {
  machine: string;
  machineFrom: MachineFrom;
  /** The latest decision (a later accept supersedes an earlier reject). */
  latest: NpsRadiusDecision;
  lastReject?: NpsRadiusDecision;
  accepts: number;
  rejects: number;
}

export interface NpsRadiusReasonStat {
  code: number;
  reason: string;
  area: RadiusReasonArea;
  /** Rejects with this code. */
  count: number;
}

export interface NpsRadiusFacts {
  accepts: number;
  rejects: number;
  /** Responses whose request was not found (no Class match, no adjacent request): counted, kept under their own name. */
  unpaired: number;
  machines: NpsRadiusMachine[];
  reasons: NpsRadiusReasonStat[];
  /** Machines left out past RADIUS_LIMITS.machines (their decisions still counted). */
  truncated: number;
}
