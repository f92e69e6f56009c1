/**
 * Meta-lint of the shipped rules (npm run check:rules), as ESLint's checkRuleFiles: every rule
 * loads (schema, facts, operators, parameters, templates), names only catalogue checks, ships
 * tests with valid and invalid cases that pass, and every catalogue check has a rule.
 */
import { relative } from "node:path";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../src/checks/catalogue.js";
import { loadRules, RuleLoadError } from "../src/engine/load-rules.js";
import { runRuleTestsWithEvidence } from "../src/pipeline/rule-tests.js";
import { CHECKS } from "../src/knowledge/checks.js";

const failures: string[] = [];
const root = process.cwd();

let rules;
try {
  rules = await loadRules([SHIPPED_RULES_DIR], { facts: FACT_CATALOGUE, displayRoot: root });
} catch (error) {
  if (!(error instanceof RuleLoadError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const catalogue = new Set(CHECKS.map((check) => check.id));
for (const rule of rules) {
  for (const check of [...rule.definition.checks, ...(rule.definition.related ?? [])]) {
    if (!catalogue.has(check))
      failures.push(`${rule.origin}: names check ${check}, which is not in the catalogue (CHECKS.md)`);
  }
  if (rule.definition.summary.trim() === "") failures.push(`${rule.origin}: empty summary`);
}
const implemented = new Set(rules.flatMap((rule) => rule.definition.checks));
const missing = CHECKS.filter((check) => !implemented.has(check.id)).map((check) => check.id);
if (missing.length > 0) console.log(`note: catalogue checks no rule implements yet: ${missing.join(" ")}`);

const report = await runRuleTestsWithEvidence(rules);
for (const problem of report.problems) failures.push(`${relative(root, problem.file)}: ${problem.message}`);
for (const result of report.results.filter((r) => !r.passed)) {
  failures.push(`${result.file}: case "${result.name}": ${result.message}`);
}

for (const failure of failures) console.error(`✗ ${failure}`);
const passed = report.results.filter((r) => r.passed).length;
console.log(
  `rule files: ${rules.length}; rule test cases: ${passed} passed, ${report.results.length - passed} failed`,
);
if (failures.length > 0) {
  console.error(`check:rules: ${failures.length} problem(s)`);
  process.exit(1);
}
