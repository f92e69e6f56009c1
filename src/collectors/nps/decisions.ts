/**
 * RADIUS decisions per machine: each Access-Accept / Access-Reject of the accounting logs (tied to
 * its Access-Request, pairing.ts) and each event 6272/6276–6278 (granted) or 6273 (denied), with the
 * reject's Reason-Code in words (knowledge/radius-reasons.ts). State is bounded per machine — the
 * latest decision, the latest reject and two counters — so memory grows with machines, not records.
 */
import { radiusReason } from "../../knowledge/radius-reasons.js";
import type {
  NpsFormat,
  NpsRadiusDecision,
  NpsRadiusFacts,
  NpsRadiusMachine,
  NpsRadiusReasonStat,
} from "./facts.js";
import { machineKey, type MachineIdentity } from "./identity.js";
import { own } from "./own-strings.js";

export const RADIUS_LIMITS = { machines: 100_000 } as const;

/** The decision with the reason's words filled in from the code. */
export function withReason(decision: Omit<NpsRadiusDecision, "reason" | "reasonArea">): NpsRadiusDecision {
  if (decision.reasonCode === undefined) return decision;
  const reason = radiusReason(decision.reasonCode);
  return { ...decision, reason: reason.text, reasonArea: reason.area };
}

function ownDecision(decision: NpsRadiusDecision): NpsRadiusDecision {
  return { ...decision, time: own(decision.time), policy: own(decision.policy), file: own(decision.file) };
}

function later(a: NpsRadiusDecision, b: NpsRadiusDecision): boolean {
  // equal times: the one read later wins (NPS writes in time order)
  return (a.time ?? "") > (b.time ?? "");
}

export class RadiusTally {
  private readonly machines = new Map<string, NpsRadiusMachine>();
  private readonly reasonCounts = new Map<number, number>();
  private accepts = 0;
  private rejects = 0;
  private unpaired = 0;
  private truncated = 0;

  note(identity: MachineIdentity, decision: NpsRadiusDecision): void {
    if (decision.outcome === "accept") this.accepts++;
    else {
      this.rejects++;
      if (decision.reasonCode !== undefined)
        this.reasonCounts.set(decision.reasonCode, (this.reasonCounts.get(decision.reasonCode) ?? 0) + 1);
    }
    if (decision.pairedBy === "unpaired") this.unpaired++;
    if (identity.machineFrom === "none") return;
    // Kept past the record: own copies, or each machine's decision pins its whole decoded chunk
    // (ADR 0022; 10,000 machines held ~125 MB more).
    const kept = ownDecision(decision);
    this.fold(
      {
        machine: own(identity.machine),
        machineFrom: identity.machineFrom,
        latest: kept,
        lastReject: kept.outcome === "reject" ? kept : undefined,
        accepts: decision.outcome === "accept" ? 1 : 0,
        rejects: decision.outcome === "reject" ? 1 : 0,
      },
      this.machines,
    );
  }

  /** Adds one machine's state into a map (used per file, and again when files are merged). */
  fold(seen: NpsRadiusMachine, into: Map<string, NpsRadiusMachine>): void {
    const key = machineKey(seen.machine);
    const known = into.get(key);
    if (!known) {
      if (into.size >= RADIUS_LIMITS.machines) {
        this.truncated++;
        return;
      }
      into.set(key, { ...seen });
      return;
    }
    known.accepts += seen.accepts;
    known.rejects += seen.rejects;
    if (!later(known.latest, seen.latest)) known.latest = seen.latest;
    if (seen.lastReject && (!known.lastReject || !later(known.lastReject, seen.lastReject)))
      known.lastReject = seen.lastReject;
  }

  build(): NpsRadiusFacts {
    return {
      accepts: this.accepts,
      rejects: this.rejects,
      unpaired: this.unpaired,
      machines: [...this.machines.values()],
      reasons: reasonStats(this.reasonCounts),
      truncated: this.truncated,
    };
  }

  /** Several files' decisions as one: machines folded by name, counters summed. */
  static merge(parts: readonly NpsRadiusFacts[]): NpsRadiusFacts {
    const tally = new RadiusTally();
    const machines = new Map<string, NpsRadiusMachine>();
    for (const part of parts) {
      tally.accepts += part.accepts;
      tally.rejects += part.rejects;
      tally.unpaired += part.unpaired;
      tally.truncated += part.truncated;
      for (const stat of part.reasons)
        tally.reasonCounts.set(stat.code, (tally.reasonCounts.get(stat.code) ?? 0) + stat.count);
      for (const machine of part.machines) tally.fold(machine, machines);
    }
    const built = tally.build();
    built.machines = [...machines.values()].sort((a, b) => compareNames(a.machine, b.machine));
    return built;
  }
}

export function emptyRadiusFacts(): NpsRadiusFacts {
  return { accepts: 0, rejects: 0, unpaired: 0, machines: [], reasons: [], truncated: 0 };
}

function reasonStats(counts: Map<number, number>): NpsRadiusReasonStat[] {
  return [...counts]
    .map(([code, count]) => {
      const reason = radiusReason(code);
      return { code, reason: reason.text, area: reason.area, count };
    })
    .sort((a, b) => b.count - a.count || a.code - b.code);
}

function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The access decision an NPS event states: 6272 and 6276–6278 grant access, 6273 denies it (with its Reason Code). */
export function eventDecision(record: {
  eventId?: number;
  time?: string;
  policy?: string;
  reasonCode?: number;
  format: NpsFormat;
  file: string;
  line: number;
}): NpsRadiusDecision | undefined {
  const id = record.eventId;
  if (id === undefined) return undefined;
  const outcome = id === 6273 ? "reject" : id === 6272 || (id >= 6276 && id <= 6278) ? "accept" : undefined;
  if (!outcome) return undefined;
  return withReason({
    outcome,
    time: record.time,
    reasonCode: record.reasonCode,
    policy: record.policy,
    pairedBy: "event",
    format: record.format,
    eventId: id,
    file: record.file,
    line: record.line,
  });
}
