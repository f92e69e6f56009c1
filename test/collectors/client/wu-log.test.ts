import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readClientFixture } from "./read-fixture.js";
import { parseClassicLine, parseEtlLine } from "../../../src/collectors/client/wu-log-lines.js";

describe("classic WindowsUpdate.log lines (client-logs.md §1.1)", () => {
  it("reads the real Windows 7 layout: tabs, PID width 4, TID width 3", () => {
    assert.deepEqual(
      parseClassicLine("2021-08-28\t11:05:53:800\t 576\ta70\tAgent\t  * WSUS server: <NULL>"),
      {
        date: "2021-08-28",
        clock: "11:05:53.800",
        component: "Agent",
        text: "  * WSUS server: <NULL>",
      },
    );
    assert.equal(parseClassicLine("2021-08-28\t11:05:53:800\t5192\t13bc\tReport\tx")?.component, "Report");
  });

  it("reads lines pasted with spaces, as Microsoft's articles quote them, and KB 902093's example without ms", () => {
    const pasted = parseClassicLine(
      "2014-01-20 12:18:11:520 968 9d0 Agent * WSUS server: http://PS1SITE.CONTOSO.COM:8530 (Changed)",
    );
    assert.equal(pasted?.component, "Agent");
    assert.equal(pasted?.text, "* WSUS server: http://PS1SITE.CONTOSO.COM:8530 (Changed)");
    assert.equal(
      parseClassicLine("2005-06-01 18:30:03 992 810 Misc = Logging initialized")?.clock,
      "18:30:03",
    );
    assert.equal(parseClassicLine("Windows Update log: see Get-WindowsUpdateLog"), undefined);
  });
});

describe("Get-WindowsUpdateLog lines (client-logs.md §2.2)", () => {
  it("reads the culture's separators: en-US '/', de-DE '.', Windows 11 '-', hu-HU '. '", () => {
    for (const stamp of [
      "2021/07/13 10:22:58.9553434",
      "2021.07.13 10:22:58.9553434",
      "2021-07-13 10:22:58.9553434",
      "2021. 07. 13. 10:22:58.9553434",
    ]) {
      const line = parseEtlLine(`${stamp} 3696  8172  Agent           WSUS server: (null) (Changed)`);
      assert.equal(line?.date, "2021-07-13", stamp);
      assert.equal(line?.clock, "10:22:58.9553434", stamp);
      assert.equal(line?.text, "WSUS server: (null) (Changed)", stamp);
    }
  });

  it("strips exactly the padding: text keeps its own spaces; 5-digit ids and long components", () => {
    assert.equal(
      parseEtlLine("2021/07/13 10:23:06.3933681 3696  8172  Agent               Timer: 29A8")?.text,
      "    Timer: 29A8",
    );
    const long = parseEtlLine("2021/07/13 10:52:26.3223560 13988 14228 DownloadManagerXY Text here");
    assert.equal(long?.component, "DownloadManagerXY");
    assert.equal(long?.text, "Text here");
  });
});

describe("WindowsUpdate.log collectors", () => {
  it("classic log refused with 401: server, identity, UTC times from the tz banner, errors once per failed scan", async () => {
    const { kind, output, facts } = await readClientFixture("classic-401.log");
    assert.equal(kind, "wu-log-classic");
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    assert.deepEqual(facts.computer, { name: "WKS-0415", from: "log" });
    assert.equal(facts.wsusServer?.value, "http://wsus01.corp.fabrikam.local:8530");
    assert.equal(facts.wsusServer?.time?.at, "2026-11-30T11:10:07.264Z");
    assert.equal(facts.susClientId?.value, "8f3a6c2e-1b4d-4e55-9a0c-2f7d9e1b3c44");
    const scan = facts.errors.find((e) => e.operation === "scan")!;
    assert.deepEqual(
      [scan.code, scan.symbol, scan.category, scan.count, scan.toWsus],
      ["0x80244017", "WU_E_PT_HTTP_STATUS_DENIED", "http", 2, true],
    );
    assert.equal(scan.first.at, "2026-11-30T07:10:07.343Z");
    assert.equal(scan.last.at, "2026-11-30T11:10:07.359Z");
    const report = facts.errors.find((e) => e.operation === "report")!;
    assert.equal(report.code, "0x80244017");
    assert.equal(report.server, "http://wsus01.corp.fabrikam.local:8530");
    assert.equal(report.service, "ReportingWebService");
    assert.equal(scan.service, "ClientWebService");
    assert.equal(facts.lastScanSuccess, undefined);
  });

  it("pasted classic lines are read the same way", async () => {
    const { kind, output, facts } = await readClientFixture("classic-pasted.txt");
    assert.equal(kind, "wu-log-classic");
    assert.equal(output.rejected, 0);
    assert.equal(facts.errors[0]?.code, "0x80244017");
    assert.equal(facts.errors[0]?.first.zone, "utc");
  });

  it("healthy Windows Server 2019 log: noise codes and Store scans make no error; last WSUS scan and report found", async () => {
    const { kind, facts } = await readClientFixture("etl-healthy-en-us.log");
    assert.equal(kind, "wu-log-etl");
    assert.deepEqual(
      facts.errors.map((e) => [e.code, e.category, e.toWsus]),
      [["0x8024000C", "noise", false]],
    );
    assert.equal(facts.wsusServer?.value, "https://wsus01.corp.fabrikam.local:8531");
    assert.deepEqual(facts.lastScanSuccess?.time, { at: "2026-11-30T07:02:45.012", zone: "local" });
    assert.equal(facts.lastScanSuccess?.server, "https://wsus01.corp.fabrikam.local:8531");
    assert.equal(facts.lastReportSuccess?.time.at, "2026-11-30T07:07:45.783");
    assert.equal(facts.computer, undefined, "neither the log nor its path names the computer");
  });

  it("a log decoded on a German machine parses (UTF-8 with BOM, '.' dates) and gives 0x80072EE7", async () => {
    const { kind, output, facts } = await readClientFixture(
      "etl-not-resolved-de-de.log",
      "clients/WKS-0733/WindowsUpdate.log",
    );
    assert.equal(kind, "wu-log-etl");
    assert.equal(output.rejected, 0);
    assert.equal(facts.computer?.name, "WKS-0733");
    assert.deepEqual(
      facts.errors.map((e) => [e.code, e.symbol, e.category, e.count, e.last.at]),
      [["0x80072EE7", "ERROR_WINHTTP_NAME_NOT_RESOLVED", "connection", 2, "2026-11-30T13:14:05.333"]],
    );
  });

  it("a Windows 11 log with '-' dates is the ETL format, not the classic one", async () => {
    const { kind, output } = await readClientFixture("etl-win11-dash.log");
    assert.equal(kind, "wu-log-etl");
    assert.equal(output.rejected, 0);
  });
});
