/** The rule-file contract (rules/rule.schema.json) as TypeScript, and a rule once loaded. */
import type { SourceName } from "../collectors/types.js";
import type { FactCatalogue } from "./fact-definition.js";
import type { RowPredicate } from "./row-predicate.js";
import type { Area, Severity } from "./types.js";

export type TopLevelCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };
export type Condition =
  | TopLevelCondition
  | { fact: string; operator: string; value: unknown; path?: string; params?: Record<string, unknown> };

export interface EvidenceSpec {
  id: string;
  label: string;
  fact: string;
  params?: Record<string, unknown>;
  path?: string;
  columns?: string[];
  /** A JSON pointer to a `someRow` condition (its rows), or a row predicate written in place. */
  where?: string | RowPredicate;
  /** A JSON pointer to a `someRow` condition: the rows it did not select. */
  whereNot?: string;
}

/** Evidence once loaded: `where` / `whereNot` resolved to the predicate that selects its rows. */
export type LoadedEvidenceSpec = Omit<EvidenceSpec, "where" | "whereNot"> & {
  rows?: { predicate: RowPredicate; negate: boolean };
};

/** The shell a step's commands are written for: Windows PowerShell 5.1 unless a step says cmd. */
export type CommandShell = "powershell" | "cmd";

export type RemediationSpec =
  string | { text: string; commands?: string[]; each?: string; shell?: CommandShell };

export interface RuleFile {
  id: string;
  title: string;
  checks: string[];
  severity: Severity;
  area: Area;
  requires: SourceName[];
  requiresAny?: SourceName[];
  /** Where the check comes from; `doc` is the older form of `title`. */
  source: { title?: string; doc?: string; section: string; url?: string };
  confidence?: "confirmed" | "inferred";
  description?: string;
  params?: Record<string, { description: string; default: unknown }>;
  applicable?: TopLevelCondition;
  notEvaluatedReason?: string;
  conditions: TopLevelCondition;
  evidence: EvidenceSpec[];
  summary: string;
  impact: string;
  remediation: RemediationSpec[];
  related?: string[];
  references?: string[];
  tags?: string[];
}

/** A rule after loading: parameters resolved (defaults, then config overrides) and $param replaced. */
export interface LoadedRule {
  /** The rule as written, for `rules show` and docs. */
  definition: RuleFile;
  /** The file it was loaded from, on disk: for the rule-test harness, never shown in a report. */
  file: string;
  /** Where it came from, as reports and result.json show it ("shipped", or a rule folder). */
  origin: string;
  /** Effective parameter values. */
  params: Record<string, unknown>;
  /** Effective severity (config may override the default). */
  severity: Severity;
  enabled: boolean;
  /** What the customer configuration changed, in words, for `rules list`. */
  overrides: string[];
  conditions: TopLevelCondition;
  applicable?: TopLevelCondition;
  evidence: LoadedEvidenceSpec[];
  /** The fact catalogue the rule was checked against, and that evaluates it. */
  facts: FactCatalogue;
}
