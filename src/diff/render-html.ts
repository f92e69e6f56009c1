/**
 * The diff as one self-contained HTML page (inline CSS, no script, no request). Every text comes
 * from the results (bundle names, evidence-filled summaries) and is escaped here.
 */
import { SEVERITIES, type Finding } from "../result/types.js";
import { computersDiffLine, type ComputerChange, type ComputerState } from "./computers.js";
import type { ResultDiff } from "./diff.js";

/** Computers listed per group on the page; the JSON output lists all of them. */
export const HTML_COMPUTERS_PER_GROUP = 200;

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

const CSS = `
body{font-family:"Segoe UI","Helvetica Neue",Arial,"DejaVu Sans",sans-serif;color:#1d2329;max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:2px solid #1d5fa8;color:#1d5fa8;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d5dbe1;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f5f7}.counts{display:flex;gap:1rem;flex-wrap:wrap}.counts div{background:#f3f5f7;padding:.5rem .9rem;border-radius:4px}.counts strong{display:block;font-size:1.3rem}
.sev{font-weight:600;text-transform:capitalize}.sev-critical{color:#9b1c1c}.sev-high{color:#c2410c}.sev-medium{color:#a16207}.sev-low{color:#1d5fa8}.sev-info{color:#5b6670}
.fixed strong{color:#1f7a3d}.new strong{color:#9b1c1c}.muted{color:#5b6670}.note{background:#fbf0d0;padding:.4rem .6rem}code{font-family:Consolas,"DejaVu Sans Mono",monospace;font-size:.86em}`;

export function renderDiffHtml(diff: ResultDiff): string {
  const e = escapeHtml;
  const side = (label: string, s: ResultDiff["before"]) =>
    `<tr><th>${label}</th><td>${e(s.bundle)}</td><td>${e(s.generatedAt)}</td><td>${e(s.verdict.status)}: ${e(s.verdict.headline)}</td>${SEVERITIES.map((sev) => `<td>${s.findings[sev]}</td>`).join("")}</tr>`;
  const rows = (findings: { finding: Finding; extra?: string }[]) =>
    findings.length === 0
      ? '<p class="muted">None.</p>'
      : `<table><thead><tr><th>Severity</th><th>Finding</th><th>Rule</th></tr></thead><tbody>${findings
          .map(
            ({ finding, extra }) =>
              `<tr><td class="sev sev-${e(finding.severity)}">${e(finding.severity)}${finding.status === "accepted" ? " (accepted)" : ""}</td><td><strong>${e(finding.title)}</strong><br>${e(finding.summary)}${extra ? `<br><span class="muted">${e(extra)}</span>` : ""}</td><td><code>${e(finding.ruleId)}</code></td></tr>`,
          )
          .join("")}</tbody></table>`;
  const title = `WSUS audit: what changed for ${diff.after.bundle}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title><style>${CSS}</style></head><body>
<h1>${e(title)}</h1>
${diff.notes.map((note) => `<p class="note">${e(note)}</p>`).join("\n")}
<table><thead><tr><th></th><th>Bundle</th><th>Generated</th><th>Verdict</th>${SEVERITIES.map((s) => `<th class="sev sev-${s}">${s}</th>`).join("")}</tr></thead>
<tbody>${side("Before", diff.before)}${side("After", diff.after)}</tbody></table>
<div class="counts"><div class="fixed"><strong>${diff.fixed.length}</strong>fixed</div><div class="new"><strong>${diff.new.length}</strong>new</div><div><strong>${diff.open.length}</strong>still open</div><div><strong>${diff.notRechecked.length}</strong>not re-checked</div></div>
<h2>Fixed</h2>
${rows(diff.fixed.map((finding) => ({ finding })))}
<h2>New</h2>
${rows(diff.new.map((finding) => ({ finding })))}
<h2>Still open</h2>
${rows(diff.open.map((o) => ({ finding: o.after, ...(o.changes.length ? { extra: o.changes.join("; ") } : {}) })))}
<h2>Not re-checked</h2>
<p class="muted">The rule could not run on the second bundle (its evidence is missing), so these are not counted as fixed.</p>
${rows(diff.notRechecked.map((n) => ({ finding: n.finding, extra: `rule ${n.outcome}${n.reason ? `: ${n.reason}` : ""}` })))}
${computersHtml(diff)}</body></html>
`;
}

function computersHtml(diff: ResultDiff): string {
  const e = escapeHtml;
  const computers = diff.computers;
  if (!computers) return "";
  const cell = (s: ComputerState | undefined) =>
    s
      ? `${e(s.verdict)}${s.cause ? `<br><span class="muted">${e(s.cause)}</span>` : ""}${s.evidence ? `<br><code>${e(s.evidence)}</code>` : ""}`
      : '<span class="muted">not listed</span>';
  const table = (title: string, changes: ComputerChange[]) => {
    if (changes.length === 0) return "";
    const shown = changes.slice(0, HTML_COMPUTERS_PER_GROUP);
    const cut =
      changes.length > shown.length
        ? `<p class="muted">First ${shown.length} of ${changes.length}; the JSON output (--format json) lists every computer.</p>`
        : "";
    return `<h3>${e(title)} (${changes.length})</h3>
<table><thead><tr><th>Computer</th><th>Before</th><th>After</th></tr></thead><tbody>${shown
      .map((c) => `<tr><td>${e(c.name)}</td><td>${cell(c.before)}</td><td>${cell(c.after)}</td></tr>`)
      .join("")}</tbody></table>${cut}`;
  };
  return `<h2>Computers</h2>
<p>${e(computersDiffLine(computers))}</p>
${table("Started reporting", computers.started)}
${table("Stopped reporting", computers.stopped)}
${table("Changed verdict or cause", computers.changed)}
${table("New in the computer lists", computers.appeared)}
${table("No longer listed", computers.gone)}
`;
}
