import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { parseDtsEvent, parseIasLine, scanHexForCodes } from "../../../src/collectors/nps/accounting.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collect, facts, npsCollector, winner } from "./helpers.js";

describe("accounting logs: detection by content", () => {
  for (const [name, score] of [
    ["IN2611-dts.log", 90],
    ["IN2611-odbc.log", 85],
    ["IN2611-ias.log", 80],
  ] as const) {
    it(`${name} is an NPS accounting log (${score})`, async () => {
      assert.deepEqual(await winner(name), { kind: "nps-accounting-log", score });
    });
  }

  it("an IIS log named IN261118.log is left to the IIS collector", async () => {
    assert.equal((await winner("IN261118.log")).kind, "iis-w3c-log");
    const probeScore = npsCollector("nps-accounting-log").detect({
      path: "IN261118.log",
      bytes: Buffer.alloc(0),
      head: "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n",
      size: 60,
    });
    assert.equal(probeScore, 0);
  });

  it("an IIS log in the comma-separated IIS format (also in*.log) is not an IAS log", () => {
    const head =
      "192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SERVER, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,\r\n";
    assert.equal(
      npsCollector("nps-accounting-log").detect({
        path: "in010320.log",
        bytes: Buffer.from(head),
        head,
        size: head.length,
      }),
      0,
    );
  });
});

describe("DTS XML", () => {
  it("reads quarantine state, extended state, session and policy per machine, one-line and pretty-printed events", async () => {
    const output = await collect("nps-accounting-log", "IN2611-dts.log");
    assert.equal(output.status, "parsed");
    assert.equal(output.records, 3);
    assert.equal(output.rejected, 0);
    const nps = await facts(["nps-accounting-log", "IN2611-dts.log"]);
    assert.deepEqual(nps.accounting.byFormat, { ias: 0, odbc: 0, dts: 3 });
    assert.deepEqual(nps.accounting.byState, { "full-access": 1, restricted: 1, probation: 1 });
    assert.deepEqual(
      nps.accounting.machines.map((m) => [
        m.machine,
        m.state,
        m.extendedStateName,
        m.policy,
        m.sessionKey,
        m.line,
      ]),
      [
        [
          "PC201",
          "restricted",
          "no data",
          "NAP DHCP Noncompliant",
          "3e4f5061-7283-494a-b5c6-d7e8f9011223",
          1,
        ],
        ["PC202", "full-access", "no data", "NAP DHCP Compliant", "4f506172-8394-4a5b-86d7-e8f901122334", 2],
        ["PC204", "probation", "transition", "NAP DHCP Noncompliant", undefined, 3],
      ],
    );
    assert.equal(nps.accounting.machines[0]!.time, "2026-11-17T10:14:03.498");
    assert.equal(nps.machines.length, 0, "no SHV result in these records");
  });

  it("decodes a System-Health-Result that holds the validator text, and only counts hex blobs heuristically", async () => {
    const withText = parseDtsEvent(
      '<Event><Timestamp data_type="4">11/17/2026 10:14:03.498</Timestamp><MS-Machine-Name data_type="1">PC777</MS-Machine-Name><System-Health-Result data_type="1">Windows Security Health Validator&#13;&#10;NonCompliant&#13;&#10;None&#13;&#10;(0x0-)(0x0-)(0x0-)(0x0-)(0x0-)(0x0-)(0xc0ff000c-)(0x40-)(0x4000-)</System-Health-Result></Event>',
      1,
      () => undefined,
    );
    assert.match(withText!.healthResult!, /0xc0ff000c/);
    const file = await evidenceFileFromBytes(
      "IN2611.log",
      Buffer.from(
        '<Event><Timestamp data_type="4">11/17/2026 10:14:03.498</Timestamp><MS-Machine-Name data_type="1">PC777</MS-Machine-Name><System-Health-Result data_type="1">Windows Security Health Validator&#13;&#10;NonCompliant&#13;&#10;None&#13;&#10;(0x0-)&#13;&#10;(0x0-)&#13;&#10;(0x0-)&#13;&#10;(0x0-)&#13;&#10;(0x0-)&#13;&#10;(0x0-)&#13;&#10;(0xc0ff000c-)&#13;&#10;(0x40-)&#13;&#10;(0x4000-)</System-Health-Result></Event>\r\n' +
          '<Event><Timestamp data_type="4">11/17/2026 10:15:00.000</Timestamp><MS-Machine-Name data_type="1">PC778</MS-Machine-Name><System-Health-Result data_type="2">0100000AC0FF000F00000040</System-Health-Result><Odd-New-Name data_type="1">x</Odd-New-Name></Event>\r\n',
      ),
    );
    const output = await npsCollector("nps-accounting-log").collect(file, { limits: DEFAULT_LIMITS });
    const merged = (await import("../../../src/collectors/nps/merge.js")).mergeNpsFragments([output.facts!]);
    assert.deepEqual(
      merged.machines.map((m) => [m.machine, m.latest.checks, m.latest.format]),
      [["PC777", ["NPS.NO_WSUS_SERVER"], "dts"]],
    );
    assert.deepEqual(merged.accounting.heuristicCodes, [{ hex: "0xC0FF000F", count: 1 }]);
    assert.deepEqual(merged.accounting.unknownElements, ["Odd-New-Name"]);
    assert.deepEqual(scanHexForCodes("0C0FF000F0"), [], "codes must sit on byte boundaries");
  });
});

describe("IAS and ODBC", () => {
  it("IAS: fixed fields then attribute pairs (8111 state, 8153 extended, 8133 session, 4149 policy)", async () => {
    const nps = await facts(["nps-accounting-log", "IN2611-ias.log"]);
    assert.deepEqual(
      nps.accounting.machines.map((m) => [
        m.machine,
        m.quarantineState,
        m.state,
        m.extendedStateName,
        m.policy,
        m.time,
      ]),
      [
        ["PC501", 1, "restricted", "unknown", "NAP DHCP Noncompliant", "2026-11-17T12:00:01"],
        ["PC502", 0, "full-access", "no data", "NAP DHCP Compliant", "2026-11-17T12:00:09"],
      ],
    );
    assert.equal(nps.sessions[0]!.key, "a5b6c7d8-e9fa-4b01-ac34-455667788990");
    assert.equal(
      parseIasLine("10.0.0.1,alice,11/17/2026,12:00:01,IAS,NPS01,4136", 1),
      undefined,
      "odd pairs",
    );
  });

  it("IAS: a health result written as hex-encoded text (it holds line breaks) is decoded", async () => {
    const text =
      "Windows Security Health Validator\r\nNonCompliant\r\nNone\r\n(0x0-)\r\n(0x0-)\r\n(0x0-)\r\n(0x0-)\r\n(0x0-)\r\n(0x0-)\r\n(0xc0ff000e-)\r\n(0x40-)";
    const line = `10.20.0.5,host/PC510.contoso.local,11/17/2026,12:01:00,IAS,NPS01,4149,NAP DHCP Noncompliant,8111,1,8124,0x${Buffer.from(text, "latin1").toString("hex")}`;
    const file = await evidenceFileFromBytes("IN2611.log", Buffer.from(line + "\r\n"));
    const output = await npsCollector("nps-accounting-log").collect(file, { limits: DEFAULT_LIMITS });
    const merged = (await import("../../../src/collectors/nps/merge.js")).mergeNpsFragments([output.facts!]);
    assert.deepEqual(
      merged.machines.map((m) => [m.machine, m.os, m.latest.checks, m.latest.format, m.state]),
      [["PC510", "Windows Vista or later", ["NPS.WUA_SERVICE"], "ias", "restricted"]],
    );
  });

  it("ODBC: 60 quoted columns, identity from a machine account, no NAP state", async () => {
    const nps = await facts(["nps-accounting-log", "IN2611-odbc.log"]);
    assert.deepEqual(nps.accounting.byFormat, { ias: 0, odbc: 2, dts: 0 });
    assert.deepEqual(
      nps.accounting.machines.map((m) => [m.machine, m.quarantineState, m.policy, m.records]),
      [["PC601", undefined, "NAP DHCP Compliant", 2]],
    );
  });

  it("a file switched from IAS to DTS is read line by line; a damaged line is counted and sampled", async () => {
    const output = await collect("nps-accounting-log", "IN2611-mixed.log");
    assert.equal(output.records, 2);
    assert.equal(output.rejected, 1);
    assert.deepEqual(output.problems[0], {
      line: 2,
      message: "Line is neither an IAS, a database-compatible (ODBC) nor a DTS record.",
      sample: "this line is damaged ###",
      severity: "warning",
    });
    const nps = await facts(["nps-accounting-log", "IN2611-mixed.log"]);
    assert.deepEqual(nps.accounting.byFormat, { ias: 1, odbc: 0, dts: 1 });
  });
});
