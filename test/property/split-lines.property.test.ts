/**
 * Line splitting (src/bundle/evidence-file.ts), one line or one chunk's batch at a time, holds to
 * the plain definition on the whole text: breaks are CRLF, LF or a lone CR; a line longer than the
 * limit is cut to it and flagged; numbering counts every line; no line after a final break. Bytes
 * arrive cut anywhere, inside a CRLF or a UTF-8 character too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import fc from "fast-check";
import { splitLineBatches, splitLines } from "../../src/bundle/evidence-file.js";
import type { TextLine } from "../../src/bundle/types.js";
import { replayParameters } from "./replay.js";

function definition(text: string, max: number): TextLine[] {
  const parts = text.split(/\r\n|\n|\r/);
  if (parts[parts.length - 1] === "") parts.pop();
  return parts.map((line, i) =>
    line.length > max
      ? { text: line.slice(0, max), number: i + 1, truncated: true }
      : { text: line, number: i + 1 },
  );
}

function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    if (cut > from) out.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return out;
}

const textArb = fc
  .array(fc.constantFrom("a", "Größe", "é", "\r", "\n", "\r\n", "x".repeat(30), " ", "€"), { maxLength: 60 })
  .map((parts) => parts.join(""));
const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

test("lines and line batches, from bytes cut anywhere, are the lines of the whole text", async () => {
  await fc.assert(
    fc.asyncProperty(textArb, cutsArb, cutsArb, fc.integer({ min: 1, max: 40 }), async (text, a, b, max) => {
      const bytes = Buffer.from(text, "utf8");
      const expected = definition(text, max);
      const lines: TextLine[] = [];
      for await (const line of splitLines(Readable.from(pieces(bytes, a)), "utf-8", max)) lines.push(line);
      const batched: TextLine[] = [];
      for await (const batch of splitLineBatches(Readable.from(pieces(bytes, b)), "utf-8", max)) {
        assert.ok(batch.length > 0, "no empty batch");
        batched.push(...batch);
      }
      assert.deepEqual(lines, expected);
      assert.deepEqual(batched, expected);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 200), ...replayParameters() },
  );
});
