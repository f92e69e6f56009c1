import { test } from "node:test";
import assert from "node:assert/strict";
import type { GpoFragment, SettingRecord } from "../../../src/collectors/gpo/facts.js";
import { collectBytes, collectFixture } from "./helpers.js";

function settingsOf(facts: GpoFragment | undefined): Record<string, SettingRecord> {
  assert.ok(facts && facts.kind === "reg-export");
  return Object.fromEntries(facts.settings.map((s) => [s.name, s]));
}

test("regedit export (UTF-16LE, BOM, CRLF): values, hex(2) continuation, deletions, line numbers", async () => {
  const output = await collectFixture("pc0042-wu-policy.reg", "gpo/pc0042.reg");
  assert.equal(output.kind, "reg-export");
  assert.equal(output.status, "parsed");
  const settings = settingsOf(output.facts);
  assert.deepEqual(
    {
      value: settings["WUServer"]!.value,
      line: settings["WUServer"]!.line,
      key: settings["WUServer"]!.key,
      file: settings["WUServer"]!.file,
    },
    { value: "http://wsus01.corp.fabrikam.local:8530", line: 4, key: "WU", file: "gpo/pc0042.reg" },
  );
  assert.equal(settings["UseWUServer"]!.value, 1);
  assert.equal(settings["UseWUServer"]!.key, "AU");
  assert.equal(settings["DetectionFrequency"]!.value, 0x16);
  assert.equal(settings["SomeExpandString"]!.value, "%SystemRoot%");
  assert.equal(settings["SomeExpandString"]!.type, "REG_EXPAND_SZ");
  assert.equal(settings["ObsoleteValue"]!.deleted, true);
  assert.equal(settings["UseWUServer"]!.line, 15, "line numbers stay right after a continued hex line");
  // A trailing space makes another value: kept exactly, and reported.
  assert.ok(settings["DeferQualityUpdatesPeriodInDays "]);
  assert.equal(settings["DeferQualityUpdatesPeriodInDays"], undefined);
  assert.match(output.problems.map((p) => p.message).join(" "), /trailing spaces/);
});

test("hand-written template: ASCII, LF, trailing spaces; junk lines counted with their line number", async () => {
  const output = await collectFixture("handwritten-template.reg");
  assert.equal(output.status, "parsed");
  const settings = settingsOf(output.facts);
  assert.equal(settings["WUServer"]!.value, "wsus01:8530", "raw value kept (no scheme)");
  assert.equal(settings["TargetGroupEnabled"]!.value, 0);
  assert.equal(settings["DetectionFrequency"]!.value, 10);
  assert.equal(output.rejected, 1);
  assert.equal(output.problems[0]!.line, 14);
});

test("an export of the Settings-app key (not policy) is recognised and skipped with the right command", async () => {
  const output = await collectFixture("ux-settings.reg");
  assert.equal(output.kind, "reg-export");
  assert.equal(output.status, "skipped");
  assert.match(output.reason ?? "", /reg export HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate/);
});

test("REGEDIT4 (ANSI) with single-byte hex(2) data", async () => {
  const text =
    'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]\r\n"WUServer"="http://wsus01:8530"\r\n"Note"=hex(2):25,54,45,4d,50,25,00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU]\r\n"UseWUServer"=dword:00000001\r\n';
  const output = await collectBytes("gpo/old.reg", Buffer.from(text, "latin1"));
  assert.equal(output.status, "parsed");
  const settings = settingsOf(output.facts);
  assert.equal(settings["Note"]!.value, "%TEMP%");
  assert.equal(settings["UseWUServer"]!.value, 1);
});

test("a file that is not a .reg export is not detected as one", async () => {
  const output = await collectBytes("gpo/notes.txt", Buffer.from("WUServer=http://wsus01:8530\r\n"));
  assert.notEqual(output.kind, "reg-export");
});
