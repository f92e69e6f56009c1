/**
 * ADR 0022: every machine up to NPS_LIMITS.machines is judged (its latest result kept; the first
 * detailedMachines keep a history), and beyond that bound results are counted, so the NPS checks
 * can tell an estate they did not fully judge (npsScope) instead of passing it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { NPS_LIMITS } from "../../../src/collectors/nps/facts.js";
import { NpsFragmentBuilder } from "../../../src/collectors/nps/fragment.js";
import { mergeNpsFragments } from "../../../src/collectors/nps/merge.js";
import type { NpsRecord } from "../../../src/collectors/nps/record.js";
import { parseShvResultText } from "../../../src/collectors/nps/shv-result.js";
import { npsScope } from "../../../src/checks/nps/facts.js";

const BLOCKS = parseShvResultText(
  [
    "Windows Security Health Validator",
    "NonCompliant",
    "None",
    "(0x0-) (0x0-) (0x0-) (0x0-) (0x0-) (0x0-) (0xc0ff000c-) (0x40-) (0x10000-)",
  ].join("\r\n"),
  1,
).blocks;

function record(machine: string, second: number, line: number): NpsRecord {
  return {
    format: "event-xml",
    file: "nps/Security-NPS.xml",
    line,
    eventId: 6276,
    identity: { machine, machineFrom: "machine" },
    time: `2026-11-17T10:00:${String(second).padStart(2, "0")}.000Z`,
    state: "restricted",
    shvBlocks: BLOCKS,
  };
}

describe("NPS machines: judged up to the bound, counted beyond it", () => {
  it("machines past the detailed ones keep their latest result, and every one is judged", () => {
    const builder = new NpsFragmentBuilder();
    const count = NPS_LIMITS.detailedMachines + 3;
    let line = 0;
    for (const second of [1, 2])
      for (let i = 0; i < count; i++) builder.addRecord(record(`PC${i}`, second, ++line));
    const merged = mergeNpsFragments([builder.build()]);
    assert.equal(merged.machines.length, count);
    assert.equal(merged.truncated.machines, 0);
    const first = merged.machines.find((machine) => machine.machine === "PC0")!;
    const last = merged.machines.find((machine) => machine.machine === `PC${count - 1}`)!;
    assert.equal(first.results.length, 2);
    assert.equal(last.results.length, 1);
    for (const machine of [first, last]) {
      assert.equal(machine.resultCount, 2);
      assert.equal(machine.time, "2026-11-17T10:00:02.000Z");
      assert.deepEqual(machine.latest.checks, ["NPS.NO_WSUS_SERVER"]);
    }
    assert.deepEqual(npsScope({ nps: merged } as never), { complete: true, unjudgedResults: 0 });
  });

  it("beyond NPS_LIMITS.machines the results are counted and the scope is incomplete", () => {
    const builder = new NpsFragmentBuilder();
    for (let i = 0; i < NPS_LIMITS.machines + 2; i++) builder.addRecord(record(`PC${i}`, 1, i + 1));
    const merged = mergeNpsFragments([builder.build()]);
    assert.equal(merged.machines.length, NPS_LIMITS.machines);
    assert.equal(merged.truncated.machines, 2);
    assert.deepEqual(npsScope({ nps: merged } as never), { complete: false, unjudgedResults: 2 });
  });
});
