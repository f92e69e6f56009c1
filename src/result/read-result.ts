/**
 * Reads a result.json written by `audit` or `batch` and checks that it looks like an AuditResult
 * before any renderer or diff touches it: a clear error naming the file and the first thing wrong,
 * instead of a crash deep in a template.
 */
import { readFile } from "node:fs/promises";
import { SEVERITIES, type AuditResult, type Finding } from "./types.js";

export class ResultFileError extends Error {
  override name = "ResultFileError";
}

export async function readResultFile(path: string): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultFileError(
      code === "ENOENT" ? `${path} does not exist.` : `${path} cannot be read: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ResultFileError(
      `${path} is not valid JSON (${(error as Error).message}); give the result.json that \`wsus-audit audit\` wrote.`,
    );
  }
  const problem = resultProblem(value);
  if (problem) throw new ResultFileError(`${path} does not look like a wsus-audit result.json: ${problem}.`);
  return withSourceTitles(value as AuditResult);
}

/** Results written before rules cited titles name the two source documents by file. */
const OLDER_SOURCE_NAMES: Record<string, string> = {
  "000_79cb0be573a18a6d.txt":
    "Troubleshooting guide for issues where WSUS clients are not reporting in (WSUS team blog)",
  "003_00b00ca4f06a20c0.txt":
    "Interpret Windows System Health Validator Entries in Log Files (Windows Server 2008 R2 NPS documentation)",
};

/** Every finding's source gets a title, so renderers need not know the older form. */
function withSourceTitles(result: AuditResult): AuditResult {
  for (const finding of result.findings) {
    const source = (finding.source ?? {}) as Partial<Finding["source"]>;
    if (source.title) continue;
    const doc = source.doc ?? "";
    finding.source = { ...source, section: source.section ?? "", title: OLDER_SOURCE_NAMES[doc] ?? doc };
  }
  return result;
}

/** The first structural problem, or undefined when the value can be rendered and diffed. */
export function resultProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "it is not a JSON object";
  const tool = value["tool"];
  if (!isObject(tool) || tool["name"] !== "wsus-audit")
    return 'it has no "tool": { "name": "wsus-audit" } (it was not written by wsus-audit)';
  if (Array.isArray(value["bundles"]) && isObject(value["matrix"]))
    return "it is a batch index.json; give the result.json in one bundle's folder";
  if (typeof value["generatedAt"] !== "string") return '"generatedAt" is missing';
  const bundle = value["bundle"];
  if (!isObject(bundle) || typeof bundle["name"] !== "string" || !isObject(bundle["manifest"]))
    return '"bundle" must have a "name" and a "manifest"';
  const verdict = value["verdict"];
  if (!isObject(verdict) || !["fail", "pass", "incomplete"].includes(verdict["status"] as string))
    return '"verdict.status" must be fail, pass or incomplete';
  if (!isObject(value["summary"]) || !isObject(value["summary"]["findings"]))
    return '"summary.findings" is missing';
  for (const key of ["findings", "rules", "coverage", "inventory", "diagnostics"]) {
    if (!Array.isArray(value[key])) return `"${key}" must be an array`;
  }
  if (!isObject(value["facts"])) return '"facts" is missing (it holds what the per-client views show)';
  const computers = value["computers"];
  if (computers !== undefined && (!isObject(computers) || !Array.isArray(computers["rows"])))
    return '"computers" must be an object with a "rows" array';
  for (const [i, finding] of (value["findings"] as unknown[]).entries()) {
    if (!isObject(finding)) return `findings[${i}] is not an object`;
    if (typeof finding["ruleId"] !== "string") return `findings[${i}].ruleId is missing`;
    if (typeof finding["fingerprint"] !== "string") return `findings[${i}].fingerprint is missing`;
    if (!(SEVERITIES as readonly unknown[]).includes(finding["severity"]))
      return `findings[${i}].severity must be one of ${SEVERITIES.join(", ")}`;
    if (finding["status"] !== "failed" && finding["status"] !== "accepted")
      return `findings[${i}].status must be failed or accepted`;
    if (
      typeof finding["title"] !== "string" ||
      !Array.isArray(finding["evidence"]) ||
      !Array.isArray(finding["remediation"])
    ) {
      return `findings[${i}] must have a title, evidence and remediation`;
    }
  }
  for (const [i, rule] of (value["rules"] as unknown[]).entries()) {
    if (!isObject(rule) || typeof rule["id"] !== "string" || typeof rule["outcome"] !== "string")
      return `rules[${i}] must have an id and an outcome`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
