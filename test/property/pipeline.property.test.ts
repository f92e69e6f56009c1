/**
 * Bad input never crashes a run and never vanishes. For random and damaged bundles — random bytes,
 * every sample file truncated at a random position or re-encoded, NUL bytes, empty files, one kind
 * renamed as another — collection never throws and every file is in the inventory exactly once,
 * with records and rejected counts that are whole numbers. fast-check prints the seed to replay.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { evidenceFileFromBytes } from "../../src/bundle/evidence-file.js";
import type { OpenedBundle } from "../../src/bundle/open-bundle.js";
import { evaluateRules } from "../../src/engine/evaluate.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { collectFacts } from "../../src/pipeline/collect-facts.js";
import { ROOT } from "../helpers/cli.js";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";

const RUNS = Number(process.env["PROPERTY_RUNS"] ?? 40);

function sampleFiles(): { path: string; bytes: Buffer }[] {
  const files: { path: string; bytes: Buffer }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith(".json") && statSync(path).size < 2_000_000) {
        files.push({ path: relative(join(ROOT, "samples"), path), bytes: readFileSync(path) });
      }
    }
  };
  walk(join(ROOT, "samples"));
  return files;
}

async function bundleOf(entries: { path: string; bytes: Buffer }[]): Promise<OpenedBundle> {
  const files = await Promise.all(entries.map((entry) => evidenceFileFromBytes(entry.path, entry.bytes)));
  return { name: "property", root: "/property", manifest: {}, manifestProblems: [], files, setAside: [] };
}

const reencode = (bytes: Buffer, how: number): Buffer => {
  switch (how) {
    case 0:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString("latin1"), "utf16le")]);
    case 1:
      return Buffer.from(bytes.toString("utf16le"), "utf8");
    case 2: {
      const copy = Buffer.from(bytes);
      for (let i = 7; i < copy.length; i += 97) copy[i] = 0;
      return copy;
    }
    default:
      return bytes;
  }
};

describe("the pipeline survives any input", () => {
  const samples = sampleFiles();

  it("random bytes under any name", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom(
              "a.txt",
              "u_ex1.log",
              "Registry.pol",
              "x.xml",
              "e.evtx",
              "p.csv",
              "IN2611.log",
            ),
            bytes: fc.uint8Array({ maxLength: 4096 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (files) => {
          const entries = files.map((file, index) => ({
            path: `${index}/${file.name}`,
            bytes: Buffer.from(file.bytes),
          }));
          const { inventory } = await collectFacts(await bundleOf(entries));
          assert.deepEqual(inventory.map((e) => e.path).sort(), entries.map((e) => e.path).sort());
          for (const entry of inventory)
            assert.doesNotMatch(entry.reason ?? "", /internal error/, entry.path);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("sample evidence truncated at any position, re-encoded, or with NUL bytes", async () => {
    assert.ok(samples.length > 0, "samples/ holds evidence files");
    const rules = await loadRules([SHIPPED_RULES_DIR], { facts: FACT_CATALOGUE });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: Math.max(0, samples.length - 1) }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        async (index, cut, how) => {
          const sample = samples[index]!;
          const bytes = reencode(sample.bytes.subarray(0, Math.floor(sample.bytes.length * cut)), how);
          const { inventory, facts } = await collectFacts(await bundleOf([{ path: sample.path, bytes }]));
          assert.equal(inventory.length, 1);
          const entry = inventory[0]!;
          assert.ok(Number.isInteger(entry.records) && entry.records >= 0);
          assert.ok(Number.isInteger(entry.rejected) && entry.rejected >= 0);
          if (entry.status !== "parsed")
            assert.ok(entry.reason && entry.reason.length > 0, "skipped/failed files say why");
          assert.doesNotMatch(entry.reason ?? "", /internal error/, "no exception escapes a collector");
          const evaluation = await evaluateRules(facts, rules);
          assert.deepEqual(
            evaluation.diagnostics.filter((d) => d.severity === "error"),
            [],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});
