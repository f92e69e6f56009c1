/**
 * The collection scripts (collect/*.ps1): written by the CLI, valid Windows PowerShell 5.1 for a
 * real PowerShell grammar, and the zips they write are read by wsus-audit with every file
 * recognised. The zips here are laid out exactly as the scripts write them — entry names, folders
 * and encodings (Out-File -Encoding Unicode and reg/gpresult: UTF-16LE with BOM; Export-Csv
 * -Encoding UTF8 in 5.1: UTF-8 with BOM, no #TYPE line with -NoTypeInformation; ConvertTo-Json
 * written by WriteAllText with UTF8Encoding($false): no BOM) — from real-format fixtures.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { describeCollectionManifest } from "../../src/bundle/collection-manifest.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { windowsPowerShellProblems } from "../helpers/powershell-grammar.js";
import { makeZip } from "../helpers/zip-writer.js";
import { tempDir } from "../report/helpers.js";

const SERVER = "Collect-WsusServerEvidence.ps1";
const CLIENT = "Collect-WsusClientEvidence.ps1";
const script = (name: string) => readFileSync(join(ROOT, "collect", name), "utf8");
const file = (path: string) => readFileSync(join(ROOT, path));

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16_BOM = Buffer.from([0xff, 0xfe]);

/** Windows PowerShell 5.1's ConvertTo-Json layout: 4-space indent, two spaces after the colon, CRLF. */
function ps51Json(value: unknown, indent = ""): string {
  if (Array.isArray(value))
    return `[\r\n${value.map((item) => `${indent}    ${ps51Json(item, `${indent}    `)}`).join(",\r\n")}\r\n${indent}]`;
  if (value !== null && typeof value === "object") {
    const pad = `${indent}    `;
    const body = Object.entries(value)
      .map(([key, item]) => `${pad}"${key}":  ${ps51Json(item, pad)}`)
      .join(",\r\n");
    return `{\r\n${body}\r\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Export-Csv -NoTypeInformation -Encoding UTF8 (5.1) of the same objects as a fixture with #TYPE. */
function exportCsvUtf8(path: string): Buffer {
  const text = readFileSync(join(ROOT, path), "utf8").replace(/^#TYPE[^\r\n]*\r\n/, "");
  return Buffer.concat([UTF8_BOM, Buffer.from(text, "utf8")]);
}

function manifest(tool: string, computer: string, steps: [string, string, string][]): Buffer {
  const value = {
    tool,
    version: "1",
    computer,
    collected: "2026-11-18T10:42:07.1234567+01:00",
    powershell: "5.1.17763.6414",
    steps: steps.map(([step, status, detail]) => ({ step, status, detail, seconds: 0.4 })),
  };
  return Buffer.from(ps51Json(value), "utf8");
}

const SITE = "W3SVC1572271583";
const SERVER_ZIP: Record<string, Buffer> = {
  "bundle.json": Buffer.from(
    ps51Json({
      customer: "Fabrikam GmbH",
      site: "Berlin HQ",
      consultant: "",
      collected: "2026-11-18",
      wsus: { server: "wsus01.corp.fabrikam.local", port: 8530, ssl: false, contentDir: "D:\\WSUS" },
    }),
    "utf8",
  ),
  [`iis/${SITE}/u_ex261005.log`]: file(`samples/healthy/iis/${SITE}/u_ex261005.log`),
  [`iis/${SITE}/u_ex261006.log`]: file(`samples/healthy/iis/${SITE}/u_ex261006.log`),
  "iis/HTTPERR/httperr1.log": file("samples/healthy/iis/HTTPERR/httperr1.log"),
  "iis/applicationHost.config": file("samples/healthy/iis/applicationHost.config"),
  "wsus/wsus-setup.reg": file("test/fixtures/wsus-setup/wsus01-setup.reg"),
  "acl/icacls-wsus-paths.txt": file("samples/healthy/acl/icacls-wsus-paths.txt"),
  "eventlog/Application-WSUS.evtx": file("test/fixtures/eventlog/ts-evtx_Application.evtx"),
  "wsus/wsus-computers.csv": exportCsvUtf8("test/fixtures/wsus-computers/ps51-en-US.csv"),
  "ad/ad-computers.csv": exportCsvUtf8("test/fixtures/ad-computers/ps51-en-US.csv"),
  "gpo/gpo-31b2f340-016d-11d2-945f-00c04fb984f9.xml": file("test/fixtures/gpo/gporeport-de.xml"),
  "collection-manifest.json": manifest("Collect-WsusServerEvidence", "WSUS01", [
    [
      "bundle.json from the WSUS setup registry",
      "ok",
      "server wsus01.corp.fabrikam.local, port 8530, ssl False",
    ],
    ["IIS logs of the WSUS site", "ok", "2 file(s) from C:\\inetpub\\logs\\LogFiles\\W3SVC1572271583"],
    ["WSUS computers (Get-WsusComputer)", "ok", "5 computer(s)"],
    ["domain computers (Get-ADComputer)", "skipped", "the ActiveDirectory module (RSAT) is not installed"],
    ["Application log: WSUS events", "failed", "wevtutil exited with 5"],
  ]),
};

const CLIENT_ZIP: Record<string, Buffer> = {
  "clients/WKS-0415/rsop.xml": file("test/fixtures/gpo/gpresult-pc0042.xml"),
  "clients/WKS-0415/wu-policy.reg": file("test/fixtures/gpo/pc0042-wu-policy.reg"),
  "clients/WKS-0415/wu-client.reg": file("test/fixtures/client/WKS-0101-wu-client.reg"),
  "clients/WKS-0415/WindowsUpdate.log": file("test/fixtures/client/etl-healthy-en-us.log"),
  "clients/WKS-0415/ReportingEvents.log": file("test/fixtures/client/ReportingEvents.log"),
  "clients/WKS-0415/collection-manifest.json": manifest("Collect-WsusClientEvidence", "WKS-0415", [
    ["Group Policy result (gpresult /x)", "ok", "exported"],
  ]),
};

/** The literal each entry's name comes from in the script, and the encoding that step writes. */
const WRITTEN_BY: [RegExp, string, Buffer | "none" | "evtx"][] = [
  [/^bundle\.json$/, "'bundle.json'", "none"],
  [/^collection-manifest\.json$/, "'collection-manifest.json'", "none"],
  [/^iis\/W3SVC\d+\/u_ex\d{6}\.log$/, `'u_ex*.log' "iis\\W3SVC$siteId"`, "none"],
  [/^iis\/HTTPERR\/httperr\d+\.log$/, "'httperr*.log' 'iis\\HTTPERR'", "none"],
  [/^iis\/applicationHost\.config$/, "'applicationHost.config'", UTF8_BOM],
  [/^wsus\/wsus-setup\.reg$/, "(Join-Path $target 'wsus-setup.reg') /y", UTF16_BOM],
  [/^acl\/icacls-wsus-paths\.txt$/, "'icacls-wsus-paths.txt') -Encoding Unicode", UTF16_BOM],
  [/^eventlog\/Application-WSUS\.evtx$/, "'Application-WSUS.evtx'", "evtx"],
  [/^wsus\/wsus-computers\.csv$/, "-Encoding UTF8 -Path (Join-Path $target 'wsus-computers.csv')", UTF8_BOM],
  [/^ad\/ad-computers\.csv$/, "-Encoding UTF8 -Path (Join-Path $target 'ad-computers.csv')", UTF8_BOM],
  [
    /^gpo\/gpo-[0-9a-f-]{36}\.xml$/,
    '"gpo-$($gpo.Id).xml"), $xml, [System.Text.Encoding]::Unicode',
    UTF16_BOM,
  ],
  [/^clients\/WKS-0415\/rsop\.xml$/, "'rsop.xml'", UTF16_BOM],
  [/^clients\/WKS-0415\/wu-(policy|client)\.reg$/, "reg.exe export", UTF16_BOM],
  [/^clients\/WKS-0415\/WindowsUpdate\.log$/, "Get-WindowsUpdateLog -LogPath $target", "none"],
  [
    /^clients\/WKS-0415\/ReportingEvents\.log$/,
    "'SoftwareDistribution\\ReportingEvents.log' 'ReportingEvents.log'",
    UTF16_BOM,
  ],
  [/^clients\/WKS-0415\/collection-manifest\.json$/, "'collection-manifest.json'", "none"],
];

function checkLayout(entries: Record<string, Buffer>, scriptText: string): void {
  for (const [name, bytes] of Object.entries(entries)) {
    const rule = WRITTEN_BY.find(([pattern]) =>
      pattern.test(name.replace(/^clients\/WKS-0415\//, "clients/WKS-0415/")),
    );
    assert.ok(rule, `${name} is a file the scripts write`);
    const [, literal, encoding] = rule;
    assert.ok(scriptText.includes(literal), `the script writes ${name} (${literal})`);
    if (encoding === "evtx") assert.equal(bytes.subarray(0, 8).toString("latin1"), "ElfFile\0", name);
    else if (encoding === "none")
      assert.ok(
        !bytes.subarray(0, 3).equals(UTF8_BOM) && !bytes.subarray(0, 2).equals(UTF16_BOM),
        `${name}: no BOM`,
      );
    else
      assert.ok(
        bytes.subarray(0, encoding.length).equals(encoding),
        `${name}: ${encoding.toString("hex")} BOM`,
      );
  }
}

function zipOf(entries: Record<string, Buffer>, dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, makeZip(Object.entries(entries).map(([entry, data]) => ({ name: entry, data }))));
  return path;
}

describe("collection scripts", () => {
  it("collect-scripts writes both scripts with CRLF line endings, ASCII only", async () => {
    const out = tempDir("collect");
    const run = await runCli(["collect-scripts", "--out", out]);
    assert.equal(run.code, 0, run.stderr);
    for (const name of [SERVER, CLIENT]) {
      const written = await readFile(join(out, name));
      assert.match(run.stdout, new RegExp(name.replace(/[.]/g, "\\.")));
      assert.ok(
        !written.includes(0x0a) ||
          written
            .toString("latin1")
            .split("\n")
            .slice(0, -1)
            .every((l) => l.endsWith("\r")),
        `${name}: CRLF`,
      );
      assert.ok(
        [...written].every((byte) => byte < 0x80),
        `${name}: ASCII only (5.1 reads a BOM-less script as ANSI)`,
      );
      assert.equal(written.toString("utf8").replace(/\r\n/g, "\n"), script(name));
    }
  });

  for (const name of [SERVER, CLIENT]) {
    it(`${name} parses with the PowerShell grammar and uses nothing Windows PowerShell 5.1 lacks`, async () => {
      assert.deepEqual(await windowsPowerShellProblems(script(name)), []);
    });
  }

  it("the scripts only read: no Set-, Remove- or New- on the system, checkhealth only behind its switch", () => {
    for (const name of [SERVER, CLIENT]) {
      const text = script(name);
      const changes = text
        .split("\n")
        .filter((line) => !/^\s*#/.test(line))
        .filter((line) =>
          /\b(Set-(?!StrictMode)\w+|Remove-(?!Item -LiteralPath \$staging)\w+|Restart-\w+|Stop-\w+|reg(\.exe)? (add|delete|import)|icacls(\.exe)? \S+ \/(grant|remove|reset|setowner))/i.test(
            line,
          ),
        );
      assert.deepEqual(changes, [], `${name} changes nothing on the system`);
    }
    const server = script(SERVER);
    const guard = server.indexOf("if ($RunCheckHealth) {");
    const call = server.indexOf("& $tools checkhealth");
    assert.ok(guard > 0 && call > guard, "wsusutil checkhealth runs inside if ($RunCheckHealth)");
    assert.ok(call < server.indexOf("\n}\n", guard), "and nowhere after that block");
    assert.equal(server.split("& $tools").length, 2, "wsusutil is called once");
  });

  it("a native program's stderr (2>&1) never stops a step: its scope sets ErrorActionPreference Continue", () => {
    for (const name of [SERVER, CLIENT]) {
      const lines = script(name).split("\n");
      lines.forEach((line, index) => {
        if (!line.includes("2>&1") || /^\s*#/.test(line)) return;
        // back to the start of the enclosing step or function
        let start = index;
        while (start > 0 && !/^(Invoke-Step|function) /.test(lines[start]!)) start -= 1;
        const scope = lines.slice(start, index).join("\n");
        assert.match(scope, /\$ErrorActionPreference = 'Continue'/, `${name}:${index + 1}: ${line.trim()}`);
      });
    }
  });

  it("a manifest cut short (the script was stopped) is still listed, with what it is", () => {
    assert.match(
      describeCollectionManifest('{ "tool": "Collect-Wsus'),
      /collection manifest \(not valid JSON/,
    );
    assert.equal(
      describeCollectionManifest(
        `\uFEFF${JSON.stringify({ tool: "Collect-WsusClientEvidence", steps: [] })}`,
      ),
      "collection manifest, not evidence: Collect-WsusClientEvidence ran 0 step(s): 0 ok, 0 skipped, 0 failed",
    );
  });

  it("a server zip and a client zip laid out as the scripts write them audit with every file recognised", async () => {
    checkLayout(SERVER_ZIP, script(SERVER));
    checkLayout(CLIENT_ZIP, script(CLIENT));
    const dir = tempDir("collected");
    for (const [entries, zipName] of [
      [SERVER_ZIP, "wsus-server-WSUS01-20261118-104207.zip"],
      [CLIENT_ZIP, "wsus-client-WKS-0415-20261118-111502.zip"],
    ] as const) {
      const result = await auditBundle(zipOf(entries, dir, zipName));
      const notParsed = result.inventory.filter(
        (entry) => entry.status !== "parsed" && !entry.path.endsWith("collection-manifest.json"),
      );
      assert.deepEqual(
        notParsed.map((entry) => `${entry.path}: ${entry.status} ${entry.reason ?? ""}`),
        [],
      );
      assert.deepEqual(
        result.inventory.map((entry) => entry.path).sort(),
        Object.keys(entries).sort(),
        "every file of the zip is in the inventory",
      );
      const listed = result.inventory.find((entry) => entry.path.endsWith("collection-manifest.json"))!;
      assert.equal(listed.status, "skipped");
      assert.equal(listed.kind, "collection-manifest");
      assert.match(listed.reason ?? "", /collection manifest, not evidence: Collect-Wsus\w+Evidence on /);
      if (zipName.startsWith("wsus-server")) {
        assert.match(
          listed.reason ?? "",
          /1 skipped, 1 failed; skipped: domain computers \(Get-ADComputer\) \(the ActiveDirectory module \(RSAT\) is not installed\); failed: Application log: WSUS events \(wevtutil exited with 5\)/,
        );
        assert.deepEqual(result.bundle.manifest.wsus, {
          server: "wsus01.corp.fabrikam.local",
          port: 8530,
          ssl: false,
          contentDir: "D:\\WSUS",
        });
      }
    }
  });
});
