/**
 * Golden facts: the performance work of ADR 0006 must not change a single byte of the `iisLog`
 * facts. The reference (test/fixtures/iis/golden-50mb.facts.json.gz) was recorded with the code
 * before that work (bench/iis/record-golden.ts); every read path must reproduce it exactly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectW3c } from "../../../src/collectors/iis-log/collector.js";
import { finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";
import { W3cScanner } from "../../../src/collectors/iis-log/w3c-scanner.js";
import { scanStream } from "../../../src/collectors/iis-log/read.js";
import type { PartialW3c } from "../../../src/collectors/iis-log/partial.js";
import { GOLDEN_FACTS, writeGoldenLogs } from "./golden-log.js";

interface Golden {
  status: string;
  records: number;
  rejected: number;
  problems: unknown[];
  facts: unknown;
}

const golden = JSON.parse(gunzipSync(readFileSync(GOLDEN_FACTS)).toString("utf8")) as Record<string, Golden>;
const dir = mkdtempSync(join(tmpdir(), "iis-golden-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const logs = writeGoldenLogs(dir);
const options = { maxSamples: 5, clientLimit: 50_000 };
const maxLineLength = DEFAULT_LIMITS.maxLineLength;

/** Byte-identical JSON first (what the report and `facts` print); deepEqual only to show a diff. */
function assertSameFacts(partial: PartialW3c, name: keyof typeof logs): void {
  // `scope` (which files count, ADR 0019) came after the record; the aggregates must not change
  const { scope, ...facts } = finalizeIisLog([{ file: `iis/${name}.log`, partial }], 5, 50_000);
  assert.deepEqual(scope?.notCounted, []);
  if (JSON.stringify(facts) !== JSON.stringify(golden[name]!.facts)) {
    assert.deepEqual(facts, golden[name]!.facts);
    assert.fail("same values, different JSON (key order)");
  }
}

for (const name of ["plain", "mixed"] as const) {
  test(`${name} ~50 MB log: the collector's output and facts are byte-identical to the golden record`, async () => {
    const path = logs[name];
    assert.ok(statSync(path).size > 50 * 1024 * 1024);
    const output = await collectW3c(await openEvidenceFile(path, `iis/${name}.log`), {
      limits: DEFAULT_LIMITS,
    });
    const expected = golden[name]!;
    assert.deepEqual(
      {
        status: output.status,
        records: output.records,
        rejected: output.rejected,
        problems: output.problems,
      },
      {
        status: expected.status,
        records: expected.records,
        rejected: expected.rejected,
        problems: expected.problems,
      },
    );
    assertSameFacts(output.facts!, name);
  });

  test(`${name} ~50 MB log: read as a stream (a .gz or zip member), the facts are the golden ones too`, async () => {
    const streamed = new W3cScanner(options);
    await scanStream(createReadStream(logs[name], { highWaterMark: 1 << 20 }), streamed, { maxLineLength });
    assertSameFacts(streamed.snapshot(), name);
  });
}

test("the golden record covers the rare paths it is meant to guard", () => {
  const mixed = golden["mixed"]!.facts as { consoleHandshakes: number; authFailures: unknown[] };
  assert.equal(golden["plain"]!.records, 308_390);
  assert.equal(golden["mixed"]!.rejected, 3);
  assert.equal(mixed.consoleHandshakes, 2);
  assert.ok(mixed.authFailures.length >= 4);
});
