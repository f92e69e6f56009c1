import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  createDelimiterScanner,
  createJsDelimiterScanner,
  SLICE_BYTES,
} from "../../../src/collectors/iis-log/delimiters.js";

test("the WebAssembly SIMD delimiter scan finds exactly the spaces and line feeds the JavaScript loop finds", () => {
  const text = readFileSync("test/fixtures/iis/u_ex261001-fields-change.log");
  // odd lengths and offsets exercise the 16-byte steps and the byte-at-a-time tail
  const data = Buffer.concat(Array.from({ length: 1400 }, () => text)).subarray(0, 2 * SLICE_BYTES + 13);
  assert.equal(data.length, 2 * SLICE_BYTES + 13);
  const wasm = createDelimiterScanner(data.length);
  const js = createJsDelimiterScanner(data.length);
  data.copy(wasm.input);
  data.copy(js.input);
  let total = 0;
  for (const [start, end] of [
    [0, SLICE_BYTES],
    [SLICE_BYTES, 2 * SLICE_BYTES],
    [2 * SLICE_BYTES, data.length],
    [7, 7 + 4097],
  ] as const) {
    const a = wasm.scan(start, end);
    const b = js.scan(start, end);
    assert.equal(a, b);
    assert.deepEqual(wasm.out.subarray(0, a), js.out.subarray(0, b));
    total += a;
  }
  const lineFeeds = [...js.out.subarray(0, js.scan(0, 4096))].filter((d) => d < 0).map((d) => d & 0x7fffffff);
  assert.equal(lineFeeds[0], text.indexOf(10));
  assert.ok(total > 100_000);
});
