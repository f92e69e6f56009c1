/**
 * The output of the engine stage: the AuditResult. Renderers (html, pdf, json, csv, md),
 * batch indexes and diffs consume only this. `result.json` is this object serialised, so
 * any report can be re-rendered later without the evidence. Add fields freely; never
 * rename or remove one (outside tools rely on them): see docs/result-format.md.
 */
import type { BundleManifest } from "../bundle/types.js";
import type { Facts } from "../collectors/facts.js";
import type { Problem, SourceName } from "../collectors/types.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const AREAS = ["gpo", "acl", "iis", "evt", "nps", "clients"] as const;
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
}

export interface ConditionTrace {
  /** JSON pointer-like location of the condition in the rule, e.g. /conditions/all/0. */
  at: string;
  fact: string;
  params?: Record<string, unknown>;
  path?: string;
  operator: string;
  value: unknown;
  factResult: unknown;
  result: boolean;
}

export interface Waiver {
  rule: string;
  match?: Record<string, string>;
  reason: string;
  owner?: string;
  expires?: string;
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
  source: { doc: string; section: string };
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

export interface CheckCoverage {
  check: string;
  /** failed if any rule for it failed; accepted if all failures were waived; passed if at least one
   *  rule passed and none failed; not-evaluated if no rule for it could run; no-rule if none exists. */
  status: "failed" | "accepted" | "passed" | "not-evaluated" | "no-rule";
  rules: string[];
}

export interface InventoryEntry {
  path: string;
  /** Evidence kind id, "manifest", or "unknown". */
  kind: string;
  label: string;
  source?: SourceName;
  status: "parsed" | "skipped" | "failed";
  reason?: string;
  encoding?: string;
  size: number;
  records: number;
  rejected: number;
  problems: Problem[];
}

export interface AuditResult {
  tool: { name: "wsus-audit"; version: string };
  /** ISO timestamp: the only field that differs between two runs over the same bundle. */
  generatedAt: string;
  bundle: { name: string; manifest: BundleManifest; sources: SourceName[] };
  verdict: {
    /** "fail" when any finding is not accepted; "pass" otherwise; "incomplete" when nothing could be evaluated. */
    status: "fail" | "pass" | "incomplete";
    /** One sentence: "Clients cannot report because …" */
    headline: string;
  };
  summary: {
    findings: Record<Severity, number>;
    accepted: number;
    rules: Record<RuleOutcomeKind, number>;
    files: { parsed: number; skipped: number; failed: number };
  };
  findings: Finding[];
  rules: RuleOutcome[];
  coverage: CheckCoverage[];
  inventory: InventoryEntry[];
  /** Run-level messages (e.g. an expired waiver, a rule override that matched nothing). */
  diagnostics: { severity: "error" | "warning" | "info"; message: string }[];
  /** The merged facts the rules saw (bounded aggregates), for per-client views and `render`. */
  facts: Facts;
}
