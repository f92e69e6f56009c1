import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { procmonSource, mergeProcmon } from "../../../src/collectors/procmon/index.js";
import type { ProcmonFragment } from "../../../src/collectors/procmon/facts.js";
import type { Facts } from "../../../src/collectors/facts.js";
import { procmonDenials, registryForms } from "../../../src/checks/acl/procmon-facts.js";
import { collectWith, fixture } from "../../collectors/acl/helpers.js";

const params = {
  processes: ["w3wp.exe", "WsusService.exe", "sqlservr.exe"],
  excludePathContains: ["CERTIFICATE"],
};

async function facts(name: string): Promise<Facts> {
  const { output } = await collectWith(procmonSource.collectors, await fixture("procmon", name));
  const procmon = mergeProcmon([{ file: name, facts: output.facts as ProcmonFragment }]);
  return { bundle: { name: "t", manifest: {}, wsus: {}, sources: ["procmon"], kinds: [] }, procmon };
}

describe("procmonDenials", () => {
  it("keeps the guide's processes, excludes CERTIFICATE paths and splits files from registry keys", async () => {
    const result = procmonDenials(await facts("procmon-wsus-denied-allcolumns.csv"), params);
    assert.deepEqual(
      result.rows.map((r) => [r.index, r.process, r.kind, r.count, r.grantSpec]),
      [
        [1, "w3wp.exe", "file", 3, "(OI)(CI)F"],
        [2, "WsusService.exe", "registry", 2, "F"],
      ],
    );
    assert.equal(result.registry[0]!.psPath, "HKLM:\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup");
    assert.equal(result.excludedCount, 1);
    assert.equal(result.otherProcesses, 1);
    assert.equal(result.events, 5);
  });

  it("finds nothing when the only WSUS denials are on certificate paths", async () => {
    const result = procmonDenials(await facts("procmon-certificate-only.csv"), params);
    assert.equal(result.count, 0);
    assert.equal(result.excludedCount, 2);
  });

  it("matches process names case-insensitively and follows the rule's process list", async () => {
    const noriben = await facts("noriben-sample_procmon.csv");
    assert.equal(procmonDenials(noriben, params).count, 0);
    assert.equal(procmonDenials(noriben, { ...params, processes: ["SVCHOST.EXE"] }).count, 1);
  });

  it("turns Procmon registry paths into regedit, PowerShell and reg.exe forms", () => {
    assert.deepEqual(registryForms("HKLM\\Software\\Microsoft\\Update Services"), {
      regeditPath: "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Update Services",
      psPath: "HKLM:\\Software\\Microsoft\\Update Services",
      regPath: "HKLM\\Software\\Microsoft\\Update Services",
    });
    assert.equal(registryForms("HKU\\S-1-5-20\\Software").psPath, "Registry::HKEY_USERS\\S-1-5-20\\Software");
  });
});
