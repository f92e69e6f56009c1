import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { loadRules, RuleLoadError, SHIPPED_RULES_DIR } from "../engine/load-rules.js";
import type { LoadedRule } from "../engine/rule-file.js";
import type { RuleSetConfig } from "../engine/rule-set-config.js";
import { runRuleTests } from "../engine/rule-tests.js";
import { describeSources } from "../engine/evaluate.js";
import { UserError } from "./errors.js";

async function load(folders: string[], config?: RuleSetConfig): Promise<LoadedRule[]> {
  try {
    return await loadRules(folders, { config, displayRoot: process.cwd() });
  } catch (error) {
    if (error instanceof RuleLoadError) throw new UserError(error.message);
    throw error;
  }
}

export async function listRules(args: { rules: string[]; config?: string; json: boolean; "default-rules": boolean }): Promise<number> {
  const config = await loadConfig(args.config).catch((error: Error) => {
    throw new UserError(error.message);
  });
  const folders = [...(args["default-rules"] ? [SHIPPED_RULES_DIR] : []), ...config.ruleFolders, ...args.rules.map((f) => resolve(f))];
  const rules = await load(folders, config.ruleSet);
  const rows = rules.map((rule) => ({
    id: rule.definition.id,
    title: rule.definition.title,
    checks: rule.definition.checks,
    severity: rule.severity,
    defaultSeverity: rule.definition.severity,
    area: rule.definition.area,
    enabled: rule.enabled,
    source: rule.definition.source,
    requires: rule.definition.requires,
    origin: rule.origin,
    overrides: rule.overrides,
  }));
  if (args.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    console.log(`${row.id}  [${row.checks.join(", ")}]  ${row.severity}${row.enabled ? "" : " (disabled)"}  ${row.area}`);
    console.log(`    ${row.title}`);
    console.log(`    needs: ${describeSources(row.requires)} · source: ${row.source.section} · from ${row.origin}`);
    if (row.overrides.length) console.log(`    overridden: ${row.overrides.join("; ")}`);
  }
  console.log(`${rows.length} rules`);
  return 0;
}

export async function validateRules(dir: string | undefined): Promise<number> {
  const folder = dir ? resolve(dir) : SHIPPED_RULES_DIR;
  const rules = await load([folder]);
  console.log(`${rules.length} rule files valid in ${dir ?? "the shipped rules"}.`);
  return 0;
}

export async function testRules(dir: string | undefined): Promise<number> {
  const folder = dir ? resolve(dir) : SHIPPED_RULES_DIR;
  const rules = await load([folder]);
  const report = await runRuleTests(rules, (origin) => resolve(process.cwd(), origin));
  for (const result of report.results) {
    if (!result.passed) console.log(`✗ ${result.rule} › ${result.name} (${result.file}): ${result.message}`);
  }
  for (const problem of report.problems) console.log(`✗ ${problem.file}: ${problem.message}`);
  const passed = report.results.filter((r) => r.passed).length;
  const failed = report.results.length - passed + report.problems.length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
