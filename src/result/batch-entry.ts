/**
 * What the batch index keeps of each bundle: enough for the verdict, counts, top findings and the
 * checks × bundles matrix, so fifty full AuditResults are never held in memory at once.
 */
import { SEVERITIES, type AuditResult, type CheckCoverage, type Severity } from "./types.js";

/** One batch run: every bundle's entry, in input order. */
export interface BatchRun {
  entries: BatchEntry[];
  startedAt: string;
  durationMs: number;
}

export const TOP_FINDINGS = 3;

export interface BatchFindingSummary {
  ruleId: string;
  checks: string[];
  severity: Severity;
  title: string;
  summary: string;
}

export interface BatchEntry {
  /** Bundle name (folder or zip name without .zip), as given: escape it when rendering. */
  name: string;
  /** The argument-derived path of the bundle. */
  input: string;
  /** Output folder name under the batch --out folder (safe, unique). */
  folder: string;
  /** audited: a result exists; failed: the bundle could not be audited or nothing in it was recognised. */
  status: "audited" | "failed";
  reason?: string;
  customer?: string;
  site?: string;
  verdict?: AuditResult["verdict"];
  findings: Record<Severity, number>;
  accepted: number;
  topFindings: BatchFindingSummary[];
  /** Catalogue check id → coverage status in this bundle. */
  coverage: Record<string, CheckCoverage["status"]>;
  files?: AuditResult["summary"]["files"];
  /** Report files written for this bundle, relative to the batch folder. */
  reports: string[];
  warnings: string[];
  durationMs: number;
}

export function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export function summariseResult(
  result: AuditResult,
): Pick<
  BatchEntry,
  "customer" | "site" | "verdict" | "findings" | "accepted" | "topFindings" | "coverage" | "files"
> {
  const manifest = result.bundle.manifest;
  return {
    ...(typeof manifest.customer === "string" ? { customer: manifest.customer } : {}),
    ...(typeof manifest.site === "string" ? { site: manifest.site } : {}),
    verdict: result.verdict,
    findings: { ...zeroCounts(), ...result.summary.findings },
    accepted: result.summary.accepted,
    // Findings are sorted by the engine: open before accepted, then by severity.
    topFindings: result.findings
      .filter((finding) => finding.status === "failed")
      .slice(0, TOP_FINDINGS)
      .map((f) => ({
        ruleId: f.ruleId,
        checks: f.checks,
        severity: f.severity,
        title: f.title,
        summary: f.summary,
      })),
    coverage: Object.fromEntries(result.coverage.map((c) => [c.check, c.status])),
    files: result.summary.files,
  };
}

/** Why a result counts as a failed bundle: nothing in it could be read as evidence. */
export function nothingRecognised(result: AuditResult): string | undefined {
  if (result.inventory.some((entry) => entry.status === "parsed" && entry.kind !== "manifest"))
    return undefined;
  const files = result.inventory.filter((entry) => entry.kind !== "manifest");
  if (files.length === 0) return "the bundle is empty: no evidence file in it";
  return `no evidence recognised: ${files.length} file(s), none of a supported kind or readable (run \`wsus-audit formats\`)`;
}
