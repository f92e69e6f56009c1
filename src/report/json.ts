/**
 * renderJson: the complete AuditResult, deterministic. The objects the result format defines
 * (docs/result-format.md) print their keys in the documented order, any extra keys after them in
 * their own order; evidence values and facts keep their own key order, so re-rendering a report
 * from result.json gives the same tables as the original run. The text is streamed (json-writer.ts).
 */
import type { AuditResult } from "../result/types.js";
import { jsonText, writeJsonFile } from "./json-writer.js";
import { isPlainObject } from "./model.js";

type Shape = { keys: readonly string[]; children?: Record<string, Shape | { each: Shape }> };

const PROBLEM: Shape = { keys: ["line", "message", "sample", "severity"] };
const FINDING: Shape = {
  keys: [
    "ruleId",
    "checks",
    "severity",
    "status",
    "title",
    "area",
    "summary",
    "impact",
    "source",
    "evidence",
    "remediation",
    "related",
    "relatedFindings",
    "conditions",
    "waiver",
    "fingerprint",
    "origin",
    "confidence",
  ],
  children: {
    source: { keys: ["title", "section", "url", "doc"] },
    evidence: { each: { keys: ["id", "label", "columns", "value"] } },
    remediation: { each: { keys: ["text", "commands", "shell"] } },
    conditions: {
      each: { keys: ["at", "fact", "params", "path", "operator", "value", "factResult", "result"] },
    },
    waiver: { keys: ["rule", "match", "reason", "owner", "expires"] },
  },
};
const RESULT: Shape = {
  keys: [
    "tool",
    "generatedAt",
    "bundle",
    "verdict",
    "summary",
    "findings",
    "rules",
    "coverage",
    "completeness",
    "inventory",
    "diagnostics",
    "computers",
    "facts",
  ],
  children: {
    tool: { keys: ["name", "version"] },
    bundle: { keys: ["name", "manifest", "sources"] },
    verdict: { keys: ["status", "headline", "coverage"] },
    summary: {
      keys: ["findings", "accepted", "rules", "files"],
      children: {
        findings: { keys: ["critical", "high", "medium", "low", "info"] },
        rules: { keys: ["failed", "passed", "not-evaluated", "accepted", "disabled"] },
        files: { keys: ["parsed", "skipped", "failed"] },
      },
    },
    findings: { each: FINDING },
    rules: { each: { keys: ["id", "title", "checks", "severity", "area", "outcome", "reason", "origin"] } },
    coverage: { each: { keys: ["check", "status", "rules"] } },
    inventory: {
      each: {
        keys: [
          "path",
          "kind",
          "label",
          "source",
          "status",
          "reason",
          "encoding",
          "size",
          "records",
          "rejected",
          "problems",
        ],
        children: { problems: { each: PROBLEM } },
      },
    },
    diagnostics: { each: { keys: ["severity", "message"] } },
    computers: {
      keys: ["evaluable", "reason", "reference", "staleDays", "total", "counts", "causes", "notes", "rows"],
    },
  },
};

function shape(value: unknown, spec: Shape | { each: Shape } | undefined): unknown {
  if (!spec) return value;
  if ("each" in spec) return Array.isArray(value) ? value.map((item) => shape(item, spec.each)) : value;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  const known = new Set(spec.keys);
  for (const key of spec.keys) if (key in value) out[key] = shape(value[key], spec.children?.[key]);
  for (const key of Object.keys(value)) if (!known.has(key)) out[key] = value[key];
  return out;
}

export function renderJson(result: AuditResult): string {
  return jsonText(shape(result, RESULT), "\n");
}

/** result.json written as it is printed: no single string, so no size of estate can overflow one. */
export function writeResultJson(result: AuditResult, path: string): void {
  writeJsonFile(path, shape(result, RESULT), "\n");
}
