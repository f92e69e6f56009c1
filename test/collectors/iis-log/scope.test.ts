/**
 * Which IIS logs count (issue 15 Build 2, ADR 0019): bundles as consultants get them — the whole
 * LogFiles folder (W3SVC1 beside the WSUS site's W3SVC<id>), a server's central W3C log mixing its
 * sites, a log copied from another server, logs of last year beside this week's. Written as IIS
 * writes them (UTF-8, CRLF, #Fields block) and read by the real pipeline.
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { listBundleFolder } from "../../../src/bundle/discover.js";
import { iisLogScope } from "../../../src/checks/iis/log-scope.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";
import { ROOT } from "../../helpers/cli.js";

const SITE_ID = 1572271583;
const IIS10 =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const CENTRAL =
  "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";
const WUA = "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50";
const BROWSER = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function w3c(date: string, fields: string, lines: string[]): string {
  return [
    "#Software: Microsoft Internet Information Services 10.0",
    "#Version: 1.0",
    `#Date: ${date} 00:00:00`,
    `#Fields: ${fields}`,
    ...lines,
    "",
  ].join("\r\n");
}

/** A day of WSUS traffic on the WSUS site's port: scans and reports of three clients. */
function wsusDay(date: string, server = "10.1.0.5"): string[] {
  return ["01", "09", "17"].flatMap((hour, i) => [
    `${date} ${hour}:00:0${i} ${server} POST /ClientWebService/client.asmx - 8530 - 10.1.2.${21 + i} ${WUA} - 200 0 0 46`,
    `${date} ${hour}:00:1${i} ${server} POST /ReportingWebService/ReportingWebService.asmx - 8530 - 10.1.2.${21 + i} ${WUA} - 200 0 0 15`,
  ]);
}

/** A day of the Default Web Site: Outlook on the web, with 500s and 503s. */
function owaDay(date: string): string[] {
  return Array.from(
    { length: 12 },
    (_, i) =>
      `${date} 10:${String(i).padStart(2, "0")}:00 10.1.0.5 POST /owa/service.svc - 443 - 10.1.3.${i} ${BROWSER} - ${i % 2 ? 500 : 503} 0 0 31`,
  );
}

function bundle(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "iis-scope-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function withConfig(dir: string): string {
  copyFileSync(join(ROOT, "samples/healthy/iis/applicationHost.config"), join(dir, "applicationHost.config"));
  return dir;
}

/** The WSUS server's Setup key as reg.exe exports it (UTF-16LE with a BOM, CRLF), naming W3SVC<SITE_ID>. */
const SETUP_REG = readFileSync(join(ROOT, "test/fixtures/wsus-setup/wsus01-setup.reg"));

function withSetup(dir: string): string {
  writeFileSync(join(dir, "wsus-setup.reg"), SETUP_REG);
  return dir;
}

const manifest = (server: string): string =>
  JSON.stringify({ customer: "Contoso", wsus: { server, port: 8530 } });

async function read(dir: string) {
  const { facts, inventory } = await collectFacts(await listBundleFolder(dir));
  const entry = (path: string) => inventory.find((e) => e.path === path)!;
  return { facts, log: facts.iisLog!, entry };
}

describe("IIS logs held to the WSUS site", () => {
  it("the Default Web Site's folder beside the WSUS site's is read but not counted (site from applicationHost.config)", async () => {
    const dir = withConfig(
      bundle({
        "bundle.json": manifest("wsus01.contoso.local"),
        "LogFiles/W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
        [`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`]: w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      }),
    );
    const { facts, log, entry } = await read(dir);
    assert.equal(log.requests, 6, "only the WSUS site's six requests");
    assert.equal(
      log.hourly.reduce((n, h) => n + h.s500 + h.s503, 0),
      0,
      "the OWA errors are not WSUS's",
    );
    assert.deepEqual(
      log.files.map((f) => f.file),
      [`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`],
    );
    assert.deepEqual(log.scope?.wsusSite, {
      name: `W3SVC${SITE_ID} (WSUS Administration)`,
      from: "applicationHost.config",
    });
    const other = entry("LogFiles/W3SVC1/u_ex261118.log");
    assert.equal(other.status, "skipped");
    assert.equal(
      other.reason,
      `read, but another site's log (folder W3SVC1; the WSUS site is W3SVC${SITE_ID} (WSUS Administration) in applicationHost.config): not counted`,
    );
    assert.equal(entry(`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`).status, "parsed");
    assert.match(log.scope!.summary, /^1 of 2 IIS log files counted; not counted: 1 another site's$/);
    // the IIS checks' evidence says what was counted
    assert.equal(
      iisLogScope(facts).reason,
      "6 of 6 requests read are to WSUS virtual directories (1 of 2 IIS log files counted; not counted: 1 another site's)",
    );
  });

  it("a log in no W3SVC folder and without s-sitename, requested only on ports the WSUS site does not bind, is another site's", async () => {
    const dir = withConfig(
      bundle({
        "logs/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
        "logs/wsus/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      }),
    );
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 6);
    assert.equal(
      entry("logs/u_ex261118.log").reason,
      `read, but another site's log (s-port 443; the WSUS site W3SVC${SITE_ID} (WSUS Administration) listens on 8530 in applicationHost.config): not counted`,
    );
  });

  it("without applicationHost.config, the folder whose requests are to the WSUS virtual directories is the WSUS site", async () => {
    const dir = bundle({
      "LogFiles/W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
      "LogFiles/W3SVC3/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
    });
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 6);
    assert.match(
      entry("LogFiles/W3SVC1/u_ex261118.log").reason!,
      /another site's log \(folder W3SVC1; the WSUS site is W3SVC3\): not counted/,
    );
  });

  it("without applicationHost.config, two folders that both serve WSUS are both counted (not guessed apart)", async () => {
    const dir = bundle({
      "LogFiles/W3SVC1/u_ex261117.log": w3c("2026-11-17", IIS10, wsusDay("2026-11-17")),
      "LogFiles/W3SVC3/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
    });
    const { log } = await read(dir);
    assert.equal(log.requests, 12);
    assert.deepEqual(log.scope?.notCounted, []);
  });

  it("a central W3C log mixing sites (s-sitename) counts only the WSUS site's lines, and says how many it left out", async () => {
    const day = "2026-11-18";
    const lines = [
      ...wsusDay(day).map((l) => l.replace(/^(\S+ \S+) /, `$1 W3SVC${SITE_ID} WSUS01 `)),
      ...owaDay(day).map((l) => l.replace(/^(\S+ \S+) /, "$1 W3SVC1 WSUS01 ")),
    ].map((l) => l.replace(/ - (\d{3} \d+ \d+ \d+)$/, " $1"));
    const dir = withConfig(
      bundle({
        "bundle.json": manifest("wsus01.contoso.local"),
        "LogFiles/W3SVC/u_ex261118.log": w3c(day, CENTRAL, lines),
      }),
    );
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 6);
    assert.equal(
      log.hourly.reduce((n, h) => n + h.s500 + h.s503, 0),
      0,
    );
    assert.equal(log.scope?.otherSiteLines, 12);
    const inventory = entry("LogFiles/W3SVC/u_ex261118.log");
    assert.equal(inventory.status, "parsed");
    assert.ok(
      inventory.problems.some(
        (p) =>
          p.severity === "info" &&
          p.message ===
            `this log holds the lines of 2 sites (s-sitename W3SVC${SITE_ID}, W3SVC1): only those of W3SVC${SITE_ID}, the site requested at the WSUS virtual directories, are counted; the lines of the other sites are not (12 of W3SVC1)`,
      ),
      JSON.stringify(inventory.problems),
    );
  });
});

describe("IIS logs held to the WSUS site of the Setup registry export (IISTargetWebsiteIndex)", () => {
  it("without applicationHost.config, the export names the WSUS site: another W3SVC folder is another site's even when it requests WSUS", async () => {
    // W3SVC1 also served WSUS (the site before a move): requests alone would count both folders
    const dir = withSetup(
      bundle({
        "LogFiles/W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, [
          ...owaDay("2026-11-18"),
          ...wsusDay("2026-11-18"),
        ]),
        [`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`]: w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      }),
    );
    const { facts, log, entry } = await read(dir);
    assert.equal(entry("wsus-setup.reg").status, "parsed");
    assert.equal(facts.wsusSetup?.siteId?.value, SITE_ID);
    assert.equal(log.requests, 6, "only W3SVC" + SITE_ID + "'s requests");
    assert.deepEqual(log.scope?.wsusSite, {
      name: `W3SVC${SITE_ID}`,
      from: "the WSUS Setup registry export (IISTargetWebsiteIndex, wsus-setup.reg:12)",
    });
    assert.equal(
      entry("LogFiles/W3SVC1/u_ex261118.log").reason,
      `read, but another site's log (folder W3SVC1; the WSUS site is W3SVC${SITE_ID} in the WSUS Setup registry export (IISTargetWebsiteIndex)): not counted`,
    );
    assert.equal(log.scope?.disagreement, undefined);
  });

  it("without applicationHost.config, a log naming no site is another site's when its ports are not the export's PortNumber", async () => {
    const dir = withSetup(
      bundle({
        "logs/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
        "logs/wsus/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      }),
    );
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 6);
    assert.equal(
      entry("logs/u_ex261118.log").reason,
      `read, but another site's log (s-port 443; the WSUS site W3SVC${SITE_ID} listens on 8530 in the WSUS Setup registry export (IISTargetWebsiteIndex)): not counted`,
    );
  });

  it("applicationHost.config and the export agree: the config names the site, nothing is said of a disagreement", async () => {
    const dir = withSetup(
      withConfig(
        bundle({
          "LogFiles/W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
          [`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`]: w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
        }),
      ),
    );
    const { log } = await read(dir);
    assert.equal(log.requests, 6);
    assert.equal(log.scope?.wsusSite?.from, "applicationHost.config");
    assert.equal(log.scope?.disagreement, undefined);
  });

  it("applicationHost.config and the export disagree: the config is followed and the scope reason says so", async () => {
    const dir = withConfig(
      bundle({
        // the export of a server whose WSUS site was W3SVC1 at install time
        "wsus-setup.reg": Buffer.from(
          "\uFEFF" +
            SETUP_REG.toString("utf16le")
              .replace(/^\uFEFF/, "")
              .replace(/"IISTargetWebsiteIndex"=dword:[0-9a-f]{8}/, '"IISTargetWebsiteIndex"=dword:00000001'),
          "utf16le",
        ),
        "LogFiles/W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, owaDay("2026-11-18")),
        [`LogFiles/W3SVC${SITE_ID}/u_ex261118.log`]: w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      }),
    );
    const { facts, log, entry } = await read(dir);
    assert.equal(log.requests, 6, "applicationHost.config's site is counted");
    const disagreement = `applicationHost.config and the WSUS Setup registry export disagree on the WSUS site: W3SVC${SITE_ID} (WSUS Administration) in applicationHost.config, W3SVC1 in IISTargetWebsiteIndex (wsus-setup.reg:12); applicationHost.config, IIS's live configuration, is followed`;
    assert.equal(log.scope?.disagreement, disagreement);
    assert.equal(
      entry("LogFiles/W3SVC1/u_ex261118.log").reason,
      `read, but another site's log (folder W3SVC1; the WSUS site is W3SVC${SITE_ID} (WSUS Administration) in applicationHost.config, though ${disagreement}): not counted`,
    );
    assert.equal(
      iisLogScope(facts).reason,
      `6 of 6 requests read are to WSUS virtual directories (1 of 2 IIS log files counted; not counted: 1 another site's; ${disagreement})`,
    );
  });
});

describe("IIS logs held to the WSUS server", () => {
  it("a log whose lines name another computer (s-computername) is another server's: not counted, and the IIS checks say why", async () => {
    const day = "2026-11-18";
    const lines = wsusDay(day)
      .map((l) => l.replace(/^(\S+ \S+) /, `$1 W3SVC${SITE_ID} WSUS02 `))
      .map((l) => l.replace(/ - (\d{3} \d+ \d+ \d+)$/, " $1"));
    const dir = bundle({
      "bundle.json": manifest("wsus01.contoso.local"),
      [`wsus02/W3SVC${SITE_ID}/u_ex261118.log`]: w3c(day, CENTRAL, lines),
    });
    const { facts, log, entry } = await read(dir);
    assert.equal(log.requests, 0);
    assert.match(
      entry(`wsus02/W3SVC${SITE_ID}/u_ex261118.log`).reason!,
      /^read, but another server's log \(s-computername WSUS02; the WSUS server is wsus01\.contoso\.local in bundle\.json\): not counted$/,
    );
    const scope = iisLogScope(facts);
    assert.equal(scope.observable, false);
    assert.match(scope.reason, /^no IIS log in the bundle counts for the WSUS site: another server's log/);
  });

  it("the same computer name in another case, or as an FQDN's first label, is the WSUS server", async () => {
    const day = "2026-11-18";
    const lines = wsusDay(day)
      .map((l) => l.replace(/^(\S+ \S+) /, `$1 W3SVC${SITE_ID} wsus01 `))
      .map((l) => l.replace(/ - (\d{3} \d+ \d+ \d+)$/, " $1"));
    const dir = bundle({
      "bundle.json": manifest("WSUS01.contoso.local"),
      [`W3SVC${SITE_ID}/u_ex261118.log`]: w3c(day, CENTRAL, lines),
    });
    const { log } = await read(dir);
    assert.equal(log.requests, 6);
  });

  it("a log whose server address (s-ip) is not the address bundle.json names is another server's", async () => {
    const dir = bundle({
      "bundle.json": manifest("10.1.0.5"),
      "mine/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
      "other/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18", "10.2.0.9")),
    });
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 6);
    assert.match(
      entry("other/u_ex261118.log").reason!,
      /another server's log \(s-ip 10\.2\.0\.9; the WSUS server is 10\.1\.0\.5 in bundle\.json\): not counted/,
    );
  });

  it("a host name is never compared with an s-ip: without DNS that cannot be decided", async () => {
    const dir = bundle({
      "bundle.json": manifest("wsus01.contoso.local"),
      "other/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18", "10.2.0.9")),
    });
    const { log } = await read(dir);
    assert.equal(log.requests, 6);
  });
});

describe("IIS logs in periods", () => {
  it("logs a year apart are two periods: only the latest is judged, the earlier is listed as not counted", async () => {
    const dir = bundle({
      "W3SVC1/u_ex251117.log": w3c("2025-11-17", IIS10, wsusDay("2025-11-17")),
      "W3SVC1/u_ex251118.log": w3c("2025-11-18", IIS10, wsusDay("2025-11-18")),
      "W3SVC1/u_ex261117.log": w3c("2026-11-17", IIS10, wsusDay("2026-11-17")),
      "W3SVC1/u_ex261118.log": w3c("2026-11-18", IIS10, wsusDay("2026-11-18")),
    });
    const { log, entry } = await read(dir);
    assert.equal(log.requests, 12);
    assert.deepEqual(log.window, { first: "2026-11-17T01:00:00Z", last: "2026-11-18T17:00:12Z", hours: 40 });
    assert.deepEqual(log.scope?.periods, [
      { first: "2025-11-17", last: "2025-11-18", files: 2, counted: false },
      { first: "2026-11-17", last: "2026-11-18", files: 2, counted: true },
    ]);
    assert.equal(
      entry("W3SVC1/u_ex251117.log").reason,
      "read, but an earlier period (2025-11-17 – 2025-11-18), more than 7 days before the latest logs (2026-11-17 – 2026-11-18): only the latest period is judged, not counted",
    );
    assert.equal(
      log.scope?.summary,
      "2 of 4 IIS log files counted; not counted: 2 of an earlier period; the logs cover 2 periods (2025-11-17 – 2025-11-18, 2026-11-17 – 2026-11-18) and only the latest is judged",
    );
  });

  it("daily logs with a few days missing stay one period", async () => {
    const dir = bundle({
      "W3SVC1/u_ex261110.log": w3c("2026-11-10", IIS10, wsusDay("2026-11-10")),
      "W3SVC1/u_ex261116.log": w3c("2026-11-16", IIS10, wsusDay("2026-11-16")),
    });
    const { log } = await read(dir);
    assert.equal(log.requests, 12);
    assert.equal(log.scope?.periods.length, 1);
  });
});
