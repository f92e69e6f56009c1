/**
 * collection-manifest.json: what the collection scripts (collect/*.ps1) did, step by step. It is
 * not evidence; the inventory lists it as skipped with a summary of the steps, so a step that
 * failed on the customer's server (a module not installed, access denied) is visible in the report
 * next to the evidence it would have produced.
 */
export const COLLECTION_MANIFEST_NAME = "collection-manifest.json";

interface Step {
  step?: unknown;
  status?: unknown;
  detail?: unknown;
}

export function isCollectionManifest(path: string): boolean {
  return (path.split("/").pop() ?? "").toLowerCase() === COLLECTION_MANIFEST_NAME;
}

/** One sentence: which script ran where, and every step that did not succeed with its reason. */
export function describeCollectionManifest(text: string): string {
  let manifest: { tool?: unknown; computer?: unknown; collected?: unknown; steps?: unknown };
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, "")) as typeof manifest;
  } catch {
    return "collection manifest (not valid JSON: the collection script may have been stopped while writing it)";
  }
  const steps: Step[] = Array.isArray(manifest.steps) ? (manifest.steps as Step[]) : [];
  const tool = typeof manifest.tool === "string" ? manifest.tool : "a collection script";
  const where = typeof manifest.computer === "string" ? ` on ${manifest.computer}` : "";
  const when = typeof manifest.collected === "string" ? ` at ${manifest.collected}` : "";
  const count = (status: string) => steps.filter((step) => step.status === status).length;
  const notOk = steps
    .filter((step) => step.status !== "ok")
    .map((step) => `${String(step.status)}: ${String(step.step)} (${String(step.detail ?? "")})`);
  return `collection manifest, not evidence: ${tool}${where}${when} ran ${steps.length} step(s): ${count("ok")} ok, ${count("skipped")} skipped, ${count("failed")} failed${notOk.length ? `; ${notOk.join("; ")}` : ""}`;
}
