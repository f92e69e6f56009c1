/**
 * Issue 20 case 1: a zip holding a large entry that is only glanced at (a 5 MB binary next to a
 * real log) crashed the process inside the zip library ("reading 'fd'"): a probe stopped reading
 * an entry while another entry's read was queued, and the queued read ran against a closed file.
 * Entries of every size class are glanced at and read in full, interleaved, and the archive is
 * closed while reads are in flight.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listZipBundle } from "../../src/bundle/zip-bundle.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { makeZip, type ZipEntrySpec } from "../helpers/zip-writer.js";

const SIZE_CLASSES = [0, 1, 4095, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1024 * 1024, 5 * 1024 * 1024];
const iisLog = await readFile(
  new URL("../../samples/iis-silent-clients/W3SVC1572271583/u_ex261005.log", import.meta.url),
);

function entries(): { specs: ZipEntrySpec[]; data: Map<string, Buffer> } {
  const specs: ZipEntrySpec[] = [];
  const data = new Map<string, Buffer>();
  SIZE_CLASSES.forEach((size, index) => {
    for (const method of [0, 8] as const) {
      const name = `bin/${String(index).padStart(2, "0")}-${method}-${size}.bin`;
      const bytes = randomBytes(size);
      specs.push({ name, data: bytes, method });
      data.set(name, bytes);
      // a real log between the binaries, so glanced-at and fully read entries alternate
      const log = `W3SVC1/u_ex2610${String(index).padStart(2, "0")}-${method}.log`;
      specs.push({ name: log, data: iisLog, method });
      data.set(log, iisLog);
    }
  });
  return { specs, data };
}

async function writeZip(specs: ZipEntrySpec[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-zip-interleaved-"));
  const path = join(dir, "site.zip");
  await writeFile(path, makeZip(specs));
  return path;
}

async function glance(file: { open(): NodeJS.ReadableStream & { destroy(): void } }): Promise<void> {
  const stream = file.open();
  for await (const chunk of stream) {
    void chunk;
    break;
  }
}

describe("zip entries glanced at and read in full, interleaved (issue 20 case 1)", () => {
  it("audits a zip of a 5 MB binary next to real logs: a report, every entry in the inventory", async () => {
    const { specs } = entries();
    const result = await auditBundle(await writeZip(specs));
    assert.equal(result.inventory.length, specs.length);
    const logs = result.inventory.filter((entry) => entry.path.endsWith(".log"));
    assert.ok(logs.length > 0 && logs.every((entry) => entry.status === "parsed"), JSON.stringify(logs));
    const big = result.inventory.find((entry) => entry.path.endsWith(`-${5 * 1024 * 1024}.bin`));
    assert.equal(big?.status, "skipped");
  });

  it("reads every entry whole while others are glanced at, and closes the archive mid-read", async () => {
    const { specs, data } = entries();
    const listing = await listZipBundle(await writeZip(specs));
    const reads = listing.files.map(async (file, index) => {
      if (index % 3 === 1) {
        await glance(file);
        return;
      }
      const bytes = await file.readBytes();
      assert.ok(bytes.equals(data.get(file.path)!), `${file.path} read whole`);
    });
    await Promise.all(reads);
    // glances still in flight when the archive is closed: the close waits, nothing crashes
    const late = listing.files.map((file) => glance(file).catch(() => undefined));
    await listing.dispose?.();
    await Promise.all(late);
    assert.equal(listing.files.length, specs.length);
  });
});
