/**
 * A .gz copy cut short or corrupted is a property of the evidence, not a bug: whichever reader gets
 * it, the inventory says the gzip data is damaged and how to get a good copy.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { collectOne } from "../security/helpers.js";

const GPRESULT = readFileSync("test/fixtures/gpo/gpresult-pc0042.xml");

describe("a damaged .gz in a bundle", () => {
  it("a gpresult export cut short: recognised by its first bytes, failed with the reason and the advice", async () => {
    const gz = gzipSync(GPRESULT);
    const { entry } = await collectOne("gpo/gpresult.xml.gz", gz.subarray(0, gz.length - 12));
    assert.equal(entry.kind, "gpresult-xml");
    assert.equal(entry.status, "failed");
    assert.equal(
      entry.reason,
      "the gzip data is cut short (unexpected end of file): copy the file again from the server (or test it with `gzip -t`) and re-run the audit",
    );
  });

  it("an intact .gz of the same export is parsed", async () => {
    const { entry } = await collectOne("gpo/gpresult.xml.gz", gzipSync(GPRESULT));
    assert.equal(entry.status, "parsed", entry.reason);
  });
});
