/**
 * RADIUS rejects in the checks (issue 15 Build 5): the per-computer view shows a computer's NPS
 * reject with its reason, the NPS rules' evidence rows carry it, a reject is never a health failure,
 * and NPS evidence without a health result makes the health checks not evaluated. Bundles are
 * folders of files in the formats Windows writes (DTS one <Event> per line with CRLF, the seed's
 * quarantine entry, a Get-WsusComputer export), read by the real collectors.
 */
import { strict as assert } from "node:assert";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { listBundleFolder } from "../../../src/bundle/discover.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";
import { computersView, NO_CAUSE } from "../../../src/checks/clients/verdicts.js";
import { npsMachinesWithCodes } from "../../../src/checks/nps/facts.js";
import { npsHealthScope, npsRejects } from "../../../src/checks/nps/radius-facts.js";
import type { Facts } from "../../../src/collectors/facts.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");

async function bundle(files: Record<string, string | { copy: string }>): Promise<Facts> {
  const dir = await mkdtemp(join(tmpdir(), "t15n-radius-"));
  const all: Record<string, string | { copy: string }> = {
    "bundle.json": JSON.stringify({
      collected: "2026-12-01T09:00:00Z",
      wsus: { server: "wsus01.contoso.local", port: 8530 },
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

function event(time: string, children: string): string {
  return `<Event><Timestamp data_type="4">${time}</Timestamp><Computer-Name data_type="1">NPS01</Computer-Name><Event-Source data_type="1">IAS</Event-Source>${children}<Client-IP-Address data_type="3">10.20.0.9</Client-IP-Address></Event>`;
}
const request = (time: string, user: string, sam: string, cls: string): string =>
  event(
    time,
    `<User-Name data_type="1">${user}</User-Name><SAM-Account-Name data_type="1">${sam}</SAM-Account-Name><Class data_type="1">${cls}</Class><Packet-Type data_type="0">1</Packet-Type><Reason-Code data_type="0">0</Reason-Code>`,
  );
const response = (time: string, sam: string, cls: string, type: number, code: number): string =>
  event(
    time,
    `<Class data_type="1">${cls}</Class><SAM-Account-Name data_type="1">${sam}</SAM-Account-Name><Packet-Type data_type="0">${type}</Packet-Type><Reason-Code data_type="0">${code}</Reason-Code>`,
  );

const C = (n: number): string => `311 1 10.20.0.9 11/20/2026 06:00:00 ${n}`;

/** PC903 rejected (16); PC904 rejected (265), then accepted; testclient rejected (65). */
const DTS =
  [
    request("11/30/2026 08:14:02.101", "host/PC903.contoso.local", "CONTOSO\\PC903$", C(1)),
    response("11/30/2026 08:14:02.117", "CONTOSO\\PC903$", C(1), 3, 16),
    request("11/30/2026 08:20:00.000", "host/PC904.contoso.local", "CONTOSO\\PC904$", C(2)),
    response("11/30/2026 08:20:00.020", "CONTOSO\\PC904$", C(2), 3, 265),
    request("11/30/2026 09:20:00.000", "host/PC904.contoso.local", "CONTOSO\\PC904$", C(3)),
    response("11/30/2026 09:20:00.020", "CONTOSO\\PC904$", C(3), 2, 0),
    request("11/30/2026 09:30:00.000", "host/testclient.contoso.local", "CONTOSO\\testclient$", C(4)),
    response("11/30/2026 09:30:00.020", "CONTOSO\\testclient$", C(4), 3, 65),
  ].join("\r\n") + "\r\n";

function inventory(names: string[]): string {
  return (
    [
      "#TYPE Selected.Microsoft.UpdateServices.Internal.BaseApi.ComputerTarget",
      '"Id","FullDomainName","IPAddress","LastSyncTime","LastSyncResult","LastReportedStatusTime"',
      ...names.map(
        (name, n) =>
          `"${(n + 1).toString(16).padStart(8, "0")}-3c5b-47c7-8b95-9eb045fdb183","${name}","10.20.0.${n + 30}","10/1/2026 6:00:00 AM","Succeeded","10/1/2026 6:00:04 AM"`,
      ),
    ].join("\r\n") + "\r\n"
  );
}

describe("RADIUS rejects per computer", () => {
  it("a stale computer whose latest request NPS rejected: the reject and its reason are the cause, with file:line", async () => {
    const facts = await bundle({
      "wsus/computers.csv": inventory(["pc903.contoso.local", "pc904.contoso.local"]),
      "nps/IN2611.log": DTS,
    });
    const view = computersView(facts, {});
    const pc903 = view.computers.find((c) => c.name === "pc903.contoso.local")!;
    assert.equal(pc903.verdict, "stale");
    assert.equal(pc903.causeSource, "nps");
    assert.match(
      pc903.cause,
      /^NPS RADIUS decisions for PC903: Access-Reject at 2026-11-30T08:14:02\.117, reason 16 \(authentication failed: credentials mismatch/,
    );
    assert.equal(pc903.evidence, "nps/IN2611.log:2");
    assert.match(pc903.causeGroup, /^NPS rejects its network access: reason 16 /);
    // accepted again after its reject: not a cause, but the row says what NPS saw
    const pc904 = view.computers.find((c) => c.name === "pc904.contoso.local")!;
    assert.equal(pc904.cause, NO_CAUSE);
    assert.match(
      pc904.also,
      /Access-Accept at 2026-11-30T09:20:00\.020 .*earlier Access-Reject .*reason 265/,
    );
  });
});

describe("RADIUS rejects in the NPS facts the rules read", () => {
  it("the health rules' evidence row of a machine carries its reject and reason", async () => {
    const facts = await bundle({
      "nps/quarantine.txt": { copy: join(FIXTURES, "nps", "seed-example-1.txt") },
      "nps/IN2611.log": DTS,
    });
    const [row] = npsMachinesWithCodes(facts, { codes: ["0xC0FF000C"] });
    assert.equal(row?.machine, "testclient");
    assert.match(
      row?.radius ?? "",
      /^Access-Reject at 2026-11-30T09:30:00\.020, reason 65 \(network access permission is denied .*\) \[nps\/IN2611\.log:8\]; 1 reject\(s\), 0 accept\(s\)$/,
    );
  });

  it("npsRejects lists the machines whose latest decision is a reject, never as a health failure", async () => {
    const facts = await bundle({ "nps/IN2611.log": DTS });
    assert.deepEqual(
      npsRejects(facts).map((r) => [r.machine, r.reasonCode, r.area, r.healthFailure, r.pairedBy, r.line]),
      [
        ["PC903", 16, "credentials", false, "class", 2],
        ["testclient", 65, "policy", false, "class", 8],
      ],
    );
  });

  it("accounting without a health result cannot show a NAP health problem: the scope says why", async () => {
    const rejectsOnly = npsHealthScope(await bundle({ "nps/IN2611.log": DTS }));
    assert.equal(rejectsOnly.observable, false);
    assert.equal(
      rejectsOnly.reason,
      "the NPS evidence holds no Windows System Health Validator result (only 3 RADIUS reject(s) and 1 accept(s) and 8 accounting record(s)): it shows who NPS let in and why not, not the clients' health — collect the NPS events 6276-6278 or the NAP quarantine entries",
    );
    const withResult = npsHealthScope(
      await bundle({ "nps/quarantine.txt": { copy: join(FIXTURES, "nps", "seed-example-1.txt") } }),
    );
    assert.deepEqual([withResult.observable, withResult.results], [true, 1]);
  });
});
