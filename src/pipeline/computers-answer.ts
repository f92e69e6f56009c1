/**
 * The per-computer answer for the result (issue 16): the same view the CLIENTS rules judged, with
 * the thresholds of the rules that ran (a customer's staleDays override shows in the report too),
 * so the report's counts and the findings' counts never disagree.
 */
import { cachedComputersView } from "../checks/clients/facts.js";
import type { Facts } from "../collectors/facts.js";
import type { LoadedRule } from "../engine/rule-file.js";
import type { ComputersAnswer } from "../result/types.js";

const VIEW_FACTS = new Set(["computers", "computersWithVerdict"]);

/** The thresholds of the first enabled rule that reads the per-computer view, or undefined when none does. */
function viewParams(rules: readonly LoadedRule[]): Record<string, unknown> | undefined {
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const spec = rule.evidence.find((e) => VIEW_FACTS.has(e.fact));
    if (!spec) continue;
    const params = spec.params ?? {};
    return {
      ...(params["staleDays"] !== undefined ? { staleDays: params["staleDays"] } : {}),
      ...(params["activeLogonDays"] !== undefined ? { activeLogonDays: params["activeLogonDays"] } : {}),
    };
  }
  return undefined;
}

/** The view's caveats that hold for several computers at once (suspected shared IDs, NATed addresses). */
function caveats(view: Record<string, unknown>): string[] {
  return ["identitySurplus", "unjudgedAddresses"]
    .map((key) => view[key])
    .map((value) => (value && typeof value === "object" ? (value as { text?: unknown }).text : undefined))
    .filter((text): text is string => typeof text === "string" && text !== "");
}

export function computersAnswer(facts: Facts, rules: readonly LoadedRule[]): ComputersAnswer | undefined {
  if (!facts.wsusComputers && !facts.adComputers) return undefined;
  const params = viewParams(rules);
  if (!params) return undefined;
  const view = cachedComputersView(facts, params);
  const notes = caveats(view as unknown as Record<string, unknown>);
  return {
    evaluable: view.evaluable,
    reason: view.reason,
    ...(view.reference ? { reference: view.reference } : {}),
    staleDays: view.staleDays,
    total: view.total,
    counts: { ...view.counts },
    causes: view.causes.map((c) => ({ ...c })),
    ...(notes.length > 0 ? { notes } : {}),
    rows: view.computers,
  };
}
