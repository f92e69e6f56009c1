/**
 * Evidence tables are bounded as the engine builds them (ADR 0027): a finding keeps its first
 * 1,000 rows and the exact total, and the report computes the whole table again for lists/*.csv.
 * On a generated estate (the sample NPS export grown to 4,400 machines) the audit with bounded
 * tables must say exactly what the audit that keeps every row says: the same verdicts, summaries,
 * commands and fingerprints, the first rows and the counts, and byte for byte the same reports and
 * side files. A waiver that matches a row past the first 1,000 still accepts the finding.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { allRows, boundedTotal, EVIDENCE_ROWS_KEPT, tableRowCount } from "../../src/engine/evidence-rows.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import type { AuditResult } from "../../src/result/types.js";
import { writeReports } from "../../src/report/write.js";
import { grownNpsExport, tempDir } from "./helpers.js";

const NOW = new Date("2026-12-01T10:00:00Z");

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => statSync(join(folder, name)).isFile())
    .map((name) => relative(folder, join(folder, name)).replaceAll("\\", "/"))
    .sort();
}

/** Everything a reader of the result sees but the evidence values. */
function withoutEvidence(result: AuditResult): unknown {
  return {
    ...result,
    findings: result.findings.map((finding) => ({ ...finding, evidence: finding.evidence.map((b) => b.id) })),
  };
}

test("bounded evidence tables give the same result, reports and lists/*.csv as tables kept in full", async () => {
  const folder = tempDir("bounded-evidence");
  try {
    const bundle = join(folder, "bundle");
    mkdirSync(join(bundle, "nps"), { recursive: true });
    writeFileSync(join(bundle, "nps", "Security-NPS.csv"), grownNpsExport(4400));

    const bounded = await auditBundle(bundle, { now: NOW });
    const full = await auditBundle(bundle, { now: NOW, keepEvidenceRows: Infinity });

    assert.deepEqual(withoutEvidence(bounded), withoutEvidence(full));
    let boundedTables = 0;
    for (const [index, finding] of bounded.findings.entries()) {
      for (const [at, block] of finding.evidence.entries()) {
        const every = full.findings[index]!.evidence[at]!.value;
        assert.equal(boundedTotal(every), undefined, "the full run keeps plain tables");
        if (!Array.isArray(every) || every.length <= EVIDENCE_ROWS_KEPT) {
          assert.deepEqual(block.value, every);
          assert.equal(boundedTotal(block.value), undefined);
          continue;
        }
        boundedTables++;
        assert.equal(tableRowCount(block.value), every.length, "the exact count");
        assert.deepEqual(block.value, every.slice(0, EVIDENCE_ROWS_KEPT), "the first rows");
        assert.deepEqual(await allRows(block.value), every, "every row, computed again");
      }
    }
    assert.ok(boundedTables >= 2, `expected tables over ${EVIDENCE_ROWS_KEPT} rows, found ${boundedTables}`);

    const formats = ["json", "csv", "md", "html"] as const;
    const outBounded = join(folder, "out-bounded");
    const outFull = join(folder, "out-full");
    await writeReports(bounded, outBounded, [...formats]);
    await writeReports(full, outFull, [...formats]);
    const files = filesUnder(outFull);
    assert.deepEqual(filesUnder(outBounded), files);
    assert.ok(files.filter((file) => file.startsWith("lists/")).length >= boundedTables);
    for (const file of files) {
      assert.ok(
        readFileSync(join(outBounded, file)).equals(readFileSync(join(outFull, file))),
        `${file} is the same with bounded tables`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a waiver that matches a row past the kept rows accepts the finding, as with every row kept", async () => {
  const folder = tempDir("bounded-waiver");
  try {
    const bundle = join(folder, "bundle");
    mkdirSync(join(bundle, "nps"), { recursive: true });
    writeFileSync(join(bundle, "nps", "Security-NPS.csv"), grownNpsExport(4400));
    const full = await auditBundle(bundle, { now: NOW, keepEvidenceRows: Infinity });
    const long = (value: unknown): value is { machine: string }[] =>
      Array.isArray(value) && value.length > EVIDENCE_ROWS_KEPT;
    const finding = full.findings.find((f) => f.evidence.some((block) => long(block.value)))!;
    const table = finding.evidence.find((block) => long(block.value))!;
    const machine = (table.value as { machine: string }[]).at(-1)!.machine;
    const waivers = [{ rule: finding.ruleId, match: { machine }, reason: "being rebuilt", owner: "IT" }];

    for (const keepEvidenceRows of [undefined, Infinity]) {
      const result = await auditBundle(bundle, {
        now: NOW,
        ruleSetConfig: { waivers },
        ...(keepEvidenceRows ? { keepEvidenceRows } : {}),
      });
      const waived = result.findings.find((f) => f.ruleId === finding.ruleId)!;
      assert.equal(waived.status, "accepted", `kept rows ${keepEvidenceRows ?? EVIDENCE_ROWS_KEPT}`);
      if (!keepEvidenceRows) {
        const kept = waived.evidence.find((block) => block.id === table.id)!.value as { machine: string }[];
        assert.ok(!kept.some((row) => row.machine === machine), "the matching row is past the kept rows");
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
