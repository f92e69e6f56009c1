/**
 * Issue 20 case 11: `rules validate` passed templates that fail at audit time. Handlebars parses
 * `{{#each}}…{{/each}}`, `{{shout evidence.total}}` and `{{> details}}` without complaint; they
 * throw only when rendered ("Must pass iterator to #each", "Missing helper", "The partial …
 * could not be found"), which stopped the audit. Validation now renders every template the way
 * the audit does, against the rule's evidence ids and parameters.
 */
import { strict as assert } from "node:assert";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runSourceCli } from "../helpers/source-cli.js";

const RULE = fileURLToPath(
  new URL("../fixtures/custom-rules/evt/contoso-wsus-error-burst.json", import.meta.url),
);

async function ruleFolder(edit: (rule: Record<string, unknown>) => void): Promise<string> {
  const rule = JSON.parse(await readFile(RULE, "utf8")) as Record<string, unknown>;
  delete rule["$schema"];
  edit(rule);
  const dir = await mkdtemp(join(tmpdir(), "wsus-templates-"));
  await writeFile(join(dir, "burst.json"), JSON.stringify(rule, null, 2));
  return dir;
}

describe("rules validate renders every template as the audit does (issue 20 case 11)", () => {
  it("names file and pointer of templates that parse but fail when rendered; exit 2", async () => {
    const dir = await ruleFolder((rule) => {
      rule["summary"] = "{{#each}}{{this}}{{/each}} WSUS events";
      rule["notEvaluatedReason"] = "{{> details}}";
      rule["remediation"] = [
        "Read the events {{shout evidence.total}}.",
        // the body runs only for a row: the audit met it with real rows
        {
          text: "Per row:",
          each: "total",
          commands: ["{{#each evidence.total}}{{#with}}x{{/with}}{{/each}}"],
        },
      ];
    });
    const run = await runSourceCli(["rules", "validate", dir]);
    assert.equal(run.code, 2, run.stdout);
    for (const [pointer, message] of [
      ["/summary", /Must pass iterator to #each/],
      ["/notEvaluatedReason", /The partial details could not be found/],
      ["/remediation/0", /Missing helper: "shout"/],
      ["/remediation/1/commands/0", /#with requires exactly one argument/],
    ] as const) {
      assert.match(
        run.stderr,
        new RegExp(`burst\\.json at ${pointer}: template fails when rendered: ${message.source}`),
        run.stderr,
      );
    }
  });

  it("passes templates that render, whatever the evidence holds", async () => {
    const dir = await ruleFolder((rule) => {
      rule["summary"] =
        '{{#if evidence.total}}{{count evidence.total}} {{plural (count evidence.total) "event"}}{{else}}none{{/if}} at {{params.threshold}} in {{bundle.name}}';
      rule["remediation"] = [
        {
          text: "Each:",
          each: "total",
          commands: ['{{#each evidence.total}}{{lookup this "id"}}{{/each}} {{item.id}}'],
        },
      ];
    });
    const run = await runSourceCli(["rules", "validate", dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1 rule file valid/);
  });
});
