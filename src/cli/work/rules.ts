/** The work behind `wsus-audit rules list|show|validate|test`: plain functions the tests call without argv. */
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { loadConfig, type WsusAuditConfig } from "../../config/load-config.js";
import { describeSources, type SourceName } from "../../collectors/sources.js";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../../checks/catalogue.js";
import { ruleOriginLabeller } from "../../checks/rule-origin.js";
import { loadRules, RuleLoadError, type ConfiguredRuleSet } from "../../engine/load-rules.js";
import type { LoadedRule } from "../../engine/rule-file.js";
import { sourceTitle } from "../../engine/types.js";
import { testFileFor, type RuleTestFile } from "../../engine/rule-tests.js";
import { runRuleTestsWithEvidence } from "../../pipeline/rule-tests.js";
import { UserError } from "../errors.js";
import { describeRule, parameterRows, rulePathShown } from "./rules-describe.js";
import { shippedRuleIds } from "./rules-new.js";

export interface RuleSetArgs {
  rules: string[];
  config?: string;
  "default-rules": boolean;
}

export async function loadFolders(folders: string[], config?: ConfiguredRuleSet): Promise<LoadedRule[]> {
  try {
    return await loadRules(folders, {
      facts: FACT_CATALOGUE,
      config,
      displayRoot: process.cwd(),
      originLabel: ruleOriginLabeller(folders, config?.file),
    });
  } catch (error) {
    if (error instanceof RuleLoadError) throw new UserError(error.message);
    throw error;
  }
}

export async function readConfig(path: string | undefined): Promise<WsusAuditConfig> {
  return loadConfig(path).catch((error: Error) => {
    throw new UserError(error.message);
  });
}

/** The rule set an audit with these options would run: shipped, config folders, --rules, with the config applied. */
export async function loadRuleSet(
  args: RuleSetArgs,
): Promise<{ rules: LoadedRule[]; config: WsusAuditConfig }> {
  const config = await readConfig(args.config);
  const folders = [
    ...(args["default-rules"] ? [SHIPPED_RULES_DIR] : []),
    ...config.ruleFolders,
    ...args.rules.map((folder) => resolve(folder)),
  ];
  if (folders.length === 0)
    throw new UserError("No rule folder: give --rules <folder> or leave out --no-default-rules.");
  return { rules: await loadFolders(folders, config.ruleSet), config };
}

export interface RuleRow {
  id: string;
  title: string;
  checks: string[];
  severity: string;
  defaultSeverity: string;
  area: string;
  enabled: boolean;
  source: { title: string; section: string; url?: string; doc?: string };
  requires: string[];
  requiresAny: string[];
  params: Record<string, unknown>;
  /** "shipped", or the rule folder (as reports show it). */
  origin: string;
  /** Where an author finds the file: inside the package for shipped rules, else from here. */
  file: string;
  overrides: string[];
}

export function ruleRow(rule: LoadedRule): RuleRow {
  const def = rule.definition;
  return {
    id: def.id,
    title: def.title,
    checks: def.checks,
    severity: rule.severity,
    defaultSeverity: def.severity,
    area: def.area,
    enabled: rule.enabled,
    source: { ...def.source, title: sourceTitle(def.source) },
    requires: def.requires,
    requiresAny: def.requiresAny ?? [],
    params: Object.fromEntries(parameterRows(rule).map((row) => [row.name, row.value])),
    origin: rule.origin,
    file: rulePathShown(rule),
    overrides: rule.overrides,
  };
}

export async function listRules(args: RuleSetArgs & { json: boolean }): Promise<number> {
  const { rules, config } = await loadRuleSet(args);
  const rows = rules.map(ruleRow);
  if (args.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    const severity =
      row.severity === row.defaultSeverity
        ? row.severity
        : `${row.severity} (default ${row.defaultSeverity})`;
    console.log(
      `${row.id}  [${row.checks.join(", ")}]  ${severity}${row.enabled ? "" : "  DISABLED"}  ${row.area}`,
    );
    console.log(`    ${row.title}`);
    const any = row.requiresAny.length ? `; one of ${describeSources(row.requiresAny as SourceName[])}` : "";
    console.log(`    needs: ${describeSources(row.requires as SourceName[])}${any}`);
    console.log(`    source: ${row.source.title}, "${row.source.section}" · from ${row.file}`);
    if (row.overrides.length)
      console.log(`    overridden by ${config.origin ?? "the configuration"}: ${row.overrides.join("; ")}`);
  }
  const disabled = rows.filter((row) => !row.enabled).length;
  console.log(
    `${rows.length} rules${disabled ? ` (${disabled} disabled)` : ""}${config.origin ? ` · configuration ${config.origin}` : ""}`,
  );
  return 0;
}

export async function showRule(args: RuleSetArgs & { id: string; json: boolean }): Promise<number> {
  const { rules } = await loadRuleSet(args);
  const rule = rules.find((candidate) => candidate.definition.id === args.id);
  if (!rule) {
    const near = rules
      .map((r) => r.definition.id)
      .filter((id) => id.includes(args.id) || args.id.includes(id.split("-")[0]!));
    throw new UserError(
      `No rule "${args.id}"${near.length ? `; did you mean ${near.slice(0, 5).join(", ")}?` : ""} Run \`wsus-audit rules list\` for the ids.`,
    );
  }
  if (args.json) {
    console.log(
      JSON.stringify({ ...ruleRow(rule), definition: rule.definition, conditions: rule.conditions }, null, 2),
    );
    return 0;
  }
  console.log(describeRule(rule, await countTests(rule)));
  return 0;
}

async function countTests(
  rule: LoadedRule,
): Promise<{ valid: number; invalid: number; notEvaluated: number; file: string } | undefined> {
  try {
    const tests = JSON.parse(await readFile(testFileFor(rule.file), "utf8")) as RuleTestFile;
    return {
      file: testFileFor(rulePathShown(rule)),
      valid: tests.valid?.length ?? 0,
      invalid: tests.invalid?.length ?? 0,
      notEvaluated: tests.notEvaluated?.length ?? 0,
    };
  } catch {
    return undefined;
  }
}

function folderOf(dir: string | undefined): { folder: string; label: string } {
  return dir
    ? { folder: resolve(dir), label: dir }
    : { folder: SHIPPED_RULES_DIR, label: "the shipped rules" };
}

export async function validateRules(dir: string | undefined): Promise<number> {
  const { folder, label } = folderOf(dir);
  const rules = await loadFolders([folder]);
  if (rules.length === 0) throw new UserError(`No rule file (*.json beside its *.test.json) in ${label}.`);
  if (dir !== undefined && resolve(dir) !== SHIPPED_RULES_DIR) {
    // A consultant's folder runs beside the shipped rules: an id they already use would stop every audit.
    const shipped = await shippedRuleIds();
    const clashes = rules.filter((rule) => shipped.has(rule.definition.id));
    if (clashes.length > 0) {
      throw new UserError(
        clashes
          .map(
            (rule) =>
              `${relative(process.cwd(), rule.file)} at /id: a shipped rule is already called "${rule.definition.id}"; give this rule a new id (and disable the shipped one in the configuration if it replaces it)`,
          )
          .join("\n"),
      );
    }
  }
  console.log(`${rules.length} rule file${rules.length === 1 ? "" : "s"} valid in ${label}.`);
  return 0;
}

export async function testRules(dir: string | undefined, verbose = false): Promise<number> {
  const { folder, label } = folderOf(dir);
  const rules = await loadFolders([folder]);
  if (rules.length === 0) throw new UserError(`No rule file (*.json beside its *.test.json) in ${label}.`);
  const report = await runRuleTestsWithEvidence(rules, (file) => relative(process.cwd(), file));
  for (const result of report.results) {
    if (!result.passed) console.log(`✗ ${result.rule} › ${result.name} (${result.file}): ${result.message}`);
    else if (verbose) console.log(`✓ ${result.rule} › ${result.name} (${result.expected})`);
  }
  for (const problem of report.problems) console.log(`✗ ${problem.file}: ${problem.message}`);
  const passed = report.results.filter((r) => r.passed).length;
  const failed = report.results.length - passed + report.problems.length;
  console.log(
    `${passed} passed, ${failed} failed (${rules.length} rule${rules.length === 1 ? "" : "s"} in ${label})`,
  );
  return failed > 0 ? 1 : 0;
}
