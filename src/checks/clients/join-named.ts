/**
 * Evidence that names the computer itself, joined by name (issue 16 Build 3): a gpresult of the
 * computer (what policy reached it, and its own container when the domain's list does not say) and
 * NPS health results (the machine name of the NAP statement of health).
 */
import type { Facts } from "../../collectors/facts.js";
import type { NpsMachine } from "../../collectors/nps/facts.js";
import { identify, type ComputerModel } from "./model.js";

export function joinGroupPolicy(facts: Facts, model: ComputerModel): void {
  for (const rsop of facts.gpo?.computers ?? []) {
    const name = rsop.name.split("\\").pop() ?? rsop.name;
    const view = facts.gpo?.views.find((v) => v.kind === "rsop" && v.computer === rsop.name);
    const [kind, text] = !view
      ? ["gpo.rsop", `gpresult of ${rsop.name}`]
      : !view.wsusPolicyPresent
        ? ["gpo.no-policy", `gpresult of ${rsop.name}: no WSUS policy reaches this computer`]
        : !view.urls.status
          ? [
              "gpo.no-status-server",
              `gpresult of ${rsop.name}: WUStatusServer is not set, so status reports have nowhere to go`,
            ]
          : [
              "gpo.applied",
              `gpresult of ${rsop.name}: WSUS policy applied (status server ${view.urls.status.raw})`,
            ];
    const record = model.observe(identify(name), {
      source: "gpo",
      kind,
      text,
      group: text.replace(`gpresult of ${rsop.name}`, "its gpresult"),
      provenance: { file: rsop.file, line: rsop.line },
    });
    // gpresult names the computer's own container; the domain's list, when present, has the last word
    if (rsop.som && !rsop.modelled) record.ou ??= rsop.som;
  }
}

/** The Windows SHV's verdict on updates, in the NAP health result's own words. */
function updateWords(machine: NpsMachine): { problem: boolean; text: string } {
  const words = machine.words;
  const updates = words.securityUpdates;
  const sources = words.updateSources;
  const wsusSource = machine.latest.updateSources?.includesWsus;
  const problem = (updates !== "" && updates !== "compliant") || wsusSource === false;
  return {
    problem,
    text: `NPS health check of ${machine.machine} (${machine.state}${machine.time ? ` at ${machine.time}` : ""}): security updates ${updates || "not reported"}; ${sources || "update source not reported"}${machine.recoveredAt ? `; full access again at ${machine.recoveredAt}` : ""}`,
  };
}

export function joinNps(facts: Facts, model: ComputerModel): void {
  for (const machine of facts.nps?.machines ?? []) {
    // a user or station id is not a computer name
    if (machine.machineFrom !== "machine") continue;
    const { problem, text } = updateWords(machine);
    model.observe(identify(machine.machine), {
      source: "nps",
      kind: problem && !machine.recoveredAt ? "nps.update-problem" : "nps.seen",
      ...(machine.time ? { at: machine.time } : {}),
      text,
      group: `NPS health check: security updates ${machine.words.securityUpdates.split(":")[0] || "not reported"}`,
      provenance: { file: machine.latest.file, line: machine.latest.line },
    });
  }
}
