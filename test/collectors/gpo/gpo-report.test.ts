import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GpoDefinition, GpoFragment } from "../../../src/collectors/gpo/facts.js";
import { FIXTURES, collectBytes, collectFixture, utf16le } from "./helpers.js";

function gposOf(facts: GpoFragment | undefined): { complete: boolean; gpos: Record<string, GpoDefinition> } {
  assert.ok(facts && facts.kind === "gpo-report-xml");
  return { complete: facts.complete, gpos: Object.fromEntries(facts.gpos.map((gpo) => [gpo.name, gpo])) };
}
const values = (gpo: GpoDefinition) =>
  Object.fromEntries(gpo.settings.map((setting) => [setting.name, setting.value]));

test("Get-GPOReport -All (<report> without namespace, UTF-16LE): every GPO, its links and state", async () => {
  const output = await collectFixture("gporeport-all.xml", "gpo/gpos-all.xml");
  assert.equal(output.kind, "gpo-report-xml");
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 5);
  const { complete, gpos } = gposOf(output.facts);
  assert.equal(complete, true);
  assert.deepEqual(Object.keys(gpos), [
    "Default Domain Policy",
    "WSUS - Clients",
    "WSUS - Old",
    "Kiosk lockdown",
    "Hardening - Update rings",
  ]);
  const wsus = gpos["WSUS - Clients"]!;
  assert.equal(wsus.id, "{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}");
  assert.deepEqual(wsus.links, [{ somPath: "corp.fabrikam.local/Clients", enabled: true, enforced: false }]);
  assert.equal(wsus.computerEnabled, true);
  assert.equal(wsus.setsWsus, true);
  assert.equal(wsus.inEffect, true);
  assert.equal(wsus.file, "gpo/gpos-all.xml");
  assert.deepEqual(
    {
      WUServer: values(wsus)["WUServer"],
      WUStatusServer: values(wsus)["WUStatusServer"],
      UseWUServer: values(wsus)["UseWUServer"],
      AUOptions: values(wsus)["AUOptions"],
    },
    {
      WUServer: "http://wsus01.corp.fabrikam.local:8530",
      WUStatusServer: "http://wsus01.corp.fabrikam.local:8530",
      UseWUServer: 1,
      AUOptions: 4,
    },
  );
  assert.ok(wsus.settings.every((setting) => setting.gpo === "WSUS - Clients" && setting.line !== undefined));
  // Unlinked GPO with a flat category and prefix q7: still recognised by name.
  const old = gpos["WSUS - Old"]!;
  assert.deepEqual(old.links, []);
  assert.equal(old.inEffect, false);
  assert.equal(values(old)["WUServer"], "http://oldwsus");
  assert.equal(gpos["Kiosk lockdown"]!.computerEnabled, false);
  assert.deepEqual(gpos["Kiosk lockdown"]!.links, [
    { somPath: "corp.fabrikam.local/Kiosks", enabled: false, enforced: false },
  ]);
  const rings = gpos["Hardening - Update rings"]!;
  assert.equal(rings.wmiFilter, "Windows 10 and 11 only");
  assert.equal(rings.links[0]!.enforced, true);
  assert.equal(rings.setsWsus, false);
  assert.deepEqual(
    [
      values(rings)["DeferFeatureUpdates"],
      values(rings)["DeferFeatureUpdatesPeriodInDays"],
      values(rings)["DeferQualityUpdatesPeriodInDays"],
      values(rings)["BranchReadinessLevel"],
    ],
    [1, 60, 7, 16],
  );
});

test("a localised (German) report: policies matched by name, drop-down by its leading number, labels ignored", async () => {
  const output = await collectFixture("gporeport-de.xml");
  assert.equal(output.kind, "gpo-report-xml");
  const { complete, gpos } = gposOf(output.facts);
  assert.equal(complete, false);
  const gpo = gpos["WSUS - Clients (DE)"]!;
  assert.deepEqual(
    {
      NoAutoUpdate: values(gpo)["NoAutoUpdate"],
      AUOptions: values(gpo)["AUOptions"],
      UseWUServer: values(gpo)["UseWUServer"],
      WUStatusServer: values(gpo)["WUStatusServer"],
    },
    {
      NoAutoUpdate: 0,
      AUOptions: 3,
      UseWUServer: 1,
      WUStatusServer: "http://wsus01.corp.fabrikam.local:8530",
    },
  );
  assert.equal(
    gpo.policies.find((policy) => policy.id === "CorpWuURL")?.displayName,
    "Internen Pfad für den Microsoft Updatedienst angeben",
  );
});

test("real gpreport.xml of a GPMC backup (MIT, simeononsecurity): q3 prefix, WUfB deferral, RegistrySetting values", async () => {
  const output = await collectFixture("real/sos-telemetry-and-security/gpreport.xml");
  assert.equal(output.kind, "gpo-report-xml");
  assert.equal(output.status, "parsed");
  const { gpos } = gposOf(output.facts);
  const gpo = gpos["SOS - Telemetry and Security"]!;
  assert.equal(gpo.id, "{65F6CCDA-FCD6-480A-84DC-A9E3C85D1D31}");
  assert.equal(gpo.domain, "sos.lan");
  assert.deepEqual(gpo.links, [], "unlinked when backed up");
  assert.equal(gpo.inEffect, false);
  const wu = values(gpo);
  assert.equal(wu["DeferFeatureUpdates"], 1);
  assert.equal(wu["DeferFeatureUpdatesPeriodInDays"], 60);
  assert.equal(wu["PauseFeatureUpdatesStartTime"], "");
  assert.equal(wu["BranchReadinessLevel"], 16);
  assert.equal(wu["ManagePreviewBuildsPolicyValue"], 0);
  assert.equal(wu["WUServer"], undefined);
  assert.equal(gpo.setsWsus, false);
  // User-side Windows Update policies (q4) are not machine policy.
  assert.ok(gpo.settings.every((setting) => setting.kind === "gpo-report-xml"));
});

test("a single-GPO report is detected with a lower score than -All, and a gpresult is not a GPO report", async () => {
  const single = await collectFixture("gporeport-de.xml");
  const all = await collectFixture("gporeport-all.xml");
  assert.ok(all.score > single.score && single.score > 0);
  const rsop = await collectFixture("gpresult-pc0042.xml");
  assert.equal(rsop.kind, "gpresult-xml");
});

test("a root that is neither <GPO> nor <report> fails with a reason", async () => {
  const text = (await readFile(join(FIXTURES, "gporeport-de.xml"))).subarray(2).toString("utf16le");
  const output = await collectBytes(
    "gpo/odd.xml",
    utf16le(text.replace('xmlns="http://www.microsoft.com/GroupPolicy/Settings"', 'xmlns="urn:other"')),
  );
  assert.notEqual(output.status, "parsed");
});
