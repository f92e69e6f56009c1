/**
 * Helpers every renderer shares: severity order, the order findings are reported in, the
 * "fix first" choice, and turning fact values into display text. Pure functions of the AuditResult.
 */
import { SEVERITIES } from "../result/types.js";
import type { AuditResult, Finding, Severity } from "../result/types.js";

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * Within a severity, causes before symptoms, in the order the guide troubleshoots: the policy
 * first, then permissions, then IIS; NAP results and health events mostly confirm the others.
 */
export const AREA_RANK: Record<string, number> = { gpo: 0, acl: 1, iis: 2, nps: 3, evt: 4 };

/**
 * The report order: open findings first, then accepted ones; by severity; within a severity causes
 * before symptoms (AREA_RANK); then engine order. Finding numbers (F1, F2 …) follow this order.
 */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const accepted = Number(a.finding.status === "accepted") - Number(b.finding.status === "accepted");
      if (accepted !== 0) return accepted;
      const severity = SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity];
      if (severity !== 0) return severity;
      const area = (AREA_RANK[a.finding.area] ?? 9) - (AREA_RANK[b.finding.area] ?? 9);
      return area !== 0 ? area : a.index - b.index;
    })
    .map(({ finding }) => finding);
}

/**
 * The three to five things to fix first: open findings by severity, then by area (causes before
 * symptoms), then engine order. Info findings are never "to fix".
 */
export function fixFirst(findings: readonly Finding[], max = 5): Finding[] {
  const open = findings
    .map((finding, index) => ({ finding, index }))
    .filter(({ finding }) => finding.status === "failed" && finding.severity !== "info");
  open.sort((a, b) => {
    const severity = SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity];
    if (severity !== 0) return severity;
    const area = (AREA_RANK[a.finding.area] ?? 9) - (AREA_RANK[b.finding.area] ?? 9);
    return area !== 0 ? area : a.index - b.index;
  });
  return open.slice(0, max).map(({ finding }) => finding);
}

export function openCounts(result: AuditResult): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of result.findings) if (finding.status === "failed") counts[finding.severity] += 1;
  return counts;
}

/** One line of display text for any fact value; deterministic (object keys in their own order). */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.map((item) => displayValue(item)).join(", ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${displayValue(item)}`)
      .join("; ");
  }
  return String(value);
}

const ACRONYMS: Record<string, string> = {
  ip: "IP",
  url: "URL",
  uri: "URI",
  id: "ID",
  os: "OS",
  sid: "SID",
  soh: "SoH",
  http: "HTTP",
  iis: "IIS",
  gpo: "GPO",
  vdir: "vDir",
  wsus: "WSUS",
  nps: "NPS",
  ssl: "SSL",
  acl: "ACL",
  ace: "ACE",
  win32: "Win32",
};

/** "clientIp" → "Client IP", "sub_status" → "Sub status": column headers from fact keys. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  if (words.length === 0) return key;
  const first = words[0] as string;
  words[0] = ACRONYMS[first.toLowerCase()] ?? first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "Fabrikam GmbH" → "fabrikam-gmbh": ids for anchors (never empty). */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s || "x";
}

export function formatBytes(size: number): string {
  if (!Number.isFinite(size) || size < 0) return "";
  if (size < 1024) return `${size} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Site description shared by renderers: manifest first, branding overrides for customer/consultant. */
export function siteInfo(
  result: AuditResult,
  overrides: { customer?: string; consultant?: string } = {},
): { customer?: string; consultant?: string; site?: string; server?: string; auditDate: string } {
  const manifest = result.bundle.manifest ?? {};
  const wsus = manifest.wsus ?? {};
  let server: string | undefined;
  if (typeof wsus.server === "string" && wsus.server) {
    server = wsus.server;
    if (typeof wsus.port === "number") server += `:${wsus.port}`;
    if (wsus.ssl === true) server += " (SSL)";
  }
  const collected =
    typeof manifest.collected === "string" && manifest.collected ? manifest.collected : undefined;
  return {
    customer: overrides.customer ?? (typeof manifest.customer === "string" ? manifest.customer : undefined),
    consultant:
      overrides.consultant ?? (typeof manifest.consultant === "string" ? manifest.consultant : undefined),
    site: typeof manifest.site === "string" ? manifest.site : undefined,
    server,
    auditDate: collected ?? result.generatedAt.slice(0, 10),
  };
}
