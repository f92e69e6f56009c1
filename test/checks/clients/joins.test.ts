/**
 * Each source joins the per-computer answer (issue 16 Build 3, issue 17 Build 4), read from files in
 * the formats Windows writes them, through the real collectors: a Get-WsusComputer export
 * (Windows PowerShell 5.1, en-US, #TYPE line), gpresult /x and NPS logs (by name), HTTPERR and IIS
 * logs with and without X-Forwarded-For (by address), a client's classic WindowsUpdate.log
 * (recovered) and clients' reg exports (a shared SusClientId).
 */
import { strict as assert } from "node:assert";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { listBundleFolder } from "../../../src/bundle/discover.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";
import { computersWithVerdict } from "../../../src/checks/clients/facts.js";
import { computersView, NO_CAUSE, type ComputerRow } from "../../../src/checks/clients/verdicts.js";
import type { Facts } from "../../../src/collectors/facts.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");
const WUA = "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50";

/** A bundle folder of the given files (text is written as given: CRLF where Windows writes it). */
async function bundle(files: Record<string, string | { copy: string }>): Promise<Facts> {
  const dir = await mkdtemp(join(tmpdir(), "t16-joins-"));
  const all: Record<string, string | { copy: string }> = {
    "bundle.json": JSON.stringify({
      collected: "2026-12-01T09:00:00Z",
      wsus: { server: "wsus01.corp.fabrikam.local", port: 8530 },
    }),
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    if (typeof content === "string") await writeFile(join(dir, path), content);
    else await copyFile(content.copy, join(dir, path));
  }
  return (await collectFacts(await listBundleFolder(dir))).facts;
}

/** Get-WsusComputer | Select-Object … | Export-Csv on Windows PowerShell 5.1, en-US. */
function inventory(rows: [name: string, ip: string, lastSync: string, lastReport: string][]): string {
  const lines = [
    "#TYPE Selected.Microsoft.UpdateServices.Internal.BaseApi.ComputerTarget",
    '"Id","FullDomainName","IPAddress","LastSyncTime","LastSyncResult","LastReportedStatusTime"',
    ...rows.map(
      ([name, ip, sync, report], n) =>
        `"${(n + 1).toString(16).padStart(8, "0")}-3c5b-47c7-8b95-9eb045fdb183","${name}","${ip}","${sync}","Succeeded","${report}"`,
    ),
  ];
  return lines.join("\r\n") + "\r\n";
}

function row(view: { computers: ComputerRow[] }, name: string): ComputerRow {
  const found = view.computers.find((c) => c.name === name);
  assert.ok(found, `${name} has a row`);
  return found;
}

describe("joins by name", () => {
  it("a gpresult names the computer: no WSUS policy reaches it, and its own container is its OU", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["kiosk07.corp.fabrikam.local", "10.30.4.7", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
        ["pc0042.corp.fabrikam.local", "10.20.0.42", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
      ]),
      "gpo/KIOSK07.xml": { copy: join(FIXTURES, "gpo", "gpresult-blocked-inheritance.xml") },
      "gpo/PC0042.xml": { copy: join(FIXTURES, "gpo", "gpresult-pc0042.xml") },
    });
    const view = computersView(facts, {});
    const kiosk = row(view, "kiosk07.corp.fabrikam.local");
    assert.equal(kiosk.verdict, "stale");
    assert.equal(kiosk.cause, "gpresult of FABRIKAM\\KIOSK07$: no WSUS policy reaches this computer");
    assert.equal(kiosk.evidence, "gpo/KIOSK07.xml:13");
    assert.equal(kiosk.causeSource, "gpo");
    assert.equal(kiosk.ou, "corp.fabrikam.local/Clients/Kiosk");
    // the policy reached PC0042: that is no cause, and the row says so beside it
    const pc = row(view, "pc0042.corp.fabrikam.local");
    assert.equal(pc.cause, NO_CAUSE);
    assert.match(
      pc.also,
      /^gpo\/PC0042\.xml:13 — gpresult of FABRIKAM\\PC0042\$: WSUS policy applied \(status server http:\/\/wsus01/,
    );
    assert.equal(pc.sources, "wsus, gpo");
  });

  it("an NPS health result names the machine: its agent has no WSUS server", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["testclient.corp.fabrikam.local", "10.20.0.9", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
      ]),
      "nps/quarantine.txt": { copy: join(FIXTURES, "nps", "seed-example-1.txt") },
    });
    const computer = row(computersView(facts, {}), "testclient.corp.fabrikam.local");
    assert.equal(computer.verdict, "stale");
    assert.match(
      computer.cause,
      /^NPS health check of testclient \(restricted at 2006-08-28T23:44:32\.391Z\): security updates 0xC0FF000C E_MSSHAV_NO_WUS_SERVER/,
    );
    assert.equal(computer.evidence, "nps/quarantine.txt:1");
    assert.equal(computer.sources, "wsus, nps");
  });
});

describe("joins by address", () => {
  const httpErr = [
    "#Software: Microsoft HTTP API 2.0",
    "#Version: 1.0",
    "#Date: 2026-11-30 00:00:00",
    "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename",
    "2026-11-30 00:00:00 10.1.0.21 55447 10.1.0.5 8530 - - - - - - Timer_ConnectionIdle -",
    "2026-11-30 03:00:31 10.1.0.28 64307 10.1.0.5 8530 HTTP/1.1 HEAD /selfupdate/wuident.cab - 503 1572271583 AppOffline WsusPool",
    "2026-11-30 03:00:33 10.1.0.28 52558 10.1.0.5 8530 HTTP/1.1 POST /ClientWebService/client.asmx - 503 1572271583 AppOffline WsusPool",
    "",
  ].join("\r\n");

  it("HTTP.sys turned a computer away while WsusPool was stopped; an idle timer says nothing", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["ws-a.corp.fabrikam.local", "10.1.0.28", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
        ["ws-b.corp.fabrikam.local", "10.1.0.21", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
      ]),
      "HTTPERR/httperr1.log": httpErr,
    });
    const view = computersView(facts, {});
    const refused = row(view, "ws-a.corp.fabrikam.local");
    assert.equal(refused.verdict, "refused");
    assert.equal(
      refused.cause,
      "HTTP.sys rejected 2 request(s) from 10.1.0.28 before IIS saw them (AppOffline 2): WsusPool was not taking requests, the last at 2026-11-30T03:00:33Z",
    );
    assert.equal(refused.evidence, "HTTPERR/httperr1.log:7");
    const idle = row(view, "ws-b.corp.fabrikam.local");
    assert.deepEqual([idle.verdict, idle.cause, idle.sources], ["stale", NO_CAUSE, "wsus"]);
  });

  /** Two days behind a balancer at 10.0.5.10: 240 agents scan and report, 10.20.7.31 is refused (401.1). */
  function balancedLogs(forwarded: boolean): Record<string, string> {
    const files: Record<string, string> = {};
    for (const day of ["2026-11-29", "2026-11-30"]) {
      const lines = [
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        `#Date: ${day} 00:00:00`,
        `#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken${forwarded ? " X-Forwarded-For" : ""}`,
      ];
      for (let n = 1; n <= 241; n++) {
        const ip = `10.20.${7 + Math.floor(n / 200)}.${n % 200}`;
        const time = `${String(n % 24).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:10`;
        const refused = ip === "10.20.7.31";
        const status = refused ? "401 1 1326" : "200 0 0";
        const line = (stem: string) =>
          `${day} ${time} 10.0.0.20 POST ${stem} - 8530 - 10.0.5.10 ${WUA} - ${status} 15${forwarded ? ` ${ip},+10.0.5.1` : ""}`;
        lines.push(line("/ClientWebService/client.asmx"), line("/ClientWebService/client.asmx"));
        if (!refused) lines.push(line("/ReportingWebService/ReportingWebService.asmx"));
      }
      files[`iis/W3SVC1/u_ex${day.slice(2).replaceAll("-", "")}.log`] = lines.join("\r\n") + "\r\n";
    }
    return files;
  }
  const computers = inventory([
    ["ws-0031.corp.fabrikam.local", "10.20.7.31", "10/1/2026 6:00:00 AM", "10/1/2026 6:00:04 AM"],
    ["ws-0032.corp.fabrikam.local", "10.20.7.32", "11/30/2026 8:00:00 AM", "11/30/2026 8:00:04 AM"],
  ]);

  it("behind a balancer, the X-Forwarded-For address joins the computer: refused with HTTP 401.1", async () => {
    const view = computersView(await bundle({ "wsus/computers.csv": computers, ...balancedLogs(true) }), {});
    const refused = row(view, "ws-0031.corp.fabrikam.local");
    assert.equal(refused.verdict, "refused");
    assert.match(
      refused.cause,
      /^all 4 request\(s\) from 10\.20\.7\.31 to ClientWebService were refused \(HTTP 401\.1\)/,
    );
    assert.match(refused.evidence, /^iis\/W3SVC1\/u_ex261129\.log:\d+$/);
    assert.match(
      row(view, "ws-0032.corp.fabrikam.local").also,
      /10\.20\.7\.32 scanned 4 time\(s\) and posted 2 report\(s\)/,
    );
    assert.equal(view.unjudgedAddresses, undefined);
  });

  it("without X-Forwarded-For nobody is judged from the balancer's address, and the view says so", async () => {
    const view = computersView(await bundle({ "wsus/computers.csv": computers, ...balancedLogs(false) }), {});
    const computer = row(view, "ws-0031.corp.fabrikam.local");
    assert.deepEqual([computer.verdict, computer.cause, computer.sources], ["stale", NO_CAUSE, "wsus"]);
    assert.deepEqual(view.unjudgedAddresses?.count, 1);
    assert.match(
      view.unjudgedAddresses!.text,
      /no X-Forwarded-For for them \(10\.0\.5\.10\): the computers behind them were not judged from IIS/,
    );
  });
});

describe("the client's own story", () => {
  const T = "\t";
  const line = (date: string, time: string, tid: string, component: string, text: string) =>
    [date, time, " 884", tid, component, text].join(T);
  const log = [
    line(
      "2026-11-29",
      "05:12:01:101",
      "9c4",
      "Misc",
      "===========  Logging initialized (build: 7.9.9600.18970, tz: +0100)  ===========",
    ),
    line(
      "2026-11-29",
      "05:12:04:226",
      "e10",
      "Agent",
      "  * WSUS server: http://wsus01.corp.fabrikam.local:8530",
    ),
    line(
      "2026-11-29",
      "05:12:04:226",
      "e10",
      "Agent",
      "  * WSUS status server: http://wsus01.corp.fabrikam.local:8530",
    ),
    line(
      "2026-11-29",
      "05:12:09:851",
      "e10",
      "Agent",
      "  * Found 0 updates and 84 categories in search; evaluated appl. rules of 1290 out of 2477 deployed entities",
    ),
    line(
      "2026-11-29",
      "05:17:10:051",
      "e10",
      "Report",
      "Uploading 2 events using cached cookie, reporting URL = http://wsus01.corp.fabrikam.local:8530/ReportingWebService/ReportingWebService.asmx",
    ),
    line(
      "2026-11-29",
      "05:17:10:390",
      "e10",
      "Report",
      "WARNING: Failed to upload events to the server with hr = 80244017",
    ),
    line(
      "2026-11-30",
      "05:17:11:020",
      "e10",
      "Report",
      "Uploading 3 events using cached cookie, reporting URL = http://wsus01.corp.fabrikam.local:8530/ReportingWebService/ReportingWebService.asmx",
    ),
    line("2026-11-30", "05:17:11:410", "e10", "Report", "Reporter successfully uploaded 3 events."),
    "",
  ].join("\r\n");

  it("a report failure followed by a successful upload: recovered, said as such, never 'failing'", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["srv-app03.corp.fabrikam.local", "10.10.0.33", "11/29/2026 4:12:09 AM", "10/19/2026 4:17:02 AM"],
      ]),
      "clients/SRV-APP03/WindowsUpdate.log": log,
    });
    const computer = row(computersView(facts, {}), "srv-app03.corp.fabrikam.local");
    assert.equal(computer.verdict, "sync-no-report");
    assert.equal(computer.clientState, "recovered");
    assert.equal(computer.server, "http://wsus01.corp.fabrikam.local:8530");
    assert.match(
      computer.clientLog,
      /last report upload error 0x80244017 WU_E_PT_HTTP_STATUS_DENIED .* — recovered: a report succeeded after it$/,
    );
    assert.match(computer.cause, /^its own log: 0x80244017 .* it succeeded since$/);
    assert.equal(computer.evidence, "clients/SRV-APP03/WindowsUpdate.log:6");
    assert.equal(computer.sources, "wsus, client-log");
  });

  it("a folder name no computer list has is not 'never registered': WSUS may know it by another name", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["srv-app03.corp.fabrikam.local", "10.10.0.33", "11/29/2026 4:12:09 AM", "10/19/2026 4:17:02 AM"],
      ]),
      "clients/APPSERVER3/WindowsUpdate.log": log,
    });
    const computer = row(computersView(facts, {}), "APPSERVER3");
    assert.equal(computer.verdict, "unknown");
    assert.match(computer.cause, /under the name APPSERVER3 .* WSUS may know it by another name$/);
  });

  it("a log that names no computer (no folder, no prefix, no DNS name) joins nobody and makes no row", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["srv-app03.corp.fabrikam.local", "10.10.0.33", "11/29/2026 4:12:09 AM", "10/19/2026 4:17:02 AM"],
      ]),
      "WindowsUpdate.log": log,
    });
    assert.equal(facts.client?.computers[0]?.nameFrom, "file");
    const view = computersView(facts, {});
    assert.deepEqual(
      view.computers.map((c) => [c.name, c.sources]),
      [["srv-app03.corp.fabrikam.local", "wsus"]],
    );
  });

  it("a 401 from another server it is wrongly configured for: not refused by WSUS, its configuration is the cause", async () => {
    const wrong = [
      line(
        "2026-11-30",
        "06:02:01:101",
        "9c4",
        "Misc",
        "===========  Logging initialized (build: 7.6.7600.320, tz: +0100)  ===========",
      ),
      line(
        "2026-11-30",
        "06:02:04:226",
        "e10",
        "Agent",
        "  * WSUS server: http://wsus-old.corp.fabrikam.local:8530",
      ),
      line(
        "2026-11-30",
        "06:02:04:226",
        "e10",
        "Agent",
        "  * WSUS status server: http://wsus-old.corp.fabrikam.local:8530",
      ),
      line(
        "2026-11-30",
        "06:02:04:398",
        "e10",
        "PT",
        "  + ServiceId = {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}, Server URL = http://wsus-old.corp.fabrikam.local:8530/ClientWebService/client.asmx",
      ),
      line("2026-11-30", "06:02:05:101", "e10", "PT", "WARNING: PTError: 0x80244017"),
      line("2026-11-30", "06:02:05:102", "e10", "Agent", "  * WARNING: Exit code = 0x80244017"),
      "",
    ].join("\r\n");
    const facts = await bundle({
      "wsus/computers.csv": inventory([
        ["ws-0733.corp.fabrikam.local", "10.20.7.33", "9/1/2026 6:00:00 AM", "9/1/2026 6:00:04 AM"],
      ]),
      "clients/WS-0733/WindowsUpdate.log": wrong,
    });
    const computer = row(computersView(facts, {}), "ws-0733.corp.fabrikam.local");
    assert.equal(computer.verdict, "stale");
    assert.equal(
      computer.cause,
      "it is configured for http://wsus-old.corp.fabrikam.local:8530 (log 'WSUS server:'): another server than wsus01.corp.fabrikam.local",
    );
    assert.equal(computer.evidence, "clients/WS-0733/WindowsUpdate.log:2");
    assert.equal(computer.clientState, "failing");
    assert.match(computer.also, /its own log: 0x80244017 WU_E_PT_HTTP_STATUS_DENIED/);
  });

  it("one SusClientId in two computers' reg exports: both share a client ID, proven", async () => {
    const facts = (await collectFacts(await listBundleFolder(join(ROOT, "samples", "client-cloned-image"))))
      .facts;
    const result = computersWithVerdict(facts, { verdicts: ["duplicate-id"] });
    assert.equal(result.evaluable, true, result.reason);
    assert.deepEqual(
      result.rows.map((r) => [r.name, r.evidence, r.causeSource]),
      [
        ["wks-0102.corp.fabrikam.local", "clients/WKS-0102/wu-client.reg:4", "client-registry"],
        ["WKS-0101", "clients/WKS-0101/wu-client.reg:4", "client-registry"],
      ],
    );
    assert.match(
      result.rows[1]!.cause,
      /shares client ID 6d3449db-232e-4553-b646-f627d2f33e57 with WKS-0102/,
    );
  });

  it("far more agents in the IIS logs than computers in the list: suspected, so not evaluated — never passed", async () => {
    const lines = [
      "#Software: Microsoft Internet Information Services 10.0",
      "#Version: 1.0",
      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
    ];
    for (const day of ["2026-11-29", "2026-11-30"])
      for (let n = 1; n <= 30; n++)
        for (const stem of ["/ClientWebService/client.asmx", "/ReportingWebService/ReportingWebService.asmx"])
          lines.push(
            `${day} 06:${String(n).padStart(2, "0")}:10 10.0.0.20 POST ${stem} - 8530 - 10.20.9.${n} ${WUA} - 200 0 0 15`,
          );
    const facts = await bundle({
      "wsus/computers.csv": inventory(
        [1, 2, 3, 4, 5].map((n) => [
          `img-${n}.corp.fabrikam.local`,
          `10.20.9.${n}`,
          "11/30/2026 6:00:00 AM",
          "11/30/2026 6:00:04 AM",
        ]),
      ),
      "iis/W3SVC1/u_ex261130.log": lines.join("\r\n") + "\r\n",
    });
    assert.deepEqual(
      [computersView(facts, {}).identitySurplus?.agents, computersView(facts, {}).identitySurplus?.computers],
      [30, 5],
    );
    const result = computersWithVerdict(facts, { verdicts: ["duplicate-id"] });
    assert.equal(result.evaluable, false);
    assert.match(
      result.reason,
      /30 Windows Update Agent addresses .* 5 computer\(s\).* suspected, not proven/,
    );
  });
});
