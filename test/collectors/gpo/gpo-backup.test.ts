import { test } from "node:test";
import assert from "node:assert/strict";
import { gpoSource } from "../../../src/collectors/gpo/index.js";
import { collectFixture, mergeFixtures } from "./helpers.js";

const REAL = "real/sos-telemetry-and-security";

test("real GPMC backup manifests (MIT, simeononsecurity): bkupInfo.xml and Backup.xml are recognised", async () => {
  const info = await collectFixture(`${REAL}/bkupInfo.xml`);
  assert.equal(info.kind, "gpo-backup-xml");
  assert.equal(info.status, "parsed");
  assert.ok(info.facts?.kind === "gpo-backup-xml");
  assert.equal(info.facts.gpoName, "SOS - Telemetry and Security");
  assert.equal(info.facts.gpoId, "{65F6CCDA-FCD6-480A-84DC-A9E3C85D1D31}");
  assert.equal(info.facts.backupId, "{5DF36860-C848-4DCE-A46D-860F43491C69}");
  const backup = await collectFixture(`${REAL}/Backup.xml`);
  assert.equal(backup.kind, "gpo-backup-xml");
  assert.ok(backup.facts?.kind === "gpo-backup-xml");
  assert.deepEqual(
    {
      options: backup.facts.options,
      registryCse: backup.facts.registryCse,
      wmiFilter: backup.facts.wmiFilter,
    },
    { options: 0, registryCse: true, wmiFilter: undefined },
  );
});

test("a backup without gpreport.xml: the manifests name the GPO its registry.pol belongs to", async () => {
  const root = "backups/{5DF36860-C848-4DCE-A46D-860F43491C69}";
  const facts = await mergeFixtures([
    [`${REAL}/bkupInfo.xml`, `${root}/bkupInfo.xml`],
    [`${REAL}/Backup.xml`, `${root}/Backup.xml`],
    [`${REAL}/DomainSysvol/GPO/Machine/registry.pol`, `${root}/DomainSysvol/GPO/Machine/registry.pol`],
  ]);
  assert.equal(facts.gpos.length, 1);
  const gpo = facts.gpos[0]!;
  assert.equal(gpo.name, "SOS - Telemetry and Security");
  assert.equal(gpo.id, "{65F6CCDA-FCD6-480A-84DC-A9E3C85D1D31}");
  assert.equal(gpo.linkInfo, false);
  assert.deepEqual(gpo.backup, { options: 0, registryCse: true, wmiFilter: undefined });
  assert.equal(
    gpo.settings.find((s) => s.name === "DeferFeatureUpdates")?.gpo,
    "SOS - Telemetry and Security",
  );
  assert.equal(facts.linkEvidence, false);
});

const UPDATE_MANAGEMENT = "real/sos-update-management";

test("the manifest.xml Backup-GPO writes beside the backup folders (real, MIT) is read, not failed", async () => {
  const manifest = await collectFixture(`${UPDATE_MANAGEMENT}/manifest.xml`);
  assert.equal(manifest.kind, "gpo-backup-xml");
  assert.equal(manifest.status, "parsed");
  assert.equal(manifest.records, 1);
  assert.ok(manifest.facts?.kind === "gpo-backup-xml");
  assert.deepEqual(manifest.facts.backups, [
    {
      gpoName: "SOS - Update Management",
      gpoId: "{F6677E6F-CBA8-446D-B1C8-2F80FF96431C}",
      domain: "soc.lan",
      backupId: "{47471704-C7E7-4384-B2F9-48BC421F745D}",
    },
  ]);
});

test("manifest.xml names the GPO of a backup folder whose bkupInfo.xml is missing", async () => {
  const root = "gpo/backups";
  const folder = `${root}/{5DF36860-C848-4DCE-A46D-860F43491C69}`;
  const manifest = (await collectFixture(`${UPDATE_MANAGEMENT}/manifest.xml`)).facts;
  assert.ok(manifest?.kind === "gpo-backup-xml" && manifest.backups);
  // The real manifest describes another backup ID: point it at the registry.pol's folder.
  const relabelled = {
    ...manifest,
    file: `${root}/manifest.xml`,
    backups: [{ ...manifest.backups[0]!, backupId: "{5DF36860-C848-4DCE-A46D-860F43491C69}" }],
  };
  const pol = await collectFixture(
    `${REAL}/DomainSysvol/GPO/Machine/registry.pol`,
    `${folder}/DomainSysvol/GPO/Machine/registry.pol`,
  );
  const facts = gpoSource.merge(
    [
      { file: relabelled.file, facts: relabelled },
      { file: `${folder}/DomainSysvol/GPO/Machine/registry.pol`, facts: pol.facts! },
    ],
    {},
  );
  assert.equal(facts.gpos[0]?.name, "SOS - Update Management");
  assert.equal(facts.gpos[0]?.id, "{F6677E6F-CBA8-446D-B1C8-2F80FF96431C}");
});
