import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { procmonSource, mergeProcmon } from "../../../src/collectors/procmon/index.js";
import type { ProcmonFragment } from "../../../src/collectors/procmon/facts.js";
import { detailFields, eventClassOf } from "../../../src/collectors/procmon/csv.js";
import { collectWith, fixture, fromText } from "../acl/helpers.js";

describe("Process Monitor CSV exports", () => {
  it("reads the real Noriben export (7 default columns, UTF-8 BOM) and finds its one ACCESS DENIED", async () => {
    const { kind, output } = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "noriben-sample_procmon.csv"),
    );
    assert.equal(kind, "procmon-csv");
    assert.equal(output.records, 623);
    const facts = output.facts as ProcmonFragment;
    assert.equal(facts.capture.denied, 1);
    assert.deepEqual(
      facts.denied.map((g) => [g.process, g.path, g.eventClass, g.line, g.desiredAccess[0], g.first]),
      [
        [
          "svchost.exe",
          "HKLM\\System\\CurrentControlSet\\Services\\SharedAccess",
          "registry",
          137,
          "Maximum Allowed",
          "20:16:19.7547338",
        ],
      ],
    );
  });

  it("counts the events of the WSUS processes, also those the prefilter blanks (SUCCESS, NAME NOT FOUND)", async () => {
    const counts = async (name: string): Promise<Record<string, number>> =>
      (
        (await collectWith(procmonSource.collectors, await fixture("procmon", name))).output
          .facts as ProcmonFragment
      ).capture.wsusProcessEvents;
    const expected = [
      ["procmon-clean.csv", { "w3wp.exe": 3, "WsusService.exe": 1, "sqlservr.exe": 1 }],
      ["procmon-wsus-denied-allcolumns.csv", { "w3wp.exe": 9, "WsusService.exe": 2, "sqlservr.exe": 1 }],
      // a desktop capture: no WSUS process at all
      ["noriben-sample_procmon.csv", {}],
    ] as const;
    for (const [name, counted] of expected) assert.deepEqual(await counts(name), counted, name);
  });

  it("reads the real Windows 10 export with all 27 columns", async () => {
    const { output } = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "procmon-parser_win10-x64_process_all-columns.head300.csv"),
    );
    const facts = output.facts as ProcmonFragment;
    assert.equal(output.status, "parsed");
    assert.equal(output.records, 299);
    assert.equal(facts.capture.columns.length, 27);
    assert.equal(facts.capture.hasUserColumn, true);
    assert.equal(facts.denied.length, 0);
  });

  it("groups WSUS denials by process and path with counts, first/last time, user and directory flag", async () => {
    const { output } = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "procmon-wsus-denied-allcolumns.csv"),
    );
    const facts = output.facts as ProcmonFragment;
    assert.equal(output.records, 13);
    assert.equal(facts.capture.denied, 7);
    const w3wp = facts.denied.find((g) => g.processKey === "w3wp.exe" && g.eventClass === "file")!;
    assert.equal(w3wp.count, 3);
    assert.equal(w3wp.first, "11/18/2026 10:02:11");
    assert.equal(w3wp.last, "11/18/2026 10:02:41");
    assert.equal(w3wp.line, 3);
    assert.equal(w3wp.directory, true);
    assert.deepEqual(w3wp.users, ["NT AUTHORITY\\NETWORK SERVICE"]);
    assert.deepEqual(w3wp.desiredAccess, ["Generic Read/Write"]);
    const wsus = facts.denied.find((g) => g.process === "WsusService.exe")!;
    assert.deepEqual([wsus.eventClass, wsus.count, wsus.operations], ["registry", 2, ["RegOpenKey"]]);
    // The collector keeps certificate denials: the rule's parameter excludes them.
    assert.ok(facts.denied.some((g) => g.path.includes("SystemCertificates")));
    assert.deepEqual(facts.otherFailures, [{ result: "SHARING VIOLATION", process: "w3wp.exe", count: 1 }]);
  });

  it("maps columns by name in any order and reads a semicolon-separated Excel re-save without BOM", async () => {
    const text =
      "Result;Path;Process Name;Operation;Time of Day\r\n" +
      "ACCESS DENIED;C:\\Program Files\\Update Services\\WebServices\\ClientWebService\\Web.config;w3wp.exe;CreateFile;10:00:01.0000001\r\n" +
      "SUCCESS;C:\\Windows\\Temp;w3wp.exe;CreateFile;10:00:02.0000001\r\n";
    const { output } = await collectWith(procmonSource.collectors, await fromText("procmon/excel.csv", text));
    const facts = output.facts as ProcmonFragment;
    assert.equal(facts.capture.delimiter, ";");
    assert.equal(facts.denied[0]!.eventClass, "file");
    assert.equal(facts.denied[0]!.first, "10:00:01.0000001");
    assert.equal(facts.denied[0]!.line, 2);
  });

  it("counts a short row as rejected with its line and goes on", async () => {
    const text =
      '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"\r\n"1:00:00.0 PM","w3wp.exe"\r\n"1:00:01.0 PM","w3wp.exe","1","RegOpenKey","HKLM\\SOFTWARE\\X","ACCESS DENIED",""\r\n';
    const { output } = await collectWith(procmonSource.collectors, await fromText("procmon/short.csv", text));
    assert.equal(output.rejected, 1);
    assert.equal(output.problems[0]!.line, 2);
    assert.equal((output.facts as ProcmonFragment).denied.length, 1);
  });

  it("skips a CSV without the needed columns with a reason", async () => {
    const { output } = await collectWith(
      procmonSource.collectors,
      await fromText(
        "procmon/x.csv",
        '"Time of Day","Process Name","Operation","Result"\r\n"1","a","b","c"\r\n',
      ),
    );
    assert.equal(output.status, "skipped");
    assert.match(output.reason!, /"path"/);
  });

  it("recognises a native PML capture and says how to save it as CSV", async () => {
    const { kind, output } = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "noriben-sample_procmon.pml"),
    );
    assert.equal(kind, "procmon-pml");
    assert.equal(output.status, "skipped");
    assert.match(output.reason!, /PML version 7, 32-bit, computer VM-XP-TEST/);
    assert.match(output.reason!, /procmon\.exe \/OpenLog capture\.pml \/SaveAs capture\.csv/);
  });

  it("merges captures and sums their counts", async () => {
    const a = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "procmon-wsus-denied-allcolumns.csv"),
    );
    const b = await collectWith(
      procmonSource.collectors,
      await fixture("procmon", "noriben-sample_procmon.csv"),
    );
    const merged = mergeProcmon([
      { file: "a", facts: a.output.facts as ProcmonFragment },
      { file: "b", facts: b.output.facts as ProcmonFragment },
    ]);
    assert.equal(merged.events, 636);
    assert.equal(merged.deniedEvents, 8);
    assert.equal(merged.captures.length, 2);
  });

  it("reads Detail fields whose values contain commas and classifies events without an Event Class column", () => {
    const detail = detailFields(
      "Desired Access: Read Data/List Directory, Synchronize, Disposition: Open, ShareMode: Read, Write, Impersonating: NT AUTHORITY\\IUSR",
    );
    assert.equal(detail.get("Desired Access"), "Read Data/List Directory, Synchronize");
    assert.equal(detail.get("ShareMode"), "Read, Write");
    assert.equal(detail.get("Impersonating"), "NT AUTHORITY\\IUSR");
    assert.equal(eventClassOf("", "RegQueryValue", "HKLM\\X"), "registry");
    assert.equal(eventClassOf("", "TCP Connect", "a:1 -> b:2"), "network");
    assert.equal(eventClassOf("", "CreateFile", "\\\\srv\\share\\WsusContent"), "file");
  });
});

describe("Process Monitor CSV: rows that cannot matter skip the CSV parser", () => {
  const header = '"Time of Day","Process Name","PID","Operation","Path","Result","Detail"';
  const noise = (i: number): string =>
    `"10:02:${String(i % 60).padStart(2, "0")}.5131002 AM","svchost.exe","${900 + i}","RegQueryValue","HKLM\\Software\\Noise\\${i}","SUCCESS","Type: REG_DWORD, Length: 4, Data: ${i}"`;
  const denied =
    '"10:03:00.0000001 AM","w3wp.exe","4242","CreateFile","D:\\WSUS\\WsusContent\\3A\\x.cab","ACCESS DENIED","Desired Access: Generic Read, Disposition: Open, Options: , Attributes: n/a, ShareMode: Read, AllocationSize: n/a, Impersonating: NT AUTHORITY\\NETWORK SERVICE"';

  it("counts every row and keeps the line numbers of the denials after thousands of blanked rows", async () => {
    const rows = [header, ...Array.from({ length: 5000 }, (_, i) => noise(i)), denied, noise(1), denied];
    const { output } = await collectWith(
      procmonSource.collectors,
      await fromText("procmon.csv", "\uFEFF" + rows.join("\r\n") + "\r\n"),
    );
    const facts = output.facts as ProcmonFragment;
    assert.equal(output.records, 5003);
    assert.equal(facts.capture.events, 5003);
    assert.equal(facts.capture.denied, 2);
    assert.deepEqual(
      facts.denied.map((g) => [g.process, g.count, g.line, g.impersonating[0]]),
      [["w3wp.exe", 2, 5002, "NT AUTHORITY\\NETWORK SERVICE"]],
    );
  });

  it("hands a quoted line break, a short row and a stray quote to the parser unchanged", async () => {
    const multiLine =
      '"10:04:00.0 AM","sqlservr.exe","77","CreateFile","D:\\WSUS\\UpdateServicesDbFiles\\SUSDB.mdf","ACCESS DENIED","Desired Access: Generic Read,\r\n""SUCCESS"",""noise"" on a second line"';
    const rows = [header, noise(1), multiLine, noise(2), '"10:05:00 AM","short.exe","SUCCESS"', noise(3)];
    const { output } = await collectWith(
      procmonSource.collectors,
      await fromText("procmon.csv", "\uFEFF" + rows.join("\r\n") + "\r\n"),
    );
    const facts = output.facts as ProcmonFragment;
    assert.equal(output.records, 4);
    assert.equal(output.rejected, 1);
    assert.equal(facts.capture.denied, 1);
    assert.equal(facts.denied[0]!.process, "sqlservr.exe");
    // csv-parse's line count after the record (and its break), exactly as without the blanking.
    assert.equal(facts.denied[0]!.line, 5);
  });
});
