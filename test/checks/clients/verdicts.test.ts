import { strict as assert } from "node:assert";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listBundleFolder } from "../../../src/bundle/discover.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";
import { computersView, NO_CAUSE } from "../../../src/checks/clients/verdicts.js";
import { ComputerModel, computerKey, identify } from "../../../src/checks/clients/model.js";
import type { Facts } from "../../../src/collectors/facts.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "..", "samples", "clients-not-reporting");

async function sampleFacts(): Promise<Facts> {
  return (await collectFacts(await listBundleFolder(SAMPLE))).facts;
}

describe("the per-computer answer", () => {
  it("gives every computer of the sample its verdict, cause and evidence line", async () => {
    const view = computersView(await sampleFacts(), {});
    assert.equal(view.evaluable, true);
    assert.equal(view.reference, "2026-12-01T09:00:00.000Z");
    const byName = Object.fromEntries(view.computers.map((c) => [c.name, [c.verdict, c.cause, c.evidence]]));
    assert.deepEqual(byName["ws-0001.corp.fabrikam.local"], ["reporting", "", "wsus/wsus-computers.csv:3"]);
    // last logon 13 October: 49 days before the export, beyond 30 days plus the 14-day replication lag
    assert.deepEqual(byName["ws-0002.corp.fabrikam.local"]?.slice(0, 1), ["stale"]);
    assert.match(byName["ws-0002.corp.fabrikam.local"]![1]!, /not logged on to the domain since 2026-10-13/);
    assert.equal(byName["ws-0002.corp.fabrikam.local"]![2], "ad/ad-computers.csv:4");
    assert.deepEqual(byName["ws-0003.corp.fabrikam.local"], [
      "sync-no-report",
      NO_CAUSE,
      "wsus/wsus-computers.csv:5",
    ]);
    assert.equal(byName["ws-0004.corp.fabrikam.local"]![0], "sync-no-report");
    const kiosk = byName["kiosk-014.corp.fabrikam.local"]!;
    assert.equal(kiosk[0], "stale");
    assert.match(kiosk[1]!, /no WSUS GPO is linked to corp\.fabrikam\.local\/Stores\/Kiosks/);
    assert.match(kiosk[2]!, /^gpo\/gpos-all\.xml:\d+$/);
    // synchronised yesterday, reported 19 days ago: within 30 days
    assert.equal(byName["srv-file01.corp.fabrikam.local"]![0], "reporting");
    // domain computers in use that WSUS does not know; disabled, idle and never-logged-on accounts are not expected
    const missing = view.computers.filter((c) => c.verdict === "never-registered").map((c) => c.name);
    assert.deepEqual(missing.sort(), [
      "kiosk-015.corp.fabrikam.local",
      "kiosk-016.corp.fabrikam.local",
      "muenchen-01.corp.fabrikam.local",
      "newpc-77.corp.fabrikam.local",
    ]);
    assert.match(
      byName["newpc-77.corp.fabrikam.local"]![1]!,
      /default container corp\.fabrikam\.local\/Computers/,
    );
    assert.equal(byName["muenchen-01.corp.fabrikam.local"]![1], NO_CAUSE);
    // a Windows 7 agent whose self-update check IIS refuses with 401.1 never reaches its scan
    assert.equal(byName["ws-0005.corp.fabrikam.local"]![0], "refused");
    assert.match(byName["ws-0005.corp.fabrikam.local"]![1]!, /SelfUpdate were refused \(HTTP 401\.1\)/);
    assert.equal(byName["ws-0005.corp.fabrikam.local"]![2], "iis/W3SVC1/u_ex261129.log:22");
    // counted by the cause without the computer's own address and times
    assert.deepEqual(
      view.causes.find((c) => c.verdict === "refused"),
      {
        verdict: "refused",
        cause: "IIS refused the agent's self-update check (HTTP 401.1), so it never scans",
        count: 1,
      },
    );
    // its status reports go to a server whose name does not resolve: its own log says so
    assert.equal(byName["srv-app02.corp.fabrikam.local"]![0], "sync-no-report");
    assert.match(
      byName["srv-app02.corp.fabrikam.local"]![1]!,
      /its own log: 0x80072EE7 ERROR_WINHTTP_NAME_NOT_RESOLVED .* on report to http:\/\/wsus-old/,
    );
    assert.equal(byName["srv-app02.corp.fabrikam.local"]![2], "clients/SRV-APP02/WindowsUpdate.log:52");
    // scans without reports restate the verdict: shown beside it, never passed off as its cause
    const ws3 = view.computers.find((c) => c.name === "ws-0003.corp.fabrikam.local")!;
    assert.equal(ws3.cause, NO_CAUSE);
    assert.match(
      ws3.also,
      /^iis\/W3SVC1\/u_ex261129\.log:\d+ — 10\.20\.1\.13 scanned 6 time\(s\) .* and posted no report$/,
    );
    assert.equal(ws3.sources, "wsus, ad, iis");
    assert.deepEqual(view.counts, {
      reporting: 2,
      stale: 2,
      "sync-no-report": 3,
      refused: 1,
      "duplicate-id": 0,
      "never-registered": 4,
      unknown: 0,
    });
  });

  it("does not call a computer stale when the two readings of an ambiguous date disagree", async () => {
    const facts = await sampleFacts();
    const computer = facts.wsusComputers!.computers.find((c) => c.key === "WS-0001")!;
    // 11/10 or 10/11: 21 or 51 days before the export
    computer.lastReport = {
      raw: "11/10/2026 8:00:00 AM",
      at: "2026-11-10T08:00:00Z",
      alt: "2026-10-11T08:00:00Z",
    };
    const row = computersView(facts, {}).computers.find((c) => c.name === "ws-0001.corp.fabrikam.local")!;
    assert.equal(row.verdict, "unknown");
    assert.match(row.cause, /ambiguous/);
  });

  it("measures from the newest timestamp of the list when bundle.json has no date, and says so", async () => {
    const facts = await sampleFacts();
    facts.bundle.manifest = {};
    const view = computersView(facts, { staleDays: 7 });
    assert.equal(view.reference, "2026-11-30T08:12:47.000Z");
    assert.match(view.reason, /newest timestamp/);
    assert.equal(
      view.computers.find((c) => c.name === "srv-file01.corp.fabrikam.local")!.verdict,
      "sync-no-report",
    );
  });

  it("names one computer per upper-case NetBIOS name and joins an address only when one computer owns it", () => {
    assert.equal(computerKey("kiosk-014.contoso.com"), "KIOSK-014");
    assert.equal(computerKey("CORP\\PC0042$".split("\\")[1]!), "PC0042");
    const model = new ComputerModel();
    model.record(identify("ws-1.contoso.com", { ip: "10.0.0.1" }));
    model.record(identify("WS-2", { ip: "10.0.0.2" }));
    model.record(identify("ws-3.contoso.com", { ip: "10.0.0.2" }));
    const seen = {
      source: "iis" as const,
      kind: "iis.scan",
      text: "scanned",
      provenance: { file: "u_ex.log", line: 9 },
    };
    assert.equal(model.observeAddress("10.0.0.1", seen), true);
    assert.equal(model.observeAddress("10.0.0.2", seen), false, "two computers on one address: no guess");
    assert.equal(model.get("WS-1")!.observations.length, 1);
    assert.deepEqual(model.get("WS-1")!.dnsNames, ["ws-1.contoso.com"]);
  });
});
