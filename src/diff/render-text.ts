/** The diff for a terminal: counts first, then each group with severity, title and summary. */
import { SEVERITIES } from "../result/types.js";
import type { Finding } from "../result/types.js";
import { changeText, computersDiffLine, type ComputerChange } from "./computers.js";
import type { ResultDiff } from "./diff.js";

/** Computers listed per group in the terminal; the JSON output lists all of them. */
export const TEXT_COMPUTERS_PER_GROUP = 50;

export function renderDiffText(diff: ResultDiff): string {
  const lines = [
    `before: ${diff.before.bundle} (${diff.before.generatedAt}) — ${diff.before.verdict.status}: ${diff.before.verdict.headline}`,
    `after:  ${diff.after.bundle} (${diff.after.generatedAt}) — ${diff.after.verdict.status}: ${diff.after.verdict.headline}`,
    `${diff.fixed.length} fixed, ${diff.new.length} new, ${diff.open.length} still open${diff.notRechecked.length ? `, ${diff.notRechecked.length} not re-checked` : ""}`,
    `open findings by severity: ${SEVERITIES.map((s) => `${s} ${diff.before.findings[s]} → ${diff.after.findings[s]}`).join(", ")}`,
  ];
  for (const note of diff.notes) lines.push(`note: ${note}`);
  const group = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push("", `${title} (${items.length})`, ...items);
  };
  group(
    "Fixed",
    diff.fixed.map((f) => line("✓", f)),
  );
  group(
    "New",
    diff.new.map((f) => line("+", f)),
  );
  group(
    "Still open",
    diff.open.map((o) => `${line("•", o.after)}${o.changes.length ? `\n      ${o.changes.join("; ")}` : ""}`),
  );
  group(
    "Not re-checked (the rule could not run on the second bundle; not counted as fixed)",
    diff.notRechecked.map(
      (n) => `${line("?", n.finding)}\n      rule ${n.outcome}${n.reason ? `: ${n.reason}` : ""}`,
    ),
  );
  if (diff.computers) {
    lines.push("", `Computers: ${computersDiffLine(diff.computers)}`);
    const computers = (title: string, changes: ComputerChange[]): void => {
      const shown = changes.slice(0, TEXT_COMPUTERS_PER_GROUP).map((c) => `  ${c.name}: ${changeText(c)}`);
      if (changes.length > shown.length)
        shown.push(`  … ${changes.length - shown.length} more (--format json lists every computer)`);
      group(title, shown);
    };
    computers("Started reporting", diff.computers.started);
    computers("Stopped reporting", diff.computers.stopped);
    computers("Changed verdict or cause", diff.computers.changed);
    computers("New in the computer lists", diff.computers.appeared);
    computers("No longer listed", diff.computers.gone);
  }
  return `${lines.join("\n")}\n`;
}

function line(mark: string, finding: Finding): string {
  const accepted = finding.status === "accepted" ? " (accepted)" : "";
  return `  ${mark} [${finding.severity}]${accepted} ${finding.title} — ${finding.ruleId}\n      ${finding.summary}`;
}
