import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decodeAccountSessionId, parseQuarantineSessionId } from "../../../src/collectors/nps/identity.js";
import { collect, facts, FIXTURES, winner } from "./helpers.js";

describe("seed example 1 (Vista client not configured for WSUS), exactly as printed", () => {
  it("is recognised as the SoH text form", async () => {
    assert.deepEqual(await winner("seed-example-1.txt"), { kind: "nps-soh-text", score: 92 });
  });

  it("decodes to the meanings the seed gives", async () => {
    const nps = await facts(["nps-soh-text", "seed-example-1.txt"]);
    assert.equal(nps.entries, 1);
    const [machine] = nps.machines;
    assert.ok(machine);
    assert.equal(machine.machine, "testclient");
    assert.equal(machine.os, "Windows Vista (build 5495, x86, Workstation)");
    assert.equal(machine.osFrom, "OS-Version");
    assert.equal(machine.policy, "Access Denied");
    assert.equal(machine.state, "restricted");
    assert.equal(machine.time, "2006-08-28T23:44:32.391Z");
    const latest = machine.latest;
    assert.equal(latest.layout, "vista+source");
    assert.equal(latest.shvName, "Windows Security Health Validator");
    assert.equal(latest.compliance, "NonCompliant");
    assert.equal(latest.failureCategory, "None");
    // "(0x0-) Firewall is compliant" … "(0x0-) Automatic Update is compliant"
    for (const key of [
      "firewall",
      "antivirusOn",
      "antivirusUpToDate",
      "antispywareOn",
      "antispywareUpToDate",
      "automaticUpdates",
    ] as const) {
      assert.equal(machine.words[key], "compliant", key);
    }
    // "(0xc0ff000c-…) Diagnostic code for Security Updates": not configured to synchronize with WSUS
    assert.equal(latest.elements[6]!.symbol, "E_MSSHAV_NO_WUS_SERVER");
    assert.match(machine.words.securityUpdates, /not configured to synchronize with a WSUS server/);
    // "(0x40-) Unspecified Severity Level", "(0x00004000-) Legitimate update source is Windows Update"
    assert.deepEqual(latest.severity, { hex: "0x00000040", name: "Unspecified" });
    assert.deepEqual(latest.updateSources, {
      hex: "0x00004000",
      names: ["Windows Update"],
      includesWsus: false,
    });
    assert.equal(latest.wscDown, false);
    assert.deepEqual(latest.checks, ["NPS.NO_WSUS_SERVER"]);
    assert.equal(latest.file, "seed-example-1.txt");
    assert.equal(latest.line, 1);
  });

  it("keeps the italic annotations out of the codes", async () => {
    const nps = await facts(["nps-soh-text", "seed-example-1.txt"]);
    assert.equal(nps.machines[0]!.latest.codes.length, 9);
  });

  it("joins the Account-Session-Identifier to the Quarantine-Session-Identifier", () => {
    const account = decodeAccountSessionId("F1290E5E59241D44A57539224835F0FDC46427E9FBCAC601");
    const quarantine = parseQuarantineSessionId(
      "{5E0E29F1-2459-441D-A575-39224835F0FD} - 2006-08-28 23:44:32.391Z",
    );
    assert.deepEqual(account, {
      key: "5e0e29f1-2459-441d-a575-39224835f0fd",
      time: "2006-08-28T23:44:32.391Z",
    });
    assert.deepEqual(quarantine, account);
    assert.equal(
      decodeAccountSessionId("32049473A12646448AB5DCFD9BF69271B0477E2E58CCC601")?.time,
      "2006-08-30T17:17:33.585Z",
    );
  });
});

describe("seed example 2 (Security Center disabled), exactly as printed", () => {
  it("decodes to Security Center not running and treats the other codes as meaningless", async () => {
    const nps = await facts(["nps-soh-text", "seed-example-2.txt"]);
    const machine = nps.machines[0]!;
    const latest = machine.latest;
    assert.equal(latest.layout, "vista");
    assert.equal(latest.codes.length, 8);
    assert.equal(latest.wscDown, true);
    assert.deepEqual(latest.checks, ["NPS.WSC_DOWN"]);
    for (const key of ["firewall", "antispywareOn", "automaticUpdates"] as const) {
      assert.match(machine.words[key], /E_MSSHAV_WSC_SERVICE_DOWN/, key);
    }
    assert.match(
      machine.words.securityUpdates,
      /E_MSSHAV_NO_WUS_SERVER.*no meaning: Security Center not running/,
    );
    assert.equal(machine.words.updateSources, "not reported");
    assert.equal(machine.time, "2006-08-30T17:17:33.585Z");
    const noWsus = nps.codes.find((code) => code.hex === "0xC0FF000C")!;
    assert.equal(noWsus.count, 1);
    assert.equal(noWsus.suppressedByWsc, 1);
  });
});

describe("SoH text in general", () => {
  it("reads both seed examples from the document with its prose around them", async () => {
    const output = await collect("nps-soh-text", "seed-examples-with-text.txt");
    assert.equal(output.status, "parsed");
    assert.equal(output.records, 2);
    assert.equal(output.rejected, 0);
    const nps = await facts(["nps-soh-text", "seed-examples-with-text.txt"]);
    assert.equal(nps.machines.length, 1);
    assert.equal(nps.machines[0]!.resultCount, 2);
    // The latest (30 Aug) is the Security Center entry; the 28 Aug result is kept second.
    assert.deepEqual(
      nps.machines[0]!.results.map((result) => result.checks),
      [["NPS.WSC_DOWN"], ["NPS.NO_WSUS_SERVER"]],
    );
  });

  it("reads UTF-16LE with several entries, wrapped values, a code wrapped across lines, XP layouts and L suffixes", async () => {
    const bytes = readFileSync(FIXTURES + "soh-multi-utf16.txt");
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe]);
    const nps = await facts(["nps-soh-text", "soh-multi-utf16.txt"]);
    assert.deepEqual(
      nps.machines.map((machine) => machine.machine),
      ["PC101", "PC102", "PC103"],
    );
    const [pc101, pc102, pc103] = nps.machines;
    assert.equal(pc101!.os, "Windows XP (build 2600, SP3, x86, Workstation)");
    assert.equal(pc101!.latest.layout, "xp+source");
    assert.equal(pc101!.words.automaticUpdates, "compliant");
    assert.equal(pc101!.words.antispywareOn, "not reported");
    assert.equal(pc101!.latest.severity?.name, "Important");
    assert.deepEqual(pc101!.latest.updateSources?.names, [
      "Windows Server Update Services (WSUS)",
      "Microsoft Update",
    ]);
    assert.deepEqual(pc101!.latest.checks, ["NPS.REBOOT_REQUIRED"]);

    assert.equal(pc102!.os, "Windows XP");
    assert.equal(pc102!.osFrom, "code count");
    assert.equal(pc102!.policy, "NAP DHCP Noncompliant");
    assert.equal(pc102!.time, "2026-11-17T08:01:44.007Z");
    assert.equal(pc102!.latest.elements[4]!.symbol, "E_MSSHAV_NO_UPDATE_SOURCE");
    assert.deepEqual(pc102!.latest.checks, ["NPS.UPDATE_SOURCE"]);

    assert.equal(pc103!.latest.codes.length, 9);
    assert.equal(pc103!.latest.sessionKey, "2d3e4f50-6172-4839-a4b5-c6d7e8f90112");
    assert.equal(pc103!.time, "2026-11-17T08:03:00.250Z");
    assert.deepEqual(pc103!.latest.checks, ["NPS.WUA_COMM_FAILURE"]);
  });
});
