// Tests of the NPS dynamic facts (src/checks/nps/facts.ts) over facts the collectors really produce.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Facts } from "../../../src/collectors/facts.js";
import type { NpsFacts } from "../../../src/collectors/nps/facts.js";
import {
  npsCodeStats,
  npsMachinesWithCodes,
  npsPolicyReach,
  npsSourcesWithoutWsus,
} from "../../../src/checks/nps/facts.js";
import { facts } from "./helpers.js";

function bundleFacts(nps: NpsFacts, extra: Partial<Facts> = {}): Facts {
  return {
    bundle: { name: "t", manifest: {}, wsus: {}, sources: ["nps"], kinds: [] },
    nps,
    ...extra,
  };
}

describe("Security Center rule: the other elements are invisible to the other checks", () => {
  it("seed example 2: 0xC0FF000C is hidden, 0xC0FF0003 is seen with the ignored codes quoted", async () => {
    const all = bundleFacts(await facts(["nps-soh-text", "seed-example-2.txt"]));
    assert.deepEqual(npsMachinesWithCodes(all, { codes: ["0xC0FF000C"] }), []);
    assert.deepEqual(npsSourcesWithoutWsus(all, {}), []);
    const [row] = npsMachinesWithCodes(all, { codes: ["0xC0FF0003", "0xC0FF0018"] });
    assert.ok(row);
    assert.equal(row.machine, "testclient");
    assert.match(row.ignoredCodes!, /0xC0FF000C E_MSSHAV_NO_WUS_SERVER.*re-check after Security Center runs/);
    assert.deepEqual(npsCodeStats(all, { codes: ["0xC0FF000C"] })[0]?.count, 0);
  });
});

describe("finding rows carry every decoding fact", () => {
  it("machine, time, policy, OS, each element in words, severity and sources by name, file and line", async () => {
    const all = bundleFacts(await facts(["nps-soh-text", "seed-example-1.txt"]));
    assert.deepEqual(npsMachinesWithCodes(all, { codes: ["3237937164"] }), [
      {
        machine: "testclient",
        time: "2006-08-28T23:44:32.391Z",
        policy: "Access Denied",
        os: "Windows Vista (build 5495, x86, Workstation)",
        codes:
          "0xC0FF000C E_MSSHAV_NO_WUS_SERVER: Windows Update Agent not configured to synchronize with a WSUS server (Security updates compliance)",
        firewall: "compliant",
        antivirusOn: "compliant",
        antivirusUpToDate: "compliant",
        antispywareOn: "compliant",
        antispywareUpToDate: "compliant",
        automaticUpdates: "compliant",
        securityUpdates:
          "0xC0FF000C E_MSSHAV_NO_WUS_SERVER: Windows Update Agent not configured to synchronize with a WSUS server",
        severity: "Unspecified",
        updateSources: "Windows Update",
        state: "restricted",
        file: "seed-example-1.txt",
        line: 1,
        radius: "no RADIUS accept or reject logged",
      },
    ]);
    assert.equal(npsSourcesWithoutWsus(all, {})[0]?.updateSources, "Windows Update");
    assert.deepEqual(npsSourcesWithoutWsus(all, { wsusIntended: false }), []);
  });

  it("OS by code count is said to be so", async () => {
    const all = bundleFacts(await facts(["nps-soh-text", "soh-multi-utf16.txt"]));
    const [row] = npsMachinesWithCodes(all, { codes: ["0xC0FF0051L"] });
    assert.equal(row?.os, "Windows XP (by the number of codes)");
    assert.equal(row?.antispywareOn, "not reported");
  });
});

describe("scope", () => {
  it("a later full-access result (6278) supersedes a failure in the default scope, not in scope any", async () => {
    const { readFileSync } = await import("node:fs");
    const { evidenceFileFromBytes } = await import("../../../src/bundle/evidence-file.js");
    const { npsSource } = await import("../../../src/collectors/nps/index.js");
    const { DEFAULT_LIMITS } = await import("../../../src/collectors/types.js");
    const bytes = readFileSync(
      new URL("../../../samples/nps-wua-failures/nps/Security-NPS.txt", import.meta.url),
    );
    const file = await evidenceFileFromBytes("nps/Security-NPS.txt", bytes);
    const collector = npsSource.collectors.find((c) => c.kind === "nps-events-text")!;
    const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
    const all = bundleFacts(npsSource.merge([{ file: file.path, facts: output.facts! }], {}));
    const latest = npsMachinesWithCodes(all, { codes: ["0xC0FF000F"] }).map((row) => row.machine);
    const any = npsMachinesWithCodes(all, { codes: ["0xC0FF000F"], scope: "any" }).map((row) => row.machine);
    assert.deepEqual(latest, ["PC-ACC12"]);
    assert.deepEqual(any, ["PC-ACC12", "PC-FIN09"]);
    const fin09 = all.nps!.machines.find((m) => m.machine === "PC-FIN09")!;
    assert.deepEqual([fin09.latest.eventId, fin09.state, fin09.resultCount], [6278, "full-access", 2]);
  });
});

describe("npsPolicyReach", () => {
  it("says when the bundle has no Group Policy evidence", async () => {
    const all = bundleFacts(await facts(["nps-soh-text", "seed-example-1.txt"]));
    assert.deepEqual(npsPolicyReach(all).gpoEvidence, false);
  });
});
