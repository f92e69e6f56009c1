import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isoTime } from "../../../src/collectors/iis-log/merge.js";

const reference = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

test("isoTime (the date part cached per day) prints what Date#toISOString prints, for years 0000-9999", () => {
  fc.assert(
    fc.property(fc.integer({ min: -62_167_219_200, max: 253_402_300_799 }), (seconds) => {
      assert.equal(isoTime(seconds), reference(seconds));
    }),
    { numRuns: 20_000 },
  );
  for (const seconds of [0, -1, 86_399, 86_400, 1_759_305_600, 1_759_305_600.5])
    assert.equal(isoTime(seconds), reference(seconds));
  assert.equal(isoTime(1_759_305_661), "2025-10-01T08:01:01Z");
});
