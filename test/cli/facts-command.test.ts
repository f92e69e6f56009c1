/** `wsus-audit facts <bundle>` through the built CLI, on test/fixtures/config/bundle (an Event Viewer CSV export). */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";

const BUNDLE = "test/fixtures/config/bundle";

describe("wsus-audit facts", () => {
  it("--json prints the merged facts only: bundle and the sources present", async () => {
    const run = await runCli(["facts", BUNDLE, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const facts = JSON.parse(run.stdout) as {
      bundle: { sources: string[]; wsus: { port: number } };
      eventlog: { wsus: { total: number } };
    };
    assert.deepEqual(facts.bundle.sources, ["eventlog"]);
    assert.equal(facts.bundle.wsus.port, 8531);
    assert.equal(facts.eventlog.wsus.total, 6);
  });

  it("without --json lists the files read on stderr, keeping stdout JSON", async () => {
    const run = await runCli(["facts", BUNDLE, "--fact", "eventlog"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^parsed +eventlog-csv +eventlog\/Application\.csv$/m);
    assert.equal((JSON.parse(run.stdout) as { totalEvents: number }).totalEvents, 7);
  });

  it("--fact with --params computes a parameterised fact as a rule condition would", async () => {
    const run = await runCli([
      "facts",
      BUNDLE,
      "--json",
      "--fact",
      "wsusEvents",
      "--params",
      '{"eventIds":[364]}',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as { eventId: number; count: number; file: string; line: number }[];
    assert.deepEqual(
      rows.map((row) => [row.eventId, row.count, row.file, row.line]),
      [[364, 2, "eventlog/Application.csv", 6]],
    );
  });

  it("an unknown fact or parameter is exit 2 naming what exists", async () => {
    const fact = await runCli(["facts", BUNDLE, "--fact", "wsusEvent"]);
    assert.equal(fact.code, 2);
    assert.match(fact.stderr, /No fact "wsusEvent"; the catalogue has: .*wsusEvents/);
    const param = await runCli(["facts", BUNDLE, "--fact", "wsusEvents", "--params", '{"ids":[364]}']);
    assert.equal(param.code, 2);
    assert.match(param.stderr, /fact "wsusEvents" takes no parameter "ids"; it takes: eventIds/);
  });

  it("an evidence source the bundle lacks prints null and says which sources it has", async () => {
    const run = await runCli(["facts", BUNDLE, "--fact", "gpo"]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), "null");
    assert.match(run.stderr, /The bundle holds no gpo evidence; sources present: eventlog\./);
  });
});
