import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeFixtures } from "./helpers.js";

const SYSVOL =
  "gpo/sysvol/corp.fabrikam.local/Policies/{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}/Machine/Registry.pol";

test("all four formats in one bundle: the client views win, GPO definitions explain the links", async () => {
  const facts = await mergeFixtures([
    ["gpresult-pc0042.xml", "gpo/pc0042-rsop.xml"],
    ["gporeport-all.xml", "gpo/gpos-all.xml"],
    ["Machine/Registry.pol", SYSVOL],
    ["pc0042-wu-policy.reg", "gpo/pc0042.reg"],
  ]);
  assert.deepEqual(facts.kinds, ["gpo-report-xml", "gpresult-xml", "reg-export", "registry-pol"]);
  assert.equal(facts.effectiveFrom, "rsop+registry-export");
  assert.equal(facts.linkEvidence, true);
  assert.equal(facts.completeGpoList, true);
  assert.deepEqual(
    facts.views.map((view) => view.kind),
    ["rsop", "registry-export"],
  );
  const rsop = facts.views[0]!;
  assert.equal(rsop.settings["WUServer"]?.gpo, "WSUS - Clients");
  assert.equal(rsop.settings["WUServer"]?.file, "gpo/pc0042-rsop.xml");
  assert.equal(rsop.policies["CorpWuURL"]?.state, "Enabled");
  assert.equal(rsop.policies["CorpWuURL"]?.derivedFrom, "policy");
  assert.equal(rsop.urls.update?.port, 8530);
  const reg = facts.views[1]!;
  assert.equal(reg.settings["WUServer"]?.gpo, undefined, "a .reg export cannot say which GPO set a value");
  assert.equal(reg.policies["AutoUpdateCfg"]?.state, "Enabled");
  assert.equal(reg.policies["AutoUpdateCfg"]?.derivedFrom, "registry");
  assert.equal(reg.settings["ObsoleteValue"], undefined, "a deleted value is not effective");
  // The SYSVOL Registry.pol belongs to the GPO whose GUID names its folder: one GPO, not two.
  const wsus = facts.gpos.filter((gpo) => gpo.id === "{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}");
  assert.equal(wsus.length, 1);
  assert.deepEqual(wsus[0]!.alsoFrom, [SYSVOL]);
  assert.equal(
    wsus[0]!.settings.find((s) => s.name === "WUServer")?.file,
    SYSVOL,
    "the policy file's exact values replace the mapped ones",
  );
  assert.equal(facts.gpos.length, 5);
});

test("GPO reports only: one definitions view over the GPOs in effect; unknown order makes conflicts explicit", async () => {
  const facts = await mergeFixtures([["gporeport-all.xml"], ["gporeport-de.xml"]]);
  assert.equal(facts.effectiveFrom, "gpo-definitions");
  assert.equal(facts.views.length, 1);
  const view = facts.views[0]!;
  assert.ok(!view.label.includes("WSUS - Old"), "an unlinked GPO is not in effect");
  assert.ok(!view.label.includes("Kiosk"), "computer side disabled: not in effect");
  assert.equal(view.settings["DeferFeatureUpdates"]?.gpo, "Hardening - Update rings");
  assert.deepEqual(
    view.conflicts.map((conflict) => [conflict.name, conflict.candidates.map((c) => c.value)]),
    [["AUOptions", [4, 3]]],
  );
});

test("a backup's registry.pol and gpreport.xml (same folder) are one GPO", async () => {
  const facts = await mergeFixtures([
    ["real/sos-telemetry-and-security/gpreport.xml", "backups/{5DF36860}/gpreport.xml"],
    [
      "real/sos-telemetry-and-security/DomainSysvol/GPO/Machine/registry.pol",
      "backups/{5DF36860}/DomainSysvol/GPO/Machine/registry.pol",
    ],
  ]);
  assert.equal(facts.gpos.length, 1);
  assert.equal(facts.gpos[0]!.name, "SOS - Telemetry and Security");
  assert.deepEqual(facts.gpos[0]!.alsoFrom, ["backups/{5DF36860}/DomainSysvol/GPO/Machine/registry.pol"]);
  assert.equal(facts.views[0]!.wsusPolicyPresent, false, "no WSUS location in that GPO");
});

test("Registry.pol alone: a definitions view, and no link evidence", async () => {
  const facts = await mergeFixtures([["Machine/Registry.pol", "gpo/Registry.pol"]]);
  assert.equal(facts.linkEvidence, false);
  assert.equal(facts.effectiveFrom, "gpo-definitions");
  assert.equal(facts.views[0]!.wsusPolicyPresent, true);
  assert.equal(facts.gpos[0]!.linkInfo, false);
  assert.equal(facts.views[0]!.settings["AUOptions"]?.line, 8);
});
