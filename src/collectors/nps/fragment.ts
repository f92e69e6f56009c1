/**
 * Folds the records of one file into a bounded fragment: latest results per machine, per-code
 * statistics, NAP sessions (join keys) and the accounting state per machine. Memory depends on the
 * number of machines and codes, not on the size of the file.
 */
import { formatCode, lookupCode } from "../../knowledge/wshv-decode.js";
import {
  NPS_LIMITS,
  type NapState,
  type NpsAccessDecision,
  type NpsAccountingMachine,
  type NpsCodeStat,
  type NpsFacts,
  type NpsFormat,
  type NpsFragment,
  type NpsRadiusDecision,
  type NpsResult,
  type NpsSession,
} from "./facts.js";
import { eventDecision, RadiusTally } from "./decisions.js";
import { machineKey, type MachineIdentity } from "./identity.js";
import { own } from "./own-strings.js";
import { recordToResult, type NpsRecord } from "./record.js";

type AccountingObservation = Omit<NpsAccountingMachine, "records">;

interface AccountingTally {
  latest: AccountingObservation;
  records: number;
}

interface CodeAccumulator extends Omit<NpsCodeStat, "machines" | "machineCount"> {
  machineSet: Set<string>;
}

/** Sort key for "latest": time first, then reading order. */
export function laterThan(a: { time?: string }, b: { time?: string }): boolean {
  return (a.time ?? "") > (b.time ?? "");
}

export function pushLatest<T extends { time?: string }>(list: T[], item: T, limit: number): void {
  // Stable sort after unshift: among equal times the later-read item comes first.
  list.unshift(item);
  list.sort((a, b) => ((a.time ?? "") < (b.time ?? "") ? 1 : (a.time ?? "") > (b.time ?? "") ? -1 : 0));
  if (list.length > limit) list.length = limit;
}

/** Results a machine keeps: a history for the detailed machines, the latest for the others. */
export function resultsKept(detailed: boolean): number {
  return detailed ? NPS_LIMITS.resultsPerMachine : 1;
}

export class NpsFragmentBuilder {
  private readonly results = new Map<string, NpsResult[]>();
  /** Machines that keep a history of results; the others keep their latest only (NPS_LIMITS). */
  private readonly detailed = new Set<string>();
  private readonly machineCounts = new Map<string, number>();
  private readonly decisions = new Map<string, NpsAccessDecision>();
  private readonly codes = new Map<string, CodeAccumulator>();
  private readonly sessions = new Map<string, NpsSession>();
  /** The observation that describes each machine (kept by reference: a later one replaces it) and its record count. */
  private readonly accountingMachines = new Map<string, AccountingTally>();
  private readonly unknownElements = new Set<string>();
  private readonly heuristic = new Map<string, number>();
  private readonly events = { total: 0, byId: {} as Record<string, number> };
  private readonly accounting = {
    records: 0,
    byFormat: { ias: 0, odbc: 0, dts: 0 },
    byState: { "full-access": 0, restricted: 0, probation: 0 },
  };
  private readonly truncated = { machines: 0, results: 0, sessions: 0, accountingMachines: 0 };
  private readonly radius = new RadiusTally();
  private entries = 0;

  /** A record from the SoH text or an NPS event. Returns the decoded result, if any. */
  addRecord(record: NpsRecord): NpsResult | undefined {
    if (record.eventId !== undefined) {
      this.events.total++;
      const id = String(record.eventId);
      this.events.byId[id] = (this.events.byId[id] ?? 0) + 1;
    }
    this.noteSession(record.session?.key, {
      machine: record.identity.machineFrom === "machine" ? record.identity.machine : undefined,
      time: record.time ?? record.session?.time,
      state: record.state,
      extendedState: record.extendedState,
      policy: record.policy,
      osVersion: record.osVersion,
      format: record.format,
      file: record.file,
      line: record.line,
    });
    const decision = eventDecision(record);
    if (decision) this.noteDecision(record.identity, decision);
    const result = recordToResult(record);
    if (!result) {
      if (record.state === "full-access" && record.eventId !== undefined) this.addDecision(record);
      return undefined;
    }
    this.entries++;
    detach(result);
    const seen = this.machineCounts.get(result.machine);
    if (seen !== undefined || this.machineCounts.size < NPS_LIMITS.machines) {
      this.machineCounts.set(result.machine, (seen ?? 0) + 1);
    }
    this.addResult(result);
    return result;
  }

  private addDecision(record: NpsRecord): void {
    const key = machineKey(record.identity.machine);
    const decision: NpsAccessDecision = {
      machine: own(record.identity.machine),
      machineFrom: record.identity.machineFrom,
      time: own(record.time ?? record.session?.time),
      state: record.state,
      policy: own(record.policy),
      osVersion: own(record.osVersion),
      sessionKey: own(record.session?.key),
      eventId: record.eventId,
      format: record.format,
      file: record.file,
      line: record.line,
    };
    const previous = this.decisions.get(key);
    if (!previous || !laterThan(previous, decision)) this.decisions.set(key, decision);
  }

  private addResult(result: NpsResult): void {
    const key = machineKey(result.machine);
    let list = this.results.get(key);
    if (!list) {
      if (this.results.size >= NPS_LIMITS.machines) {
        this.truncated.machines++;
        this.truncated.results++;
        this.countCodes(result);
        return;
      }
      list = [];
      this.results.set(key, list);
      if (this.detailed.size < NPS_LIMITS.detailedMachines) this.detailed.add(key);
    }
    const before = list.length;
    pushLatest(list, result, resultsKept(this.detailed.has(key)));
    if (list.length === before) this.truncated.results++;
    this.countCodes(result);
  }

  private countCodes(result: NpsResult): void {
    for (const element of result.elements) {
      if (element.code === 0 || (element.position !== undefined && element.position > 7)) continue;
      const hex = formatCode(element.code);
      let stat = this.codes.get(hex);
      if (!stat) {
        const known = lookupCode(element.code);
        stat = {
          hex,
          symbol: known?.symbol,
          short: known?.short ?? "unknown WSHV code",
          inSeed: known?.origin === "seed",
          check: known?.check,
          count: 0,
          suppressedByWsc: 0,
          machineSet: new Set(),
        };
        this.codes.set(hex, stat);
      }
      stat.count++;
      if (result.wscDown && element.check !== "NPS.WSC_DOWN") stat.suppressedByWsc++;
      if (stat.machineSet.size < NPS_LIMITS.machines) stat.machineSet.add(result.machine);
      if (result.time) {
        if (!stat.first || result.time < stat.first) stat.first = result.time;
        if (!stat.last || result.time > stat.last) stat.last = result.time;
      }
    }
  }

  noteSession(
    key: string | undefined,
    seen: Omit<NpsSession, "key" | "formats"> & { format: NpsFormat; state?: NapState },
  ): void {
    if (!key) return;
    let session = this.sessions.get(key);
    if (!session) {
      if (this.sessions.size >= NPS_LIMITS.sessions) {
        this.truncated.sessions++;
        return;
      }
      session = { key, formats: [], file: seen.file, line: seen.line };
      this.sessions.set(key, session);
    }
    // every record of a session sights it again: merged in place, nothing allocated
    fillSession(session, seen);
    addFormat(session.formats, seen.format);
  }

  /** An accounting record (IAS, ODBC, DTS). */
  addAccounting(observation: AccountingObservation, sessionOs?: string): void {
    this.accounting.records++;
    const format = observation.format as "ias" | "odbc" | "dts";
    this.accounting.byFormat[format]++;
    if (observation.quarantineState === 0) this.accounting.byState["full-access"]++;
    else if (observation.quarantineState === 1) this.accounting.byState.restricted++;
    else if (observation.quarantineState === 2) this.accounting.byState.probation++;
    if (observation.sessionKey !== undefined) {
      this.noteSession(observation.sessionKey, {
        machine: observation.machineFrom === "machine" ? observation.machine : undefined,
        time: observation.time,
        state: observation.quarantineState === undefined ? undefined : observation.state,
        extendedState: observation.extendedStateName,
        policy: observation.policy,
        osVersion: sessionOs,
        format: observation.format,
        file: observation.file,
        line: observation.line,
      });
    }
    if (observation.machineFrom === "none") return;
    const key = machineKey(observation.machine);
    const tally = this.accountingMachines.get(key);
    if (!tally) {
      if (this.accountingMachines.size >= NPS_LIMITS.accountingMachines) {
        this.truncated.accountingMachines++;
        return;
      }
      this.accountingMachines.set(key, { latest: observation, records: 1 });
      return;
    }
    tally.records++;
    // The latest record that carries a quarantine state describes the machine.
    const previous = tally.latest;
    const carriesState = observation.quarantineState !== undefined;
    const previousCarries = previous.quarantineState !== undefined;
    if (
      (carriesState && !previousCarries) ||
      (carriesState === previousCarries && !laterThan(previous, observation))
    ) {
      tally.latest = observation;
    }
  }

  /** An Access-Accept / Access-Reject (accounting, paired with its request) or a 6272/6273/6276–6278 event. */
  noteDecision(identity: MachineIdentity, decision: NpsRadiusDecision): void {
    this.radius.note(identity, decision);
  }

  noteUnknownElement(name: string): void {
    if (this.unknownElements.size < 50) this.unknownElements.add(name);
  }

  noteHeuristicCode(code: number): void {
    const hex = formatCode(code);
    this.heuristic.set(hex, (this.heuristic.get(hex) ?? 0) + 1);
  }

  get resultCount(): number {
    return this.entries;
  }

  build(): NpsFragment {
    const accounting: NpsFacts["accounting"] = {
      ...this.accounting,
      machines: [...this.accountingMachines.values()].map(({ latest, records }) => ({ ...latest, records })),
      unknownElements: [...this.unknownElements].sort(),
      heuristicCodes: [...this.heuristic].map(([hex, count]) => ({ hex, count })).sort(byHex),
    };
    return {
      results: [...this.results.values()].flat(),
      machineCounts: [...this.machineCounts].map(([machine, count]) => ({ machine, count })),
      decisions: [...this.decisions.values()],
      codes: [...this.codes.values()].map(({ machineSet, ...stat }) => ({
        ...stat,
        machines: [...machineSet],
        machineCount: machineSet.size,
      })),
      events: this.events,
      accounting,
      sessions: [...this.sessions.values()],
      radius: this.radius.build(),
      truncated: this.truncated,
      entries: this.entries,
    };
  }
}

/** A result's own values, so that keeping it does not keep the text it was read from. */
function detach(result: NpsResult): void {
  result.machine = own(result.machine);
  result.time = own(result.time);
  result.policy = own(result.policy);
  result.proxyPolicy = own(result.proxyPolicy);
  result.osVersion = own(result.osVersion);
  result.extendedState = own(result.extendedState);
  result.sessionKey = own(result.sessionKey);
  result.sessionId = own(result.sessionId);
  result.shvName = own(result.shvName);
  result.compliance = own(result.compliance);
  result.failureCategory = own(result.failureCategory);
}

function byHex(a: { hex: string }, b: { hex: string }): number {
  return a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0;
}

/** Fills what a session does not know yet from another sighting of it. */
export function mergeSession(target: NpsSession, seen: Partial<NpsSession> & { formats: NpsFormat[] }): void {
  fillSession(target, seen);
  for (const format of seen.formats) addFormat(target.formats, format);
}

function fillSession(target: NpsSession, seen: Partial<NpsSession>): void {
  target.machine ??= seen.machine;
  target.time ??= seen.time;
  if (seen.state && seen.state !== "unknown" && (!target.state || target.state === "unknown"))
    target.state = seen.state;
  target.extendedState ??= seen.extendedState;
  target.policy ??= seen.policy;
  target.osVersion ??= seen.osVersion;
}

/** Formats stay sorted and unique. */
function addFormat(formats: NpsFormat[], format: NpsFormat): void {
  if (formats.includes(format)) return;
  formats.push(format);
  formats.sort();
}
