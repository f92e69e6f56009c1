import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readClientFixture } from "./read-fixture.js";
import { makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { classify } from "../../../src/collectors/classify.js";
import { mergeClient } from "../../../src/collectors/client/merge.js";
import { parseReportingEvent } from "../../../src/collectors/client/reporting-events.js";
import { parseRegFile } from "../../../src/collectors/gpo/reg-file.js";

describe("ReportingEvents.log (client-logs.md §3)", () => {
  it("reads the real IoT line: event, HRESULT, caller, UTC from its offset", () => {
    const event = parseReportingEvent(
      "{050F3909-2A9D-4F63-8A47-6A406EC41298}\t2020-01-12 11:43:35:849+1030\t1\t147 [AGENT_DETECTION_FINISHED]\t101\t{00000000-0000-0000-0000-000000000000}\t0\t0\tUpdate;API;16454Windows10IOTCore.IOTCoreDefaultApplication_rz84sjny4rf58\tSuccess\tSoftware Synchronization\tWindows Update Client successfully detected 0 updates.\tWK95uV225Ue0wrVj.2.3.1.2.3.1.1.0.0.3.0",
    );
    assert.deepEqual(event?.time, { at: "2020-01-12T01:13:35.849Z", zone: "utc" });
    assert.equal(event?.eventId, 147);
    assert.equal(event?.hresult, 0);
  });

  it("a UTF-16LE file: last successful scan, scan errors decoded, installs and bad lines kept apart", async () => {
    const { kind, output, facts } = await readClientFixture(
      "ReportingEvents.log",
      "clients/WKS-0415/ReportingEvents.log",
    );
    assert.equal(kind, "reporting-events");
    assert.equal(output.records, 5);
    assert.equal(output.rejected, 0, "a line not starting with { continues the previous event");
    assert.deepEqual(facts.computer, { name: "WKS-0415", from: "path" });
    assert.equal(facts.lastScanSuccess?.time.at, "2026-11-30T01:13:35.849Z");
    assert.deepEqual(
      facts.errors.map((e) => [e.code, e.symbol, e.category, e.operation, e.last.at]),
      [
        ["0x80244017", "WU_E_PT_HTTP_STATUS_DENIED", "http", "scan", "2026-11-30T09:14:55.630Z"],
        ["0x8024000C", "WU_E_NOOP", "noise", "scan", "2026-11-30T12:00:00.000Z"],
      ],
    );
  });
});

describe("client Windows Update registry export (client-logs.md §5)", () => {
  it("reads identity, Results keys and the policy values from a UTF-16LE reg export", async () => {
    const { kind, output, facts } = await readClientFixture(
      "WKS-0101-wu-client.reg",
      "registry/WKS-0101-wu-client.reg",
    );
    assert.equal(kind, "client-registry");
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    assert.deepEqual(facts.computer, { name: "WKS-0101", from: "path" });
    assert.equal(facts.susClientId?.value, "6d3449db-232e-4553-b646-f627d2f33e57");
    assert.equal(facts.susClientId?.line, 4);
    assert.equal(facts.registry?.susClientIdValidation, true);
    assert.equal(facts.registry?.pingId, "c1f0e2d3-4b5a-6978-8a9b-0c1d2e3f4a5b");
    assert.equal(facts.registry?.accountDomainSid, "S-1-5-21-1004336348-1177238915-682003330");
    assert.deepEqual(
      facts.registry?.results.map((r) => [r.key, r.lastSuccessTime, r.lastError]),
      [
        ["Detect", "2026-11-29 07:02:44", "0x80244017"],
        ["Install", "2026-11-12 03:00:12", "0x00000000"],
      ],
    );
    assert.equal(facts.wsusServer?.value, "http://wsus01.corp.fabrikam.local:8530");
    assert.equal(facts.useWsus?.value, 1);
  });

  it("a policy-only .reg export still goes to the Group Policy reader", async () => {
    const text =
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]\r\n"WUServer"="http://wsus01:8530"\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "wu-policy-"));
    await writeFile(join(dir, "wu-policy.reg"), bytes);
    const file = await openEvidenceFile(join(dir, "wu-policy.reg"), "gpo/wu-policy.reg");
    assert.equal(classify(await makeProbe(file)).collector?.kind, "reg-export");
    assert.equal(parseRegFile(text, "gpo/wu-policy.reg").status, "parsed");
  });
});

describe("one story per computer", () => {
  it("joins a computer's log, ReportingEvents.log and registry; a log's DNS name names its folder", async () => {
    const log = await readClientFixture("classic-401.log", "clients/pc1/WindowsUpdate.log");
    const events = await readClientFixture("ReportingEvents.log", "clients/pc1/ReportingEvents.log");
    const registry = await readClientFixture("WKS-0101-wu-client.reg", "registry/WKS-0101-wu-client.reg");
    const facts = mergeClient([log, events, registry].map(({ facts }) => ({ file: facts.file, facts })));
    assert.deepEqual(
      facts.computers.map((c) => [c.computer, c.nameFrom, c.files.length]),
      [
        ["WKS-0101", "path", 1],
        ["WKS-0415", "log", 2],
      ],
    );
    const wks = facts.computers[1]!;
    assert.equal(wks.wsusServer?.from, "wu-log-classic");
    assert.equal(
      wks.errors.find((e) => e.code === "0x80244017" && e.operation === "scan" && e.server)?.count,
      2,
    );
    assert.equal(wks.lastScanSuccess?.time.at, "2026-11-30T01:13:35.849Z");
    assert.equal(facts.computers[0]!.susClientId?.from, "client-registry");
  });
});
