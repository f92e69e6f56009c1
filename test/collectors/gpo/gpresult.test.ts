import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GpoFragment, RsopComputer } from "../../../src/collectors/gpo/facts.js";
import { FIXTURES, collectBytes, collectFixture, utf16le } from "./helpers.js";

function computerOf(facts: GpoFragment | undefined): RsopComputer {
  assert.ok(facts && facts.kind === "gpresult-xml");
  assert.equal(facts.computers.length, 1);
  return facts.computers[0]!;
}

const fixtureText = async () =>
  (await readFile(join(FIXTURES, "gpresult-pc0042.xml"))).subarray(2).toString("utf16le");

test("gpresult /x in UTF-16LE with BOM is detected and parsed: computer, SOM, GPOs", async () => {
  const raw = await readFile(join(FIXTURES, "gpresult-pc0042.xml"));
  assert.deepEqual([...raw.subarray(0, 2)], [0xff, 0xfe], "fixture is written as Windows writes it");
  const output = await collectFixture("gpresult-pc0042.xml", "gpo/pc0042.xml");
  assert.equal(output.kind, "gpresult-xml");
  assert.equal(output.status, "parsed");
  assert.deepEqual(output.problems, []);
  const computer = computerOf(output.facts);
  assert.equal(computer.name, "FABRIKAM\\PC0042$");
  assert.equal(computer.som, "corp.fabrikam.local/Clients/Berlin");
  assert.equal(computer.site, "Berlin-HQ");
  assert.deepEqual(computer.registryExtension, { status: "Complete", error: 0 });
  const byName = Object.fromEntries(computer.gpos.map((gpo) => [gpo.name, gpo]));
  assert.equal(byName["WSUS - Clients"]!.applied, true);
  assert.equal(byName["WSUS - Clients"]!.link?.somPath, "corp.fabrikam.local/Clients");
  assert.equal(byName["Default Domain Policy"]!.applied, true);
});

test("denial reasons are derived from the flags (knowledge/gpo.md §2.1)", async () => {
  const computer = computerOf((await collectFixture("gpresult-pc0042.xml")).facts);
  const reasons = Object.fromEntries(
    computer.gpos.filter((gpo) => !gpo.applied).map((gpo) => [gpo.name, gpo.reason]),
  );
  assert.deepEqual(reasons, {
    "Local Group Policy": "Not applied (no reason recorded)",
    "WSUS - Pilot": "Denied (Security)",
    "Windows 11 only": "Denied (WMI Filter)",
    "{A1B2C3D4-0000-4000-8000-000000000003}": "Not Applied (Empty)",
    "Old WSUS settings": "Disabled (Link)",
  });
});

test("winning Windows Update settings carry the GPO, value, file and line they come from", async () => {
  const text = await fixtureText();
  const lines = text.split("\r\n");
  const computer = computerOf((await collectFixture("gpresult-pc0042.xml", "gpo/pc0042.xml")).facts);
  const byName = Object.fromEntries(computer.settings.map((setting) => [setting.name, setting]));
  const wuServer = byName["WUServer"]!;
  assert.equal(wuServer.value, "http://wsus01.corp.fabrikam.local:8530");
  assert.equal(wuServer.gpo, "WSUS - Clients");
  assert.equal(wuServer.gpoId, "{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}");
  assert.equal(wuServer.file, "gpo/pc0042.xml");
  assert.equal(wuServer.policy, "Specify intranet Microsoft update service location");
  assert.match(
    lines[wuServer.line! - 1]!,
    /<q2:EditText>/,
    "line points at the element that holds the value",
  );
  assert.equal(byName["WUStatusServer"]!.value, "http://wsus01.corp.fabrikam.local:8530");
  assert.equal(byName["UseWUServer"]!.value, 1);
  assert.equal(byName["NoAutoUpdate"]!.value, 0);
  assert.equal(byName["AUOptions"]!.value, 4, "drop-down text '4 - Auto download…' gives the leading number");
  assert.equal(byName["TargetGroup"]!.value, "Berlin-Clients");
  assert.equal(byName["DisableDualScan"]!.value, 1, "RegistrySetting entries are read by value name");
  assert.equal(byName["DisableDualScan"]!.from, "registry");
  assert.equal(byName["UpdateServiceUrlAlternate"]!.value, "", "<q2:Value /> is empty, not absent");
  assert.equal(byName["FillEmptyContentUrls"], undefined, "an unticked check box is not a value");
  const states = Object.fromEntries(computer.policies.map((policy) => [policy.id, policy.state]));
  assert.deepEqual(states, { AutoUpdateCfg: "Enabled", CorpWuURL: "Enabled", TargetGroup_Title: "Enabled" });
});

test("namespace prefixes are resolved by URI: another prefix, or q2 bound to another extension", async () => {
  const text = await fixtureText();
  // Registry extension on q14, and the Security extension moved onto q2.
  const swapped = text
    .replaceAll("q2", "q14")
    .replaceAll("xmlns:q1=", "xmlns:q2=")
    .replaceAll('"q1:SecuritySettings"', '"q2:SecuritySettings"')
    .replaceAll("q1:", "q2:");
  assert.ok(swapped.includes('xmlns:q2="http://www.microsoft.com/GroupPolicy/Settings/Security"'));
  const computer = computerOf((await collectBytes("gpo/swapped.xml", utf16le(swapped))).facts);
  const names = computer.settings.map((setting) => setting.name).sort();
  assert.ok(names.includes("WUServer") && names.includes("DisableDualScan"));
  assert.ok(
    !names.includes("MinimumPasswordLength"),
    "the Security extension is not read as registry settings",
  );
});

test("a report re-saved as UTF-8 while declaring utf-16 is decoded by its bytes", async () => {
  const text = await fixtureText();
  const output = await collectBytes("gpo/resaved.xml", Buffer.from(text, "utf8"));
  assert.equal(output.status, "parsed");
  assert.equal(
    computerOf(output.facts).settings.find((s) => s.name === "WUServer")?.value,
    "http://wsus01.corp.fabrikam.local:8530",
  );
});

test("losing instances (precedence 2) are not effective values", async () => {
  const text = await fixtureText();
  const marker = "<q2:Name>Enable client-side targeting</q2:Name>";
  const at = text.indexOf(marker);
  const precedenceAt = text.lastIndexOf(">1</Precedence>", at);
  const edited =
    text.slice(0, precedenceAt) + ">2</Precedence>" + text.slice(precedenceAt + ">1</Precedence>".length);
  const computer = computerOf((await collectBytes("gpo/x.xml", utf16le(edited))).facts);
  assert.equal(
    computer.settings.find((s) => s.name === "TargetGroup"),
    undefined,
  );
  assert.ok(computer.settings.find((s) => s.name === "WUServer"));
});

test("a report with only UserResults (unelevated run) is skipped with the command to run", async () => {
  const text = await fixtureText();
  const userOnly = text.replace(/<ComputerResults>[\s\S]*<\/ComputerResults>/, "");
  const output = await collectBytes("gpo/user.xml", utf16le(userOnly));
  assert.equal(output.status, "skipped");
  assert.match(output.reason ?? "", /gpresult \/scope computer/);
});

test("malformed XML fails with a reason instead of throwing", async () => {
  const text = await fixtureText();
  const output = await collectBytes("gpo/cut.xml", utf16le(text.slice(0, text.length / 2) + "</Rsop"));
  assert.equal(output.kind, "gpresult-xml");
  assert.equal(output.status, "failed");
  assert.ok(output.problems.length > 0);
});

test("a registry processing error is reported as a problem (settings may be stale)", async () => {
  const text = (await fixtureText()).replace(
    "<LoggingStatus>Complete</LoggingStatus>\r\n      <Error>0</Error>",
    "<LoggingStatus>Failed</LoggingStatus>\r\n      <Error>1058</Error>",
  );
  const output = await collectBytes("gpo/err.xml", utf16le(text));
  assert.equal(output.status, "parsed");
  assert.match(output.problems[0]?.message ?? "", /did not complete.*1058/);
});

test("a GPO whose computer side is disabled is 'Disabled (GPO)', as gpresult /r words it", async () => {
  const text = await fixtureText();
  // "WSUS - Pilot" with its computer settings disabled instead of denied by security filtering
  const start = text.indexOf("<Name>WSUS - Pilot</Name>");
  const gpoEnd = text.indexOf("</GPO>", start);
  const pilot = text
    .slice(start, gpoEnd)
    .replace("<Enabled>true</Enabled>", "<Enabled>false</Enabled>")
    .replace("<AccessDenied>true</AccessDenied>", "<AccessDenied>false</AccessDenied>");
  assert.notEqual(pilot, text.slice(start, gpoEnd), "the fixture's GPO was edited");
  const edited = text.slice(0, start) + pilot + text.slice(gpoEnd);
  const computer = computerOf((await collectBytes("gpo/rsop.xml", utf16le(edited))).facts);
  assert.equal(computer.gpos.find((gpo) => gpo.name === "WSUS - Pilot")?.reason, "Disabled (GPO)");
});
