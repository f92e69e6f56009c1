import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { NPS_LIMITS } from "../../../src/collectors/nps/facts.js";
import { mergeNpsFragments } from "../../../src/collectors/nps/merge.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { facts, npsCollector } from "./helpers.js";

describe("join across sources by NAP session", () => {
  it("an event and the DTS accounting record of the same session meet in one session and one machine", async () => {
    const nps = await facts(["nps-events-xml", "Security-NPS.xml"], ["nps-accounting-log", "IN2611-dts.log"]);
    const session = nps.sessions.find((s) => s.key === "3e4f5061-7283-494a-b5c6-d7e8f9011223")!;
    assert.deepEqual(session.formats, ["dts", "event-xml"]);
    assert.equal(session.machine, "PC201");
    const pc201 = nps.machines.find((m) => m.machine === "PC201")!;
    assert.equal(pc201.accounting?.quarantineState, 1);
    assert.equal(pc201.accounting?.file, "IN2611-dts.log");
  });

  it("a result with no machine name takes it from the session seen in another source", async () => {
    const text = [
      "Machine <undetermined> was quarantined.",
      "Quarantine-Session-Identifier = {3E4F5061-7283-494A-B5C6-D7E8F9011223} - 2026-11-17 09:14:03.512Z",
      "Quarantine-System-Health-Result =",
      "Windows Security Health Validator",
      "NonCompliant",
      "None",
      "(0x0-)",
      "(0x0-)",
      "(0x0-)",
      "(0x0-)",
      "(0x0-)",
      "(0x0-)",
      "(0xc0ff000d-)",
      "(0x40-)",
    ].join("\r\n");
    const file = await evidenceFileFromBytes("nps/entry.txt", Buffer.from(text));
    const sohOutput = await npsCollector("nps-soh-text").collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(sohOutput.facts!.results[0]!.machineFrom, "none");
    const dts = await (await import("./helpers.js")).collect("nps-accounting-log", "IN2611-dts.log");
    const merged = mergeNpsFragments([sohOutput.facts!, dts.facts!]);
    assert.deepEqual(
      merged.machines.map((m) => [m.machine, m.machineFrom, m.latest.checks, m.policy]),
      [["PC201", "session", ["NPS.NO_CLIENT_ID"], "NAP DHCP Noncompliant"]],
    );
    assert.deepEqual(merged.codes.find((code) => code.hex === "0xC0FF000D")?.machines, ["PC201"]);
  });
});

describe("bounds", () => {
  it("keeps the latest results per machine and counts every one", async () => {
    const entries: string[] = [];
    for (let i = 0; i < 25; i++) {
      const second = String(i).padStart(2, "0");
      entries.push(
        "Machine PC900 was quarantined.",
        `Quarantine-Session-Identifier = {00000000-0000-4000-8000-0000000000${second}} - 2026-11-17 10:00:${second}.000Z`,
        "Quarantine-System-Health-Result =",
        "Windows Security Health Validator",
        "NonCompliant",
        "None",
        `(0x0-) (0x0-) (0x0-) (0x0-) (0x0-) (0x0-) (${i === 24 ? "0xc0ff0010" : "0xc0ff000f"}-) (0x40-) (0x10000-)`,
        "",
      );
    }
    const file = await evidenceFileFromBytes("nps/many.txt", Buffer.from(entries.join("\r\n"), "utf8"));
    const output = await npsCollector("nps-soh-text").collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(output.records, 25);
    const merged = mergeNpsFragments([output.facts!]);
    const machine = merged.machines[0]!;
    assert.equal(machine.resultCount, 25);
    assert.equal(machine.results.length, NPS_LIMITS.resultsPerMachine);
    assert.equal(machine.time, "2026-11-17T10:00:24.000Z");
    assert.deepEqual(machine.latest.checks, ["NPS.REBOOT_REQUIRED"]);
    assert.equal(merged.truncated.results, 25 - NPS_LIMITS.resultsPerMachine);
    const comm = merged.codes.find((code) => code.hex === "0xC0FF000F")!;
    assert.deepEqual(
      [comm.count, comm.first, comm.last],
      [24, "2026-11-17T10:00:00.000Z", "2026-11-17T10:00:23.000Z"],
    );
  });

  it("sorts machines by name, deterministically", async () => {
    const nps = await facts(["nps-soh-text", "soh-multi-utf16.txt"], ["nps-events-xml", "Security-NPS.xml"]);
    const names = nps.machines.map((m) => m.machine);
    assert.deepEqual(names, ["PC101", "PC102", "PC103", "PC201", "PC202"]);
    const again = await facts(
      ["nps-events-xml", "Security-NPS.xml"],
      ["nps-soh-text", "soh-multi-utf16.txt"],
    );
    assert.deepEqual(
      again.machines.map((m) => m.machine),
      names,
    );
  });
});

describe("access decisions without a decodable result", () => {
  it("a later 6278 with no health text marks the machine recovered, so its older failure is out of the default scope", async () => {
    const { NpsFragmentBuilder } = await import("../../../src/collectors/nps/fragment.js");
    const { parseShvResultText } = await import("../../../src/collectors/nps/shv-result.js");
    const builder = new NpsFragmentBuilder();
    const base = {
      file: "nps/Security.xml",
      identity: { machine: "PC950", machineFrom: "machine" as const },
    };
    builder.addRecord({
      ...base,
      format: "event-xml",
      line: 1,
      eventId: 6276,
      time: "2026-11-17T07:00:00.000Z",
      state: "restricted",
      shvBlocks: parseShvResultText("(0x0-)(0x0-)(0x0-)(0x0-)(0x0-)(0x0-)(0xc0ff000f-)(0x40-)").blocks,
    });
    builder.addRecord({
      ...base,
      format: "event-xml",
      line: 2,
      eventId: 6278,
      time: "2026-11-17T08:00:00.000Z",
      state: "full-access",
    });
    const merged = mergeNpsFragments([builder.build()]);
    assert.equal(merged.machines[0]!.recoveredAt, "2026-11-17T08:00:00.000Z");
    const { npsMachinesWithCodes } = await import("../../../src/checks/nps/facts.js");
    const all = {
      bundle: { name: "t", manifest: {}, wsus: {}, sources: ["nps" as const], kinds: [] },
      nps: merged,
    };
    assert.deepEqual(npsMachinesWithCodes(all, { codes: ["0xC0FF000F"] }), []);
    assert.equal(npsMachinesWithCodes(all, { codes: ["0xC0FF000F"], scope: "any" }).length, 1);
  });
});
