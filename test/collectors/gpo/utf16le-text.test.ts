/**
 * Utf16LeText against the decoder it stands in for (TextDecoder "utf-16le" in stream mode, as the
 * bundle's createDecoder makes it): the same text for any bytes cut into any chunks — BOMs, lone and
 * split surrogate pairs, odd lengths — and a real UTF-16 export.
 */
import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createDecoder } from "../../../src/bundle/encoding.js";
import { Utf16LeText } from "../../../src/collectors/utf16le-text.js";

function chunks(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, index = 0; at < bytes.length; index++) {
    const size = sizes.length > 0 ? sizes[index % sizes.length]! : bytes.length;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

function assertSame(bytes: Buffer, sizes: readonly number[]): void {
  const decoder = createDecoder("utf-16le");
  const fast = new Utf16LeText();
  let expected = "";
  let actual = "";
  for (const chunk of chunks(bytes, sizes)) {
    expected += decoder.decode(chunk, { stream: true });
    // the caller's buffer is reused: the decoder must not keep a view of it
    const copy = Buffer.from(chunk);
    actual += fast.decode(copy);
    copy.fill(0x41);
  }
  expected += decoder.decode();
  actual += fast.end();
  assert.equal(actual, expected);
}

/** Bytes that make UTF-16 awkward: BOM halves, surrogate high bytes, NUL, ASCII. */
const awkwardByte = fc.oneof(
  fc.constantFrom(0x00, 0x41, 0x0a, 0x0d, 0xff, 0xfe, 0xd8, 0xdb, 0xdc, 0xdf, 0x3d),
  fc.integer({ min: 0, max: 255 }),
);

describe("UTF-16LE text as the stream decoder gives it", () => {
  it("decodes random bytes in random chunks exactly as TextDecoder does", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(awkwardByte, { maxLength: 64 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }),
        (bom, body, sizes) => {
          const bytes = Buffer.from(bom ? [0xff, 0xfe, ...body] : body);
          assertSame(bytes, sizes);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("decodes a real Get-GPOReport export (UTF-16LE, BOM) and text with pairs and lone surrogates", async () => {
    const report = await readFile(
      join(import.meta.dirname, "..", "..", "..", "samples", "healthy", "gpo", "gpos-all.xml"),
    );
    for (const sizes of [[], [1], [3], [4096]]) assertSame(report, sizes);
    const text = Buffer.from("\ufeffA\ud83d\ude00B\ud800C\udc00\ud83d", "utf16le");
    for (const sizes of [[], [1], [2], [3], [5]]) assertSame(text, sizes);
  });
});
