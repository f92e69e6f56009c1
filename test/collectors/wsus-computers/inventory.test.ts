import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { wsusComputersSource, mergeWsusComputers } from "../../../src/collectors/wsus-computers/index.js";
import type { WsusComputer, WsusComputersFragment } from "../../../src/collectors/wsus-computers/facts.js";
import { collectWith, fixture, fromText } from "../acl/helpers.js";

/** name → [lastSync, lastReport] as the tests compare them ("never", ISO, or "-" when absent). */
function times(computers: WsusComputer[]): Record<string, [string, string]> {
  const show = (s: WsusComputer["lastSync"]) =>
    !s ? "-" : s.never ? "never" : s.alt ? `${s.at}|${s.alt}` : s.at!;
  return Object.fromEntries(computers.map((c) => [c.key, [show(c.lastSync), show(c.lastReport)]]));
}

const EXPECTED: Record<string, [string, string]> = {
  "WS-0001": ["2026-11-30T08:12:44Z", "2026-11-30T08:12:47Z"],
  "WS-0002": ["2026-10-14T16:03:09Z", "2026-10-14T16:03:12Z"],
  "WS-0003": ["2026-11-30T07:55:01Z", "2026-09-02T09:41:30Z"],
  "WS-0004": ["2026-11-29T22:18:05Z", "never"],
  "KIOSK-014": ["never", "never"],
  "SRV-FILE01": ["2026-11-30T03:01:58Z", "2026-11-12T03:02:02Z"],
};

async function read(name: string) {
  const { kind, output } = await collectWith(
    wsusComputersSource.collectors,
    await fixture("wsus-computers", name),
  );
  assert.equal(output.status, "parsed", output.reason);
  return { kind, output, facts: output.facts as WsusComputersFragment };
}

describe("WSUS computer list", () => {
  it("reads Windows PowerShell 5.1 Export-Csv (#TYPE line, ASCII, every column, en-US dates)", async () => {
    const { kind, facts, output } = await read("ps51-en-US.csv");
    assert.equal(kind, "wsus-computers-csv");
    assert.equal(facts.file.format, "csv-ps51");
    assert.equal(facts.file.dateOrder, "mdy");
    assert.deepEqual(times(facts.computers), EXPECTED);
    const ws3 = facts.computers.find((c) => c.key === "WS-0003")!;
    assert.equal(ws3.line, 5);
    assert.equal(ws3.id, "c71e5d90-6f38-42b1-a0d4-9e8f2b6c3a03");
    assert.equal(ws3.ip, "10.20.1.13");
    assert.equal(facts.computers.find((c) => c.key === "SRV-FILE01")!.lastSyncResult, "Failed");
    assert.equal(facts.file.newest, "2026-11-30T08:12:47Z");
    assert.equal(output.rejected, 0);
  });

  it("reads 5.1 with -UseCulture -Encoding Unicode in German (UTF-16LE, ';', dd.MM.yyyy)", async () => {
    const { facts } = await read("ps51-de-DE-unicode.csv");
    assert.equal(facts.file.dateOrder, "dmy");
    assert.deepEqual(times(facts.computers), EXPECTED);
  });

  it("reads a PowerShell 7 Select-Object export in en-GB (no #TYPE, dd/MM/yyyy decided from the column)", async () => {
    const { facts } = await read("ps7-en-GB-selected.csv");
    assert.equal(facts.file.format, "csv");
    assert.equal(facts.file.dateOrder, "dmy");
    assert.deepEqual(times(facts.computers), EXPECTED);
    assert.equal(facts.computers[0]!.id, undefined);
  });

  it("reads Windows PowerShell 5.1 ConvertTo-Json (\\/Date(ms)\\/, enums as numbers, UTF-16LE)", async () => {
    const { kind, facts } = await read("ps51.json");
    assert.equal(kind, "wsus-computers-json");
    assert.equal(facts.file.format, "json-ps51");
    assert.deepEqual(times(facts.computers), EXPECTED);
    assert.equal(facts.computers.find((c) => c.key === "SRV-FILE01")!.lastSyncResult, "Failed");
    assert.equal(facts.computers.find((c) => c.key === "WS-0002")!.line, 29);
  });

  it("reads PowerShell 7 ConvertTo-Json (ISO 8601)", async () => {
    const { facts } = await read("ps7.json");
    assert.equal(facts.file.format, "json-ps7");
    assert.deepEqual(times(facts.computers), EXPECTED);
  });

  it("reads Export-Clixml (UTF-16LE, <DT> round-trip times, enum objects)", async () => {
    const { kind, facts } = await read("computers.clixml.xml");
    assert.equal(kind, "wsus-computers-clixml");
    const expected = Object.fromEntries(
      Object.entries(EXPECTED).map(([k, [a, b]]) => [k, [a.replace("Z", ".123Z"), b.replace("Z", ".123Z")]]),
    );
    assert.deepEqual(
      times(facts.computers),
      Object.fromEntries(
        Object.entries(expected).map(([k, v]) => [k, v.map((t) => t.replace("never.123Z", "never"))]),
      ),
    );
    assert.equal(facts.computers.find((c) => c.key === "SRV-FILE01")!.lastSyncResult, "Failed");
    assert.equal(facts.computers[0]!.id, "3f2a1c44-9b7e-4d0a-8c11-0a5e7d2b9f01");
  });

  it("reads a SUSDB tbComputerTarget query saved as CSV (NULL = never, result numbers)", async () => {
    const { facts } = await read("susdb-tbComputerTarget.csv");
    assert.equal(facts.file.format, "susdb-csv");
    assert.deepEqual(
      times(facts.computers),
      Object.fromEntries(
        Object.entries(EXPECTED).map(([k, v]) => [
          k,
          v.map((t) => t.replace("Z", ".123Z").replace("never.123Z", "never")),
        ]),
      ),
    );
    assert.equal(facts.computers.find((c) => c.key === "KIOSK-014")!.lastSyncResult, "NeverRun");
  });

  it("keeps both readings when no date in the file tells day from month, and says so", async () => {
    const text = [
      '"FullDomainName","LastSyncTime","LastReportedStatusTime"',
      '"a.contoso.com","03/04/2026 10:00:00","03/04/2026 10:00:01"',
      '"b.contoso.com","05/06/2026 10:00:00","1753-01-01 00:00:00"',
    ].join("\r\n");
    const { output } = await collectWith(
      wsusComputersSource.collectors,
      await fromText("x/computers.csv", text),
    );
    const facts = output.facts as WsusComputersFragment;
    assert.equal(facts.file.dateOrder, "ambiguous");
    assert.deepEqual(times(facts.computers), {
      A: ["2026-03-04T10:00:00Z|2026-04-03T10:00:00Z", "2026-03-04T10:00:01Z|2026-04-03T10:00:01Z"],
      B: ["2026-05-06T10:00:00Z|2026-06-05T10:00:00Z", "never"],
    });
    assert.match(output.problems.map((p) => p.message).join(" "), /ambiguous/);
  });

  it("does not take other CSV files, and reports a broken row without losing the others", async () => {
    const other = await fromText("x/users.csv", '"Name","Enabled"\r\n"alice","True"\r\n');
    assert.equal(
      wsusComputersSource.collectors.some(
        (c) => c.detect({ path: other.path, bytes: Buffer.from(""), head: '"Name","Enabled"', size: 1 }) > 0,
      ),
      false,
    );
    const text =
      '"FullDomainName","LastSyncTime"\r\n"a.contoso.com","11/30/2026 1:00:00 PM"\r\n"b.contoso.com"\r\n';
    const { output } = await collectWith(wsusComputersSource.collectors, await fromText("x/c.csv", text));
    assert.equal(output.records, 1);
    assert.equal(output.rejected, 1);
    assert.equal(output.problems[0]!.line, 3);
  });

  it("merges two exports and keeps the newest time over both", () => {
    const file = (name: string, newest: string) => ({
      facts: {
        file: {
          file: name,
          format: "csv" as const,
          computers: 0,
          dateOrder: "iso" as const,
          dateNote: "",
          newest,
        },
        computers: [],
      },
    });
    const merged = mergeWsusComputers([file("a", "2026-11-01T00:00:00Z"), file("b", "2026-11-30T00:00:00Z")]);
    assert.equal(merged.newest, "2026-11-30T00:00:00Z");
    assert.equal(merged.ambiguousDates, false);
  });
});
