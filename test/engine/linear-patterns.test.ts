/**
 * Issue 20 case 5: patterns hung the run. `rules validate` accepted `^.*.*.*.*.*.*.*.*!`, which
 * then took hours in JavaScript's backtracking engine; a waiver's `*a*a…*b` became an unbounded
 * regex that hung past 90 s on a 400-character URL. Rule patterns now run in RE2 (linear time)
 * and waiver wildcards in a matcher without regexes.
 */
import { strict as assert } from "node:assert";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CUSTOM_OPERATORS } from "../../src/engine/operators.js";
import { checkRegexSafety } from "../../src/engine/safe-regex.js";
import { valueMatches } from "../../src/result/waivers.js";
import { wildcardMatches } from "../../src/result/wildcard.js";
import { runSourceCli } from "../helpers/source-cli.js";

/** Far below the hours the old engines took; generous for a loaded CI machine. */
const HANG_MS = 10_000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = run();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe("rule patterns run in linear time (issue 20 case 5)", () => {
  const matches = CUSTOM_OPERATORS.find((op) => op.name === "matches")!;

  it("the polynomial pattern rules validate accepts no longer hangs an audit", () => {
    const pattern = "^.*.*.*.*.*.*.*.*!";
    assert.equal(checkRegexSafety(pattern), undefined);
    const { value, ms } = timed(() => matches.evaluate("a".repeat(100_000), pattern));
    assert.equal(value, false);
    assert.ok(ms < HANG_MS, `${ms} ms`);
    assert.equal(matches.evaluate(`${"a".repeat(50)}!`, pattern), true);
  });

  it("keeps JavaScript's meaning for the patterns rules use (case-insensitive, anchors, classes)", () => {
    assert.equal(matches.evaluate("HTTP://WSUS01:8530", "^https?://[^/]+:\\d+$"), true);
    assert.equal(matches.evaluate("http://wsus01:8530/x", "^https?://[^/]+:\\d+$"), false);
    assert.equal(
      matches.evaluate("GET /ClientWebService/client.asmx", "^(GET|POST) /ClientWebService/"),
      true,
    );
    assert.equal(matches.evaluate("line one\nline two", "one$"), false);
  });

  it("rules validate reports a pattern the linear matcher refuses with file and pointer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-rules-lookahead-"));
    const rule = {
      id: "contoso-lookahead",
      title: "Look-ahead pattern",
      checks: ["GPO.PORT"],
      severity: "high",
      area: "gpo",
      requires: ["gpo"],
      source: { doc: "d", section: "s" },
      conditions: {
        all: [{ fact: "bundle", path: "$.wsus.server", operator: "matches", value: "^(?=wsus)\\w+$" }],
      },
      evidence: [{ id: "a", label: "A", fact: "bundle" }],
      summary: "s",
      impact: "i",
      remediation: [{ text: "t" }],
    };
    await writeFile(join(dir, "contoso-lookahead.json"), JSON.stringify(rule, null, 2));
    const run = await runSourceCli(["rules", "validate", dir]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stdout + run.stderr,
      /contoso-lookahead\.json.*\/conditions\/all\/0\/value.*not supported by the linear-time matcher/s,
    );
  });
});

describe("waiver wildcards without regexes (issue 20 case 5)", () => {
  it("`*a*a…*b` against a 400-character URL returns at once", () => {
    const pattern = `${"*a".repeat(40)}*b`;
    const url = `http://wsus01:8530/${"a".repeat(381)}`;
    const { value, ms } = timed(() => valueMatches(url, pattern));
    assert.equal(value, false);
    assert.ok(ms < HANG_MS, `${ms} ms`);
  });

  it("matches exactly what the old regex translation matched (case-insensitive, * any run)", () => {
    const reference = (value: string, pattern: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(value);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "B", "b", ".", "*"), maxLength: 12 }),
        fc.string({ unit: fc.constantFrom("a", "b", "B", ".", "\\"), maxLength: 16 }),
        (pattern, value) => wildcardMatches(value, pattern) === reference(value, pattern),
      ),
      { numRuns: 2000 },
    );
    assert.equal(valueMatches("D:\\WSUS\\WsusContent", "d:\\wsus\\*"), true);
    assert.equal(valueMatches(8530, "85*"), true);
  });
});
