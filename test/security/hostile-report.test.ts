/**
 * Evidence text is attacker-controlled (URLs and user agents in IIS logs, GPO and machine names, event
 * messages, file names). The hostile bundle (test/fixtures/hostile/bundle, made by generate.mjs from
 * real-format samples) puts an XSS corpus in every field that reaches the report. Audited through the
 * CLI to HTML, PDF and JSON and opened in a real Chromium: every payload is shown as text, no script
 * runs, no dialog opens, no request leaves the page; the PDF renderer requests nothing either.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { openPdfSession } from "../../src/report/pdf/session.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { observePage, type PageObservation } from "./browser.js";

const HOSTILE = join(ROOT, "test", "fixtures", "hostile");
const PAYLOADS = JSON.parse(readFileSync(join(HOSTILE, "payloads.json"), "utf8")) as Record<string, string>;
/** Each payload starts with a unique marker such as XSS-GPO (the long token holds XSS-LONG inside). */
const markerOf = (payload: string): string => /XSS-[A-Z]+/.exec(payload)![0];

/** Fields that must reach the report as text, proving the corpus was really exercised. */
const MUST_SHOW = ["XSS-CUSTOMER", "XSS-SITE", "XSS-GPO", "XSS-PATH", "XSS-EVENT", "XSS-FILE"];

describe("a hostile bundle through the CLI: payloads are text, nothing runs, nothing is requested", () => {
  let out = "";
  let result: AuditResult;
  let page: PageObservation;

  before(async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-hostile-bundle-"));
    cpSync(join(HOSTILE, "bundle"), bundle, { recursive: true });
    // A hostile file name (not committed: Windows cannot check it out) with content no collector knows.
    writeFileSync(join(bundle, PAYLOADS["fileName"]!), "not evidence\r\n");
    out = await mkdtemp(join(tmpdir(), "wsus-hostile-out-"));
    const run = await runCli(["audit", bundle, "--out", out, "--format", "html,pdf,json", "--quiet"]);
    assert.equal(run.code, 0, `exit code (stderr: ${run.stderr})`);
    result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
    page = await observePage(join(out, "report.html"));
  });

  it("reads every hostile file in its real format and lists every file in the inventory", () => {
    const byPath = new Map(result.inventory.map((entry) => [entry.path, entry]));
    for (const [path, kind] of [
      ["gpo/PC0042-rsop.xml", "gpresult-xml"],
      ["acl/icacls-wsus-paths.txt", "icacls"],
      ["eventlog/Application.csv", "eventlog-csv"],
      ["nps/quarantine-entry.txt", "nps-soh-text"],
      ["iis/u_ex261117.log", "iis-w3c-log"],
      ["httperr/httperr1.log", "httperr-log"],
    ] as const) {
      assert.equal(byPath.get(path)?.kind, kind, path);
      assert.equal(byPath.get(path)?.status, "parsed", path);
    }
    assert.ok(byPath.has(PAYLOADS["fileName"]!), "the hostile file name is in the inventory");
    const checks = new Set(result.findings.flatMap((finding) => finding.checks));
    for (const check of ["GPO.LINKED", "ACL.NETWORK_SERVICE", "EVT.HEALTH_ERRORS"])
      assert.ok(checks.has(check), `${check} fires`);
  });

  it("no script runs, no dialog opens, no injected element exists", () => {
    assert.equal(page.xss, undefined, "window.__xss stays undefined");
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.injected, []);
    assert.equal(page.scripts, 1, "only the report's own script");
  });

  it("the HTML report requests nothing (no network, no file outside the report)", () => {
    assert.deepEqual(page.requests, []);
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.doesNotMatch(
      html,
      /<(script|img|svg|iframe|link)\b[^>]*(window\.__xss|127\.0\.0\.1|file:)/i,
      "no live payload tag",
    );
  });

  it("every payload that reached the result is shown as literal text", () => {
    const json = JSON.stringify(result);
    const reached = Object.values(PAYLOADS).filter((payload) => json.includes(markerOf(payload)));
    for (const marker of MUST_SHOW) assert.ok(json.includes(marker), `${marker} reached result.json`);
    for (const marker of MUST_SHOW)
      assert.ok(page.text.includes(marker), `${marker} shown in the HTML report`);
    // Where the report shows a payload, it shows it whole: tags, quotes and braces as typed.
    for (const payload of reached) {
      const marker = markerOf(payload);
      if (!page.text.includes(marker) || payload.length > 1000) continue;
      const shown = page.text.replace(/\s+/g, " ");
      const tagged = /<[a-z/]/i.exec(payload);
      if (tagged) assert.ok(shown.includes("<"), `${marker}: angle brackets shown as text`);
      const tail = payload.slice(payload.indexOf(marker)).split(/\s+/).slice(0, 3).join(" ");
      assert.ok(
        shown.includes(tail) || shown.includes(tail.replace(/ /g, "+")),
        `${marker}: "${tail}" shown literally`,
      );
    }
    // Handlebars-looking evidence is never compiled: the braces survive.
    assert.ok(
      page.text.includes("{{constructor.constructor('window.__xss=1')()}}"),
      "template syntax shown as text",
    );
  });

  it("the PDF holds the payloads as text, and its renderer makes no request", async () => {
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "report.pdf"), "-"], {
      encoding: "utf8",
    });
    for (const marker of ["XSS-CUSTOMER", "XSS-GPO", "XSS-EVENT"])
      assert.ok(text.includes(marker), `${marker} in the PDF`);
    assert.match(text, /<script>window\.__xss=1<\/script>/, "a script tag printed as text");
    const session = await openPdfSession();
    try {
      const pdf = await session.render(readFileSync(join(out, "report.html"), "utf8"), {
        paper: "a4",
        headerTitle: PAYLOADS["customer"]!,
      });
      assert.ok(pdf.subarray(0, 5).toString() === "%PDF-", "a PDF");
      assert.equal(session.requestsBlocked, 0, "the PDF renderer requested nothing");
    } finally {
      await session.close();
    }
  });
});

describe("the browser harness detects what it claims to (so the tests above can fail)", () => {
  it("sees a script that runs, an injected element and a request", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-xss-control-"));
    const file = join(dir, "bad.html");
    writeFileSync(
      file,
      `<!doctype html><html><body><p>x</p><img src=x onerror="window.__xss=1"><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></body></html>`,
    );
    const seen = await observePage(file);
    assert.equal(seen.xss, 1);
    assert.ok(seen.injected.length > 0);
    assert.ok(
      seen.requests.some((url) => url.startsWith("http://127.0.0.1:9/")),
      JSON.stringify(seen.requests),
    );
  });

  it("counts the PDF renderer's requests", async () => {
    const session = await openPdfSession();
    try {
      await session.render(`<html><body><img src="http://127.0.0.1:9/pixel.png">x</body></html>`, {
        paper: "a4",
        headerTitle: "control",
      });
      assert.ok(session.requestsBlocked >= 1);
    } finally {
      await session.close();
    }
  });
});
