import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { evidenceFileFromBytes, makeProbe } from "../../../src/bundle/evidence-file.js";
import { fieldsFromMessage } from "../../../src/collectors/nps/event-fields.js";
import { collect, facts, FIXTURES, npsCollector, winner } from "./helpers.js";

describe("NPS events: which collector claims the file", () => {
  for (const [name, kind] of [
    ["Security-NPS.xml", "nps-events-xml"],
    ["Security-NPS-wevtutil.txt", "nps-events-text"],
    ["Security-NPS-eventviewer.csv", "nps-events-csv"],
    ["Security-NPS-de.csv", "nps-events-csv"],
    ["Security-NPS-getwinevent.csv", "nps-events-csv"],
  ] as const) {
    it(`${name} → ${kind}, beating the generic event-log collectors`, async () => {
      assert.deepEqual(await winner(name), { kind, score: 98 });
    });
  }

  it("does not claim an Application-log export of WSUS events", async () => {
    const xml =
      "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/><EventID Qualifiers='0'>12072</EventID><TimeCreated SystemTime='2026-11-17T10:15:02.0000000Z'/><Channel>Application</Channel><Computer>WSUS01</Computer></System><EventData><Data>The WSUS content directory is not accessible.</Data></EventData></Event></Events>";
    const probe = await makeProbe(await evidenceFileFromBytes("Application.xml", Buffer.from(xml, "utf8")));
    for (const collector of [
      "nps-events-xml",
      "nps-events-csv",
      "nps-events-text",
      "nps-soh-text",
      "nps-accounting-log",
    ]) {
      assert.equal(npsCollector(collector).detect(probe), 0, collector);
    }
  });
});

describe("Event Viewer XML (UTF-8 BOM, one line)", () => {
  it("reads 6276/6278/6272 by EventData name and ignores other Security events", async () => {
    const output = await collect("nps-events-xml", "Security-NPS.xml");
    assert.equal(output.status, "parsed");
    assert.equal(output.records, 3);
    assert.match(output.problems[0]!.message, /1 event\(s\) other than the NPS events/);
    const nps = await facts(["nps-events-xml", "Security-NPS.xml"]);
    assert.deepEqual(nps.events, { total: 3, byId: { "6272": 1, "6276": 1, "6278": 1 } });
    assert.deepEqual(
      nps.machines.map((machine) => [machine.machine, machine.state, machine.latest.checks]),
      [
        ["PC201", "restricted", ["NPS.WUA_COMM_FAILURE"]],
        ["PC202", "full-access", []],
      ],
    );
    const pc201 = nps.machines[0]!;
    assert.equal(pc201.time, "2026-11-17T09:14:03.512Z");
    assert.equal(pc201.policy, "NAP DHCP Noncompliant");
    assert.equal(pc201.os, "Windows 7 (build 7601, SP1, x64, Workstation)");
    assert.equal(pc201.latest.sessionKey, "3e4f5061-7283-494a-b5c6-d7e8f9011223");
    assert.equal(pc201.latest.eventId, 6276);
    assert.equal(pc201.latest.severity?.name, "Important");
    assert.equal(pc201.latest.line, 2);
  });
});

describe("wevtutil text (UTF-16LE, CRLF)", () => {
  it("reads header and message fields by position", async () => {
    assert.deepEqual([...readFileSync(FIXTURES + "Security-NPS-wevtutil.txt").subarray(0, 2)], [0xff, 0xfe]);
    const nps = await facts(["nps-events-text", "Security-NPS-wevtutil.txt"]);
    assert.deepEqual(
      nps.machines.map((machine) => [
        machine.machine,
        machine.state,
        machine.latest.checks,
        machine.latest.line,
      ]),
      [
        ["PC301", "restricted", ["NPS.WUA_SERVICE"], 1],
        ["PC302", "probation", ["NPS.NO_CLIENT_ID"], 68],
      ],
    );
    // The quarantine session id (UTC) wins over wevtutil's local Date.
    assert.equal(nps.machines[0]!.time, "2026-11-17T10:02:11.871Z");
  });
});

describe("CSV exports", () => {
  it("Event Viewer CSV (English): message fields by position", async () => {
    const nps = await facts(["nps-events-csv", "Security-NPS-eventviewer.csv"]);
    const pc401 = nps.machines.find((machine) => machine.machine === "PC401")!;
    assert.equal(
      pc401.words.firewall,
      "0xC0FF0001 E_MSSHV_PRODUCT_NOT_ENABLED: system health component not enabled",
    );
    assert.match(pc401.words.antivirusUpToDate, /E_MSSHV_PRODUCT_NOT_UPTODATE/);
    assert.deepEqual(pc401.latest.checks, ["NPS.COMPONENT_STATE"]);
    assert.equal(pc401.latest.format, "event-csv");
    assert.equal(pc401.latest.line, 2);
  });

  it("German Event Viewer CSV: localised labels and header, same result", async () => {
    const nps = await facts(["nps-events-csv", "Security-NPS-de.csv"]);
    assert.deepEqual(
      nps.machines.map((machine) => [machine.machine, machine.policy, machine.os, machine.latest.checks]),
      [
        [
          "PC401DE",
          "NAP DHCP Noncompliant",
          "Windows 7 (build 7601, SP1, x64, Workstation)",
          ["NPS.COMPONENT_STATE"],
        ],
        ["PC402DE", "NAP DHCP Compliant", "Windows 7 (build 7601, SP1, x64, Workstation)", []],
      ],
    );
  });

  it("Get-WinEvent | Export-Csv: columns by PowerShell property name", async () => {
    const output = await collect("nps-events-csv", "Security-NPS-getwinevent.csv");
    assert.equal(output.records, 2);
    const nps = await facts(["nps-events-csv", "Security-NPS-getwinevent.csv"]);
    assert.deepEqual(
      nps.machines.map((machine) => machine.machine),
      ["PC401PS", "PC402PS"],
    );
  });

  it("fieldsFromMessage keeps the health result (%29) with its following lines", () => {
    const fields = fieldsFromMessage(
      [
        "Network Policy Server quarantined a user.",
        "",
        "User:",
        ...Array.from({ length: 28 }, (_, i) => `\tLabel ${i + 1}:\t\tvalue ${i + 1}`),
        "\tSystem Health Validator Result(s):\tWindows Security Health Validator",
        "NonCompliant",
        "(0x0-)",
      ].join("\r\n"),
      6276,
    );
    assert.equal(fields.length, 29);
    assert.equal(fields[23], "value 24");
    assert.equal(fields[28], "Windows Security Health Validator\nNonCompliant\n(0x0-)");
    assert.equal(fieldsFromMessage("x\r\n\tA:\t\t1", 6272).length, 1);
  });
});
