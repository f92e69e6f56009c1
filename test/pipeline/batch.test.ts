import { strict as assert } from "node:assert";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBatch, expandInputs } from "../../src/pipeline/batch.js";
import { assignFolderNames, safeFolderName } from "../../src/pipeline/batch/folder-names.js";
import { expandGlob } from "../../src/pipeline/batch/glob.js";
import { makeZip } from "../helpers/zip-writer.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const healthErrors = await readFile(join(ROOT, "test/fixtures/zip/Application-health-errors.csv"));
const healthy = await readFile(join(ROOT, "test/fixtures/zip/Application-healthy.csv"));

/** bundles/ with two good folders, a good zip, a corrupt zip, an empty folder and a folder of junk. */
async function makeBundles(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-batch-"));
  const bundles = join(dir, "bundles");
  await mkdir(join(bundles, "berlin", "eventlog"), { recursive: true });
  await writeFile(join(bundles, "berlin", "eventlog", "Application.csv"), healthErrors);
  await writeFile(
    join(bundles, "berlin", "bundle.json"),
    JSON.stringify({ customer: "Fabrikam <GmbH>", site: "Berlin" }),
  );
  await mkdir(join(bundles, "munich", "eventlog"), { recursive: true });
  await writeFile(join(bundles, "munich", "eventlog", "Application.csv"), healthy);
  await writeFile(
    join(bundles, "hamburg.zip"),
    makeZip([{ name: "eventlog/Application.csv", data: healthErrors }]),
  );
  await writeFile(join(bundles, "paris.zip"), Buffer.from("PK\u0003\u0004 cut off during the upload"));
  await mkdir(join(bundles, "empty"));
  await mkdir(join(bundles, "junk"));
  await writeFile(join(bundles, "junk", "notes.txt"), "nothing WSUS here\r\n");
  await writeFile(join(bundles, "readme.txt"), "not a bundle");
  return bundles;
}

describe("batch inputs", () => {
  it("a folder of bundles: each subfolder and .zip, sorted; other files ignored", async () => {
    const bundles = await makeBundles();
    const inputs = await expandInputs([bundles]);
    assert.deepEqual(
      inputs.map((i) => i.name),
      ["berlin", "empty", "hamburg", "junk", "munich", "paris"],
    );
    assert.ok(inputs.every((i) => !i.problem));
  });

  it("a bundle folder with bundle.json, a zip, a glob (case-insensitive) and a missing path", async () => {
    const bundles = await makeBundles();
    const inputs = await expandInputs([
      join(bundles, "berlin"),
      join(bundles, "hamburg.zip"),
      join(bundles, "*.ZIP"),
      join(bundles, "nowhere"),
    ]);
    assert.deepEqual(
      inputs.map((i) => [i.name, i.problem ?? ""]),
      [
        ["berlin", ""],
        ["hamburg", ""],
        ["paris", ""],
        ["nowhere", `${join(bundles, "nowhere")} does not exist`],
      ],
    );
    assert.deepEqual(await expandGlob(join(bundles, "**", "*.csv")), [
      join(bundles, "berlin/eventlog/Application.csv"),
      join(bundles, "munich/eventlog/Application.csv"),
    ]);
  });

  it("output folder names are safe and distinct", () => {
    assert.equal(safeFolderName("../../etc"), "_.._etc");
    assert.equal(safeFolderName("CON"), "_CON");
    assert.equal(safeFolderName("index.html"), "_index.html");
    assert.equal(safeFolderName("<script>x</script>"), "_script_x_script_");
    assert.equal(safeFolderName("Zürich HQ"), "Zürich HQ");
    assert.deepEqual(assignFolderNames(["contoso", "Contoso", "contoso", "a/b", "a_b"]), [
      "contoso",
      "Contoso-2",
      "contoso-3",
      "a_b",
      "a_b-2",
    ]);
  });
});

describe("auditBatch", () => {
  it("audits the good bundles and reports the corrupt zip, the empty folder and the junk folder with reasons", async () => {
    const bundles = await makeBundles();
    const rules = await loadRules([join(ROOT, "rules/evt")], { facts: FACT_CATALOGUE });
    const seen: string[] = [];
    const run = await auditBatch(await expandInputs([bundles]), {
      rules,
      concurrency: 3,
      onResult: async (result, entry) => {
        seen.push(`${entry.folder}:${result.bundle.name}`);
        return { reports: [`${entry.folder}/result.json`], warnings: [] };
      },
    });
    const byName = Object.fromEntries(run.entries.map((e) => [e.name, e]));
    assert.deepEqual(
      run.entries.map((e) => [e.name, e.status]),
      [
        ["berlin", "audited"],
        ["empty", "failed"],
        ["hamburg", "audited"],
        ["junk", "failed"],
        ["munich", "audited"],
        ["paris", "failed"],
      ],
    );
    assert.equal(byName["berlin"]!.verdict?.status, "fail");
    assert.equal(byName["berlin"]!.customer, "Fabrikam <GmbH>");
    assert.equal(byName["berlin"]!.findings.high, 1);
    assert.deepEqual(
      byName["berlin"]!.topFindings.map((f) => f.checks),
      [["EVT.HEALTH_ERRORS"]],
    );
    assert.equal(byName["berlin"]!.coverage["EVT.HEALTH_ERRORS"], "failed");
    assert.equal(byName["hamburg"]!.verdict?.status, "fail");
    assert.equal(byName["munich"]!.verdict?.status, "pass");
    assert.equal(byName["munich"]!.coverage["EVT.HEALTH_ERRORS"], "passed");
    assert.match(byName["paris"]!.reason ?? "", /paris\.zip cannot be read as a zip file/);
    assert.match(byName["empty"]!.reason ?? "", /the bundle is empty/);
    assert.match(byName["junk"]!.reason ?? "", /no evidence recognised: 1 file\(s\)/);
    // Results of bundles that were read reach the writer; the unreadable zip has none.
    assert.deepEqual(seen.sort(), [
      "berlin:berlin",
      "empty:empty",
      "hamburg:hamburg",
      "junk:junk",
      "munich:munich",
    ]);
  });

  it("a writer that fails marks only that bundle as failed", async () => {
    const bundles = await makeBundles();
    const rules = await loadRules([join(ROOT, "rules/evt")], { facts: FACT_CATALOGUE });
    const run = await auditBatch(
      await expandInputs([join(bundles, "berlin"), join(bundles, "hamburg.zip")]),
      {
        rules,
        onResult: async (_result, entry) => {
          if (entry.name === "berlin") throw new Error("disk full");
          return { reports: [], warnings: [] };
        },
      },
    );
    assert.deepEqual(
      run.entries.map((e) => [e.name, e.status, e.reason ?? ""]),
      [
        ["berlin", "failed", "the reports could not be written: disk full"],
        ["hamburg", "audited", ""],
      ],
    );
  });

  it("two bundles with the same name (folder and zip) get distinct output folders", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-batch-same-"));
    await mkdir(join(dir, "a", "contoso", "eventlog"), { recursive: true });
    await writeFile(join(dir, "a", "contoso", "eventlog", "Application.csv"), healthy);
    await mkdir(join(dir, "b"));
    await writeFile(join(dir, "b", "contoso.zip"), makeZip([{ name: "Application.csv", data: healthy }]));
    await cp(join(dir, "a", "contoso"), join(dir, "b", "contoso"), { recursive: true });
    const run = await auditBatch(await expandInputs([join(dir, "a"), join(dir, "b")]), {
      rules: await loadRules([join(ROOT, "rules/evt")], { facts: FACT_CATALOGUE }),
    });
    assert.deepEqual(
      run.entries.map((e) => [e.name, e.folder, e.status]),
      [
        ["contoso", "contoso", "audited"],
        ["contoso", "contoso-2", "audited"],
        ["contoso", "contoso-3", "audited"],
      ],
    );
  });
});
