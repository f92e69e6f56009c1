/**
 * XML from a customer's server is untrusted. Every collector that reads XML (gpresult /x, Get-GPOReport,
 * applicationHost.config, event XML, NPS DTS accounting) must resolve no external entity (a file on
 * the auditor's machine never leaks into a report) and survive an entity-expansion bomb (billion
 * laughs): it finishes quickly, memory stays bounded, and the file is in the inventory with a status.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { collectOne, utf16le } from "./helpers.js";

/** Ten levels of ten: 10^9 "lol"s (3 GB) if a parser expanded it naively. */
function billionLaughs(): string {
  let entities = '<!ENTITY lol0 "lollollollollollollollollollol">';
  for (let level = 1; level <= 9; level++)
    entities += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
  return `<!DOCTYPE r [${entities}]>`;
}

/** A SYSTEM entity pointing at a secret file on this machine, and one at a URL. */
function externalEntities(secretPath: string): string {
  return `<!DOCTYPE r [<!ENTITY lol9 SYSTEM "file://${secretPath}"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>`;
}

const dtsLine = readFileSync(new URL("../fixtures/nps/IN2611-dts.log", import.meta.url), "utf8").split(
  /\r?\n/,
)[0]!;

/** Real-format documents whose content reaches the facts, with `&lol9;` where a name should be. */
const XML_KINDS: { kind: string; name: string; build: (doctype: string) => Buffer }[] = [
  {
    kind: "gpresult-xml",
    name: "gpo/PC0042-rsop.xml",
    build: (doctype) =>
      utf16le(
        `<?xml version="1.0" encoding="utf-16"?>\r\n${doctype}\r\n<Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop"><ReadTime>2026-11-17T08:41:12Z</ReadTime><DataType>LoggedData</DataType><ComputerResults><Version>1</Version><Name>CORP\\&lol9;</Name><Domain>corp.local</Domain><SOM>corp.local/Clients</SOM><GPO><Name>&lol9;</Name><Path><Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">{31B2F340-016D-11D2-945F-00C04FB984F9}</Identifier></Path><Enabled>true</Enabled><IsValid>true</IsValid><FilterAllowed>true</FilterAllowed><AccessDenied>false</AccessDenied></GPO></ComputerResults></Rsop>\r\n`,
      ),
  },
  {
    kind: "gpo-report-xml",
    name: "gpo/gpos-all.xml",
    build: (doctype) =>
      utf16le(
        `<?xml version="1.0" encoding="utf-16"?>\r\n${doctype}\r\n<report xmlns="http://www.microsoft.com/GroupPolicy/Report"><GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings"><Identifier><Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}</Identifier></Identifier><Name>&lol9;</Name></GPO></report>\r\n`,
      ),
  },
  {
    kind: "iis-applicationhost-config",
    name: "iis/applicationHost.config",
    build: (doctype) =>
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>\r\n${doctype}\r\n<configuration><system.applicationHost><applicationPools><add name="&lol9;"/></applicationPools><sites><site name="WSUS Administration" id="1"><application path="/ClientWebService" applicationPool="&lol9;"><virtualDirectory path="/" physicalPath="&lol9;"/></application><bindings><binding protocol="http" bindingInformation="*:8530:"/></bindings></site></sites></system.applicationHost></configuration>\r\n`,
      ),
  },
  {
    kind: "eventlog-xml",
    name: "eventlog/Application.xml",
    build: (doctype) =>
      Buffer.from(
        `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n${doctype}\r\n<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Windows Server Update Services'/><EventID Qualifiers='49152'>12002</EventID><Level>2</Level><TimeCreated SystemTime='2026-11-17T10:15:04.2000000Z'/><EventRecordID>1</EventRecordID><Channel>Application</Channel><Computer>&lol9;</Computer></System><EventData></EventData><RenderingInfo Culture='en-US'><Message>The Reporting Web Service is not working. &lol9;</Message><Level>Error</Level></RenderingInfo></Event></Events>\r\n`,
      ),
  },
  {
    kind: "nps-accounting-log",
    name: "nps/IN2611.log",
    // DTS writes one <Event> per line: the hostile line carries its own DOCTYPE.
    build: (doctype) =>
      Buffer.from(
        `${dtsLine}\r\n${doctype}${dtsLine.replace(/(<Computer-Name data_type="1">)[^<]*/, "$1&lol9;")}\r\n`,
      ),
  },
];

describe("XML collectors resolve no external entity and survive entity bombs", () => {
  for (const { kind, name, build } of XML_KINDS) {
    it(`${kind}: billion laughs finishes fast with bounded memory, and the file is reported`, async () => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const { entry, collected } = await collectOne(name, build(billionLaughs()));
      const elapsed = Date.now() - started;
      const growth = process.memoryUsage().rss - before;
      assert.equal(entry.kind, kind, "the hostile file is still recognised as its kind");
      assert.ok(elapsed < 5_000, `finished in ${elapsed} ms`);
      assert.ok(growth < 256 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1e6)} MB`);
      assert.ok(["parsed", "failed", "skipped"].includes(entry.status));
      if (entry.status !== "parsed") assert.ok(entry.reason, "a file not parsed says why");
      assert.doesNotMatch(entry.reason ?? "", /internal error/);
      // Nothing expanded to a huge value: the facts stay small.
      const size = JSON.stringify(collected.facts).length;
      assert.ok(size < 1_000_000, `facts are ${size} characters`);
      assert.doesNotMatch(JSON.stringify(collected.facts), /(lol){1000}/);
    });

    it(`${kind}: an external entity is never resolved`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "wsus-xxe-"));
      const secretPath = join(dir, "secret.txt");
      const secret = `XXE-SECRET-${process.pid}-${Date.now()}`;
      writeFileSync(secretPath, secret);
      const { entry, collected } = await collectOne(name, build(externalEntities(secretPath)));
      assert.equal(entry.kind, kind);
      const everything = JSON.stringify({
        entry,
        facts: collected.facts,
        diagnostics: collected.diagnostics,
      });
      assert.ok(!everything.includes(secret), "the secret file's content is nowhere in the output");
      if (entry.status !== "parsed") assert.ok(entry.reason, "a refused file says why");
      assert.doesNotMatch(entry.reason ?? "", /internal error/);
    });
  }
});
