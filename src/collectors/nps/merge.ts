/**
 * Combines the fragments of every NPS file: joins records of one NAP session across sources (the
 * session GUID), groups decoded results per machine (latest first), and sums the per-code statistics.
 */
import { detectClientOs, decodeEntry, parseWshvCode } from "../../knowledge/wshv-decode.js";
import { NAP_DEPRECATION_NOTE } from "../../knowledge/wshv.js";
import {
  NPS_LIMITS,
  type NpsAccountingMachine,
  type NpsCodeStat,
  type NpsFacts,
  type NpsFragment,
  type NpsMachine,
  type NpsResult,
  type NpsSession,
} from "./facts.js";
import { RadiusTally } from "./decisions.js";
import { laterThan, mergeSession, pushLatest, resultsKept } from "./fragment.js";
import { machineKey } from "./identity.js";

export function mergeNpsFragments(fragments: readonly NpsFragment[]): NpsFacts {
  const sessions = new Map<string, NpsSession>();
  let droppedSessions = 0;
  for (const fragment of fragments) {
    for (const session of fragment.sessions) {
      const known = sessions.get(session.key);
      if (known) mergeSession(known, session);
      else if (sessions.size < NPS_LIMITS.sessions)
        sessions.set(session.key, { ...session, formats: [...session.formats] });
      else droppedSessions++;
    }
  }

  // Join: a result or decision without a machine name takes it (and what else it lacks) from its session.
  const renamed = new Map<string, string>();
  const join = <T extends { machine: string; machineFrom: string; sessionKey?: string; policy?: string }>(
    item: T,
  ): T => {
    const session = item.sessionKey ? sessions.get(item.sessionKey) : undefined;
    if (!session) return item;
    const joined = { ...item, policy: item.policy ?? session.policy };
    if (item.machineFrom !== "machine" && session.machine) {
      renamed.set(item.machine, session.machine);
      joined.machine = session.machine;
      joined.machineFrom = "session";
    }
    return joined;
  };

  const byMachine = new Map<string, NpsResult[]>();
  const detailed = new Set<string>();
  let droppedResults = 0;
  let droppedMachines = 0;
  for (const fragment of fragments) {
    for (const raw of fragment.results) {
      const result = fillFromSession(join(raw), raw.sessionKey ? sessions.get(raw.sessionKey) : undefined);
      const key = machineKey(result.machine);
      let list = byMachine.get(key);
      if (!list) {
        if (byMachine.size >= NPS_LIMITS.machines) {
          droppedMachines++;
          continue;
        }
        list = [];
        byMachine.set(key, list);
        if (detailed.size < NPS_LIMITS.detailedMachines) detailed.add(key);
      }
      const before = list.length;
      pushLatest(list, result, resultsKept(detailed.has(key)));
      if (list.length === before) droppedResults++;
    }
  }

  const decisions = new Map<string, { time?: string }>();
  for (const fragment of fragments) {
    for (const raw of fragment.decisions) {
      const decision = join(raw);
      const key = machineKey(decision.machine);
      const previous = decisions.get(key);
      if (!previous || !laterThan(previous, decision)) decisions.set(key, decision);
    }
  }

  const accountingMachines = new Map<string, NpsAccountingMachine>();
  for (const fragment of fragments) {
    for (const observation of fragment.accounting.machines) {
      const key = machineKey(observation.machine);
      const previous = accountingMachines.get(key);
      if (!previous) accountingMachines.set(key, { ...observation });
      else {
        const records = previous.records + observation.records;
        const carries = observation.quarantineState !== undefined;
        const previousCarries = previous.quarantineState !== undefined;
        if (
          (carries && !previousCarries) ||
          (carries === previousCarries && !laterThan(previous, observation))
        ) {
          Object.assign(previous, observation);
        }
        previous.records = records;
      }
    }
  }

  const counts = new Map<string, number>();
  for (const fragment of fragments) {
    for (const { machine, count } of fragment.machineCounts) {
      const key = machineKey(renamed.get(machine) ?? machine);
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
  }

  const machines: NpsMachine[] = [];
  for (const [key, results] of byMachine) {
    const latest = results[0]!;
    const decision = decisions.get(key);
    const recovered = decision && laterThan(decision, latest) ? decision.time : undefined;
    const count = Math.max(counts.get(key) ?? 0, results.length);
    machines.push({
      machine: latest.machine,
      machineFrom: latest.machineFrom,
      os: latest.os,
      osFrom: latest.osFrom,
      time: latest.time,
      policy: latest.policy,
      state: latest.state,
      words: latest.words,
      latest,
      results,
      resultCount: count,
      recoveredAt: recovered,
      accounting: accountingMachines.get(key),
    });
  }
  machines.sort((a, b) => compareText(a.machine, b.machine));

  return {
    entries: fragments.reduce((sum, fragment) => sum + fragment.entries, 0),
    machines,
    codes: mergeCodes(fragments, renamed),
    events: mergeEvents(fragments),
    accounting: {
      records: sum(fragments, (f) => f.accounting.records),
      byFormat: {
        ias: sum(fragments, (f) => f.accounting.byFormat.ias),
        odbc: sum(fragments, (f) => f.accounting.byFormat.odbc),
        dts: sum(fragments, (f) => f.accounting.byFormat.dts),
      },
      byState: {
        "full-access": sum(fragments, (f) => f.accounting.byState["full-access"]),
        restricted: sum(fragments, (f) => f.accounting.byState.restricted),
        probation: sum(fragments, (f) => f.accounting.byState.probation),
      },
      machines: [...accountingMachines.values()].sort((a, b) => compareText(a.machine, b.machine)),
      unknownElements: [...new Set(fragments.flatMap((f) => f.accounting.unknownElements))].sort(),
      heuristicCodes: mergeHeuristic(fragments),
    },
    sessions: [...sessions.values()].sort((a, b) => compareText(a.key, b.key)),
    radius: RadiusTally.merge(fragments.map((f) => f.radius)),
    truncated: {
      machines: droppedMachines + sum(fragments, (f) => f.truncated.machines),
      results: droppedResults + sum(fragments, (f) => f.truncated.results),
      sessions: droppedSessions + sum(fragments, (f) => f.truncated.sessions),
      accountingMachines: sum(fragments, (f) => f.truncated.accountingMachines),
    },
    note: NAP_DEPRECATION_NOTE,
  };
}

/** Session data a result lacks: OS-Version (then the OS is re-detected), state, policy. */
function fillFromSession(result: NpsResult, session: NpsSession | undefined): NpsResult {
  if (!session) return result;
  const filled = { ...result };
  if (!filled.osVersion && session.osVersion) {
    const codes = result.codes.map((hex) => parseWshvCode(hex) ?? 0);
    const os = detectClientOs(session.osVersion, decodeEntry(codes));
    filled.osVersion = session.osVersion;
    filled.os = os.name;
    filled.osFrom = os.from;
  }
  if (filled.state === "unknown" && session.state) filled.state = session.state;
  filled.extendedState ??= session.extendedState;
  return filled;
}

function mergeCodes(fragments: readonly NpsFragment[], renamed: Map<string, string>): NpsCodeStat[] {
  const codes = new Map<string, NpsCodeStat & { set: Set<string> }>();
  for (const fragment of fragments) {
    for (const stat of fragment.codes) {
      let target = codes.get(stat.hex);
      if (!target) {
        target = { ...stat, count: 0, suppressedByWsc: 0, machines: [], machineCount: 0, set: new Set() };
        target.first = undefined;
        target.last = undefined;
        codes.set(stat.hex, target);
      }
      target.count += stat.count;
      target.suppressedByWsc += stat.suppressedByWsc;
      for (const machine of stat.machines) {
        if (target.set.size < NPS_LIMITS.machines) target.set.add(renamed.get(machine) ?? machine);
      }
      if (stat.first && (!target.first || stat.first < target.first)) target.first = stat.first;
      if (stat.last && (!target.last || stat.last > target.last)) target.last = stat.last;
    }
  }
  return [...codes.values()]
    .map(({ set, ...stat }) => {
      const names = [...set].sort(compareText);
      return { ...stat, machineCount: names.length, machines: names.slice(0, NPS_LIMITS.machinesPerCode) };
    })
    .sort((a, b) => compareText(a.hex, b.hex));
}

function mergeEvents(fragments: readonly NpsFragment[]): NpsFacts["events"] {
  const byId: Record<string, number> = {};
  for (const fragment of fragments) {
    for (const [id, count] of Object.entries(fragment.events.byId)) byId[id] = (byId[id] ?? 0) + count;
  }
  const sorted = Object.fromEntries(Object.entries(byId).sort(([a], [b]) => compareText(a, b)));
  return { total: sum(fragments, (f) => f.events.total), byId: sorted };
}

function mergeHeuristic(fragments: readonly NpsFragment[]): { hex: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const fragment of fragments) {
    for (const item of fragment.accounting.heuristicCodes)
      counts.set(item.hex, (counts.get(item.hex) ?? 0) + item.count);
  }
  return [...counts].map(([hex, count]) => ({ hex, count })).sort((a, b) => compareText(a.hex, b.hex));
}

function sum(fragments: readonly NpsFragment[], pick: (fragment: NpsFragment) => number): number {
  return fragments.reduce((total, fragment) => total + pick(fragment), 0);
}

/** Locale-independent ordering, so the JSON is byte-identical on every machine. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
