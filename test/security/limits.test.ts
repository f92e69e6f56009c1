/**
 * Limits protect a run from huge or hostile input, and every limit that is hit says so in words a
 * consultant can act on: file size (CollectorContext.limits.maxFileBytes, --max-file-size, the config's
 * "limits"), line length (limits.maxLineLength), and for zipped bundles entry count, expanded size and
 * nesting depth (src/bundle/zip/limits.ts).
 */
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listBundle } from "../../src/bundle/open-bundle.js";
import type { AuditResult } from "../../src/result/types.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { makeZip } from "../helpers/zip-writer.js";
import { collectFacts } from "../../src/pipeline/collect-facts.js";
import { collectOne } from "./helpers.js";

const W3C_HEAD = [
  "#Software: Microsoft Internet Information Services 10.0",
  "#Version: 1.0",
  "#Date: 2026-11-17 08:00:00",
  "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
];
const w3cLine = (i: number): string =>
  `2026-11-17 08:${String(i % 60).padStart(2, "0")}:00 10.0.0.5 POST /ClientWebService/client.asmx - 8530 - 10.0.1.${i % 250} Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50 200 0 0 15`;

function w3cLog(lines: number, extra: string[] = []): Buffer {
  const body = Array.from({ length: lines }, (_, i) => w3cLine(i));
  return Buffer.from([...W3C_HEAD, ...extra, ...body].join("\r\n") + "\r\n");
}

async function bundleFolder(files: Record<string, Buffer | string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-limits-"));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

describe("file size limit", () => {
  it("a file over limits.maxFileBytes is skipped, listed, and the reason names the limit and the option", async () => {
    const { entry } = await collectOne("iis/u_ex261117.log", w3cLog(200), { maxFileBytes: 10_000 });
    assert.equal(entry.status, "skipped");
    assert.equal(entry.records, 0);
    assert.match(
      entry.reason ?? "",
      /^\d+(\.\d)? KB is over the file size limit of 9\.8 KB \(raise it with --max-file-size\)$/,
    );
  });

  it("the CLI's --max-file-size (MB) applies, and the report still comes out", async () => {
    const bundle = await bundleFolder({
      "iis/u_ex261117.log": w3cLog(20_000),
      "iis/u_ex261118.log": w3cLog(10),
    });
    const out = await mkdtemp(join(tmpdir(), "wsus-limits-out-"));
    const run = await runCli([
      "audit",
      bundle,
      "--out",
      out,
      "--format",
      "json,html",
      "--max-file-size",
      "1",
      "--quiet",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
    const big = result.inventory.find((entry) => entry.path === "iis/u_ex261117.log")!;
    const small = result.inventory.find((entry) => entry.path === "iis/u_ex261118.log")!;
    assert.equal(big.status, "skipped");
    assert.match(
      big.reason ?? "",
      /MB is over the file size limit of 1\.0 MB \(raise it with --max-file-size\)/,
    );
    assert.equal(small.status, "parsed");
    assert.match(
      readFileSync(join(out, "report.html"), "utf8"),
      /over the file size limit of 1\.0 MB/,
      "the reason is in the report",
    );
  });

  it('the configuration file\'s "limits" apply', async () => {
    const bundle = await bundleFolder({ "iis/u_ex261117.log": w3cLog(200) });
    const configDir = await mkdtemp(join(tmpdir(), "wsus-limits-config-"));
    const config = join(configDir, "wsus-audit.config.json");
    writeFileSync(config, JSON.stringify({ limits: { maxFileBytes: 5000 } }));
    const out = await mkdtemp(join(tmpdir(), "wsus-limits-out-"));
    const run = await runCli([
      "audit",
      bundle,
      "--out",
      out,
      "--format",
      "json",
      "--config",
      config,
      "--quiet",
    ]);
    // the only file is over the limit: nothing was audited, which exits 2 (its report is still written)
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no evidence recognised/);
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
    assert.match(result.inventory[0]!.reason ?? "", /over the file size limit of 4\.9 KB/);
  });

  it("a limit of the wrong type in the configuration is refused with the file and the pointer", async () => {
    const configDir = await mkdtemp(join(tmpdir(), "wsus-limits-config-"));
    const config = join(configDir, "wsus-audit.config.json");
    writeFileSync(config, JSON.stringify({ limits: { maxFileBytes: "huge" } }));
    const run = await runCli([
      "audit",
      join(ROOT, "samples", "healthy"),
      "--out",
      configDir,
      "--format",
      "json",
      "--config",
      config,
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /wsus-audit\.config\.json at \/limits\/maxFileBytes: must be integer/);
  });
});

describe("line length limit", () => {
  it("IIS W3C: a line over limits.maxLineLength is rejected, sampled (cut) and the others are read", async () => {
    // On disk and longer than one 4 MiB read, as a runaway line in a real log is.
    const bytes = Buffer.concat([
      w3cLog(50),
      Buffer.from(`${"A".repeat(5 * 1024 * 1024)}\r\n`),
      Buffer.from(`${w3cLine(1)}\r\n`),
    ]);
    const bundle = await bundleFolder({ "iis/u_ex261117.log": bytes });
    const listing = await listBundle(bundle);
    const { inventory } = await collectFacts(listing, { limits: { maxLineLength: 1000 } });
    const entry = inventory[0]!;
    assert.equal(entry.status, "parsed");
    assert.equal(entry.records, 51);
    assert.equal(entry.rejected, 1);
    const problem = entry.problems.find((p) => /longer than the maximum line length/.test(p.message));
    assert.ok(problem, JSON.stringify(entry.problems).slice(0, 500));
    assert.equal(problem.message, "line longer than the maximum line length; skipped");
    assert.ok((problem.sample ?? "").length <= 300, "the sample is cut");
  });

  it("Event Viewer CSV: a line over the limit is noted; its record is counted once", async () => {
    const csv = [
      "Level,Date and Time,Source,Event ID,Task Category",
      'Error,11/17/2026 4:15:04 AM,Windows Server Update Services,12052,9,"The DSS Authentication Web Service is not working."',
      `Information,11/17/2026 4:16:04 AM,Windows Server Update Services,12051,9,"${"x".repeat(3000)}"`,
    ].join("\r\n");
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${csv}\r\n`, "utf16le")]);
    const { entry } = await collectOne("eventlog/Application.csv", bytes, { maxLineLength: 500 });
    assert.equal(entry.kind, "eventlog-csv");
    assert.equal(entry.records + entry.rejected, 2);
    assert.ok(
      entry.problems.some(
        (p) =>
          p.message === "Line longer than the limit was cut; its record is read from the cut text." &&
          p.line === 3,
      ),
    );
  });
});

describe("zip limits (a zip is untrusted input)", () => {
  async function zipFile(entries: Parameters<typeof makeZip>[0]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "wsus-limits-zip-"));
    const path = join(dir, "bundle.zip");
    writeFileSync(path, makeZip(entries));
    return path;
  }

  it("too many entries: refused, with the count and how to raise it", async () => {
    const path = await zipFile(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: "x" })));
    await assert.rejects(listBundle(path, { zip: { maxEntries: 3 } }), (error: Error) => {
      assert.equal(error.name, "BundleError");
      assert.match(
        error.message,
        /bundle\.zip was refused: it holds more than 3 entries \(the limit; raise it with "zip" in wsus-audit.config.json if the bundle is genuine\)\./,
      );
      return true;
    });
  });

  it("expanded size over the limit (zip bomb): refused before anything is expanded", async () => {
    const path = await zipFile([{ name: "u_ex261117.log", data: "x", declaredSize: 50 * 1024 * 1024 }]);
    await assert.rejects(listBundle(path, { zip: { maxTotalBytes: 1024 * 1024 } }), (error: Error) => {
      assert.match(
        error.message,
        /was refused: its entries would expand to more than 1 MB \(the limit; raise it with "zip" in wsus-audit.config.json/,
      );
      return true;
    });
  });

  it("zips nested deeper than the limit are listed, not opened, with the reason", async () => {
    const inner = makeZip([{ name: "deep.txt", data: "x" }]);
    const middle = makeZip([{ name: "inner.zip", data: inner }]);
    const path = await zipFile([{ name: "middle.zip", data: middle }]);
    const listing = await listBundle(path, { zip: { maxNestingDepth: 1 } });
    try {
      const entry = listing.setAside.find((file) => /middle\.zip$/.test(file.path));
      assert.ok(entry, JSON.stringify(listing.setAside));
      assert.match(
        entry.reason,
        /zip nested 1 levels deep: not opened \(the limit is 1\); unzip it and add its files to the bundle/,
      );
    } finally {
      await listing.dispose?.();
    }
  });
});

describe("zip limits from the customer configuration", () => {
  it('"zip" in wsus-audit.config.json reaches the audit: too many entries, exit 2 with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-zip-config-"));
    const entries = ["a", "b", "c"].map((name) => ({ name: `${name}.txt`, data: name }));
    writeFileSync(join(dir, "bundle.zip"), makeZip(entries));
    writeFileSync(join(dir, "wsus-audit.config.json"), JSON.stringify({ zip: { maxEntries: 2 } }));
    const run = await runCli(["audit", "bundle.zip", "--format", "json", "--out", "out"], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /holds more than 2 entries \(the limit; raise it with "zip" in wsus-audit\.config\.json/,
    );
  });
});
