/** Diff of two AuditResults (before/after remediation) and its renderers: text, HTML, JSON. */
export { diffResults, type ResultDiff, type StillOpen, type NotRechecked } from "./diff.js";
export { renderDiffText } from "./render-text.js";
export { renderDiffHtml } from "./render-html.js";
export { renderDiffJson } from "./render-json.js";
