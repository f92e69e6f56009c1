/**
 * The CSV reader takes the preamble and header lines before its streaming parser starts (issue 19:
 * csv-parse built an error object for every Event Viewer row, whose header is one name short). What
 * it reads must not depend on how the file is cut into chunks or on a PowerShell 5.1 `#TYPE` line.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { FIXTURES, npsCollector } from "./helpers.js";

/** The bytes as a file read `size` bytes at a time. */
async function collectBytes(bytes: Buffer, size: number) {
  const file = await evidenceFileFrom({
    path: "nps-events.csv",
    size: bytes.length,
    openRaw: () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
        })(),
      ),
  });
  const output = await npsCollector("nps-events-csv").collect(file, { limits: DEFAULT_LIMITS });
  return { status: output.status, records: output.records, rejected: output.rejected, facts: output.facts };
}

describe("NPS events CSV: header and preamble read ahead of the parser", () => {
  for (const name of [
    "Security-NPS-eventviewer.csv",
    "Security-NPS-getwinevent.csv",
    "Security-NPS-de.csv",
  ]) {
    it(`${name}: the same records and facts in 1 MB, 7-byte and 1-byte chunks`, async () => {
      const bytes = readFileSync(FIXTURES + name);
      const whole = await collectBytes(bytes, 1 << 20);
      assert.equal(whole.status, "parsed");
      assert.ok(whole.records > 0);
      for (const size of [7, 1])
        assert.deepEqual(await collectBytes(bytes, size), whole, `chunks of ${size}`);
    });
  }

  it("a PowerShell 5.1 #TYPE line and empty lines before the header change nothing but the line numbers", async () => {
    const bytes = readFileSync(FIXTURES + "Security-NPS-getwinevent.csv");
    const plain = await collectBytes(bytes, 1 << 20);
    const withType = await collectBytes(
      Buffer.concat([Buffer.from("#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n\r\n"), bytes]),
      5,
    );
    assert.equal(withType.records, plain.records);
    assert.deepEqual(
      withType.facts!.results.map((result) => [result.machine, result.line]),
      plain.facts!.results.map((result) => [result.machine, result.line + 2]),
    );
  });
});
