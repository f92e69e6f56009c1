/**
 * "Passed" is earned: a bundle whose checks do not cover the guide's main causes is "incomplete",
 * never green, and the result, cover and summary state the coverage and what to collect next.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderHtml, renderMarkdown } from "../../src/report/index.js";

const ROOT = join(import.meta.dirname, "..", "..");

async function bundleWith(files: [from: string, to: string][]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-verdict-"));
  for (const [from, to] of files) {
    await mkdir(join(dir, to, ".."), { recursive: true });
    await copyFile(join(ROOT, from), join(dir, to));
  }
  return dir;
}

test("one healthy Application log: incomplete, with the coverage and the evidence to collect next", async () => {
  const result = await auditBundle(
    await bundleWith([["samples/healthy/eventlog/Application.csv", "eventlog/Application.csv"]]),
  );
  assert.equal(result.rules.find((r) => r.id === "evt-health-errors")?.outcome, "passed");
  assert.equal(result.verdict.status, "incomplete");
  assert.match(
    result.verdict.headline,
    /^No problem found in what could be checked, but the audit is incomplete: Group Policy, permissions and IIS web services were not checked\./,
  );
  const completeness = result.completeness!;
  assert.equal(completeness.evaluated, 1);
  assert.ok(completeness.total >= 30, `${completeness.total} checks with a rule`);
  assert.match(
    completeness.statement,
    /^1 of \d+ checks could be evaluated; collect gpresult \/x RSoP report/,
  );
  assert.equal(result.verdict.coverage, completeness.statement);
  assert.deepEqual(
    completeness.causes.map((c) => [c.area, c.covered]),
    [
      ["gpo", false],
      ["acl", false],
      ["iis", false],
      ["evt", true],
    ],
  );
  const gpresult = completeness.collect.find((c) => c.source === "gpo");
  assert.match(gpresult?.howToCollect ?? "", /gpresult \/scope computer \/x/, "formats' own instruction");
  assert.ok(gpresult?.checks.includes("GPO.LINKED"));

  const html = renderHtml(result);
  const cover = html.slice(html.indexOf('id="cover"'), html.indexOf("</header>"));
  assert.match(cover, /verdict-incomplete/);
  assert.ok(
    cover.includes(`1 of ${completeness.total} checks could be evaluated`),
    "the cover states the coverage",
  );
  assert.doesNotMatch(cover, /No blocking problem found/);
  assert.match(renderMarkdown(result), /coverage: 1 of \d+ checks could be evaluated/i);
});

test("the healthy sample covers every main cause: pass; only the clients' own logs are left to collect", async () => {
  const result = await auditBundle(join(ROOT, "samples", "healthy"));
  assert.equal(result.verdict.status, "pass");
  assert.ok(result.completeness!.causes.every((c) => c.covered));
  // The healthy server bundle holds no client's WindowsUpdate.log: the CLIENT checks are the ones left.
  assert.deepEqual(
    result.completeness!.collect.map((item) => item.source),
    ["client"],
  );
  assert.match(
    result.verdict.coverage ?? "",
    /^\d+ of \d+ checks could be evaluated; collect WindowsUpdate\.log/,
  );
});
