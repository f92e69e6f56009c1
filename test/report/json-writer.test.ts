import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { jsonText, writeJson, writeJsonFile } from "../../src/report/json-writer.js";

test("the streamed JSON is byte for byte JSON.stringify(value, null, 2), whatever the value", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(jsonText(value), JSON.stringify(value, null, 2));
    }),
    { numRuns: 500 },
  );
});

test("the streamed JSON treats what JSON cannot hold as JSON.stringify does", () => {
  const value = {
    kept: 'a\u2028"\\\n',
    gone: undefined,
    fn: () => 1,
    when: new Date(Date.UTC(2026, 10, 17, 8, 2, 11)),
    numbers: [Number.NaN, Infinity, -0, 1e21, undefined, () => 2],
    custom: { toJSON: (key: string) => ({ key }) },
    boxed: [new String("s"), new Number(3), new Boolean(false)],
    empty: [{}, []],
    map: new Map([["a", 1]]),
  };
  assert.equal(jsonText(value, "\n"), `${JSON.stringify(value, null, 2)}\n`);
});

test("a value far larger than one block is handed over in blocks, never as one string", () => {
  const machines = Array.from({ length: 20_000 }, (_, i) => ({
    machine: `PC-${String(i).padStart(5, "0")}`,
    codes: ["0xC0FF000C", "0x00000000"],
    words: { firewall: "on", securityUpdates: "missing updates of severity important" },
  }));
  const blocks: number[] = [];
  writeJson({ machines }, (text) => blocks.push(text.length));
  assert.ok(blocks.length > 4, `expected several blocks, got ${blocks.length}`);
  assert.ok(Math.max(...blocks) < 2 * 1024 * 1024, "no block should be much bigger than 1 Mi characters");
  assert.equal(
    blocks.reduce((sum, length) => sum + length, 0),
    JSON.stringify({ machines }, null, 2).length,
  );
});

test("writeJsonFile writes UTF-8 that parses back to the value", () => {
  const folder = mkdtempSync(join(tmpdir(), "json-writer-"));
  try {
    const path = join(folder, "result.json");
    const value = { name: "Ärger mit Überwachung – 監査", list: Array.from({ length: 50_000 }, (_, i) => i) };
    writeJsonFile(path, value);
    const text = readFileSync(path, "utf8");
    assert.equal(text, `${JSON.stringify(value, null, 2)}\n`);
    assert.equal(statSync(path).size, Buffer.byteLength(text));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
