/**
 * Every collector, fed every real fixture of its kind (test/fixtures/**, samples/**) damaged the ways
 * customers' files arrive (truncated at any position, re-encoded, mixed encodings, NUL bytes, lines of
 * megabytes, random bytes spliced in, empty, other line ends), and fed the files of every other kind
 * (a file renamed to look like another reaches the wrong reader when content detection is fooled):
 * - no exception escapes collect() or the source's merge();
 * - the output is well-formed: a known status, whole non-negative counts, a reason when not parsed,
 *   facts when parsed, rejected records sampled (or the reason says why), JSON-serialisable facts.
 * fast-check prints the seed and the shrunk damage on failure: replay with
 * PROPERTY_SEED=<seed> PROPERTY_PATH=<path> node scripts/run-tests.mjs test/property (docs/guarantees.md).
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import fc from "fast-check";
import { evidenceFileFromBytes } from "../../src/bundle/evidence-file.js";
import { COLLECTORS, SOURCES } from "../../src/collectors/index.js";
import { DEFAULT_LIMITS, type Collector, type CollectorOutput } from "../../src/collectors/types.js";
import { applyDamage, damageArb } from "./damage.js";
import { LARGE_FIXTURE_BYTES, RUNS, realFixtures, type Fixture } from "./fixtures.js";
import { replayParameters } from "./replay.js";

const fixtures = await realFixtures();
const LIMITS = { ...DEFAULT_LIMITS, maxLineLength: 64 * 1024 };
/** Generous for a loaded 2-core CI machine; the fixtures parse in well under a second. */
const MAX_COLLECT_MS = 15_000;

export function assertWellFormed(output: CollectorOutput, what: string): void {
  assert.ok(["parsed", "skipped", "failed"].includes(output.status), `${what}: status ${output.status}`);
  assert.ok(Number.isInteger(output.records) && output.records >= 0, `${what}: records ${output.records}`);
  assert.ok(
    Number.isInteger(output.rejected) && output.rejected >= 0,
    `${what}: rejected ${output.rejected}`,
  );
  assert.ok(Array.isArray(output.problems), `${what}: problems is an array`);
  for (const problem of output.problems) {
    assert.ok(["error", "warning", "info"].includes(problem.severity), `${what}: problem severity`);
    assert.equal(typeof problem.message, "string");
    assert.ok(problem.message.length > 0, `${what}: a problem says what is wrong`);
    if (problem.line !== undefined)
      assert.ok(Number.isInteger(problem.line) && problem.line >= 0, `${what}: problem line ${problem.line}`);
    // Samples are cut to a sane length: a megabyte line never ends up in a report.
    if (problem.sample !== undefined)
      assert.ok(problem.sample.length <= 4096, `${what}: sample of ${problem.sample.length} characters`);
  }
  if (output.status === "parsed")
    assert.notEqual(output.facts, undefined, `${what}: parsed output carries facts`);
  else assert.ok(output.reason && output.reason.length > 0, `${what}: a ${output.status} file says why`);
  if (output.rejected > 0)
    assert.ok(
      output.problems.length > 0 || output.reason,
      `${what}: rejected records are sampled or explained`,
    );
  JSON.stringify(output.facts);
}

/**
 * A large fixture is damaged from its first LARGE_FIXTURE_BYTES (an .evtx cut there ends at a chunk
 * boundary, as a copy of a log still being written does): the whole file is parsed elsewhere, and
 * re-parsing a megabyte hundreds of times would only make the suite slow.
 */
function headOf(fixture: Fixture): Buffer {
  return fixture.bytes.length > LARGE_FIXTURE_BYTES
    ? fixture.bytes.subarray(0, LARGE_FIXTURE_BYTES)
    : fixture.bytes;
}

/** collect() then merge() as the pipeline does; anything thrown fails the property. */
async function collectAndMerge(collector: Collector, path: string, bytes: Buffer): Promise<CollectorOutput> {
  const file = await evidenceFileFromBytes(path, bytes);
  const started = Date.now();
  const output = await collector.collect(file, { limits: LIMITS });
  const elapsed = Date.now() - started;
  // Damaged input never makes a reader crawl (a damaged .evtx once took 8 minutes).
  assert.ok(
    elapsed < MAX_COLLECT_MS,
    `${collector.kind} on ${path} (${bytes.length} bytes) took ${elapsed} ms`,
  );
  assertWellFormed(output, `${collector.kind} on ${path}`);
  if (output.status === "parsed" && output.facts !== undefined) {
    const source = SOURCES.find((candidate) => candidate.name === collector.source)!;
    const merged = source.merge([{ file: path, facts: output.facts }], {});
    JSON.stringify(merged);
  }
  return output;
}

describe("collectors survive damaged real evidence", () => {
  it("the fixture pool covers the collectors that have real-format fixtures", () => {
    const kinds = new Set(fixtures.map((fixture) => fixture.kind));
    for (const kind of [
      "gpresult-xml",
      "gpo-report-xml",
      "registry-pol",
      "reg-export",
      "icacls",
      "get-acl-list",
      "procmon-csv",
      "eventlog-csv",
      "eventlog-xml",
      "eventlog-evtx",
      "nps-accounting-log",
      "nps-soh-text",
      "nps-events-csv",
    ]) {
      assert.ok(kinds.has(kind), `a real fixture of ${kind}`);
    }
  });

  for (const collector of COLLECTORS) {
    const own = fixtures.filter((fixture) => fixture.kind === collector.kind);
    if (own.length === 0) continue;
    it(`${collector.kind}: its ${own.length} fixture(s), damaged`, async () => {
      await fc.assert(
        // Fixtures by index: a counterexample then prints as "[3, {type: …}]", not as megabytes of bytes.
        fc.asyncProperty(fc.nat(own.length - 1), damageArb, async (index, damage) => {
          const fixture: Fixture = own[index]!;
          await collectAndMerge(collector, fixture.path, applyDamage(headOf(fixture), damage));
        }),
        { numRuns: RUNS, ...replayParameters() },
      );
    });
  }

  it("regression: an .evtx with megabytes of garbage inside a chunk is read in seconds, the damaged record rejected", async () => {
    const evtx = fixtures.find(
      (fixture) => fixture.kind === "eventlog-evtx" && fixture.path.includes("ts-evtx"),
    )!;
    const damaged = applyDamage(headOf(evtx), { type: "long-line", at: 0, length: 1_500_000, char: "é" });
    const collector = COLLECTORS.find((candidate) => candidate.kind === "eventlog-evtx")!;
    const output = await collectAndMerge(collector, evtx.path, damaged);
    assert.ok(output.rejected >= 1, "the damaged record is counted");
  });

  it("regression: a GPO report with megabytes of '<' spliced in fails at once with the line, instead of crawling", async () => {
    const report = fixtures.find((fixture) => fixture.kind === "gpo-report-xml")!;
    const damaged = applyDamage(headOf(report), { type: "long-line", at: 0, length: 739_562, char: "<" });
    const collector = COLLECTORS.find((candidate) => candidate.kind === "gpo-report-xml")!;
    const output = await collectAndMerge(collector, report.path, damaged);
    assert.equal(output.status, "failed");
    assert.match(output.reason ?? "", /a '<' that starts no element at line \d+/);
  });

  it("every collector, fed another kind's file (renamed evidence), truncated or whole", async () => {
    const small = fixtures.filter((fixture) => fixture.bytes.length <= LARGE_FIXTURE_BYTES);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COLLECTORS),
        fc.nat(small.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (collector, index, cut) => {
          const fixture = small[index]!;
          const bytes =
            cut > 0.5 ? fixture.bytes : fixture.bytes.subarray(0, Math.floor(fixture.bytes.length * cut * 2));
          await collectAndMerge(collector, fixture.path, bytes);
        },
      ),
      { numRuns: RUNS * 2, ...replayParameters() },
    );
  });

  it("every fixture cut within its first 5,000 bytes (headers, BOMs, magic numbers cut short)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(fixtures.length - 1), fc.nat(5000), async (index, at) => {
        const fixture = fixtures[index]!;
        const collector = COLLECTORS.find((candidate) => candidate.kind === fixture.kind)!;
        await collectAndMerge(collector, fixture.path, fixture.bytes.subarray(0, at));
      }),
      { numRuns: RUNS * 2, ...replayParameters() },
    );
  });

  it("regression: an .evtx cut inside its 4 KiB header fails with a reason instead of throwing", async () => {
    const evtx = fixtures.find((fixture) => fixture.kind === "eventlog-evtx")!;
    const collector = COLLECTORS.find((candidate) => candidate.kind === "eventlog-evtx")!;
    for (const at of [8, 100, 4095]) {
      const output = await collectAndMerge(collector, evtx.path, evtx.bytes.subarray(0, at));
      assert.equal(output.status, "failed");
      assert.match(output.reason ?? "", /cut inside its 4096-byte file header/);
    }
  });

  it("every collector, fed random bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COLLECTORS),
        fc.oneof(
          fc.uint8Array({ maxLength: 8192 }),
          fc.string({ unit: "binary", maxLength: 4096 }).map((text) => Buffer.from(text, "utf16le")),
        ),
        async (collector, bytes) => {
          await collectAndMerge(collector, "random.bin", Buffer.from(bytes));
        },
      ),
      { numRuns: RUNS, ...replayParameters() },
    );
  });
});
