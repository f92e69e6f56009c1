import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GpoFragment, SettingRecord } from "../../../src/collectors/gpo/facts.js";
import { readRegistryPol } from "../../../src/collectors/gpo/registry-pol.js";
import { FIXTURES, collectBytes, collectFixture } from "./helpers.js";

function settingsOf(facts: GpoFragment | undefined): SettingRecord[] {
  assert.ok(facts && facts.kind === "registry-pol");
  return facts.settings;
}

test("Registry.pol (PReg v1): values, **del. records, record numbers as lines", async () => {
  const output = await collectFixture(
    "Machine/Registry.pol",
    "gpo/sysvol/Policies/{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}/Machine/Registry.pol",
  );
  assert.equal(output.kind, "registry-pol");
  assert.equal(output.score, 100);
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 13);
  assert.equal(output.rejected, 0);
  assert.ok(output.facts?.kind === "registry-pol" && output.facts.side === "machine");
  const settings = settingsOf(output.facts);
  const wuServer = settings.find((s) => s.name === "WUServer")!;
  assert.deepEqual(
    {
      value: wuServer.value,
      type: wuServer.type,
      key: wuServer.key,
      line: wuServer.line,
      deleted: wuServer.deleted,
    },
    { value: "http://wsus01.corp.fabrikam.local:8530", type: "REG_SZ", key: "WU", line: 1, deleted: false },
  );
  assert.equal(settings.find((s) => s.name === "UseWUServer")?.value, 1);
  assert.equal(settings.find((s) => s.name === "UseWUServer")?.key, "AU");
  assert.equal(
    settings.find((s) => s.name === "UpdateServiceUrlAlternate")?.value,
    "",
    "an empty REG_SZ is an empty string",
  );
  const deleted = settings.filter((s) => s.deleted).map((s) => `${s.name}@${s.line}`);
  assert.deepEqual(deleted, [
    "FillEmptyContentUrls@4",
    "AutomaticMaintenanceEnabled@9",
    "AllowMUUpdateService@13",
  ]);
});

test("a policy file patched by a script (stray ';' before ']') is read with warnings", async () => {
  const output = await collectFixture("damaged/Machine/registry.pol");
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 13);
  assert.equal(output.rejected, 0);
  assert.deepEqual(
    output.problems.map((p) => [p.line, p.severity]),
    [
      [7, "warning"],
      [8, "warning"],
    ],
  );
  assert.match(output.problems[0]!.message, /stray ';'/);
  assert.equal(settingsOf(output.facts).find((s) => s.name === "AUOptions")?.value, 4);
});

test("a truncated file keeps the records before the damage and reports the byte offset", async () => {
  const output = await collectFixture("truncated/Machine/registry.pol");
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 11);
  assert.equal(output.rejected, 1);
  assert.match(output.problems[0]!.message, /damaged record at byte \d+/);
  assert.equal(output.problems[0]!.severity, "error");
});

test("garbage between records is skipped and reading resumes at the next record", async () => {
  const bytes = await readFile(join(FIXTURES, "Machine", "Registry.pol"));
  const cut = readRegistryPol(bytes).records[5]!.offset;
  const junk = Buffer.from([0x13, 0x37, 0x5b, 0x00, 0x41, 0x00, 0xff]);
  const damaged = Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut)]);
  const result = readRegistryPol(damaged);
  assert.equal(result.records.length, 13);
  assert.equal(result.rejected, 1);
  assert.equal(result.records[5]!.valueName, "UseWUServer");
});

test("real registry.pol of a GPMC backup (MIT, simeononsecurity): 316 records, the WUfB values among them", async () => {
  const output = await collectFixture(
    "real/sos-telemetry-and-security/DomainSysvol/GPO/Machine/registry.pol",
  );
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 316);
  assert.equal(output.rejected, 0);
  assert.ok(output.facts?.kind === "registry-pol");
  assert.equal(output.facts.otherValues, 310);
  const values = Object.fromEntries(settingsOf(output.facts).map((s) => [s.name, s.value]));
  assert.deepEqual(values, {
    DeferFeatureUpdates: 1,
    BranchReadinessLevel: 16,
    DeferFeatureUpdatesPeriodInDays: 60,
    PauseFeatureUpdatesStartTime: "",
    ManagePreviewBuilds: 1,
    ManagePreviewBuildsPolicyValue: 0,
  });
});

test("not PReg: not detected, and the collector fails cleanly when forced", async () => {
  const output = await collectBytes("gpo/x.pol", Buffer.from("PReg\x02\x00\x00\x00rest", "latin1"));
  assert.notEqual(output.kind, "registry-pol");
  const forced = readRegistryPol(Buffer.from("not a policy file"));
  assert.equal(forced.validHeader, false);
  assert.equal(forced.records.length, 0);
});

test("a User-side Registry.pol contributes no machine Windows Update values", async () => {
  const bytes = await readFile(join(FIXTURES, "Machine", "Registry.pol"));
  const output = await collectBytes("gpo/backup/DomainSysvol/GPO/User/registry.pol", bytes);
  assert.equal(output.status, "parsed");
  assert.deepEqual(settingsOf(output.facts), []);
  assert.match(output.problems.map((p) => p.message).join(" "), /User-side/);
});

test("a PReg header followed by noise stops after a bounded number of damaged records", () => {
  const noise = Buffer.alloc(200_000);
  for (let i = 0; i < noise.length; i += 2) noise.writeUInt16LE(i % 6 === 0 ? 0x5b : 0x41, i);
  const result = readRegistryPol(Buffer.concat([Buffer.from("PReg\x01\x00\x00\x00", "latin1"), noise]));
  assert.equal(result.records.length, 0);
  assert.ok(result.rejected <= 201);
  assert.ok(result.problems.length <= 7);
});
