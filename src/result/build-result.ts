/** Assemble the AuditResult: outcomes → coverage per catalogue check, counts, verdict. */
import type { Facts } from "../collectors/facts.js";
import { CHECKS } from "../knowledge/checks.js";
import type { Evaluation } from "../engine/evaluate.js";
import { completenessOf, type CollectHint } from "./completeness.js";
import {
  SEVERITIES,
  type AuditCompleteness,
  type AuditResult,
  type CheckCoverage,
  type Finding,
  type InventoryEntry,
  type RuleOutcome,
  type RuleOutcomeKind,
  type Severity,
} from "./types.js";

export interface AuditInputs {
  version: string;
  generatedAt: string;
  facts: Facts;
  inventory: InventoryEntry[];
  evaluation: Evaluation;
  diagnostics: AuditResult["diagnostics"];
  /** How to collect each evidence source (the `formats` instructions), for "what to collect next". */
  collectHints?: readonly CollectHint[];
  /** The per-computer answer, when a rule read the computer list. */
  computers?: AuditResult["computers"];
}

const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export function buildAuditResult(inputs: AuditInputs): AuditResult {
  const { facts, evaluation } = inputs;
  const findings = [...evaluation.findings].sort(
    (a, b) =>
      Number(a.status === "accepted") - Number(b.status === "accepted") ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const rules = evaluation.outcomes
    .map((outcome) =>
      outcome.outcome === "failed" && isAccepted(outcome, findings)
        ? { ...outcome, outcome: "accepted" as const, reason: acceptedReason(outcome, findings) }
        : outcome,
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  const inventory = [...inputs.inventory].sort((a, b) => a.path.localeCompare(b.path));
  const checkCoverage = coverage(rules);
  const completeness = completenessOf(
    checkCoverage,
    evaluation.sourcesByCheck ?? {},
    facts.bundle.sources,
    inputs.collectHints ?? [],
  );
  return {
    tool: { name: "wsus-audit", version: inputs.version },
    generatedAt: inputs.generatedAt,
    bundle: { name: facts.bundle.name, manifest: facts.bundle.manifest, sources: facts.bundle.sources },
    verdict: verdict(findings, rules, completeness),
    summary: {
      findings: countFindings(findings),
      accepted: findings.filter((f) => f.status === "accepted").length,
      rules: countOutcomes(rules),
      files: {
        parsed: inventory.filter((e) => e.status === "parsed").length,
        skipped: inventory.filter((e) => e.status === "skipped").length,
        failed: inventory.filter((e) => e.status === "failed").length,
      },
    },
    findings,
    rules,
    coverage: checkCoverage,
    completeness,
    inventory,
    diagnostics: [...evaluation.diagnostics, ...inputs.diagnostics],
    ...(inputs.computers ? { computers: inputs.computers } : {}),
    facts,
  };
}

function isAccepted(outcome: RuleOutcome, findings: Finding[]): boolean {
  return findings.some((f) => f.ruleId === outcome.id && f.status === "accepted");
}

function acceptedReason(outcome: RuleOutcome, findings: Finding[]): string | undefined {
  const waiver = findings.find((f) => f.ruleId === outcome.id)?.waiver;
  return waiver ? `waived: ${waiver.reason}${waiver.owner ? ` (${waiver.owner})` : ""}` : undefined;
}

function countFindings(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) if (finding.status === "failed") counts[finding.severity]++;
  return counts;
}

function countOutcomes(rules: RuleOutcome[]): Record<RuleOutcomeKind, number> {
  const counts: Record<RuleOutcomeKind, number> = {
    failed: 0,
    passed: 0,
    "not-evaluated": 0,
    accepted: 0,
    disabled: 0,
  };
  for (const rule of rules) counts[rule.outcome]++;
  return counts;
}

/** Every catalogue check, plus any check a custom rule names, with the status its rules give it. */
function coverage(rules: RuleOutcome[]): CheckCoverage[] {
  const ids = [...new Set([...CHECKS.map((c) => c.id), ...rules.flatMap((r) => r.checks)])];
  return ids.map((check) => {
    const mine = rules.filter((rule) => rule.checks.includes(check) && rule.outcome !== "disabled");
    const status: CheckCoverage["status"] =
      mine.length === 0
        ? "no-rule"
        : mine.some((r) => r.outcome === "failed")
          ? "failed"
          : mine.some((r) => r.outcome === "accepted")
            ? "accepted"
            : mine.some((r) => r.outcome === "passed")
              ? "passed"
              : "not-evaluated";
    return { check, status, rules: mine.map((r) => r.id) };
  });
}

function verdict(
  findings: Finding[],
  rules: RuleOutcome[],
  completeness: AuditCompleteness,
): AuditResult["verdict"] {
  const coverage = completeness.statement;
  const open = findings.filter((f) => f.status === "failed");
  if (open.length > 0) {
    const top = open[0]!;
    const others = open.length - 1;
    return {
      status: "fail",
      headline: `Clients cannot report in because ${lowerFirst(top.title)}${others > 0 ? ` (and ${others} other problem${others === 1 ? "" : "s"})` : ""}`,
      coverage,
    };
  }
  const evaluated = rules.filter((r) => r.outcome === "passed" || r.outcome === "accepted").length;
  if (evaluated === 0) {
    return {
      status: "incomplete",
      headline: "Nothing could be evaluated: the bundle holds no evidence that the rules can read.",
      coverage,
    };
  }
  // A green verdict is a statement the consultant signs: only when every main cause was looked at.
  const unchecked = completeness.causes.filter((cause) => !cause.covered).map((cause) => cause.label);
  if (unchecked.length > 0) {
    return {
      status: "incomplete",
      headline: `No problem found in what could be checked, but the audit is incomplete: ${listText(unchecked)} ${unchecked.length === 1 ? "was" : "were"} not checked. ${coverage}`,
      coverage,
    };
  }
  const notEvaluated = rules.filter((r) => r.outcome === "not-evaluated").length;
  return {
    status: "pass",
    headline: `No problem found in the evidence provided${notEvaluated > 0 ? `; ${notEvaluated} rule${notEvaluated === 1 ? "" : "s"} could not be evaluated for lack of evidence` : ""}.`,
    coverage,
  };
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function lowerFirst(text: string): string {
  const trimmed = text.replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}
