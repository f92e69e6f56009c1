/**
 * Request/response pairing in the accounting logs and RADIUS reject reasons in the facts (issue 15
 * Build 5). Inputs are written as NPS writes them: DTS one <Event> per line with CRLF, IAS comma
 * lines, ODBC 60-column quoted rows (the layout of the real RRAS sample in
 * ../shared/real-evidence/nps/PROVENANCE.md: the reject leaves User-Name empty and repeats the
 * request's Class), events 6273 as Event Viewer and wevtutil write them.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evidenceFileFromBytes, makeProbe } from "../../../src/bundle/evidence-file.js";
import type { NpsFacts, NpsFragment } from "../../../src/collectors/nps/facts.js";
import { npsSource } from "../../../src/collectors/nps/index.js";
import { accountKeys, RequestPairing } from "../../../src/collectors/nps/pairing.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { COLLECTORS } from "../../../src/collectors/index.js";

async function read(name: string, bytes: Buffer): Promise<{ kind: string; facts: NpsFacts }> {
  const file = await evidenceFileFromBytes(name, bytes);
  const probe = await makeProbe(file);
  const collector = COLLECTORS.filter((c) => c.source === "nps")
    .map((c) => ({ c, score: c.detect(probe) }))
    .sort((a, b) => b.score - a.score)[0]!;
  assert.ok(collector.score > 0, `${name} is recognised as NPS evidence`);
  const output = await collector.c.collect(await evidenceFileFromBytes(name, bytes), {
    limits: DEFAULT_LIMITS,
  });
  assert.equal(output.status, "parsed", JSON.stringify(output.problems));
  const fragment = output.facts as NpsFragment;
  return { kind: collector.c.kind, facts: npsSource.merge([{ file: name, facts: fragment }], {}) };
}

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join("\r\n") + "\r\n", "utf8");

function dts(children: Record<string, [number, string]>, time: string): string {
  const body = Object.entries(children)
    .map(([name, [type, value]]) => `<${name} data_type="${type}">${value}</${name}>`)
    .join("");
  return `<Event><Timestamp data_type="4">${time}</Timestamp><Computer-Name data_type="1">NPS01</Computer-Name><Event-Source data_type="1">IAS</Event-Source>${body}</Event>`;
}

const CLASS_A = "311 1 10.20.0.9 11/30/2026 07:02:11 4711";
const CLASS_B = "311 1 10.20.0.9 11/30/2026 07:02:11 4712";

/** A wired 802.1X site: PEAP user logon from PC801, a computer-certificate logon of PC802, one request without Class. */
const DTS_LOG = crlf([
  dts(
    {
      "User-Name": [1, "CONTOSO\\alice"],
      "Calling-Station-Id": [1, "00-15-5D-0A-08-01"],
      "NAS-IP-Address": [3, "10.20.0.9"],
      "Client-IP-Address": [3, "10.20.0.9"],
      "Client-Friendly-Name": [1, "SW-FLOOR2"],
      "Proxy-Policy-Name": [1, "Secure Wired Connections"],
      "MS-Machine-Name": [1, "PC801.contoso.local"],
      "SAM-Account-Name": [1, "CONTOSO\\alice"],
      "Fully-Qualifed-User-Name": [1, "contoso.local/Users/alice"],
      Class: [1, CLASS_A],
      "Authentication-Type": [0, "11"],
      "Packet-Type": [0, "1"],
      "Reason-Code": [0, "0"],
    },
    "11/30/2026 08:14:02.101",
  ),
  // the reject as NPS logs it: no User-Name, no machine name, the request's Class
  dts(
    {
      Class: [1, CLASS_A],
      "Authentication-Type": [0, "11"],
      "Fully-Qualifed-User-Name": [1, "contoso.local/Users/alice"],
      "SAM-Account-Name": [1, "CONTOSO\\alice"],
      "Provider-Type": [0, "1"],
      "Proxy-Policy-Name": [1, "Secure Wired Connections"],
      "Client-IP-Address": [3, "10.20.0.9"],
      "Packet-Type": [0, "3"],
      "Reason-Code": [0, "16"],
    },
    "11/30/2026 08:14:02.117",
  ),
  dts(
    {
      "User-Name": [1, "host/PC802.contoso.local"],
      "Calling-Station-Id": [1, "00-15-5D-0A-08-02"],
      "SAM-Account-Name": [1, "CONTOSO\\PC802$"],
      Class: [1, CLASS_B],
      "Packet-Type": [0, "1"],
      "Reason-Code": [0, "0"],
    },
    "11/30/2026 08:20:40.000",
  ),
  dts(
    {
      Class: [1, CLASS_B],
      "SAM-Account-Name": [1, "CONTOSO\\PC802$"],
      "Fully-Qualifed-User-Name": [1, "contoso.local/Computers/PC802"],
      "NP-Policy-Name": [1, "Wired computers"],
      "Packet-Type": [0, "2"],
      "Reason-Code": [0, "0"],
    },
    "11/30/2026 08:20:40.020",
  ),
  // no Class at all (an older server): the reject right after its request
  dts(
    {
      "User-Name": [1, "host/PC803.contoso.local"],
      "MS-Machine-Name": [1, "PC803"],
      "Packet-Type": [0, "1"],
    },
    "11/30/2026 09:00:00.000",
  ),
  dts(
    {
      "SAM-Account-Name": [1, "CONTOSO\\PC803$"],
      "Packet-Type": [0, "3"],
      "Reason-Code": [0, "265"],
    },
    "11/30/2026 09:00:00.050",
  ),
  // PC801 later gets in
  dts(
    {
      "User-Name": [1, "CONTOSO\\alice"],
      "MS-Machine-Name": [1, "PC801.contoso.local"],
      Class: [1, "311 1 10.20.0.9 11/30/2026 07:02:11 4790"],
      "Packet-Type": [0, "1"],
    },
    "11/30/2026 10:30:00.000",
  ),
  dts(
    {
      Class: [1, "311 1 10.20.0.9 11/30/2026 07:02:11 4790"],
      "SAM-Account-Name": [1, "CONTOSO\\alice"],
      "Packet-Type": [0, "2"],
      "Reason-Code": [0, "0"],
    },
    "11/30/2026 10:30:00.030",
  ),
]);

describe("DTS accounting: a request and its response are one machine", () => {
  it("pairs by Class: the reject of alice's logon on PC801 is PC801's, with reason 16 in words", async () => {
    const { kind, facts } = await read("IN2611.log", DTS_LOG);
    assert.equal(kind, "nps-accounting-log");
    assert.deepEqual(
      facts.accounting.machines.map((m) => [m.machine, m.records]),
      [
        ["PC801", 4],
        ["PC802", 2],
        ["PC803", 2],
      ],
      "no second machine named after the reject's account",
    );
    const pc801 = facts.radius.machines.find((m) => m.machine === "PC801")!;
    assert.equal(pc801.rejects, 1);
    assert.equal(pc801.accepts, 1);
    assert.equal(pc801.latest.outcome, "accept", "the later accept is the latest decision");
    assert.equal(pc801.lastReject?.reasonCode, 16);
    assert.equal(pc801.lastReject?.pairedBy, "class");
    assert.match(pc801.lastReject?.reason ?? "", /credentials mismatch/);
    assert.equal(pc801.lastReject?.reasonArea, "credentials");
    assert.equal(pc801.lastReject?.time, "2026-11-30T08:14:02.117");
    assert.equal(pc801.lastReject?.line, 2);
    assert.equal(pc801.lastReject?.policy, undefined, "a reject names no network policy");
  });

  it("an accept keeps its own network policy; the request's policy fills a response without one", async () => {
    const { facts } = await read("IN2611.log", DTS_LOG);
    const pc802 = facts.radius.machines.find((m) => m.machine === "PC802")!;
    assert.deepEqual(
      [pc802.latest.outcome, pc802.latest.reasonCode, pc802.latest.policy],
      ["accept", 0, "Wired computers"],
    );
    assert.equal(pc802.rejects, 0);
  });

  it("without a Class, the reject right after its request (same account, same second) is paired as adjacent", async () => {
    const { facts } = await read("IN2611.log", DTS_LOG);
    const pc803 = facts.radius.machines.find((m) => m.machine === "PC803")!;
    assert.equal(pc803.latest.outcome, "reject");
    assert.equal(pc803.latest.pairedBy, "adjacent");
    assert.equal(pc803.latest.reasonCode, 265);
    assert.match(pc803.latest.reason ?? "", /root CA that NPS does not trust/);
    assert.deepEqual([facts.radius.accepts, facts.radius.rejects, facts.radius.unpaired], [2, 2, 0]);
    assert.deepEqual(
      facts.radius.reasons.map((r) => [r.code, r.count]),
      [
        [16, 1],
        [265, 1],
      ],
    );
  });
});

describe("ODBC (database-compatible) accounting, laid out as the real RRAS sample", () => {
  // 60 columns: 0 computer, 1 service, 2 date, 3 time, 4 Packet-Type, 5 User-Name, 6 FQ name, …, 25 Reason-Code, 26 Class
  function odbc(cols: Record<number, string>): string {
    const row = Array.from({ length: 60 }, (_, i) => cols[i] ?? "");
    return row.join(",");
  }
  const base = { 0: '"NPS01"', 1: '"IAS"', 2: "11/30/2026" };
  const LOG = crlf([
    odbc({
      ...base,
      3: "07:45:10",
      4: "1",
      5: '"CONTOSO\\PC701$"',
      6: '"CONTOSO\\PC701$"',
      12: '"10.20.0.9"',
      26: '"311 1 10.20.0.9 11/30/2026 07:02:11 900"',
      54: '"MSRASV5.00"',
      55: "311",
    }),
    // the retransmitted request (same Class), then one reject with an empty User-Name
    odbc({
      ...base,
      3: "07:45:10",
      4: "1",
      5: '"CONTOSO\\PC701$"',
      6: '"CONTOSO\\PC701$"',
      12: '"10.20.0.9"',
      26: '"311 1 10.20.0.9 11/30/2026 07:02:11 900"',
      54: '"MSRASV5.00"',
      55: "311",
    }),
    odbc({
      ...base,
      3: "07:45:10",
      4: "3",
      6: '"CONTOSO\\PC701$"',
      23: "4",
      25: "36",
      26: '"311 1 10.20.0.9 11/30/2026 07:02:11 900"',
      56: '"0x00453D36393120523D3020563D33"',
    }),
    odbc({
      ...base,
      3: "07:47:54",
      4: "1",
      5: '"CONTOSO\\megaman"',
      6: '"contoso.local/Users/megaman"',
      26: '"311 1 10.20.0.9 11/30/2026 07:02:11 901"',
    }),
    odbc({
      ...base,
      3: "07:47:54",
      4: "3",
      6: '"CONTOSO\\megaman"',
      25: "16",
      26: '"311 1 10.20.0.9 11/30/2026 07:02:11 901"',
    }),
  ]);

  it("the reject with no User-Name joins its request's machine, with reason 36 (locked out)", async () => {
    const { kind, facts } = await read("IN2611.log", LOG);
    assert.equal(kind, "nps-accounting-log");
    assert.deepEqual(
      facts.accounting.machines.map((m) => [m.machine, m.machineFrom, m.records]),
      [
        ["PC701", "machine", 3],
        ["user CONTOSO\\megaman", "user", 2],
      ],
    );
    const pc701 = facts.radius.machines.find((m) => m.machine === "PC701")!;
    assert.deepEqual(
      [
        pc701.latest.outcome,
        pc701.latest.reasonCode,
        pc701.latest.pairedBy,
        pc701.rejects,
        pc701.latest.line,
      ],
      ["reject", 36, "class", 1, 3],
    );
    assert.match(pc701.latest.reason ?? "", /locked out/);
    const user = facts.radius.machines.find((m) => m.machineFrom === "user")!;
    assert.deepEqual([user.machine, user.latest.reasonCode], ["user CONTOSO\\megaman", 16]);
  });
});

describe("IAS accounting", () => {
  const LOG = crlf([
    "10.20.0.9,host/PC711.contoso.local,11/30/2026,12:00:01,IAS,NPS01,4127,11,4129,CONTOSO\\PC711$,4154,Secure Wired Connections,25,311 1 10.20.0.9 11/30/2026 07:02:11 77,4136,1",
    "10.20.0.9,,11/30/2026,12:00:01,IAS,NPS01,4129,CONTOSO\\PC711$,4154,Secure Wired Connections,25,311 1 10.20.0.9 11/30/2026 07:02:11 77,4136,3,4142,65",
  ]);

  it("attribute 25 (Class) pairs the reject (4136 = 3) with its request; 4142 = 65 is the policy's Deny access", async () => {
    const { facts } = await read("IN2611.log", LOG);
    assert.deepEqual(
      facts.accounting.machines.map((m) => [m.machine, m.records]),
      [["PC711", 2]],
    );
    const pc711 = facts.radius.machines[0]!;
    assert.deepEqual(
      [pc711.machine, pc711.latest.outcome, pc711.latest.reasonCode, pc711.latest.reasonArea],
      ["PC711", "reject", 65, "policy"],
    );
  });
});

const EVENT_6273_XML = (time: string, user: string, code: string, reason: string) =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>6273</EventID><Version>0</Version><Level>0</Level><Task>12552</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='${time}'/><EventRecordID>1204471</EventRecordID><Correlation/><Execution ProcessID='704' ThreadID='3092'/><Channel>Security</Channel><Computer>NPS01.contoso.local</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>${user}</Data><Data Name='SubjectDomainName'>CONTOSO</Data><Data Name='FullyQualifiedSubjectUserName'>CONTOSO\\PC901$</Data><Data Name='SubjectMachineSID'>S-1-0-0</Data><Data Name='SubjectMachineName'>-</Data><Data Name='FullyQualifiedSubjectMachineName'>-</Data><Data Name='CalledStationID'>00-1B-2C-3D-4E-5F</Data><Data Name='CallingStationID'>00-15-5D-0A-09-01</Data><Data Name='NASIPv4Address'>10.20.0.9</Data><Data Name='NASIPv6Address'>-</Data><Data Name='NASIdentifier'>SW-FLOOR2</Data><Data Name='NASPortType'>Ethernet</Data><Data Name='NASPort'>50112</Data><Data Name='ClientName'>SW-FLOOR2</Data><Data Name='ClientIPAddress'>10.20.0.9</Data><Data Name='ProxyPolicyName'>Secure Wired Connections</Data><Data Name='NetworkPolicyName'>-</Data><Data Name='AuthenticationProvider'>Windows</Data><Data Name='AuthenticationServer'>NPS01.contoso.local</Data><Data Name='AuthenticationType'>EAP</Data><Data Name='EAPType'>Microsoft: Smart Card or other certificate</Data><Data Name='AccountSessionIdentifier'>-</Data><Data Name='ReasonCode'>${code}</Data><Data Name='Reason'>${reason}</Data><Data Name='LoggingResult'>Accounting information was written to the local log file.</Data></EventData></Event>`;

describe("event 6273 (Network Policy Server denied access): the Reason Code in the facts", () => {
  it("Event Viewer XML (UTF-8 with BOM, <Events> root): ReasonCode by name, the machine from host/…", async () => {
    const xml =
      '\ufeff<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events>' +
      EVENT_6273_XML(
        "2026-11-30T07:31:12.4410000Z",
        "host/PC901.contoso.local",
        "16",
        "Authentication failed due to a user credentials mismatch.",
      ) +
      EVENT_6273_XML(
        "2026-11-30T07:41:12.4410000Z",
        "host/PC901.contoso.local",
        "268",
        "The certificate provided by the connecting user or computer is expired.",
      ) +
      "</Events>";
    const { kind, facts } = await read("Security-NPS.xml", Buffer.from(xml, "utf8"));
    assert.equal(kind, "nps-events-xml");
    const pc901 = facts.radius.machines.find((m) => m.machine === "PC901")!;
    assert.deepEqual(
      [
        pc901.rejects,
        pc901.latest.outcome,
        pc901.latest.reasonCode,
        pc901.latest.pairedBy,
        pc901.latest.eventId,
      ],
      [2, "reject", 268, "event", 6273],
    );
    assert.equal(pc901.latest.time, "2026-11-30T07:41:12.441Z");
    assert.match(pc901.latest.reason ?? "", /expired/);
    assert.equal(facts.machines.length, 0, "a reject is not a NAP health result");
  });

  // Server 2012+ message: no OS-Version, "Logging Results" before Reason Code / Reason (German labels: read by position)
  const MESSAGE_DE = [
    "Der Netzwerkrichtlinienserver hat einem Benutzer den Zugriff verweigert.",
    "",
    "Benutzer:",
    "\tSicherheits-ID:\t\t\tNULL SID",
    "\tKontoname:\t\t\thost/PC902.contoso.local",
    "\tKontodomäne:\t\t\tCONTOSO",
    "\tVollqualifizierter Kontoname:\tCONTOSO\\PC902$",
    "",
    "Clientcomputer:",
    "\tSicherheits-ID:\t\t\tNULL SID",
    "\tKontoname:\t\t\t-",
    "\tVollqualifizierter Kontoname:\t-",
    "\tID der Zielstation:\t\t00-1B-2C-3D-4E-5F",
    "\tID der Anrufstation:\t\t00-15-5D-0A-09-02",
    "",
    "NAS:",
    "\tNAS-IPv4-Adresse:\t\t10.20.0.9",
    "\tNAS-IPv6-Adresse:\t\t-",
    "\tNAS-ID:\t\t\tSW-FLOOR2",
    "\tNAS-Porttyp:\t\t\tEthernet",
    "\tNAS-Port:\t\t\t50113",
    "",
    "RADIUS-Client:",
    "\tAnzeigename des Clients:\t\tSW-FLOOR2",
    "\tClient-IP-Adresse:\t\t\t10.20.0.9",
    "",
    "Authentifizierungsdetails:",
    "\tName der Verbindungsanforderungsrichtlinie:\tSecure Wired Connections",
    "\tNetzwerkrichtlinienname:\t\t-",
    "\tAuthentifizierungsanbieter:\t\tWindows",
    "\tAuthentifizierungsserver:\t\tNPS01.contoso.local",
    "\tAuthentifizierungstyp:\t\tEAP",
    "\tEAP-Typ:\t\t\t-",
    "\tKontositzungs-ID:\t\t-",
    "\tProtokollierungsergebnisse:\t\tDie Kontoinformationen wurden in die lokale Protokolldatei geschrieben.",
    "\tUrsachencode:\t\t\t48",
    "\tUrsache:\t\t\tDie Verbindungsanforderung entsprach keiner konfigurierten Netzwerkrichtlinie.",
  ].join("\r\n");

  it("Event Viewer CSV (German, UTF-8 with BOM): the code is the second-to-last field", async () => {
    const csv =
      "\ufeffSchlüsselwörter,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\r\n" +
      `Überwachung gescheitert,30.11.2026 08:51:02,Microsoft-Windows-Security-Auditing,6273,Network Policy Server,"${MESSAGE_DE}"\r\n`;
    const { kind, facts } = await read("Security-NPS.csv", Buffer.from(csv, "utf8"));
    assert.equal(kind, "nps-events-csv");
    const pc902 = facts.radius.machines.find((m) => m.machine === "PC902")!;
    assert.deepEqual(
      [pc902.latest.outcome, pc902.latest.reasonCode, pc902.latest.reasonArea],
      ["reject", 48, "policy"],
    );
    assert.match(
      pc902.latest.reason ?? "",
      /no network policy matched/,
      "the reason in the table's words, not the localised text",
    );
    // Server 2012+ has no OS-Version line: the fields after it are read where Server 2008 has them
    assert.equal(
      pc902.latest.policy,
      undefined,
      "Network Policy Name is '-', not the authentication provider",
    );
  });

  it("wevtutil /f:text (UTF-16LE with BOM, Server 2008 layout with OS-Version): reason code 8", async () => {
    const message = [
      "Network Policy Server denied access to a user.",
      "",
      "Contact the Network Policy Server administrator for more information.",
      "",
      "User:",
      "\tSecurity ID:\t\t\tNULL SID",
      "\tAccount Name:\t\t\thost/PC903.contoso.local",
      "\tAccount Domain:\t\t\tCONTOSO",
      "\tFully Qualified Account Name:\tCONTOSO\\PC903.contoso.local",
      "",
      "Client Machine:",
      "\tSecurity ID:\t\t\tNULL SID",
      "\tAccount Name:\t\t\t-",
      "\tFully Qualified Account Name:\t-",
      "\tOS-Version:\t\t\t-",
      "\tCalled Station Identifier:\t\t-",
      "\tCalling Station Identifier:\t\t00-15-5D-0A-09-03",
      "",
      "NAS:",
      "\tNAS IPv4 Address:\t\t10.20.0.9",
      "\tNAS IPv6 Address:\t\t-",
      "\tNAS Identifier:\t\t\tSW-FLOOR2",
      "\tNAS Port-Type:\t\t\tEthernet",
      "\tNAS Port:\t\t\t50114",
      "",
      "RADIUS Client:",
      "\tClient Friendly Name:\t\tSW-FLOOR2",
      "\tClient IP Address:\t\t\t10.20.0.9",
      "",
      "Authentication Details:",
      "\tProxy Policy Name:\t\tSecure Wired Connections",
      "\tNetwork Policy Name:\t\t-",
      "\tAuthentication Provider:\t\tWindows",
      "\tAuthentication Server:\t\tNPS01.contoso.local",
      "\tAuthentication Type:\t\tEAP",
      "\tEAP Type:\t\t\t-",
      "\tAccount Session Identifier:\t\t-",
      "\tReason Code:\t\t\t8",
      "\tReason:\t\t\t\tThe specified user account does not exist.",
    ];
    const text = [
      "Event[0]:",
      "  Log Name: Security",
      "  Source: Microsoft-Windows-Security-Auditing",
      "  Date: 2026-11-30T09:02:41.118",
      "  Event ID: 6273",
      "  Task: Network Policy Server",
      "  Level: Information",
      "  Opcode: Info",
      "  Keyword: Audit Failure",
      "  User: N/A",
      "  User Name: N/A",
      "  Computer: NPS01.contoso.local",
      "  Description: ",
      ...message,
      "",
    ].join("\r\n");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const { kind, facts } = await read("nps-events.txt", bytes);
    assert.equal(kind, "nps-events-text");
    const pc903 = facts.radius.machines.find((m) => m.machine === "PC903")!;
    assert.deepEqual([pc903.latest.outcome, pc903.latest.reasonCode], ["reject", 8]);
    assert.match(pc903.latest.reason ?? "", /does not exist/);
  });
});

describe("pairing rules", () => {
  it("account names as NPS writes them in a request and its response compare equal", () => {
    assert.deepEqual(accountKeys(["host/PC1.contoso.local"]), ["pc1.contoso.local", "pc1"]);
    assert.deepEqual(accountKeys(["CONTOSO\\PC1$"]), ["pc1"]);
    assert.deepEqual(accountKeys(["contoso.local/Computers/PC1"]), ["pc1"]);
    assert.deepEqual(accountKeys(["CORP\\andrew", "andrew@corp.example"]), ["andrew"]);
    assert.deepEqual(accountKeys(["john.smith"]), ["john.smith"], "a dotted user name is not cut");
    assert.deepEqual(accountKeys(["-", undefined, ""]), []);
  });

  it("a response naming another account, or a minute later, is not paired with the last request", () => {
    const pairing = new RequestPairing();
    const identity = { machine: "PC1", machineFrom: "machine" as const };
    pairing.request({ identity, accounts: ["host/PC1.contoso.local"], time: "2026-11-30T08:00:00.000" });
    assert.equal(
      pairing.response(undefined, ["CONTOSO\\PC2$"], "2026-11-30T08:00:00.010").pairedBy,
      "unpaired",
    );
    assert.equal(
      pairing.response(undefined, ["CONTOSO\\PC1$"], "2026-11-30T08:01:30.000").pairedBy,
      "unpaired",
    );
    assert.equal(
      pairing.response(undefined, ["CONTOSO\\PC1$"], "2026-11-30T08:00:01.000").pairedBy,
      "adjacent",
    );
    assert.equal(
      pairing.response(undefined, ["CONTOSO\\PC1$"], "2026-11-30T08:00:01.000").pairedBy,
      "unpaired",
      "answered once",
    );
  });

  it("a response whose Class belongs to no pending request is not paired with another request's", () => {
    const pairing = new RequestPairing();
    pairing.request({
      identity: { machine: "PC1", machineFrom: "machine" },
      accounts: ["host/PC1.contoso.local"],
      classKey: "311 1 a 1",
    });
    assert.equal(pairing.response("311 1 a 2", [], undefined).pairedBy, "unpaired");
    assert.equal(pairing.response("311 1 a 1", [], undefined).pairedBy, "class");
  });
});
