/**
 * The output of the audit: the AuditResult. Renderers (html, pdf, json, csv, md), batch
 * indexes and diffs consume only this. `result.json` is this object serialised, so any report
 * can be re-rendered later without the evidence. Add fields freely; never rename or remove one
 * (outside tools rely on them): see docs/result-format.md.
 */
import type { BundleManifest } from "../bundle/types.js";
import type { Facts } from "../collectors/facts.js";
import type { Problem, SourceName } from "../collectors/types.js";
import type { Finding, RuleOutcome, RuleOutcomeKind, Severity } from "../engine/types.js";

export {
  AREAS,
  SEVERITIES,
  type Area,
  type ConditionTrace,
  type EvidenceBlock,
  type Finding,
  type RemediationStep,
  type RuleOutcome,
  type RuleOutcomeKind,
  type Severity,
  type Waiver,
} from "../engine/types.js";

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
