/**
 * JSON inputs (bundle.json, rule files, the configuration, a result.json given to the renderers) may
 * carry keys such as "__proto__", "constructor" and "prototype". They change nothing: Object.prototype
 * stays clean, the parsed values equal those of the same file without the keys, and nothing throws.
 */
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseManifest } from "../../src/bundle/discover.js";
import { parseConfigText, ConfigError } from "../../src/config/load-config.js";
import { parseRuleText, type RuleProblem } from "../../src/engine/load-rules.js";
import type { AuditResult } from "../../src/result/types.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderCsv, renderHtml, renderJson, renderMarkdown } from "../../src/report/index.js";
import { ROOT } from "../helpers/cli.js";
import { loadableRuleFolders } from "./helpers.js";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../src/checks/catalogue.js";

const FORBIDDEN = ["__proto__", "constructor", "prototype"];

/** A payload that would mark Object.prototype if any code merged it naively. */
const PAYLOAD = { polluted: "yes", toString: "polluted", isAdmin: true };

/** Deep copy of a JSON value where every object also holds own "__proto__", "constructor", "prototype" keys. */
function poison(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poison);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = poison(inner);
  for (const key of FORBIDDEN) {
    Object.defineProperty(copy, key, {
      value: key === "constructor" ? { prototype: PAYLOAD } : PAYLOAD,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** JSON text as an attacker writes it: the keys are literal in the text. */
function poisonedText(value: unknown): string {
  const text = JSON.stringify(poison(value));
  assert.match(text, /"__proto__":\{"polluted"/, "the payload is in the text");
  return text;
}

function assertPrototypesClean(): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe["polluted"], undefined, "Object.prototype.polluted");
  assert.equal(probe["isAdmin"], undefined, "Object.prototype.isAdmin");
  assert.equal(typeof probe.toString, "function", "Object.prototype.toString intact");
  assert.deepEqual(
    Object.getOwnPropertyNames(Object.prototype).filter((name) => name === "polluted" || name === "isAdmin"),
    [],
  );
  assert.equal(([] as unknown as Record<string, unknown>)["polluted"], undefined, "Array.prototype");
}

describe("__proto__ / constructor / prototype keys in JSON inputs change nothing", () => {
  after(assertPrototypesClean);

  it("bundle.json", () => {
    const manifest = {
      customer: "Fabrikam GmbH",
      site: "Berlin HQ",
      wsus: { server: "wsus01.fabrikam.local", port: 8530, ssl: false, contentDir: "D:\\WSUS\\WSUSContent" },
    };
    const clean = parseManifest(JSON.stringify(manifest));
    const hostile = parseManifest(poisonedText(manifest));
    assertPrototypesClean();
    assert.deepEqual(hostile.manifest, clean.manifest);
    assert.equal(Object.getPrototypeOf(hostile.manifest), Object.prototype);
    assert.equal(Object.getPrototypeOf(hostile.manifest.wsus), Object.prototype);
    assert.deepEqual(hostile.problems, clean.problems);
  });

  it("the configuration file: rejected with a pointer, or read as if the keys were absent", () => {
    const config = {
      rules: { "gpo-au-configured": { severity: "low", params: { minimum: 2 } } },
      waivers: [{ rule: "gpo-au-configured", reason: "accepted", match: { path: "C:\\x" } }],
      branding: { company: "Contoso" },
      limits: { maxFileBytes: 1000, maxLineLength: 100 },
    };
    let outcome: unknown;
    try {
      outcome = parseConfigText(poisonedText(config), "/cfg/wsus-audit.config.json");
    } catch (error) {
      assert.ok(error instanceof ConfigError, `a ConfigError, not ${(error as Error).name}`);
      assert.match(error.message, /wsus-audit\.config\.json at \/\S*/, "names the file and the pointer");
    }
    assertPrototypesClean();
    if (outcome) {
      const clean = parseConfigText(JSON.stringify(config), "/cfg/wsus-audit.config.json");
      assert.deepEqual(JSON.parse(JSON.stringify(outcome)), JSON.parse(JSON.stringify(clean)));
    }
    // Lookups by rule id never reach Object.prototype members.
    const clean = parseConfigText(JSON.stringify(config), "/cfg/wsus-audit.config.json");
    assert.equal(clean.ruleSet.severity?.["constructor"], undefined);
    assert.equal(clean.ruleSet.disabled?.["__proto__"], undefined);
  });

  it("rule files: every shipped rule with the keys injected is rejected by the schema or loads unchanged", async () => {
    const files = readdirSync(SHIPPED_RULES_DIR, { recursive: true, encoding: "utf8" })
      .filter(
        (name) => name.endsWith(".json") && !name.endsWith(".test.json") && !name.endsWith(".schema.json"),
      )
      .sort();
    assert.ok(files.length > 0, "shipped rules exist");
    for (const name of files) {
      const text = readFileSync(join(SHIPPED_RULES_DIR, name), "utf8");
      const problems: RuleProblem[] = [];
      const loaded = await parseRuleText(
        poisonedText(JSON.parse(text)),
        name,
        { facts: FACT_CATALOGUE },
        problems,
      );
      assertPrototypesClean();
      if (loaded) {
        const cleanProblems: RuleProblem[] = [];
        const clean = await parseRuleText(text, name, { facts: FACT_CATALOGUE }, cleanProblems);
        assert.equal(loaded.definition.id, clean?.definition.id, name);
        assert.deepEqual(problems, cleanProblems, name);
      } else {
        assert.ok(problems.length > 0, `${name}: a rejected rule says why`);
        for (const problem of problems) assert.equal(problem.file, name);
      }
    }
  });

  it("result.json given to the renderers (html, json, csv, md)", async () => {
    const ruleFolders = await loadableRuleFolders();
    const result = await auditBundle(join(ROOT, "samples", "healthy"), {
      noDefaultRules: true,
      ruleFolders,
      now: new Date("2026-11-20T10:00:00Z"),
    });
    assert.ok(result.rules.length > 0, "some rules ran");
    const hostile = JSON.parse(poisonedText(JSON.parse(JSON.stringify(result)))) as AuditResult;
    assertPrototypesClean();
    const html = renderHtml(hostile);
    assertPrototypesClean();
    assert.match(html, /<\/html>\s*$/i, "a whole report is rendered");
    renderJson(hostile);
    renderCsv(hostile);
    renderMarkdown(hostile);
    assertPrototypesClean();
  });
});
