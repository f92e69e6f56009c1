/**
 * The output of the audit: the AuditResult. Renderers (html, pdf, json, csv, md), batch
 * indexes and diffs consume only this. `result.json` is this object serialised, so any report
 * can be re-rendered later without the evidence. Add fields freely; never rename or remove one
 * (outside tools rely on them): see docs/result-format.md.
 */
import type { BundleManifest } from "../bundle/types.js";
import type { Facts } from "../collectors/facts.js";
import type { Problem, SourceName } from "../collectors/types.js";
import type { Area, Finding, RuleOutcome, RuleOutcomeKind, Severity } from "../engine/types.js";

export {
  AREAS,
  SEVERITIES,
  sourceTitle,
  type FindingSource,
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

/** How much the bundle allowed to check (see src/result/completeness.ts). */
export interface AuditCompleteness {
  /** Checks with a verdict (passed, failed or accepted). */
  evaluated: number;
  /** Checks that have an enabled rule. */
  total: number;
  /** The guide's main causes and whether any of their checks could be evaluated. */
  causes: { area: Area; label: string; covered: boolean; evaluated: string[] }[];
  /** Evidence to collect next for the checks left unevaluated, with `formats`' instructions. */
  collect: { source: SourceName; label: string; howToCollect: string; checks: string[] }[];
  /** "12 of 39 checks could be evaluated; collect X, Y, Z to complete the audit." */
  statement: string;
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
    /**
     * "fail" when any finding is not accepted; "incomplete" when nothing could be evaluated or a main
     * cause of the guide was not checked (never green on thin evidence); "pass" otherwise.
     */
    status: "fail" | "pass" | "incomplete";
    /** One sentence: "Clients cannot report because …" */
    headline: string;
    /** The coverage statement, for covers and summaries (= completeness.statement). */
    coverage?: string;
  };
  completeness?: AuditCompleteness;
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
  /**
   * The per-computer answer (issue 16) when the bundle holds a WSUS computer list: every computer
   * with its verdict, cause and evidence line. Absent when no rule reads the computer list.
   */
  computers?: ComputersAnswer;
  /** The merged facts the rules saw (bounded aggregates), for per-client views and `render`. */
  facts: Facts;
}

/** One computer of the per-computer answer (src/checks/clients/verdicts.ts `ComputerRow`). */
export interface ComputerVerdictRow {
  name: string;
  ou: string;
  ip: string;
  lastSync: string;
  lastReport: string;
  /** reporting, stale, sync-no-report, refused, duplicate-id, never-registered or unknown. */
  verdict: string;
  /** Empty for a reporting computer; "no evidence of the cause in this bundle" when none was found. */
  cause: string;
  /** The cause in words shared by every computer it explains (a shared ID without the other
   *  computers' names, an OU without its path …): what the report groups and counts by. */
  causeGroup?: string;
  /** file:line of the line that shows the cause (or of the computer's own row). */
  evidence: string;
  /** The client's own story in one sentence (its WindowsUpdate.log), when the bundle has its files. */
  clientLog?: string;
  /** The sources that mention the computer ("wsus, ad, iis …"), and further evidence lines. */
  sources?: string;
  also?: string;
}

/**
 * Which computers are not reporting, and why. `rows` holds every computer (the diff of two audits
 * and computers.csv need all of them); the reports show counts, groups and the first rows of each.
 */
export interface ComputersAnswer {
  evaluable: boolean;
  /** What was measured, or why nothing could be. */
  reason: string;
  /** ISO time ages were measured from. */
  reference?: string;
  staleDays: number;
  total: number;
  counts: Record<string, number>;
  /** Per verdict, the causes and how many computers each explains, commonest first. */
  causes: { verdict: string; cause: string; count: number }[];
  /** What keeps some computers from being judged one by one (many agents behind one address …). */
  notes?: string[];
  rows: ComputerVerdictRow[];
}
