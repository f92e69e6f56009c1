/**
 * The WSUS server's Setup key as `reg export` writes it (UTF-16LE with a BOM, CRLF; the key and its
 * Installed Role Services subkey), read the way the pipeline does: classified by content, then collected.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { classify } from "../../../src/collectors/classify.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import type { WsusSetupFacts } from "../../../src/collectors/wsus-setup/facts.js";
import { parseWsusSetup } from "../../../src/collectors/wsus-setup/collector.js";

const FIXTURE = "test/fixtures/wsus-setup/wsus01-setup.reg";

describe("WSUS Setup registry export", () => {
  it("a real-format UTF-16LE export: site index, port, SSL, content dir and SQL server, each with its line", async () => {
    const file = await openEvidenceFile(FIXTURE, "wsus/wsus-setup.reg");
    const { collector } = classify(await makeProbe(file));
    assert.equal(collector?.kind, "wsus-setup-registry", "not taken for a Group Policy .reg");
    const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    assert.deepEqual(output.problems, []);
    const facts = output.facts as WsusSetupFacts;
    assert.deepEqual(facts, {
      file: "wsus/wsus-setup.reg",
      sqlServerName: { value: "MICROSOFT##WID", line: 6 },
      contentDir: { value: "D:\\WSUS", line: 11 },
      siteId: { value: 1572271583, line: 12 },
      port: { value: 8530, line: 14 },
      ssl: { value: false, line: 15 },
    });
  });

  it("values of a subkey (Installed Role Services) are not the Setup key's", () => {
    const text = [
      "Windows Registry Editor Version 5.00",
      "",
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup]",
      '"UsingSSL"=dword:00000001',
      '"PortNumber"=dword:00000050',
      "",
      "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup\\Installed Role Services]",
      '"IISTargetWebsiteIndex"=dword:00000001',
      "",
    ].join("\r\n");
    const output = parseWsusSetup(text, "setup.reg");
    assert.equal(output.status, "parsed");
    assert.deepEqual(output.facts, {
      file: "setup.reg",
      ssl: { value: true, line: 4 },
      port: { value: 80, line: 5 },
    });
    assert.match(output.problems[0]!.message, /no IISTargetWebsiteIndex value/);
  });

  it("a .reg without the Setup key is skipped with how to export it; a file without the header fails", () => {
    const other = parseWsusSetup(
      "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Update Services\\Server]\r\n",
      "x.reg",
    );
    assert.equal(other.status, "skipped");
    assert.match(other.reason!, /reg export "HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup"/);
    assert.equal(parseWsusSetup("IISTargetWebsiteIndex=1", "x.reg").status, "failed");
  });
});
