/**
 * A bundle of only IIS logs and the WSUS server's Setup key export (no applicationHost.config),
 * audited through the CLI as a consultant runs it: the export's IISTargetWebsiteIndex names the WSUS
 * site, so the Default Web Site's W3SVC1 folder — which here also holds WSUS requests, as after a
 * move of the WSUS site — is read but not counted, and the inventory and result say why (ADR 0019).
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { ROOT, runCli } from "../helpers/cli.js";

const SITE = "W3SVC1572271583";
const FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const WUA = "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function log(lines: string[]): string {
  return [
    "#Software: Microsoft Internet Information Services 10.0",
    "#Version: 1.0",
    "#Date: 2026-11-18 00:00:00",
    `#Fields: ${FIELDS}`,
    ...lines,
    "",
  ].join("\r\n");
}

/** Three hours of scans by four clients, every one answered with `status`. */
const wsus = (status: number) =>
  ["01", "09", "17"].flatMap((hour) =>
    ["10", "20", "30", "40", "50"].flatMap((minute) =>
      [21, 22, 23, 24].map(
        (client) =>
          `2026-11-18 ${hour}:${minute}:00 10.1.0.5 POST /ClientWebService/client.asmx - 8530 - 10.1.2.${client} ${WUA} - ${status} 0 0 46`,
      ),
    ),
  );

async function audit(bundle: string): Promise<AuditResult> {
  const out = mkdtempSync(join(tmpdir(), "wsus-setup-out-"));
  dirs.push(out);
  const run = await runCli(["audit", bundle, "--out", out, "--format", "json", "--quiet"]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
}

const serverErrors = (result: AuditResult) =>
  result.findings.some((f) => f.checks.includes("IIS.SERVER_ERRORS"));

describe("the WSUS Setup registry export names the WSUS site (CLI)", () => {
  it("W3SVC1 beside the export's W3SVC<id> is another site's: read, not counted, its 500s not WSUS's", async () => {
    const bundle = mkdtempSync(join(tmpdir(), "wsus-setup-bundle-"));
    dirs.push(bundle);
    mkdirSync(join(bundle, "iis/W3SVC1"), { recursive: true });
    mkdirSync(join(bundle, `iis/${SITE}`), { recursive: true });
    mkdirSync(join(bundle, "wsus"));
    writeFileSync(join(bundle, "iis/W3SVC1/u_ex261118.log"), log(wsus(500)));
    writeFileSync(join(bundle, `iis/${SITE}/u_ex261118.log`), log(wsus(200)));
    // without the export both folders serve WSUS and neither can be told apart: W3SVC1's 500s count
    assert.ok(serverErrors(await audit(bundle)), "control: W3SVC1's 500s fire IIS.SERVER_ERRORS");

    copyFileSync(
      join(ROOT, "test/fixtures/wsus-setup/wsus01-setup.reg"),
      join(bundle, "wsus/wsus-setup.reg"),
    );
    const result = await audit(bundle);
    const entry = (path: string) => result.inventory.find((e) => e.path === path);
    assert.equal(entry("wsus/wsus-setup.reg")?.status, "parsed");
    assert.equal(entry(`iis/${SITE}/u_ex261118.log`)?.status, "parsed");
    const other = entry("iis/W3SVC1/u_ex261118.log");
    assert.equal(other?.status, "skipped");
    assert.equal(
      other?.reason,
      `read, but another site's log (folder W3SVC1; the WSUS site is ${SITE} in the WSUS Setup registry export (IISTargetWebsiteIndex)): not counted`,
    );
    const text = JSON.stringify(result);
    assert.ok(
      text.includes("1 of 2 IIS log files counted; not counted: 1 another site's"),
      "the IIS checks say what counted",
    );
    assert.ok(!serverErrors(result), "W3SVC1's 500s are not WSUS's");
  });
});
