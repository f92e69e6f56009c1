/**
 * German and French Windows exports of the same evidence give the same facts as the English ones
 * (test/fixtures/localisation/, made by generate.mjs): translated Event Viewer headers and level names,
 * dd.MM.yyyy and dd/MM/yyyy dates, 24-hour times; Process Monitor CSVs re-saved by a European Excel
 * (";" separators, decimal commas). Facts are compared after removing what names the file itself
 * (file, line, the raw localised label, the separator).
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { makeProbe, openEvidenceFile } from "../../src/bundle/evidence-file.js";
import { classify } from "../../src/collectors/classify.js";
import { SOURCES } from "../../src/collectors/index.js";
import { DEFAULT_LIMITS } from "../../src/collectors/types.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { ROOT } from "../helpers/cli.js";
import { loadableRuleFolders } from "../security/helpers.js";

const FIXTURES = join(ROOT, "test", "fixtures", "localisation");
const LANGUAGES = ["en", "de", "fr"] as const;

/** Keys that describe the file rather than the evidence. */
const FILE_KEYS = new Set(["file", "line", "levelText", "delimiter"]);

function withoutFileKeys(value: unknown, extra: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutFileKeys(item, extra));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !FILE_KEYS.has(key) && !extra.has(key))
      .map(([key, inner]) => [key, withoutFileKeys(inner, extra)]),
  );
}

async function mergedFacts(
  relativePath: string,
): Promise<{ kind: string; records: number; rejected: number; facts: unknown }> {
  const file = await openEvidenceFile(join(FIXTURES, relativePath), relativePath);
  const { collector } = classify(await makeProbe(file));
  assert.ok(collector, `${relativePath} is recognised`);
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed", `${relativePath}: ${output.reason ?? ""}`);
  const source = SOURCES.find((candidate) => candidate.name === collector.source)!;
  return {
    kind: collector.kind,
    records: output.records,
    rejected: output.rejected,
    facts: source.merge([{ file: relativePath, facts: output.facts }], {}),
  };
}

describe("localised exports give the facts of the English ones", () => {
  it("Event Viewer CSV (en / de / fr): same events, levels, local times, health state", async () => {
    const [en, ...others] = await Promise.all(
      LANGUAGES.map((language) => mergedFacts(`eventlog/Application-${language}.csv`)),
    );
    assert.equal(en!.kind, "eventlog-csv");
    assert.equal(en!.records, 5);
    const reference = withoutFileKeys(en!.facts);
    assert.match(
      JSON.stringify(reference),
      /"first":"2026-11-17T04:15:04"/,
      "the English time is read as the 24-hour local time",
    );
    others.forEach((other, index) => {
      assert.equal(other.kind, "eventlog-csv");
      assert.equal(other.records, en!.records);
      assert.equal(other.rejected, 0);
      assert.deepEqual(withoutFileKeys(other.facts), reference, LANGUAGES[index + 1]);
    });
  });

  it("Process Monitor CSV (en / Excel de / Excel fr): same denied accesses, processes and counts", async () => {
    const [en, ...others] = await Promise.all(
      LANGUAGES.map((language) => mergedFacts(`procmon/procmon-${language}.csv`)),
    );
    assert.equal(en!.kind, "procmon-csv");
    assert.equal(en!.records, 6);
    // Times too: "10:02:41.5131002 AM" and Excel's "10:02:41,5131002" are the same moment.
    const reference = withoutFileKeys(en!.facts, new Set());
    assert.match(JSON.stringify(reference), /"first":"10:02:41\.5131002"/);
    assert.match(JSON.stringify(reference), /ACCESS DENIED/);
    others.forEach((other, index) => {
      assert.equal(other.kind, "procmon-csv");
      assert.equal(other.records, en!.records);
      assert.equal(other.rejected, 0);
      assert.deepEqual(withoutFileKeys(other.facts, new Set()), reference, LANGUAGES[index + 1]);
    });
  });

  it("whole bundles in each language reach the same verdict and the same fired checks", async () => {
    const ruleFolders = await loadableRuleFolders();
    const fired: string[][] = [];
    for (const language of LANGUAGES) {
      const bundle = await mkdtemp(join(tmpdir(), `wsus-l10n-${language}-`));
      mkdirSync(join(bundle, "eventlog"));
      mkdirSync(join(bundle, "procmon"));
      cpSync(
        join(FIXTURES, "eventlog", `Application-${language}.csv`),
        join(bundle, "eventlog", "Application.csv"),
      );
      cpSync(join(FIXTURES, "procmon", `procmon-${language}.csv`), join(bundle, "procmon", "capture.csv"));
      const result = await auditBundle(bundle, {
        noDefaultRules: true,
        ruleFolders,
        now: new Date("2026-11-20T00:00:00Z"),
      });
      fired.push(result.findings.flatMap((finding) => finding.checks).sort());
    }
    assert.ok(fired[0]!.includes("EVT.HEALTH_ERRORS"), JSON.stringify(fired[0]));
    assert.ok(fired[0]!.includes("ACL.PROCMON_DENIED"), JSON.stringify(fired[0]));
    assert.deepEqual(fired[1], fired[0], "de");
    assert.deepEqual(fired[2], fired[0], "fr");
  });
});
