/**
 * RADIUS accepts and rejects per machine, as the NPS rules' evidence rows and the per-computer view
 * show them. A reject says why NPS refused the connection (Reason-Code): credentials, account,
 * policy, certificate, server. It is never a NAP health verdict — a client that fails the health
 * policy is accepted with restrictions (knowledge/nps.md section 11) — so no NPS.* health check
 * fires on a reject; it is shown next to the machine, and the Computers chapter takes it as the
 * cause of a computer that stopped reporting (ADR 0021).
 */
import type { Facts } from "../../collectors/facts.js";
import type { NpsRadiusDecision, NpsRadiusMachine } from "../../collectors/nps/facts.js";
import type { NpsFacts } from "../../collectors/nps/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";

/** Per-machine RADIUS state by lower-case machine name (the key NPS results use). */
export function radiusByMachine(facts: Facts): Map<string, NpsRadiusMachine> {
  const radius = (facts.nps as Partial<NpsFacts> | undefined)?.radius;
  return new Map((radius?.machines ?? []).map((machine) => [machine.machine.toLowerCase(), machine]));
}

/** "reason 16 (authentication failed: …)" or "no reason code logged". */
export function reasonWords(decision: NpsRadiusDecision): string {
  return decision.reasonCode === undefined
    ? "no reason code logged"
    : `reason ${decision.reasonCode} (${decision.reason ?? "unknown"})`;
}

const WHERE = (d: NpsRadiusDecision): string => `${d.file}:${d.line}`;

/** One sentence for a machine's RADIUS state: the latest decision, and the last reject when an accept followed it. */
export function radiusSentence(machine: NpsRadiusMachine | undefined): string {
  if (!machine) return "no RADIUS accept or reject logged";
  const { latest, lastReject } = machine;
  const counts = `${machine.rejects} reject(s), ${machine.accepts} accept(s)`;
  if (latest.outcome === "reject")
    return `Access-Reject${latest.time ? ` at ${latest.time}` : ""}, ${reasonWords(latest)} [${WHERE(latest)}]; ${counts}`;
  const accepted = `Access-Accept${latest.time ? ` at ${latest.time}` : ""} [${WHERE(latest)}]`;
  return lastReject
    ? `${accepted}; earlier Access-Reject${lastReject.time ? ` at ${lastReject.time}` : ""}, ${reasonWords(lastReject)}; ${counts}`
    : `${accepted}; ${counts}`;
}

export interface NpsRejectRow {
  machine: string;
  time: string;
  reasonCode: number | null;
  reason: string;
  /** What the reason is about (credentials, account, policy, certificate, server, proxy, request, other). */
  area: string;
  rejects: number;
  accepts: number;
  /** Always false: a RADIUS reject is not a NAP health result. */
  healthFailure: boolean;
  /** How the reject was tied to the machine: class, adjacent, event, unpaired. */
  pairedBy: string;
  file: string;
  line: number;
}

/** Machines whose latest RADIUS decision is a reject, with its reason. */
export function npsRejects(facts: Facts): NpsRejectRow[] {
  const rows: NpsRejectRow[] = [];
  for (const machine of radiusByMachine(facts).values()) {
    const latest = machine.latest;
    if (latest.outcome !== "reject") continue;
    rows.push({
      machine: machine.machine,
      time: latest.time ?? "unknown",
      reasonCode: latest.reasonCode ?? null,
      reason: latest.reason ?? "no reason code logged",
      area: latest.reasonArea ?? "other",
      rejects: machine.rejects,
      accepts: machine.accepts,
      healthFailure: false,
      pairedBy: latest.pairedBy,
      file: latest.file,
      line: latest.line,
    });
  }
  return rows.sort((a, b) => (a.machine.toLowerCase() < b.machine.toLowerCase() ? -1 : 1));
}

export const npsRadiusFacts: FactDefinition[] = [
  {
    name: "npsHealthScope",
    description:
      "Whether the NPS evidence can show a NAP health problem: observable when at least one Windows SHV result was decoded; otherwise the reason (RADIUS accepts/rejects and accounting records alone do not show health). NPS rules use it in `applicable`.",
    sources: ["nps"],
    returns:
      "{ results: number; accepts: number; rejects: number; accountingRecords: number; observable: boolean; reason: string }",
    example: {
      results: 0,
      accepts: 2,
      rejects: 3,
      accountingRecords: 10,
      observable: false,
      reason:
        "the NPS evidence holds no Windows System Health Validator result (only 3 RADIUS reject(s) and 2 accept(s) and 10 accounting record(s)): it shows who NPS let in and why not, not the clients' health — collect the NPS events 6276-6278 or the NAP quarantine entries",
    },
    compute: (facts) => npsHealthScope(facts),
  },
  {
    name: "npsRejects",
    description:
      "Machines whose latest RADIUS decision (accounting Access-Reject paired with its request, or event 6273) is a reject, with the Reason-Code in words. A reject is an authentication or authorisation refusal, never a NAP health result (healthFailure is always false).",
    sources: ["nps"],
    returns:
      "{ machine: string; time: string; reasonCode: number | null; reason: string; area: string; rejects: number; accepts: number; healthFailure: boolean; pairedBy: string; file: string; line: number }[]",
    example: [
      {
        machine: "PC801",
        time: "2026-11-30T08:14:02.117",
        reasonCode: 16,
        reason: "authentication failed: credentials mismatch (unknown account or wrong password)",
        area: "credentials",
        rejects: 1,
        accepts: 0,
        healthFailure: false,
        pairedBy: "class",
        file: "nps/IN2611.log",
        line: 2,
      },
    ],
    compute: (facts) => npsRejects(facts),
  },
];

export interface NpsHealthScope {
  /** Decoded Windows SHV results in the bundle: without one, no NAP health check can fail. */
  results: number;
  accepts: number;
  rejects: number;
  accountingRecords: number;
  observable: boolean;
  reason: string;
}

/**
 * Whether the NPS evidence can show a NAP health problem: it must hold at least one decoded Windows
 * SHV result. RADIUS accepts and rejects, and accounting records without a health result, show who
 * was let in and why not — never the client's health — so on them alone every NPS.* health check is
 * not evaluated, not passed (ADR 0018, ADR 0021).
 */
export function npsHealthScope(facts: Facts): NpsHealthScope {
  const nps = facts.nps as Partial<NpsFacts> | undefined;
  const results = nps?.entries ?? 0;
  const accepts = nps?.radius?.accepts ?? 0;
  const rejects = nps?.radius?.rejects ?? 0;
  const accountingRecords = nps?.accounting?.records ?? 0;
  if (results > 0) {
    // The rules also need every machine judged (npsScope in ./facts.ts, ADR 0022): this reason is the one they
    // give when that part of their applicability fails.
    const unjudged = nps?.truncated?.machines ?? 0;
    return {
      results,
      accepts,
      rejects,
      accountingRecords,
      observable: true,
      reason:
        unjudged === 0
          ? `${results} Windows SHV result(s) decoded`
          : `The NPS evidence names more machines than one audit judges (200,000): ${unjudged} result(s) of the others were counted (facts.nps.truncated.machines) but not evaluated, so this check cannot pass. Split the evidence (per NPS server, or per month) and audit each part.`,
    };
  }
  const read = [
    accepts + rejects > 0 ? `${rejects} RADIUS reject(s) and ${accepts} accept(s)` : "",
    accountingRecords > 0 ? `${accountingRecords} accounting record(s)` : "",
  ].filter(Boolean);
  return {
    results,
    accepts,
    rejects,
    accountingRecords,
    observable: false,
    reason: `the NPS evidence holds no Windows System Health Validator result${read.length ? ` (only ${read.join(" and ")})` : ""}: it shows who NPS let in and why not, not the clients' health — collect the NPS events 6276-6278 or the NAP quarantine entries`,
  };
}
