/**
 * Two AuditResults of the same site, before and after remediation → what was fixed, what is new,
 * what is still open. Findings are matched by fingerprint (rule id + identifying evidence), never
 * by text. A finding that disappeared is only "fixed" when the rule ran again and did not report
 * it; if the rule could not run the second time (evidence missing), it is "not re-checked".
 */
import {
  SEVERITIES,
  type AuditResult,
  type Finding,
  type RuleOutcomeKind,
  type Severity,
} from "../result/types.js";
import { diffComputers, type ComputersDiff } from "./computers.js";

export interface DiffSide {
  bundle: string;
  generatedAt: string;
  verdict: AuditResult["verdict"];
  findings: Record<Severity, number>;
}

export interface StillOpen {
  before: Finding;
  after: Finding;
  /** e.g. "severity high → critical", "accepted by waiver". */
  changes: string[];
}

export interface NotRechecked {
  finding: Finding;
  /** The rule's outcome in the second run, or "absent" when the rule was not in it. */
  outcome: RuleOutcomeKind | "absent";
  reason?: string;
}

export interface ResultDiff {
  before: DiffSide;
  after: DiffSide;
  fixed: Finding[];
  new: Finding[];
  open: StillOpen[];
  notRechecked: NotRechecked[];
  /** Warnings about the comparison itself (different bundles, reversed dates). */
  notes: string[];
  /** Which computers started or stopped reporting, when either audit had a computer list. */
  computers?: ComputersDiff;
}

export function diffResults(before: AuditResult, after: AuditResult): ResultDiff {
  const afterByPrint = groupByFingerprint(after.findings);
  const beforeByPrint = groupByFingerprint(before.findings);
  const afterRules = new Map(after.rules.map((rule) => [rule.id, rule]));
  const fixed: Finding[] = [];
  const notRechecked: NotRechecked[] = [];
  const open: StillOpen[] = [];

  for (const finding of before.findings) {
    const match = afterByPrint.get(finding.fingerprint)?.shift();
    if (match) {
      open.push({ before: finding, after: match, changes: changesBetween(finding, match) });
      continue;
    }
    const rule = afterRules.get(finding.ruleId);
    // passed, or failed for other evidence: the rule ran and this finding is gone.
    if (rule && (rule.outcome === "passed" || rule.outcome === "failed" || rule.outcome === "accepted"))
      fixed.push(finding);
    else
      notRechecked.push({
        finding,
        outcome: rule?.outcome ?? "absent",
        ...(rule?.reason ? { reason: rule.reason } : {}),
      });
  }
  const added = after.findings.filter((finding) => !beforeByPrint.get(finding.fingerprint)?.shift());

  const notes: string[] = [];
  if (before.bundle.name !== after.bundle.name)
    notes.push(
      `the bundles have different names (${before.bundle.name} and ${after.bundle.name}); check that they are the same site`,
    );
  if (before.generatedAt > after.generatedAt)
    notes.push("the first result is newer than the second; the order may be reversed");
  const computers = diffComputers(before, after);
  return {
    before: side(before),
    after: side(after),
    fixed: sortFindings(fixed),
    new: sortFindings(added),
    open: open.sort((a, b) => compareFindings(a.after, b.after)),
    notRechecked: notRechecked.sort((a, b) => compareFindings(a.finding, b.finding)),
    notes,
    ...(computers ? { computers } : {}),
  };
}

function groupByFingerprint(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const finding of findings)
    map.set(finding.fingerprint, [...(map.get(finding.fingerprint) ?? []), finding]);
  return map;
}

function changesBetween(before: Finding, after: Finding): string[] {
  const changes: string[] = [];
  if (before.severity !== after.severity) changes.push(`severity ${before.severity} → ${after.severity}`);
  if (before.status !== after.status)
    changes.push(after.status === "accepted" ? "now accepted by waiver" : "waiver no longer applies");
  if (before.summary !== after.summary) changes.push(`was: ${before.summary}`);
  return changes;
}

function side(result: AuditResult): DiffSide {
  return {
    bundle: result.bundle.name,
    generatedAt: result.generatedAt,
    verdict: result.verdict,
    findings: { ...result.summary.findings },
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
