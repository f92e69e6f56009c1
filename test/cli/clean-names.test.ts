/**
 * No internal path or file name reaches a customer (issue 18, "clean names"): run from a folder far
 * from the checkout, with a consultant's rule folder added by a configuration file, the reports,
 * result.json and `rules show` name rules as "shipped" or by the rule folder relative to the
 * configuration — never "../<checkout>/rules/…" — and hold no placeholder or test scaffolding.
 */
import { strict as assert } from "node:assert";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { ruleOriginLabeller } from "../../src/checks/rule-origin.js";
import { SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";
import { ROOT, runCli } from "../helpers/cli.js";

test("rule origins: shipped, relative to the configuration, or named from the --rules folder", () => {
  const label = ruleOriginLabeller(
    ["/cases/contoso/custom-rules", "/elsewhere/team-rules"],
    "/cases/contoso/wsus-audit.config.json",
  );
  assert.equal(label(join(SHIPPED_RULES_DIR, "gpo", "gpo-port-mismatch.json")), "shipped");
  assert.equal(label("/cases/contoso/custom-rules/evt/burst.json"), "custom-rules/evt");
  assert.equal(label("/elsewhere/team-rules/iis/x.json"), "team-rules/iis");
  assert.equal(label("/elsewhere/team-rules/x.json"), "team-rules");
});

test("a report written from another folder names no path of the machine and no scaffolding", async () => {
  const work = await mkdtemp(join(tmpdir(), "wsus-clean-names-"));
  const caseDir = join(work, "contoso");
  mkdirSync(caseDir);
  cpSync(join(ROOT, "test", "fixtures", "custom-rules"), join(caseDir, "custom-rules"), { recursive: true });
  writeFileSync(join(caseDir, "wsus-audit.config.json"), JSON.stringify({ ruleFolders: ["custom-rules"] }));
  const out = join(work, "out");
  const run = await runCli(
    [
      "audit",
      join(ROOT, "samples", "gpo-denied"),
      "--config",
      join(caseDir, "wsus-audit.config.json"),
      "--out",
      out,
      "--format",
      "json,html,md,csv",
      "--quiet",
    ],
    { cwd: work },
  );
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult;
  const origins = new Set(result.rules.map((rule) => rule.origin));
  assert.ok(origins.has("shipped"), [...origins].join(", "));
  assert.ok(origins.has("custom-rules/evt"), [...origins].join(", "));
  assert.deepEqual(
    [...origins].filter((o) => o !== "shipped" && !o.startsWith("custom-rules")),
    [],
  );
  assert.deepEqual(
    result.inventory.filter((entry) => /expected\.json$/.test(entry.path)).map((entry) => entry.path),
    [],
    "a sample's expectations are not evidence",
  );
  for (const file of ["result.json", "report.html", "report.md", "findings.csv"]) {
    const text = readFileSync(join(out, file), "utf8");
    assert.doesNotMatch(text, /\.\.\/|\.\.\\\\/, `${file} holds no relative path out of a folder`);
    assert.ok(!text.includes(ROOT), `${file} does not name the checkout`);
    assert.ok(!text.includes(work), `${file} does not name the folder the tool ran from`);
    assert.doesNotMatch(
      text,
      /\(no value\)|expected\.json|000_[0-9a-f]{16}\.txt/,
      `${file}: no placeholder or internal name`,
    );
  }

  const show = await runCli(["rules", "show", "gpo-port-mismatch"], { cwd: work });
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /shipped with wsus-audit \(rules\/gpo\/gpo-port-mismatch\.json\)/);
  assert.doesNotMatch(show.stdout, /\.\.\//);
  assert.ok(!show.stdout.includes(ROOT));
});
