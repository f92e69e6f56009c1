/**
 * NPS's RADIUS decisions joined to computers by name (issue 15 Build 5): a computer whose latest
 * Access-Request NPS rejected is off the network NPS guards (802.1X, VPN), so it cannot reach WSUS;
 * the reject's reason code says why (credentials, certificate, policy …). A user or station id is
 * not a computer name and joins nobody.
 */
import type { Facts } from "../../collectors/facts.js";
import type { NpsFacts } from "../../collectors/nps/facts.js";
import { radiusSentence, reasonWords } from "../nps/radius-facts.js";
import { identify, type ComputerModel } from "./model.js";

export function joinRadius(facts: Facts, model: ComputerModel): void {
  const radius = (facts.nps as Partial<NpsFacts> | undefined)?.radius;
  for (const machine of radius?.machines ?? []) {
    if (machine.machineFrom !== "machine" && machine.machineFrom !== "session") continue;
    const latest = machine.latest;
    const rejected = latest.outcome === "reject";
    model.observe(identify(machine.machine), {
      source: "nps",
      kind: rejected ? "nps.rejected" : "nps.accepted",
      ...(latest.time ? { at: latest.time } : {}),
      text: `NPS RADIUS decisions for ${machine.machine}: ${radiusSentence(machine)}`,
      group: rejected
        ? `NPS rejects its network access: ${reasonWords(latest)}`
        : "NPS accepts its network access",
      provenance: { file: latest.file, line: latest.line },
    });
  }
}
