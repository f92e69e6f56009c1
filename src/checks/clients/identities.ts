/**
 * Shared WSUS client IDs (knowledge/wsus-computers.md §9). Proven when one SusClientId is under
 * several computer names: across WSUS lists exported at different times, or in several computers'
 * own `reg export` (or log). Only suspected when the IIS logs show far more Windows Update Agents
 * than the WSUS list has computers: WSUS keeps one row per ID and overwrites its name and address at
 * each contact — but a filtered export or DHCP churn can do the same, so that is said as a
 * suspicion with what would prove it, never as a verdict for a computer.
 */
import type { ComputerModel, ObservationSource } from "./model.js";

export interface SharedId {
  id: string;
  /** The other computers that use the same ID. */
  with: string[];
  /** file:line of the computer's own file that shows the ID (registry export or log), "" when only the WSUS lists do. */
  evidence: string;
  source: ObservationSource | "";
}

/** Per computer key, the ID it shares and with whom (IDs from every source of the model). */
export function sharedIds(model: ComputerModel): Map<string, SharedId> {
  const keysById = new Map<string, Set<string>>();
  for (const record of model.all())
    for (const id of record.clientIds) {
      let keys = keysById.get(id);
      if (!keys) keysById.set(id, (keys = new Set()));
      keys.add(record.key);
    }
  const shared = new Map<string, SharedId>();
  for (const [id, keys] of keysById) {
    if (keys.size < 2) continue;
    for (const key of keys) {
      const own = model.get(key)!.observations.find((o) => o.kind === "client.id" && o.text.endsWith(id));
      shared.set(key, {
        id,
        with: [...keys].filter((k) => k !== key).sort(),
        evidence: own ? `${own.provenance.file}:${own.provenance.line}` : "",
        source: own?.source ?? "",
      });
    }
  }
  return shared;
}

/** Agents per computer above which the IIS logs suggest shared IDs (and at least this many more). */
const SURPLUS_RATIO = 1.5;
const SURPLUS_MIN = 10;

export interface IdentitySurplus {
  agents: number;
  computers: number;
  text: string;
  evidence: string;
}

export function identitySurplus(
  agents: number,
  computers: number,
  evidence: { iis: string; inventory: string },
): IdentitySurplus | undefined {
  if (computers === 0 || agents < computers * SURPLUS_RATIO || agents - computers < SURPLUS_MIN)
    return undefined;
  return {
    agents,
    computers,
    text: `${agents} Windows Update Agent addresses scanned in the IIS logs, but the WSUS list holds ${computers} computer(s): several machines may share one client ID (cloned image) — suspected, not proven (a filtered export or address changes can do the same); a reg export of the WindowsUpdate key of a few clients proves it`,
    evidence: `${evidence.iis}; ${evidence.inventory}`,
  };
}
