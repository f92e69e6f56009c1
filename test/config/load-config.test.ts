import { strict as assert } from "node:assert";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { CONFIG_SCHEMA, ConfigError, loadConfig, parseConfigText } from "../../src/config/load-config.js";
import { loadRules, RuleLoadError } from "../../src/engine/load-rules.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const customRules = join(fixtures, "custom-rules");
const CONFIG = join(fixtures, "config", "wsus-audit.config.json");

function problemsOf(
  text: string,
  file = "/customer/wsus-audit.config.json",
): { pointer: string; message: string }[] {
  try {
    parseConfigText(text, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  return assert.fail("the configuration should have been refused");
}

async function loadError(config: ReturnType<typeof parseConfigText>): Promise<RuleLoadError> {
  return loadRules([customRules], { facts: FACT_CATALOGUE, config: config.ruleSet }).then(
    () => assert.fail("the rules should not load"),
    (error: unknown) => {
      assert.ok(error instanceof RuleLoadError, String(error));
      return error;
    },
  );
}

describe("wsus-audit.config.json: finding and parsing", () => {
  it("finds wsus-audit.config.json in the current folder, resolves folders and the logo against it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-config-"));
    await mkdir(join(dir, "rules-custom"));
    await writeFile(
      join(dir, "wsus-audit.config.json"),
      `\uFEFF${JSON.stringify({ ruleFolders: ["rules-custom"], branding: { logo: "logo.png", customer: "Contoso Ltd" } })}`,
    );
    const config = await loadConfig(undefined, dir);
    assert.equal(config.origin, join(dir, "wsus-audit.config.json"));
    assert.deepEqual(config.ruleFolders, [join(dir, "rules-custom")]);
    assert.equal(config.branding.logo, join(dir, "logo.png"));
    assert.equal(config.branding.customer, "Contoso Ltd");
  });

  it("without a file there is no configuration; a missing --config file is an error naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-config-"));
    const none = await loadConfig(undefined, dir);
    assert.equal(none.origin, undefined);
    assert.deepEqual(none.ruleFolders, []);
    await assert.rejects(
      loadConfig("customer.json", dir),
      /customer\.json: the configuration file does not exist/,
    );
  });

  it("a rule folder that does not exist is an error naming the configuration and the pointer", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-config-"));
    await writeFile(join(dir, "customer.json"), JSON.stringify({ ruleFolders: [".", "rules-custmo"] }));
    await assert.rejects(loadConfig("customer.json", dir), (error: ConfigError) => {
      assert.deepEqual(error.problems, [
        {
          file: join(dir, "customer.json"),
          pointer: "/ruleFolders/1",
          message: `the rule folder ${join(dir, "rules-custmo")} does not exist`,
        },
      ]);
      return true;
    });
  });

  it("normalises the fixture: disabled with reason, severity, parameters, waivers, branding", async () => {
    const config = await loadConfig(CONFIG);
    const set = config.ruleSet;
    assert.match(
      set.disabled!["contoso-content-download-failed"]!,
      /syncs content from Microsoft Update overnight/,
    );
    assert.equal(set.severity!["contoso-wsus-error-burst"], "medium");
    assert.deepEqual({ ...set.params!["contoso-wsus-error-burst"] }, { threshold: 5 });
    assert.equal(set.waivers!.length, 2);
    assert.deepEqual(
      { ...set.waivers![0]!.match },
      { component: "WSUS content*", file: "eventlog/Application.csv" },
    );
    assert.equal(set.file, CONFIG);
    assert.deepEqual(config.ruleFolders, [customRules]);
  });

  it("accepts $schema, and the fixture validates against the schema file editors use", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);
    const text = JSON.stringify({ $schema: "./config.schema.json", rules: {} });
    assert.equal(parseConfigText(text, "/c/wsus-audit.config.json").ruleFolders.length, 0);
    assert.equal(validate(JSON.parse(text)), true);
  });
});

describe("wsus-audit.config.json: problems name the file, the JSON pointer and what is wrong", () => {
  it("not JSON", () => {
    const [problem] = problemsOf('{ "rules": { ');
    assert.equal(problem!.pointer, "");
    assert.match(problem!.message, /not valid JSON/);
  });

  it("unknown properties, a wrong severity, a non-date expiry, a bad colour, a waiver without a reason", () => {
    const problems = problemsOf(
      JSON.stringify({
        rule: {},
        rules: { "gpo-port-mismatch": { severity: "urgent", enable: false } },
        waivers: [
          { rule: "gpo-port-mismatch", reason: "ok", expires: "31.12.2026" },
          { rule: "gpo-port-mismatch", expires: "2026-02-30" },
        ],
        branding: { accentColor: "green" },
      }),
    );
    const lines = problems.map((p) => `${p.pointer} ${p.message}`);
    const expected = [
      /^ unknown property "rule"$/,
      /^\/rules\/gpo-port-mismatch unknown property "enable"$/,
      /^\/rules\/gpo-port-mismatch\/severity must be equal to one of the allowed values: \["critical","high","medium","low","info"\]$/,
      /^\/waivers\/0\/expires must be a date as YYYY-MM-DD$/,
      /^\/waivers\/1 must have required property 'reason'$/,
      /^\/branding\/accentColor must be a colour as #rrggbb or #rgb$/,
    ];
    for (const pattern of expected)
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `${pattern} in\n${lines.join("\n")}`,
      );
  });

  it("an impossible calendar date is refused", () => {
    const problems = problemsOf(
      JSON.stringify({ waivers: [{ rule: "gpo-port-mismatch", reason: "ok", expires: "2026-02-30" }] }),
    );
    assert.deepEqual(problems, [
      {
        file: "/customer/wsus-audit.config.json",
        pointer: "/waivers/0/expires",
        message: '"2026-02-30" is not a calendar date',
      },
    ]);
  });

  it("a waiver or a rules entry naming an unknown rule is an error at load time, naming the configuration file", async () => {
    const config = parseConfigText(
      JSON.stringify({
        rules: { "contoso-wsus-error-burts": { severity: "low" } },
        waivers: [{ rule: "contoso-no-such-rule", reason: "typo" }],
      }),
      "/customer/wsus-audit.config.json",
    );
    const error = await loadError(config);
    const lines = error.problems.map((p) => `${p.file} ${p.pointer} ${p.message}`);
    assert.ok(
      lines.includes(
        '/customer/wsus-audit.config.json /rules/contoso-wsus-error-burts names rule "contoso-wsus-error-burts", which no rule folder holds (see `wsus-audit rules list`)',
      ),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith('/customer/wsus-audit.config.json /waivers/0/rule names rule "contoso-no-such-rule"'),
      ),
      lines.join("\n"),
    );
  });

  it("an unknown or wrongly typed parameter is an error naming the configuration file and pointer", async () => {
    const config = parseConfigText(
      JSON.stringify({
        rules: {
          "contoso-wsus-error-burst": { params: { treshold: 5 } },
          "contoso-content-download-failed": { params: { eventIds: 364 } },
        },
      }),
      "/customer/wsus-audit.config.json",
    );
    const error = await loadError(config);
    const lines = error.problems.map((p) => `${p.file} ${p.pointer} ${p.message}`);
    assert.ok(
      lines.some((l) =>
        /^\/customer\/wsus-audit\.config\.json \/rules\/contoso-wsus-error-burst\/params\/treshold rule "contoso-wsus-error-burst" \(.*contoso-wsus-error-burst\.json\) has no parameter "treshold"; it has: threshold$/.test(
          l,
        ),
      ),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) =>
        l.endsWith(
          'parameter "eventIds" of rule "contoso-content-download-failed" must be an array, not a number',
        ),
      ),
      lines.join("\n"),
    );
  });
});

describe("__proto__ and constructor keys change nothing", () => {
  it("refuses __proto__ as a rule id, parameter name or waiver match key and leaves Object.prototype alone", () => {
    const text =
      '{ "rules": { "__proto__": { "enabled": false }, "contoso-wsus-error-burst": { "params": { "__proto__": { "polluted": true } } } },' +
      '  "waivers": [ { "rule": "contoso-wsus-error-burst", "reason": "x", "match": { "__proto__": "x" } } ], "__proto__": { "polluted": true } }';
    const problems = problemsOf(text);
    const pointers = problems.map((p) => p.pointer);
    for (const pointer of [
      "/rules/__proto__",
      "/rules/contoso-wsus-error-burst/params/__proto__",
      "/waivers/0/match/__proto__",
    ]) {
      assert.ok(pointers.includes(pointer), `${pointer} in ${pointers.join(", ")}`);
    }
    assert.ok(problems.some((p) => p.pointer === "" && p.message === 'unknown property "__proto__"'));
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  it("a rule id or parameter named constructor finds nothing inherited: it is an unknown rule or parameter", async () => {
    const config = parseConfigText(
      JSON.stringify({
        rules: {
          constructor: { enabled: false },
          "contoso-wsus-error-burst": { params: { constructor: 1 } },
        },
      }),
      "/customer/wsus-audit.config.json",
    );
    const error = await loadError(config);
    const lines = error.problems.map((p) => `${p.pointer} ${p.message}`);
    assert.ok(
      lines.some((l) => l.startsWith('/rules/constructor names rule "constructor"')),
      lines.join("\n"),
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith('/rules/contoso-wsus-error-burst/params/constructor rule "contoso-wsus-error-burst"'),
      ),
      lines.join("\n"),
    );
  });

  it("a rule whose id is constructor is not disabled by what a plain object inherits", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-ctor-"));
    const text = await readFile(join(customRules, "evt", "contoso-wsus-error-burst.json"), "utf8");
    await writeFile(
      join(dir, "constructor.json"),
      text.replace('"id": "contoso-wsus-error-burst"', '"id": "constructor"'),
    );
    const [rule] = await loadRules([dir], {
      facts: FACT_CATALOGUE,
      config: { disabled: {}, severity: {}, params: {} },
    });
    assert.equal(rule!.definition.id, "constructor");
    assert.equal(rule!.enabled, true);
    assert.equal(rule!.severity, "low");
    assert.deepEqual(rule!.overrides, []);
  });

  it("__proto__ in a rule file is refused with its pointer, and pollutes nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-proto-"));
    const rule = JSON.parse(
      await readFile(join(customRules, "evt", "contoso-wsus-error-burst.json"), "utf8"),
    ) as Record<string, unknown>;
    const text = JSON.stringify({ ...rule, id: "proto-test" })
      .replace(
        '"operator":"greaterThanInclusive"',
        '"params":{"__proto__":{"polluted":true}},"operator":"greaterThanInclusive"',
      )
      .replace(/^\{/, '{"__proto__":{"polluted":true},');
    await writeFile(join(dir, "proto-test.json"), text);
    const error = await loadRules([dir], { facts: FACT_CATALOGUE }).then(
      () => assert.fail("should not load"),
      (e: RuleLoadError) => e,
    );
    assert.ok(
      error.problems.some((p) => p.pointer === "" && p.message === 'unknown property "__proto__"'),
      JSON.stringify(error.problems),
    );
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});
