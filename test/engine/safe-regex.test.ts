import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { checkRegexSafety } from "../../src/engine/safe-regex.js";
import { CUSTOM_OPERATORS } from "../../src/engine/operators.js";

describe("regular expressions in rules", () => {
  for (const pattern of ["(a+)+$", "(a*)*b", "(a|aa)+", "(x+x+)+y", "(\\w+\\s?)*$", "(.*a){2,}", "(a)\\1"]) {
    it(`refuses ${pattern}`, () => assert.notEqual(checkRegexSafety(pattern), undefined));
  }
  for (const pattern of [
    "^https?://[^/]+:\\d+$",
    "WsusPool",
    "^(GET|POST) /ClientWebService/",
    "[(a+)+]",
    "(ab)?c+",
  ]) {
    it(`accepts ${pattern}`, () => assert.equal(checkRegexSafety(pattern), undefined));
  }
  it("a quadratic pattern over a hostile 1 MB string returns at once (input is bounded)", () => {
    const matches = CUSTOM_OPERATORS.find((op) => op.name === "matches")!;
    const started = process.hrtime.bigint();
    // Unbounded, "a+b" backtracks n² times over n = 10^6 characters: hours.
    assert.equal(matches.evaluate("a".repeat(1_000_000), "a+b"), false);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});

describe("operators", () => {
  const op = (name: string) => CUSTOM_OPERATORS.find((o) => o.name === name)!;
  it("containsAny compares strings case-insensitively and accepts scalars", () => {
    assert.equal(op("containsAny").evaluate(["0xc0ff000c"], ["0xC0FF000C"]), true);
    assert.equal(op("containsAny").evaluate("w3wp.exe", ["W3WP.EXE", "sqlservr.exe"]), true);
    assert.equal(op("containsAny").evaluate([], ["x"]), false);
  });
  it("nonEmpty and isEmpty", () => {
    assert.equal(op("nonEmpty").evaluate([1], true), true);
    assert.equal(op("nonEmpty").evaluate({}, true), false);
    assert.equal(op("isEmpty").evaluate(undefined, true), true);
  });
  it("urlHasPort and urlPortIn read the port or the scheme default", () => {
    assert.equal(op("urlHasPort").evaluate("http://wsus01", false), true);
    assert.equal(op("urlHasPort").evaluate("http://wsus01:8530", true), true);
    assert.equal(op("urlPortIn").evaluate("https://wsus01", [443]), true);
    assert.equal(op("urlPortIn").evaluate("http://wsus01:8530/", [80]), false);
    assert.equal(op("urlPortIn").evaluate("wsus01:8530", [8530]), false);
  });
  it("deepEqual ignores key order", () => {
    assert.equal(op("deepEqual").evaluate({ a: 1, b: [2] }, { b: [2], a: 1 }), true);
  });
});
