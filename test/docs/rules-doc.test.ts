/**
 * docs/rules.md and the generated sections of docs/rule-authoring.md must be what
 * scripts/gen-rules-doc.ts produces from the rule files and the fact/operator catalogue today.
 */
import { strict as assert } from "node:assert";
import { before, describe, it } from "node:test";
import {
  buildDocs,
  DOCS_SCRIPT,
  fillSections,
  generateRulesDoc,
  loadShippedRules,
} from "../../scripts/gen-rules-doc.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";
import { CUSTOM_OPERATORS } from "../../src/engine/operators.js";

describe("generated rule documentation", () => {
  let docs: { path: string; content: string }[];
  before(async () => {
    docs = await buildDocs();
  });

  it("rules.md documents every shipped rule with its conditions in words and its parameters", async () => {
    const rules = await loadShippedRules();
    const text = await generateRulesDoc(rules);
    for (const rule of rules) {
      const def = rule.definition;
      assert.ok(text.includes(`### \`${def.id}\``), def.id);
      for (const name of Object.keys(def.params ?? {}))
        assert.ok(text.includes(`| \`${name}\` |`), `${def.id} ${name}`);
    }
    assert.equal(text.match(/\*\*Fires when:\*\*/g)?.length, rules.length);
  });

  it("rule-authoring.md documents every fact and every operator, with an example", () => {
    const authoring = docs.find((doc) => doc.path.endsWith("rule-authoring.md"))!.content;
    for (const fact of FACT_CATALOGUE) {
      const start = authoring.indexOf(`### \`${fact.name}\``);
      assert.ok(start > 0, fact.name);
      const section = authoring.slice(start, authoring.indexOf("\n### ", start + 1));
      assert.match(section, /Example value/, fact.name);
      if (fact.params && Object.keys(fact.params).length)
        assert.match(section, /Example condition/, fact.name);
    }
    for (const operator of CUSTOM_OPERATORS) {
      assert.ok(authoring.includes(`### \`${operator.name}\``), operator.name);
      const start = authoring.indexOf(`### \`${operator.name}\``);
      const section = authoring.slice(start, authoring.indexOf("\n### ", start + 1));
      assert.match(section, new RegExp(`"operator": "${operator.name}"`), operator.name);
      assert.match(section, /Reads as: `/, operator.name);
    }
  });

  it("fillSections replaces only the text between the markers, and refuses a page without them", () => {
    const begin = `<!-- BEGIN GENERATED facts: scripts/gen-rules-doc.ts; run \`${DOCS_SCRIPT}\` -->`;
    const page = `intro\n${begin}\nold\n<!-- END GENERATED facts -->\noutro\n`;
    assert.equal(
      fillSections(page, { facts: "new" }),
      `intro\n${begin}\n\nnew\n\n<!-- END GENERATED facts -->\noutro\n`,
    );
    assert.throws(
      () => fillSections("no markers", { facts: "new" }),
      /lacks the markers of the generated section "facts"/,
    );
  });
});
