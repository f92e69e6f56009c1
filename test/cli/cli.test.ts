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

  it("a bundle with nothing recognised still gets a report listing every file as skipped", async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-empty-"));
    await mkdir(join(bundle, "misc"));
    await writeFile(
      join(bundle, "misc", "notes.txt"),
      "Customer said the clients stopped reporting last Tuesday.\r\n",
    );
    const out = await mkdtemp(join(tmpdir(), "wsus-out-"));
    const run = await runCli(["audit", bundle, "--out", out, "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /no evidence recognised/);
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

  it("--fail-on decides the exit code", async () => {
    const bundle = await mkdtemp(join(tmpdir(), "wsus-empty-"));
    const run = await runCli([
      "audit",
      bundle,
      "--out",
      join(bundle, "out"),
      "--format",
      "json",
      "--fail-on",
      "info",
    ]);
    assert.equal(run.code, 0);
  });
});
