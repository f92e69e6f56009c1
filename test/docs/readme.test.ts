/** The README's configuration example is a real, valid configuration for the shipped rules. */
import { strict as assert } from "node:assert";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { ROOT } from "../helpers/cli.js";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";

describe("README", () => {
  it("its wsus-audit.config.json example loads against the shipped rules", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const block = /```json\n(\{\n {2}"ruleFolders"[\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(block, "the README shows a configuration example");
    const dir = await mkdtemp(join(tmpdir(), "wsus-readme-"));
    await mkdir(join(dir, "rules-custom"));
    await writeFile(join(dir, "logo.png"), Buffer.from("89504e470d0a1a0a", "hex"));
    await writeFile(join(dir, "wsus-audit.config.json"), block);
    const config = await loadConfig(undefined, dir);
    const rules = await loadRules([SHIPPED_RULES_DIR, ...config.ruleFolders], {
      facts: FACT_CATALOGUE,
      config: config.ruleSet,
    });
    const byId = new Map(rules.map((rule) => [rule.definition.id, rule]));
    assert.equal(byId.get("gpo-status-server-differs")?.enabled, false);
    assert.equal(byId.get("iis-server-errors")?.severity, "medium");
    assert.equal(byId.get("iis-server-errors")?.params["minErrors"], 50);
  });
});
