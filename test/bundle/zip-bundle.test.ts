import { strict as assert } from "node:assert";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { listBundle } from "../../src/bundle/open-bundle.js";
import { listZipBundle } from "../../src/bundle/zip-bundle.js";
import { checkEntryName } from "../../src/bundle/zip/entry-name.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { makeZip, symlinkEntry, type ZipEntrySpec } from "../helpers/zip-writer.js";

const FIXTURES = new URL("../fixtures/zip/", import.meta.url);
const healthErrors = await readFile(new URL("Application-health-errors.csv", FIXTURES));
const healthy = await readFile(new URL("Application-healthy.csv", FIXTURES));

async function zipFile(name: string, entries: readonly ZipEntrySpec[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-zip-"));
  const path = join(dir, name);
  await writeFile(path, makeZip(entries));
  return path;
}

describe("zipped bundles", () => {
  it("lists every entry, reads UTF-16LE evidence, strips the folder 'Send to > Compressed folder' adds", async () => {
    const path = await zipFile("contoso.zip", [
      { name: "contoso/" },
      {
        name: "contoso/bundle.json",
        data: JSON.stringify({ customer: "Contoso", wsus: { server: "wsus01", port: 8530 } }),
      },
      { name: "contoso/eventlog/" },
      { name: "contoso/eventlog/Application.csv", data: healthErrors },
      { name: "contoso/notes.txt", data: "collected by A. Consultant\r\n", method: 0 },
    ]);
    const listing = await listBundle(path);
    try {
      assert.equal(listing.name, "contoso");
      assert.deepEqual(listing.manifest, { customer: "Contoso", wsus: { server: "wsus01", port: 8530 } });
      assert.deepEqual(
        listing.files.map((f) => f.path),
        ["eventlog/Application.csv", "notes.txt"],
      );
      const csv = listing.files[0]!;
      assert.equal(csv.encoding, "utf-16le");
      assert.equal(csv.hasBom, true);
      assert.equal(csv.size, healthErrors.length);
      // open() re-reads the entry from the archive, as often as a collector needs.
      const first = await csv.readBytes();
      const again = await csv.readBytes();
      assert.ok(first.equals(healthErrors) && again.equals(healthErrors));
      const lines: string[] = [];
      for await (const line of csv.lines()) lines.push(line.text);
      assert.match(lines[0]!, /^Level,Date and Time,Source,Event ID/);
      assert.deepEqual(
        listing.setAside.map((f) => [f.path, f.kind, f.status]),
        [["bundle.json", "manifest", "parsed"]],
      );
    } finally {
      await listing.dispose?.();
    }
  });

  it("reads .NET/PowerShell 5.1 zips whose names use backslashes, and gzip members inside", async () => {
    const path = await zipFile("site.zip", [
      { name: "eventlog\\Application.csv", data: healthErrors },
      { name: "eventlog\\Application-old.csv.gz", data: gzipSync(healthy), method: 0 },
    ]);
    const listing = await listBundle(path);
    try {
      assert.deepEqual(
        listing.files.map((f) => f.path),
        ["eventlog/Application-old.csv.gz", "eventlog/Application.csv"],
      );
      const gz = listing.files[0]!;
      assert.equal(gz.compression, "gzip");
      assert.equal(gz.encoding, "utf-16le");
      assert.ok((await gz.readBytes()).equals(healthy));
    } finally {
      await listing.dispose?.();
    }
  });

  it("audits a zip end to end: the same findings as the folder, every entry in the inventory", async () => {
    const path = await zipFile("errors.zip", [
      { name: "eventlog/Application.csv", data: healthErrors },
      {
        name: "logs.zip",
        data: makeZip([
          { name: "old/Application.csv", data: healthy },
          { name: "readme.txt", data: "x" },
        ]),
        method: 0,
      },
      symlinkEntry("passwd", "/etc/passwd"),
      { name: "empty-folder/" },
    ]);
    const result = await auditBundle(path);
    assert.deepEqual(
      result.inventory.map((e) => [e.path, e.status]),
      [
        ["eventlog/Application.csv", "parsed"],
        ["logs.zip", "parsed"],
        ["logs.zip/old/Application.csv", "parsed"],
        ["logs.zip/readme.txt", "skipped"],
        ["passwd", "skipped"],
      ],
    );
    assert.match(result.inventory.find((e) => e.path === "passwd")!.reason ?? "", /symbolic link/);
    assert.match(
      result.inventory.find((e) => e.path === "logs.zip")!.reason ?? "",
      /nested zip: its 2 file\(s\)/,
    );
    assert.deepEqual([...new Set(result.findings.flatMap((f) => f.checks))], ["EVT.HEALTH_ERRORS"]);
  });

  it("does not open zips nested deeper than the limit, and says so", async () => {
    const inner = makeZip([{ name: "a.txt", data: "a" }]);
    const middle = makeZip([{ name: "inner.zip", data: inner, method: 0 }]);
    const path = await zipFile("deep.zip", [{ name: "middle.zip", data: middle, method: 0 }]);
    const listing = await listZipBundle(path, { limits: { maxNestingDepth: 2 } });
    try {
      const deep = listing.setAside.find((f) => f.path === "middle.zip/inner.zip");
      assert.equal(deep?.status, "skipped");
      assert.match(deep?.reason ?? "", /nested 2 levels deep: not opened/);
      assert.deepEqual(listing.files, []);
    } finally {
      await listing.dispose?.();
    }
  });

  it("reports a corrupt entry and a corrupt nested zip as failed files, keeping the rest", async () => {
    const broken = makeZip([{ name: "x.txt", data: "hello" }]).subarray(0, 20);
    const good = { name: "eventlog/Application.csv", data: healthErrors };
    const path = await zipFile("mixed.zip", [good, { name: "logs.zip", data: broken, method: 0 }]);
    const listing = await listBundle(path);
    try {
      assert.deepEqual(
        listing.files.map((f) => f.path),
        ["eventlog/Application.csv"],
      );
      const logs = listing.setAside.find((f) => f.path === "logs.zip");
      assert.equal(logs?.status, "failed");
      assert.match(logs?.reason ?? "", /nested zip could not be read/);
    } finally {
      await listing.dispose?.();
    }
  });

  it("refuses a file that is not a zip with a clear error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-zip-"));
    const path = join(dir, "corrupt.zip");
    await writeFile(path, Buffer.from("PK\u0003\u0004 this was cut off during the upload"));
    await assert.rejects(
      listBundle(path),
      (error: Error) => error.name === "BundleError" && /cannot be read as a zip file/.test(error.message),
    );
  });
});

describe("a path the zip holds twice (issue 20 case 11)", () => {
  it("lists each entry under its own name, and a finding cites one entry, not two", async () => {
    // the zip format allows a name twice; `eventlog\\Application.csv` and `eventlog/./Application.csv` name it too
    const path = await zipFile("dupes.zip", [
      { name: "eventlog/Application.csv", data: healthy },
      { name: "eventlog/Application.csv", data: healthErrors },
      { name: "eventlog\\Application.csv", data: healthy },
      { name: "eventlog/./Application.csv", data: healthy },
    ]);
    const result = await auditBundle(path);
    const paths = result.inventory.map((entry) => entry.path);
    assert.deepEqual(paths, [
      "eventlog/Application.csv",
      "eventlog/Application.csv (2nd entry)",
      "eventlog/Application.csv (3rd entry)",
      "eventlog/Application.csv (4th entry)",
    ]);
    assert.ok(result.inventory.every((entry) => entry.status === "parsed"));
    // the health errors are in the second entry only: the evidence cites it by its distinct name
    const cited = JSON.stringify(result.findings.map((finding) => finding.evidence));
    assert.match(cited, /eventlog\/Application\.csv \(2nd entry\)/);
  });

  it("ordinals read as English", async () => {
    const { ordinal } = await import("../../src/bundle/zip/distinct-paths.js");
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal), [
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });
});

describe("hostile zips are refused", () => {
  const hostile: [string, string, RegExp][] = [
    ["parent segments", "../../evil.txt", /`\.\.` segment/],
    ["parent segments written with backslashes", "logs\\..\\..\\evil.txt", /`\.\.` segment/],
    ["an absolute path", "/etc/cron.d/evil", /absolute path/],
    ["a drive letter", "C:/Windows/evil.dll", /drive letter/],
    ["a drive letter with backslashes", "C:\\Windows\\evil.dll", /drive letter/],
    ["a UNC path", "\\\\server\\share\\evil", /absolute path/],
  ];
  for (const [what, name, reason] of hostile) {
    it(`an entry with ${what} (${name})`, async () => {
      const path = await zipFile("hostile.zip", [
        { name: "eventlog/Application.csv", data: healthErrors },
        { name, data: "x" },
      ]);
      await assert.rejects(listBundle(path), (error: Error) => {
        assert.equal(error.name, "BundleError");
        assert.match(error.message, /was refused/);
        assert.match(error.message, reason);
        return true;
      });
    });
  }

  it("the same names inside a nested zip refuse the whole bundle", async () => {
    const nested = makeZip([{ name: "../../../evil.txt", data: "x" }]);
    const path = await zipFile("nested-hostile.zip", [{ name: "logs.zip", data: nested, method: 0 }]);
    await assert.rejects(listBundle(path), /refused: the entry "\.\.\/\.\.\/\.\.\/evil\.txt"/);
  });

  it("more entries than the limit", async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: "x" }));
    const path = await zipFile("many.zip", entries);
    await assert.rejects(
      listZipBundle(path, { limits: { maxEntries: 10 } }),
      /refused: it holds more than 10 entries/,
    );
    const ok = await listZipBundle(path, { limits: { maxEntries: 12 } });
    assert.equal(ok.files.length, 12);
    await ok.dispose?.();
  });

  it("entries that would expand past the size limit, counted across nested zips", async () => {
    const big = Buffer.alloc(600 * 1024, 0x41);
    const nested = makeZip([{ name: "u_ex1.log", data: big }]);
    const path = await zipFile("bomb.zip", [
      { name: "a.log", data: big },
      { name: "logs.zip", data: nested, method: 0 },
    ]);
    await assert.rejects(
      listZipBundle(path, { limits: { maxTotalBytes: 1024 * 1024 + 100 * 1024 } }),
      /refused: its entries would expand to more than 1\.1 MB/,
    );
  });

  it("an entry that lies about its size is a failed file (yauzl checks the real size)", async () => {
    const path = await zipFile("liar.zip", [
      { name: "u_ex1.log", data: Buffer.alloc(100_000, 0x41), declaredSize: 10 },
    ]);
    const listing = await listBundle(path);
    try {
      assert.deepEqual(listing.files, []);
      const failed = listing.setAside.find((f) => f.path === "u_ex1.log");
      assert.equal(failed?.status, "failed");
      assert.match(failed?.reason ?? "", /could not be read from the zip: too many bytes in the stream/);
    } finally {
      await listing.dispose?.();
    }
  });
});

describe("entry names", () => {
  it("normalises separators and refuses colons (alternate data streams)", () => {
    assert.deepEqual(checkEntryName("./eventlog\\System.evtx"), {
      ok: true,
      path: "eventlog/System.evtx",
      isDirectory: false,
    });
    assert.deepEqual(checkEntryName("eventlog/"), { ok: true, path: "eventlog", isDirectory: true });
    assert.equal(checkEntryName("a.txt:secret").ok, false);
    assert.equal(checkEntryName("a\u0000b").ok, false);
  });
});
