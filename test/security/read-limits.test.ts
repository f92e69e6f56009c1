/**
 * Issue 20 case 10: size limits apply to what is read. `--max-file-size` checked a .gz's compressed
 * size; whole-file readers (applicationHost.config, GPO XML, .reg …) read any size (a 287 MB
 * applicationHost.config peaked at 2.1 GB; a 1 GiB XML failed as "not well-formed"); a 50 MB .reg
 * value went whole into result.json (and took 18 s and 2 GB to read).
 */
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { listBundle } from "../../src/bundle/open-bundle.js";
import { DEFAULT_LIMITS } from "../../src/collectors/types.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { collectFacts } from "../../src/pipeline/collect-facts.js";
import { writeReports } from "../../src/report/index.js";
import { XML_ENTITIES } from "../../src/collectors/xml-guard.js";
import { collectOne, utf16le } from "./helpers.js";
import { makeZip } from "../helpers/zip-writer.js";

const APPLICATION_HOST = readFileSync(
  new URL("../../samples/healthy/iis/applicationHost.config", import.meta.url),
);
const GPRESULT = readFileSync(new URL("../fixtures/gpo/gpresult-pc0042.xml", import.meta.url));
const IIS_LOG = readFileSync(
  new URL("../../samples/healthy/iis/W3SVC1572271583/u_ex261005.log", import.meta.url),
);

/** A file of `size` bytes starting with `head`: sparse on disk, so a 1 GiB file costs nothing to make. */
async function sparseFile(path: string, head: Buffer, size: number): Promise<void> {
  mkdirSync(join(path, ".."), { recursive: true });
  const handle = await open(path, "w");
  await handle.write(head, 0, head.length, 0);
  await handle.truncate(size);
  await handle.close();
}

describe("a .gz is held to --max-file-size as decompressed (issue 20 case 10)", () => {
  it("an IIS log whose .gz is under the limit but whose content is over it is skipped, saying so", async () => {
    const content = Buffer.concat(Array.from({ length: 40 }, () => IIS_LOG));
    const gz = gzipSync(content);
    const limit = Math.floor(content.length / 4);
    assert.ok(gz.length < limit, "the compressed file is under the limit");
    const { entry } = await collectOne("iis/u_ex261117.log.gz", gz, { maxFileBytes: limit });
    assert.equal(entry.kind, "iis-w3c-log");
    assert.equal(entry.status, "skipped");
    assert.equal(entry.records, 0);
    assert.match(
      entry.reason ?? "",
      /^above the file size limit of [\d.]+ KB \(raise it with --max-file-size\) once decompressed: not read further, no facts taken from it$/,
    );
    // under the limit, the same .gz is read as before
    const read = await collectOne("iis/u_ex261117.log.gz", gz, { maxFileBytes: content.length });
    assert.equal(read.entry.status, "parsed");
  });
});

describe("a zip entry is held to the limit as streamed, not as claimed (issue 20 case 10)", () => {
  it("a .gz inside a zip, small as stored, is skipped once its content passes --max-file-size", async () => {
    const content = Buffer.concat(Array.from({ length: 40 }, () => IIS_LOG));
    const limit = Math.floor(content.length / 4);
    const dir = await mkdtemp(join(tmpdir(), "wsus-zip-limit-"));
    const zip = join(dir, "site.zip");
    writeFileSync(
      zip,
      makeZip([
        { name: "W3SVC1/u_ex261005.log.gz", data: gzipSync(content) },
        { name: "W3SVC1/u_ex261006.log", data: IIS_LOG },
      ]),
    );
    const listing = await listBundle(zip);
    try {
      const { inventory } = await collectFacts(listing, { limits: { maxFileBytes: limit } });
      const big = inventory.find((entry) => entry.path === "W3SVC1/u_ex261005.log.gz");
      assert.ok(big && big.size < limit, "the entry as stored is under the limit");
      assert.equal(big.status, "skipped");
      assert.match(big.reason ?? "", /^above the file size limit of .* once decompressed/);
      assert.equal(inventory.find((entry) => entry.path === "W3SVC1/u_ex261006.log")?.status, "parsed");
    } finally {
      await listing.dispose?.();
    }
  });
});

describe("whole-file readers refuse above their stated limit (issue 20 case 10)", () => {
  it("a 287 MB applicationHost.config and a 1 GiB gpresult XML: refused by the limit for the kind, unread", async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-whole-"));
    await sparseFile(join(bundle, "iis", "applicationHost.config"), APPLICATION_HOST, 287 * 1024 * 1024);
    await sparseFile(join(bundle, "gpo", "gpresult.xml"), GPRESULT.subarray(0, 64 * 1024), 1024 ** 3);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const { inventory } = await collectFacts(await listBundle(bundle));
    const grew = process.memoryUsage().rss - rssBefore;
    const byPath = new Map(inventory.map((entry) => [entry.path, entry]));
    const config = byPath.get("iis/applicationHost.config");
    const gpresult = byPath.get("gpo/gpresult.xml");
    assert.equal(config?.kind, "iis-applicationhost-config");
    assert.equal(gpresult?.kind, "gpresult-xml");
    const limit = `is above the 64.0 MB limit for this kind \\(it is read whole into memory; raise it with "limits": \\{ "maxWholeFileBytes": … \\} in the configuration\\): not read$`;
    assert.equal(config.status, "skipped");
    assert.match(config.reason ?? "", new RegExp(`^287\\.0 MB ${limit}`));
    assert.equal(gpresult.status, "skipped");
    assert.match(gpresult.reason ?? "", new RegExp(`^1\\.0 GB ${limit}`));
    assert.doesNotMatch(gpresult.reason ?? "", /well-formed/);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.ok(grew < 128 * 1024 * 1024, `RSS grew ${Math.round(grew / 1e6)} MB`);
    assert.equal(DEFAULT_LIMITS.maxWholeFileBytes, 64 * 1024 * 1024);
  });

  it("a .gz of a whole-file kind is refused when its content passes the limit, and read when it does not", async () => {
    // a real applicationHost.config, padded inside a comment: 3 MB of XML in a 10 KB .gz
    const text = APPLICATION_HOST.toString("utf8");
    const padded = text.replace(
      "</configuration>",
      `<!-- ${" ".repeat(3 * 1024 * 1024)} -->\r\n</configuration>`,
    );
    assert.notEqual(padded, text);
    const gz = gzipSync(Buffer.from(padded));
    const over = await collectOne("iis/applicationHost.config.gz", gz, { maxWholeFileBytes: 1024 * 1024 });
    assert.equal(over.entry.kind, "iis-applicationhost-config");
    assert.equal(over.entry.status, "skipped");
    assert.match(
      over.entry.reason ?? "",
      /^above the 1\.0 MB limit for this kind \(it is read whole into memory; .*\) once decompressed: not read further, no facts taken from it$/,
    );
    assert.equal(over.collected.facts.iisConfig, undefined);
    const under = await collectOne("iis/applicationHost.config.gz", gz, {
      maxWholeFileBytes: 4 * 1024 * 1024,
    });
    assert.equal(under.entry.status, "parsed");
  });
});

describe("a single huge value is cut in result.json, its length stated (issue 20 case 10)", () => {
  it("a 50 MB .reg value: read in well under the time it took (18 s, 2 GB), cut in result.json", async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-value-"));
    const value = "A".repeat(50 * 1024 * 1024);
    writeFileSync(
      join(bundle, "policy.reg"),
      `REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]\r\n"WUServer"="http://wsus01.corp.fabrikam.local:8530"\r\n"Junk"="${value}"\r\n`,
      "latin1",
    );
    const started = Date.now();
    const result = await auditBundle(bundle);
    const entry = result.inventory.find((file) => file.path === "policy.reg");
    assert.equal(entry?.status, "parsed");
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    const out = join(await mkdtemp(join(tmpdir(), "wsus-value-out-")), "reports");
    await writeReports(result, out, ["json"]);
    const json = await readFile(join(out, "result.json"), "utf8");
    assert.ok(json.length < 2 * 1024 * 1024, `result.json is ${json.length} characters`);
    assert.match(json, /"A{8192}… \[cut: 52,428,800 characters in all\]"/);
    assert.match(json, /http:\/\/wsus01\.corp\.fabrikam\.local:8530/);
  });
});

describe("entity expansion is bounded by a stated size (issue 20 case 10)", () => {
  it("references to the predefined entities (&amp; …) are not counted: a GPO report may hold thousands", async () => {
    const text = new TextDecoder("utf-16le").decode(GPRESULT);
    const many = text.replace(
      "</ReadTime>",
      `</ReadTime><Note>${"Patch &amp; reboot &lt;weekly&gt; &quot;Tuesday&quot; ".repeat(500)}</Note>`,
    );
    assert.ok((many.match(/&(amp|lt|gt|quot);/g) ?? []).length >= 2_500);
    const original = await collectOne("gpo/PC0042.xml", GPRESULT);
    const { entry, collected } = await collectOne("gpo/PC0042.xml", utf16le(many));
    // with the limit counting them, the report failed as "not well-formed" (1,001 > 1,000 expansions)
    assert.equal(entry.status, "parsed", entry.reason);
    assert.deepEqual(JSON.stringify(collected.facts.gpo), JSON.stringify(original.collected.facts.gpo));
  });

  it("a declared entity expanded past XML_ENTITIES.maxExpandedLength never reaches the facts", async () => {
    const entity = "x".repeat(9_000);
    const uses = "&big;".repeat(50); // 450,000 characters if expanded whole
    const text = APPLICATION_HOST.toString("utf8")
      .replace(/^(<\?xml[^>]*\?>)?/, `$1\r\n<!DOCTYPE configuration [<!ENTITY big "${entity}">]>`)
      .replace(/<site name="[^"]*"/, `<site name="${uses}"`);
    assert.match(text, /&big;/);
    const started = Date.now();
    const { entry, collected } = await collectOne("iis/applicationHost.config", Buffer.from(text));
    assert.equal(entry.kind, "iis-applicationhost-config");
    assert.ok(Date.now() - started < 5_000);
    const facts = JSON.stringify(collected.facts);
    assert.ok(facts.length < XML_ENTITIES.maxExpandedLength, `facts hold ${facts.length} characters`);
    assert.equal(entry.status, "failed");
    assert.match(entry.reason ?? "", /Expanded content length limit exceeded: \d+ > 100000/);
  });
});
