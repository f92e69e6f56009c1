/**
 * The two ways read.ts feeds a scanner — a file range (double-buffered reads of 2 MB) and a stream
 * (gzip, zip members) — must see the same lines: a UTF-8 BOM, lines longer than the limit that
 * span several reads, a last line without a line break.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { W3cScanner, DEFAULT_INPUT_BYTES } from "../../../src/collectors/iis-log/w3c-scanner.js";
import {
  rangeInputBytes,
  scanFileRange,
  scanStream,
  streamInputBytes,
} from "../../../src/collectors/iis-log/read.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";

const dir = mkdtempSync(join(tmpdir(), "iis-read-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const options = { maxSamples: 5, clientLimit: 50_000 };
const maxLineLength = DEFAULT_LIMITS.maxLineLength;

const line = (i: number) =>
  `2026-10-04 10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} 10.0.0.5 POST /ClientWebService/client.asmx - 8530 - 10.3.${i % 9}.${i % 200} Windows-Update-Agent/10.0 200 0 0 ${i % 50}`;

test("a file range and a stream read the same lines: BOM, long lines across reads, no final line break", async () => {
  const parts = [
    "\ufeff#Software: Microsoft Internet Information Services 10.0",
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
    ...Array.from({ length: 20_000 }, (_, i) => line(i)),
    `${line(1)} ${"x".repeat(5 * 1024 * 1024)}`, // spans three 2 MB reads
    ...Array.from({ length: 20_000 }, (_, i) => line(i + 20_000)),
    `${line(2)} ${"y".repeat(100 * 1024)}`, // over the limit, within one read
    ...Array.from({ length: 5_000 }, (_, i) => line(i + 40_000)),
    line(99_999),
  ];
  const path = join(dir, "u_ex261004.log");
  writeFileSync(path, parts.join("\r\n"));
  const size = statSync(path).size;
  assert.ok(size > 10 * 1024 * 1024);

  const range = new W3cScanner(options);
  await scanFileRange(path, 0, size, range, { maxLineLength });
  const stream = new W3cScanner(options);
  await scanStream(createReadStream(path, { highWaterMark: 1 << 20 }), stream, { maxLineLength });
  const fromRange = range.snapshot();
  assert.deepEqual(fromRange, stream.snapshot());
  assert.equal(fromRange.lines, parts.length);
  assert.equal(fromRange.records, 45_001);
  assert.equal(fromRange.rejected, 2);
  assert.deepEqual(
    fromRange.problems.filter((p) => p.severity === "error").map((p) => p.line),
    [20_003, 40_004],
  );
});

test("the scanner's input area holds what either reader needs at the default line limit", () => {
  assert.ok(rangeInputBytes(maxLineLength) <= DEFAULT_INPUT_BYTES);
  assert.ok(streamInputBytes(maxLineLength) <= DEFAULT_INPUT_BYTES);
});
