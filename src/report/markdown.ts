/**
 * renderMarkdown: the report for tickets and wikis (CommonMark/GFM). Evidence text is escaped so
 * it never becomes HTML, links or table breaks; commands go in fenced blocks long enough to hold
 * any backticks they contain. Long evidence tables are cut with a note pointing to result.json.
 */
import { SEVERITIES, sourceTitle } from "../result/types.js";
import type { AuditResult, ComputersAnswer, Finding } from "../result/types.js";
import { CHECKS, findCheck } from "../knowledge/checks.js";
import { valueView } from "./evidence-view.js";
import type { ValueView } from "./evidence-view.js";
import { commandBlock } from "./command-block.js";
import { COMPUTERS_CSV, MAX_GROUPS, computersSummary, verdictName } from "./computers-view.js";
import { formatLabel, labelsFor, shellLabel, type Labels } from "./labels.js";
import { summariseInventory } from "./inventory-summary.js";
import { fixFirst, openCounts, orderFindings, siteInfo } from "./model.js";

const MD_ROWS = 20;

/** Escapes text for Markdown inline content: no HTML, no emphasis, no links, no table breaks. */
export function mdText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/[\\`*_[\]<>|#~&!{}]/g, (c) => `\\${c}`);
}

/** A code span that survives any backticks inside it. */
export function mdCode(text: string): string {
  const clean = text.replace(/\r\n|\r|\n/g, " ");
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") || clean === "" ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

function mdFence(text: string, language = ""): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** The info string of a command fence, for viewers that highlight it. */
const FENCE_LANGUAGE: Record<string, string> = { powershell: "powershell", cmd: "bat" };

/** Remediation text: `code spans` stay code, the rest is escaped. */
function mdRich(text: string): string {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return mdText(text);
  return parts.map((part, i) => (i % 2 === 1 ? mdCode(part) : mdText(part))).join("");
}

function cell(text: string, mono: boolean): string {
  if (text === "") return "";
  return mono ? mdCode(text).replace(/\|/g, "\\|") : mdText(text);
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

function valueLines(view: ValueView, noValue: string): string[] {
  switch (view.kind) {
    case "table": {
      const rows = [...view.rows, ...view.more].slice(0, MD_ROWS);
      const out = table(
        view.columns.map((column) => mdText(column.title)),
        rows.map((row) => row.map((c) => cell(c.text, c.mono))),
      );
      if (view.total > rows.length) out.push("", `_${view.total - rows.length} more rows in result.json._`);
      return out;
    }
    case "excerpt": {
      const lines = [...view.lines, ...view.more].slice(0, MD_ROWS);
      const out = lines.map(
        (line) => `- ${line.location ? `${mdCode(line.location)} ` : ""}${mdCode(line.text)}`,
      );
      if (view.total > lines.length)
        out.push("", `_${view.total - lines.length} more lines in result.json._`);
      return out;
    }
    case "list": {
      const items = [...view.items, ...view.more].slice(0, MD_ROWS);
      const out = items.map((item) => `- ${mdCode(item)}`);
      if (view.total > items.length)
        out.push("", `_${view.total - items.length} more items in result.json._`);
      return out;
    }
    case "keyvalue":
      return view.entries.map(
        (entry) => `- **${mdText(entry.key)}:** ${cell(entry.value, entry.mono) || "—"}`,
      );
    case "scalar":
      return [view.empty ? `_${mdText(noValue)}_` : mdText(view.text)];
  }
}

function findingLines(finding: Finding, number: string, labels: ReturnType<typeof labelsFor>): string[] {
  const out = [
    `### ${number} · ${mdText(finding.title)}`,
    "",
    `**${labels.severity}:** ${labels.severityNames[finding.severity]}` +
      (finding.status === "accepted" ? ` (${labels.acceptedShort})` : "") +
      ` · **${labels.area}:** ${mdText(labels.areaNames[finding.area] ?? finding.area)}` +
      ` · **${labels.checks}:** ${finding.checks.map(mdCode).join(", ")} · **${labels.rule}:** ${mdCode(finding.ruleId)}`,
    "",
  ];
  if (finding.waiver) out.push(`> **${labels.waiverReason}:** ${mdText(finding.waiver.reason)}`, "");
  out.push(mdText(finding.summary), "", `**${labels.impact}:** ${mdText(finding.impact)}`, "");
  if (finding.evidence.length > 0) {
    out.push(`**${labels.evidence}**`, "");
    for (const block of finding.evidence) {
      out.push(
        `_${mdText(block.label)}_`,
        "",
        ...valueLines(valueView(block.value, block.columns), labels.noEvidenceValue),
        "",
      );
    }
  }
  out.push(`**${labels.remediation}**`, "");
  finding.remediation.forEach((step, i) => {
    out.push(`${i + 1}. ${mdRich(step.text)}`);
    // One block per step, labelled with its shell, so it can be copied and pasted whole.
    if (step.commands.length > 0)
      out.push(
        "",
        `   _${mdText(shellLabel(step.shell, labels))}:_`,
        "",
        ...mdFence(commandBlock(step.commands), FENCE_LANGUAGE[step.shell ?? ""] ?? "")
          .split("\n")
          .map((l) => `   ${l}`),
      );
    out.push("");
  });
  out.push(
    `**${labels.source}:** ${mdText(sourceTitle(finding.source))}${finding.source.section ? ` — ${mdText(finding.source.section)}` : ""}`,
    "",
  );
  return out;
}

export function renderMarkdown(result: AuditResult): string {
  const labels = labelsFor("en");
  const site = siteInfo(result);
  const ordered = orderFindings(result.findings);
  const numbers = new Map(ordered.map((finding, i) => [finding, `F${i + 1}`]));
  const verdict =
    result.verdict.status === "fail"
      ? labels.verdictFail
      : result.verdict.status === "pass"
        ? labels.verdictPass
        : labels.verdictIncomplete;
  const out: string[] = [`# ${labels.reportTitle}${site.customer ? ` — ${mdText(site.customer)}` : ""}`, ""];
  const meta: [string, string | undefined][] = [
    [labels.customer, site.customer],
    [labels.site, site.site],
    [labels.wsusServer, site.server],
    [labels.auditDate, site.auditDate],
    [labels.consultant, site.consultant],
    [labels.bundle, result.bundle.name],
  ];
  out.push(
    ...table(
      ["", ""],
      meta.filter(([, v]) => v).map(([k, v]) => [`**${k}**`, mdText(v ?? "")]),
    ),
    "",
  );
  out.push(`**${labels.verdict}: ${verdict}.** ${mdText(result.verdict.headline)}`, "");
  const statement = result.verdict.coverage ?? result.completeness?.statement;
  if (statement) out.push(`${labels.coverage}: ${mdText(statement)}`, "");
  for (const entry of result.completeness?.collect ?? [])
    out.push(
      `- **${mdText(entry.label)}** (${mdText(entry.checks.join(", "))}): ${mdText(entry.howToCollect)}`,
    );
  if (result.completeness?.collect.length) out.push("");

  const counts = openCounts(result);
  out.push(`## ${labels.executiveSummary}`, "");
  const computers = result.computers ? computersSummary(result.computers) : undefined;
  if (computers) {
    out.push(`**${mdText(computers.headline)}**`, "");
    for (const c of computers.causes) out.push(`- ${c.count} ${mdText(c.verdictName)}: ${mdText(c.cause)}`);
    if (computers.moreCauses) out.push(`- ${mdText(computers.moreCauses)}`);
    out.push("", mdText(formatLabel(labels.computersCsvNote, { file: COMPUTERS_CSV })), "");
  }
  out.push(
    ...table(
      [labels.severity, labels.findings],
      SEVERITIES.map((s) => [labels.severityNames[s], String(counts[s])]),
    ),
  );
  const acceptedCount = result.findings.filter((f) => f.status === "accepted").length;
  if (acceptedCount > 0) out.push("", `${labels.accepted}: ${acceptedCount}`);
  out.push("", `### ${labels.fixFirst}`, "");
  const first = fixFirst(result.findings);
  if (first.length === 0) out.push(labels.fixFirstNone);
  first.forEach((finding, i) =>
    out.push(
      `${i + 1}. **${numbers.get(finding)} [${labels.severityNames[finding.severity]}] ${mdText(finding.title)}** — ${mdText(finding.summary)}`,
    ),
  );
  out.push("", `## ${labels.findings}`, "");
  if (ordered.length === 0) out.push(labels.noFindings, "");
  for (const finding of ordered) out.push(...findingLines(finding, numbers.get(finding) ?? "", labels));

  if (result.computers) out.push(...computerLines(result.computers, labels));
  out.push(`## ${labels.coverage}`, "");
  const coverage = new Map(result.coverage.map((entry) => [entry.check, entry]));
  const ids = [
    ...CHECKS.map((c) => c.id),
    ...result.coverage.map((c) => c.check).filter((id) => !findCheck(id)),
  ];
  out.push(
    ...table(
      [labels.check, labels.status, labels.rules],
      ids.map((id) => [
        mdCode(id),
        labels.outcomeNames[coverage.get(id)?.status ?? "no-rule"],
        (coverage.get(id)?.rules ?? []).map(mdCode).join(", "),
      ]),
    ),
    "",
  );
  const notEvaluated = result.rules.filter((rule) => rule.outcome === "not-evaluated");
  if (notEvaluated.length > 0) {
    out.push(`## ${labels.notEvaluated}`, "");
    out.push(
      ...table(
        [labels.rule, labels.reason],
        notEvaluated.map((r) => [mdCode(r.id), mdText(r.reason ?? "")]),
      ),
      "",
    );
  }
  out.push(`## ${labels.inventory}`, "");
  const listed = summariseInventory(result.inventory);
  if (listed.summary) {
    const { summary } = listed;
    out.push(
      mdText(
        formatLabel(labels.inventoryCut, {
          shown: summary.shown.toLocaleString("en-US"),
          total: summary.total.toLocaleString("en-US"),
          file: summary.file,
        }),
      ),
      "",
      ...table(
        [labels.inventoryByKind, labels.parsed, labels.skipped, labels.failed, labels.total],
        summary.byKind.map((count) => [
          `${mdText(count.label)} (${mdCode(count.kind)})`,
          String(count.parsed),
          String(count.skipped),
          String(count.failed),
          String(count.total),
        ]),
      ),
      "",
    );
  }
  out.push(
    ...table(
      [labels.file, labels.kind, labels.status, labels.records, labels.rejected, labels.problems],
      listed.rows.map((entry) => [
        mdCode(entry.path),
        mdText(entry.kind),
        mdText(entry.status + (entry.reason ? `: ${entry.reason}` : "")),
        String(entry.records),
        String(entry.rejected),
        mdText(
          entry.problems
            .map((p) => `${p.line !== undefined ? `${labels.line} ${p.line}: ` : ""}${p.message}`)
            .join("; "),
        ),
      ]),
    ),
    "",
    `_${result.tool.name} ${mdText(result.tool.version)} · ${labels.generated} ${result.generatedAt}_`,
    "",
  );
  return out.join("\n");
}

/** The Computers chapter in Markdown: what was measured and the computers by verdict and cause. */
function computerLines(answer: ComputersAnswer, labels: Labels): string[] {
  const lines = [`## ${labels.computersTitle}`, "", mdText(answer.reason), ""];
  for (const note of answer.notes ?? []) lines.push(mdText(note), "");
  if (answer.evaluable) {
    lines.push(
      ...table(
        [labels.computerColumns.verdict, labels.causeColumn, labels.countColumn],
        answer.causes
          .slice(0, MAX_GROUPS)
          .map((c) => [mdText(verdictName(c.verdict)), mdText(c.cause), c.count.toLocaleString("en-US")]),
      ),
      "",
    );
    if (answer.causes.length > MAX_GROUPS)
      lines.push(
        mdText(formatLabel(labels.computersMoreCauses, { n: answer.causes.length - MAX_GROUPS })),
        "",
      );
    lines.push(mdText(formatLabel(labels.computersCsvNote, { file: COMPUTERS_CSV })), "");
  }
  return lines;
}
