import { strict as assert } from "node:assert";
import { mkdtemp, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { SOURCE_NAMES } from "../../src/collectors/sources.js";

describe("wsus-audit command line", () => {
  it("--help lists the commands and exit codes", async () => {
    const run = await runCli(["--help"]);
    assert.equal(run.code, 0);
    for (const word of ["audit <bundle>", "rules", "formats", "facts", "Exit codes"])
      assert.ok(run.stdout.includes(word), word);
  });

  it("formats lists every evidence kind with how to collect it and its status", async () => {
    const run = await runCli(["formats", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as {
      kind: string;
      source: string;
      howToCollect: string;
      status: string;
    }[];
    const kinds = rows.map((row) => row.kind);
    for (const kind of [
      "gpresult-xml",
      "registry-pol",
      "icacls",
      "procmon-csv",
      "eventlog-evtx",
      "nps-soh-text",
      "wsus-computers-csv",
      "wsus-computers-json",
      "wsus-computers-clixml",
      "ad-computers-csv",
    ]) {
      assert.ok(kinds.includes(kind), kind);
    }
    assert.deepEqual(
      [...new Set(rows.map((row) => row.source))].sort(),
      [...SOURCE_NAMES].sort(),
      "every evidence source of the table",
    );
    for (const kind of ["wu-log-classic", "wu-log-etl", "reporting-events", "client-registry"])
      assert.equal(rows.find((row) => row.kind === kind)?.source, "client", kind);
    assert.ok(rows.every((row) => row.howToCollect.length > 20));
    assert.match(rows.find((row) => row.kind === "procmon-pml")!.status, /^recognised only/);
    assert.equal(rows.find((row) => row.kind === "procmon-csv")!.status, "read");
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"]);
    assert.match(run.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  it("no command is a usage error: exit 2, one sentence, no stack trace", async () => {
    const run = await runCli([]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Name a command/);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/);
  });

  it("a bundle that does not exist is an input error (exit 2)", async () => {
    const run = await runCli(["audit", "/nonexistent/bundle", "--format", "json"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /does not exist/);
  });

  it("an unknown format is a usage error naming the choices", async () => {
    const run = await runCli(["audit", "samples", "--format", "docx"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown report format "docx"; choose from html, pdf, json, csv, md/);
  });

  it("a broken rule folder gives exit 2 naming the file and pointer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-rules-"));
    await writeFile(join(dir, "bad.json"), JSON.stringify({ id: "bad", title: "Bad rule" }));
    const run = await runCli(["rules", "validate", dir]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.json: must have required property 'checks'/);
  });

  it("a bundle with nothing recognised gets a report listing every file as skipped, and exits 2", async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-empty-"));
    await mkdir(join(bundle, "misc"));
    await writeFile(
      join(bundle, "misc", "notes.txt"),
      "Customer said the clients stopped reporting last Tuesday.\r\n",
    );
    const out = await mkdtemp(join(tmpdir(), "wsus-out-"));
    const run = await runCli(["audit", bundle, "--out", out, "--format", "json"]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /error: no evidence recognised in .*; nothing was audited/);
    const { readFile } = await import("node:fs/promises");
    const result = JSON.parse(await readFile(join(out, "result.json"), "utf8")) as {
      verdict: { status: string };
      inventory: { path: string; status: string; reason: string }[];
    };
    assert.equal(result.verdict.status, "incomplete");
    assert.equal(result.inventory[0]!.path, "misc/notes.txt");
    assert.equal(result.inventory[0]!.status, "skipped");
    assert.match(result.inventory[0]!.reason, /not recognised.*wsus-audit formats/);
  });

  it("--fail-on decides the exit code and names the findings that caused it", async () => {
    const out = await mkdtemp(join(tmpdir(), "wsus-out-"));
    const args = ["audit", "samples/quickstart", "--out", out, "--format", "json"];
    const high = await runCli([...args, "--fail-on", "high"]);
    assert.equal(high.code, 1, high.stderr);
    assert.match(high.stderr, /exit 1: --fail-on high and \d+ open finding\(s\) at or above it:/);
    assert.match(high.stderr, /\n {2}(critical|high) [a-z0-9-]+: \S/);
    const none = await runCli([...args, "--fail-on", "none"]);
    assert.equal(none.code, 0, none.stderr);
    assert.doesNotMatch(none.stderr, /exit 1/);
  });

  it("a PDF that cannot be printed exits 2 and says why; the other formats are still written", async () => {
    const out = await mkdtemp(join(tmpdir(), "wsus-out-"));
    const run = await runCli([
      "audit",
      "samples/quickstart",
      "--out",
      out,
      "--format",
      "html,pdf,json",
      "--browser",
      join(out, "no-such-browser.exe"),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /error: report\.pdf was not written\. Cannot render PDF: --browser is .*no-such-browser\.exe/,
    );
    const { readdir } = await import("node:fs/promises");
    assert.deepEqual((await readdir(out)).sort(), ["report.html", "result.json"]);
  });

  it("`audit .` inside the evidence writes its reports beside the folder, not into it", async () => {
    const parent = await mkdtemp(join(tmpdir(), "wsus-cases-"));
    const bundle = join(parent, "Contoso");
    const { cp, readdir } = await import("node:fs/promises");
    await cp(join(process.cwd(), "samples/quickstart"), bundle, { recursive: true });
    const before = (await readdir(bundle)).sort();
    const run = await runCli(["audit", ".", "--format", "json"], { cwd: bundle });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /note: \.\/reports\/Contoso is inside the evidence folder .*Contoso; the reports go to .*reports\/Contoso/,
    );
    assert.deepEqual((await readdir(bundle)).sort(), before, "nothing was added to the evidence");
    assert.deepEqual(await readdir(join(parent, "reports", "Contoso")), ["result.json"]);
  });

  it("the configuration file in use is printed, also when it was found in the current folder", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "wsus-cwd-"));
    await writeFile(
      join(cwd, "wsus-audit.config.json"),
      '{ "branding": { "company": "Contoso Consulting" } }',
    );
    const run = await runCli(
      [
        "audit",
        join(process.cwd(), "samples/quickstart"),
        "--out",
        join(cwd, "r"),
        "--format",
        "json",
        "--quiet",
      ],
      { cwd },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /using configuration .*wsus-audit\.config\.json/);
  });
});
