/**
 * Every shipped rule cites its source as a reader finds it: the document's title, the section and
 * its public address — never an internal file name that exists nowhere in the repository.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";
import { loadRules } from "../../src/engine/load-rules.js";

const rules = await loadRules([SHIPPED_RULES_DIR], { facts: FACT_CATALOGUE });

describe("rule sources are cited by name", () => {
  it("there are shipped rules", () => assert.ok(rules.length > 30));

  for (const rule of rules) {
    it(rule.definition.id, () => {
      const source = rule.definition.source;
      assert.equal(source.doc, undefined, "cite by title, not by document name");
      assert.ok(
        source.title && !/\.(txt|md|json)\b/.test(source.title),
        `a title, not a file: ${source.title}`,
      );
      assert.match(source.url ?? "", /^https:\/\/[a-z0-9.-]+\.[a-z]{2,}\//, "a public https address");
      assert.ok(source.section.length > 0 && !/knowledge\//.test(source.section), source.section);
    });
  }
});
