/**
 * The diff for tools: counts and, per group, each finding's identity and text (the full findings
 * stay in the two result.json files).
 */
import type { Finding } from "../result/types.js";
import type { ResultDiff } from "./diff.js";

export function renderDiffJson(diff: ResultDiff): string {
  const brief = (f: Finding) => ({
    ruleId: f.ruleId,
    fingerprint: f.fingerprint,
    checks: f.checks,
    severity: f.severity,
    status: f.status,
    title: f.title,
    summary: f.summary,
  });
  return `${JSON.stringify(
    {
      tool: { name: "wsus-audit" },
      before: diff.before,
      after: diff.after,
      counts: {
        fixed: diff.fixed.length,
        new: diff.new.length,
        open: diff.open.length,
        notRechecked: diff.notRechecked.length,
      },
      fixed: diff.fixed.map(brief),
      new: diff.new.map(brief),
      open: diff.open.map((o) => ({
        ...brief(o.after),
        before: { severity: o.before.severity, status: o.before.status },
        changes: o.changes,
      })),
      notRechecked: diff.notRechecked.map((n) => ({
        ...brief(n.finding),
        outcome: n.outcome,
        ...(n.reason ? { reason: n.reason } : {}),
      })),
      notes: diff.notes,
      ...(diff.computers ? { computers: diff.computers } : {}),
    },
    null,
    2,
  )}\n`;
}
