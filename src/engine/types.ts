/**
 * What the engine produces for each rule: a Finding (with its evidence, remediation and the
 * conditions that fired) or a RuleOutcome. The result stage (src/result) assembles them into
 * the AuditResult.
 */

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AREAS = ["gpo", "acl", "iis", "evt", "nps", "clients", "client"] as const;
export type Area = (typeof AREAS)[number];

export type RuleOutcomeKind = "failed" | "passed" | "not-evaluated" | "accepted" | "disabled";

export interface EvidenceBlock {
  /** The evidence id from the rule file (used by remediation templates). */
  id: string;
  label: string;
  /** The fact value: an array of rows (rendered as a table), an object, or a scalar. */
  value: unknown;
  /** Optional column order for tables, from the rule file. */
  columns?: string[];
}

export interface RemediationStep {
  /** Plain text (renderers escape it); `code spans` in backticks are shown as code. */
  text: string;
  /** Exact, copyable commands for this step, already filled in from the evidence. */
  commands: string[];
  /**
   * The shell the commands run in (set when there are commands): "powershell" is Windows PowerShell
   * 5.1 and later, "cmd" is cmd.exe. Results written before shells were recorded have none.
   */
  shell?: "powershell" | "cmd";
}

export interface ConditionTrace {
  /** JSON pointer-like location of the condition in the rule, e.g. /conditions/all/0. */
  at: string;
  fact: string;
  params?: Record<string, unknown>;
  path?: string;
  operator: string;
  value: unknown;
  /** The value observed; for `someRow`, the rows that matched (at most ROWS_KEPT), or when none did, the first rows. */
  factResult: unknown;
  /** For `someRow`: how many rows were compared and how many matched. */
  rows?: { compared: number; matched: number };
  result: boolean;
}

export interface Waiver {
  rule: string;
  match?: Record<string, string>;
  reason: string;
  owner?: string;
  expires?: string;
}

export interface FindingSource {
  title: string;
  section: string;
  url?: string;
  /** Older results only: the document name used before titles. */
  doc?: string;
}

/** The title a source is known by: its title, or for older rules and results the document name. */
export function sourceTitle(source: { title?: string; doc?: string }): string {
  return source.title ?? source.doc ?? "";
}

export interface Finding {
  ruleId: string;
  checks: string[];
  severity: Severity;
  status: "failed" | "accepted";
  title: string;
  area: Area;
  /** One sentence filled from the evidence, for summaries and CSV. */
  summary: string;
  impact: string;
  /** The document the check comes from, by title, and its public address. Results written before
   *  titles existed carry `doc` (a document name) instead. */
  source: FindingSource;
  evidence: EvidenceBlock[];
  remediation: RemediationStep[];
  /** Check IDs this finding is linked to (rule metadata `related`). */
  related: string[];
  /** Rule ids of other findings in this result that carry a related check. */
  relatedFindings: string[];
  /** Each top-level condition with the observed fact value: why the rule fired. */
  conditions: ConditionTrace[];
  /** Set when a waiver moved the finding to "accepted". */
  waiver?: Waiver;
  /** Stable identity across runs (rule id + identifying evidence values), for diff and waivers. */
  fingerprint: string;
  /** Where the rule file was loaded from. */
  origin: string;
  confidence?: "confirmed" | "inferred";
}

export interface RuleOutcome {
  id: string;
  title: string;
  checks: string[];
  severity: Severity;
  area: Area;
  outcome: RuleOutcomeKind;
  /** Why it was not evaluated / disabled / accepted. */
  reason?: string;
  origin: string;
  /** For evaluated rules: each condition with the observed fact value (`audit --explain`). */
  conditions?: ConditionTrace[];
}
