/**
 * docs/rule-authoring.md §2 run as written: each step's JSON is read from the document itself
 * (the block after `<!-- walkthrough: <name> -->`), applied to a copy of the shipped rule or
 * written as a consultant would, and run through the built CLI (`rules validate`, `rules test`,
 * `audit … --explain`). If the document's edit stops working, this fails.
 */
import { strict as assert } from "node:assert";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import type { AuditResult } from "../../src/result/types.js";
import { ROOT, runCli } from "../helpers/cli.js";

const DOC = await readFile(join(ROOT, "docs", "rule-authoring.md"), "utf8");

/** The JSON block that follows `<!-- walkthrough: name -->` in the document. */
function block<T = Record<string, unknown>>(name: string): T {
  const marker = DOC.indexOf(`<!-- walkthrough: ${name} -->`);
  assert.ok(marker > 0, `docs/rule-authoring.md has the walkthrough block "${name}"`);
  const start = DOC.indexOf("```json\n", marker) + "```json\n".length;
  return JSON.parse(DOC.slice(start, DOC.indexOf("\n```", start))) as T;
}

async function write(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`);
}

/** A bundle folder holding a test case's files, as the rule-test harness would write them. */
async function bundleOf(
  files: Record<string, string | string[] | { utf16le: string | string[] }>,
): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "wsus-walkthrough-bundle-"));
  const text = (value: string | string[]): string =>
    Array.isArray(value) ? value.map((line) => `${line}\r\n`).join("") : value;
  for (const [path, file] of Object.entries(files)) {
    const target = join(folder, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(
      target,
      typeof file === "object" && !Array.isArray(file)
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(file.utf16le), "utf16le")])
        : text(file),
    );
  }
  return folder;
}

async function audit(bundle: string, ...options: string[]): Promise<{ result: AuditResult; stdout: string }> {
  const out = await mkdtemp(join(tmpdir(), "wsus-walkthrough-out-"));
  const run = await runCli(["audit", bundle, "--out", out, "--format", "json", "--quiet", ...options]);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(await readFile(join(out, "result.json"), "utf8")) as AuditResult;
  return { result, stdout: run.stdout };
}

const outcome = (result: AuditResult, id: string): string | undefined =>
  result.rules.find((rule) => rule.id === id)?.outcome;

describe("docs/rule-authoring.md walk-through, run as written", () => {
  it("2a: a threshold changed in the configuration makes iis-pool-settings fire on the healthy sample, and --explain shows the numbers", async () => {
    const before = await audit("samples/healthy");
    assert.equal(outcome(before.result, "iis-pool-settings"), "passed");

    const folder = await mkdtemp(join(tmpdir(), "wsus-walkthrough-a-"));
    await write(join(folder, "wsus-audit.config.json"), block("threshold-config"));
    const after = await audit(
      "samples/healthy",
      "--config",
      join(folder, "wsus-audit.config.json"),
      "--explain",
      "iis-pool-settings",
    );
    assert.equal(outcome(after.result, "iis-pool-settings"), "failed");
    assert.match(
      after.stdout,
      /✓ \/conditions\/any\/1: `iisPoolSettings` at `\$\.pool\.queueLength` is less than 25000\n {6}observed: 2000\n {6}compared with: 25000 → holds/,
    );
  });

  it("2b: the copied rule with the changed comparison validates, its evidence tests pass, and it fires where the shipped rule passes", async () => {
    const folder = await mkdtemp(join(tmpdir(), "wsus-walkthrough-b-"));
    const rules = join(folder, "rules-custom");
    const shipped = JSON.parse(
      await readFile(join(ROOT, "rules", "gpo", "gpo-port-mismatch.json"), "utf8"),
    ) as Record<string, unknown>;
    const tests = block<{ invalid: { files: Record<string, string | { utf16le: string[] }> }[] }>(
      "comparison-tests",
    );
    await write(join(rules, "gpo", "contoso-port-in-url.json"), {
      ...shipped,
      ...block<Record<string, unknown>>("comparison-edit"),
    });
    await write(join(rules, "gpo", "contoso-port-in-url.test.json"), tests);

    const validate = await runCli(["rules", "validate", rules]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const test = await runCli(["rules", "test", rules]);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /2 passed, 0 failed/);

    const bundle = await bundleOf(tests.invalid[0]!.files);
    const { result, stdout } = await audit(bundle, "--rules", rules, "--explain", "contoso-port-in-url");
    assert.equal(
      outcome(result, "gpo-port-mismatch"),
      "passed",
      "80 is the site's port: the shipped rule passes",
    );
    assert.equal(outcome(result, "contoso-port-in-url"), "failed");
    const finding = result.findings.find((f) => f.ruleId === "contoso-port-in-url")!;
    const failing = finding.evidence.find((block) => block.id === "failing")!.value as { setting: string }[];
    assert.deepEqual(failing.map((row) => row.setting).sort(), ["WUServer", "WUStatusServer"]);
    assert.match(
      stdout,
      /rows: 2 compared, 2 matched\n {8}✓ port = 80, sitePorts = \[80\], portInUrl = false/,
    );
  });

  it("2c: the new rule and its evidence tests, as printed, validate, pass, and fire on the customer's log", async () => {
    const folder = await mkdtemp(join(tmpdir(), "wsus-walkthrough-c-"));
    const rules = join(folder, "rules-custom");
    const rule = block("new-rule");
    await write(join(rules, "evt", "contoso-content-download-failed.json"), rule);
    await write(join(rules, "evt", "contoso-content-download-failed.test.json"), block("new-rule-tests"));

    const validate = await runCli(["rules", "validate", rules]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    const test = await runCli(["rules", "test", rules]);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /3 passed, 0 failed/);

    const { result, stdout } = await audit(
      "test/fixtures/config/bundle",
      "--rules",
      rules,
      "--explain",
      "contoso-content-download-failed",
    );
    const finding = result.findings.find((f) => f.ruleId === "contoso-content-download-failed");
    assert.equal(finding?.summary, "WSUS logged 2 content download failures (event 364).");
    assert.match(
      stdout,
      /has at least one row where eventId is one of 364 and count is at least 2\n {6}rows: \d+ compared, 1 matched\n {8}✓ eventId = 364, count = 2/,
    );

    // The repository's fixture is the document's rule (only the schema path differs by folder depth).
    const fixture = JSON.parse(
      await readFile(
        join(ROOT, "test/fixtures/custom-rules/evt/contoso-content-download-failed.json"),
        "utf8",
      ),
    ) as Record<string, unknown>;
    assert.deepEqual({ ...fixture, $schema: rule["$schema"] }, rule);
  });
});
