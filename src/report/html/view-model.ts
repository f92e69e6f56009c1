/**
 * The AuditResult shaped for the templates: everything the Handlebars files print is a plain
 * string or number here (escaped by {{ }}), except the SVG charts, which charts.ts builds with
 * every text escaped. Ordering decisions live here, not in templates.
 */
import { SEVERITIES } from "../../result/types.js";
import type { AuditResult, Finding, Severity } from "../../result/types.js";
import { findCheck, CHECKS } from "../../knowledge/checks.js";
import { barChart, histogramChart, hourlyChart, severityChart } from "../charts.js";
import { areaChart, lastReportAges } from "../finding-charts.js";
import { computersChapter } from "./computers-chapter.js";
import { clientTables, hourlySeries, lastContactHistogram } from "../facts-view.js";
import { valueView } from "../evidence-view.js";
import { managerView } from "./manager-view.js";
import { findingChart, TrustedSvg } from "./finding-chart.js";
import type { ValueView } from "../evidence-view.js";
import { commandBlock } from "../command-block.js";
import { formatLabel, shellLabel, type Labels } from "../labels.js";
import { summariseInventory } from "../inventory-summary.js";
import { displayValue, fixFirst, formatBytes, openCounts, orderFindings, siteInfo, slug } from "../model.js";

export interface FindingView {
  anchor: string;
  number: string;
  ruleId: string;
  title: string;
  severity: Severity;
  severityName: string;
  accepted: boolean;
  area: string;
  areaName: string;
  checks: string[];
  summary: string;
  impact: string;
  source: Finding["source"];
  inferred: boolean;
  evidence: { label: string; view: ValueView; open: boolean }[];
  steps: {
    number: number;
    text: string;
    commands: string[];
    shell: string;
    shellLabel: string;
    block: string;
  }[];
  related: { anchor?: string; number?: string; title: string; outcome?: string }[];
  relatedChecks: string[];
  conditions: { fact: string; test: string; observed: string; result: boolean }[];
  waiver?: { reason: string; owner?: string; expires?: string };
  origin: string;
  fingerprint: string;
  /** A picture of the finding's facts over time (finding-chart.ts), when they have one. */
  chart?: TrustedSvg;
}

export interface TocEntry {
  anchor: string;
  title: string;
  level: 1 | 2;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function conditionView(condition: Finding["conditions"][number]) {
  const path = condition.path ? ` ${condition.path}` : "";
  const params =
    condition.params && Object.keys(condition.params).length > 0
      ? ` (${displayValue(condition.params)})`
      : "";
  return {
    fact: `${condition.fact}${params}${path}`,
    test: `${condition.operator} ${shorten(displayValue(condition.value), 200)}`,
    observed: shorten(displayValue(condition.factResult), 300),
    result: condition.result,
  };
}

export function buildViewModel(
  result: AuditResult,
  labels: Labels,
  branding: { customer?: string; consultant?: string },
) {
  const ordered = orderFindings(result.findings);
  const anchors = new Map<Finding, { anchor: string; number: string }>();
  ordered.forEach((finding, i) =>
    anchors.set(finding, { anchor: `f${i + 1}-${slug(finding.ruleId)}`, number: `F${i + 1}` }),
  );
  const firstByRule = new Map<string, Finding>();
  for (const finding of ordered)
    if (!firstByRule.has(finding.ruleId)) firstByRule.set(finding.ruleId, finding);

  const outcomeOf = new Map(
    result.rules.map((rule) => [rule.id, (labels.outcomeNames[rule.outcome] ?? rule.outcome).toLowerCase()]),
  );

  const findingView = (finding: Finding): FindingView => {
    const ids = anchors.get(finding) ?? { anchor: "", number: "" };
    return {
      ...ids,
      ruleId: finding.ruleId,
      title: finding.title,
      severity: finding.severity,
      severityName: labels.severityNames[finding.severity],
      accepted: finding.status === "accepted",
      area: finding.area,
      areaName: labels.areaNames[finding.area] ?? finding.area,
      checks: finding.checks,
      summary: finding.summary,
      impact: finding.impact,
      source: finding.source,
      inferred: finding.confidence === "inferred",
      evidence: finding.evidence.map((block, i) => ({
        label: block.label,
        view: valueView(block.value, block.columns),
        open: i < 3,
      })),
      steps: finding.remediation.map((step, i) => ({
        number: i + 1,
        text: step.text,
        commands: step.commands,
        shell: step.shell ?? "unknown",
        shellLabel: shellLabel(step.shell, labels),
        // one block per step, copied whole: the lines run in order in the shell named above it
        block: commandBlock(step.commands),
      })),
      related: finding.relatedFindings
        .filter((ruleId) => ruleId !== finding.ruleId)
        .map((ruleId) => {
          const target = firstByRule.get(ruleId);
          const targetIds = target ? anchors.get(target) : undefined;
          return targetIds && target
            ? { anchor: targetIds.anchor, number: targetIds.number, title: target.title }
            : { title: ruleId, outcome: outcomeOf.get(ruleId) };
        }),
      relatedChecks: finding.related,
      conditions: finding.conditions.map(conditionView),
      waiver: finding.waiver
        ? { reason: finding.waiver.reason, owner: finding.waiver.owner, expires: finding.waiver.expires }
        : undefined,
      origin: finding.origin,
      fingerprint: finding.fingerprint,
      chart: findingChart(finding, result.facts, labels),
    };
  };

  const views = ordered.map(findingView);
  const open = views.filter((view) => !view.accepted);
  const groups = SEVERITIES.map((severity) => ({
    severity,
    name: labels.severityNames[severity],
    anchor: `sev-${severity}`,
    findings: open.filter((view) => view.severity === severity),
  })).filter((group) => group.findings.length > 0);
  const accepted = views.filter((view) => view.accepted);

  const counts = openCounts(result);
  const site = siteInfo(result, branding);

  const first = fixFirst(result.findings).map((finding) => {
    const ids = anchors.get(finding) ?? { anchor: "", number: "" };
    return {
      ...ids,
      title: finding.title,
      severity: finding.severity,
      severityName: labels.severityNames[finding.severity],
      summary: finding.summary,
      firstStep: finding.remediation[0]?.text ?? "",
    };
  });

  // Coverage: every catalogue check, then checks only custom rules know.
  const coverageByCheck = new Map(result.coverage.map((entry) => [entry.check, entry]));
  const checkIds = [...CHECKS.map((check) => check.id)];
  for (const entry of result.coverage) if (!findCheck(entry.check)) checkIds.push(entry.check);
  const coverage = checkIds.map((id) => {
    const entry = coverageByCheck.get(id);
    const status = entry?.status ?? "no-rule";
    const check = findCheck(id);
    return {
      check: id,
      area: check?.area ?? "",
      areaName: check ? labels.areaNames[check.area] : "",
      title: check?.title ?? "",
      status,
      statusName: labels.outcomeNames[status],
      rules: entry?.rules ?? [],
    };
  });
  const coverageCounts = (["failed", "accepted", "passed", "not-evaluated", "no-rule"] as const).map(
    (status) => ({
      status,
      name: labels.outcomeNames[status],
      count: coverage.filter((entry) => entry.status === status).length,
    }),
  );

  const outcome = (kind: "passed" | "not-evaluated" | "disabled") =>
    result.rules
      .filter((rule) => rule.outcome === kind)
      .map((rule) => ({
        id: rule.id,
        title: rule.title,
        checks: rule.checks,
        severityName: labels.severityNames[rule.severity],
        areaName: labels.areaNames[rule.area] ?? rule.area,
        reason: rule.reason ?? "",
      }));

  const clients = clientTables(result.facts).map((table) => ({
    ...table,
    title: table.source === "nps" ? labels.npsMachines : labels.iisClients,
  }));
  const series = hourlySeries(result.facts);
  const histogram = lastContactHistogram(result.facts);
  const charts = {
    severity: severityChart(counts, labels.severityNames, labels.findingsBySeverity),
    areas: new TrustedSvg(
      areaChart(
        Object.keys(labels.areaNames)
          .map((area) => ({
            area: labels.areaNames[area as keyof typeof labels.areaNames],
            counts: Object.fromEntries(
              SEVERITIES.map((severity) => [
                severity,
                result.findings.filter(
                  (f) => f.status === "failed" && f.area === area && f.severity === severity,
                ).length,
              ]),
            ),
          }))
          .filter((row) => Object.values(row.counts).some((count) => count > 0)),
        labels.severityNames,
        labels.findingsByArea,
      ),
    ),
    hourly: series
      ? hourlyChart(series, labels.hourlyTimeline, {
          unauthorized: "HTTP 401 (all sub-statuses)",
          serverErrors: "HTTP 500 and 503",
        })
      : undefined,
    histogram: histogram ? histogramChart(histogram.buckets, labels.lastContactHistogram) : undefined,
    histogramReference: histogram?.reference,
  };
  const computers = computersChapter(result.computers, labels);
  const computersChart = computers?.summary
    ? barChart(
        computers.summary.bars.map((bar) => ({
          cls: `verdict-${bar.verdict}`,
          label: bar.label,
          value: bar.value,
        })),
        labels.computersByVerdict,
        { svgClass: "chart-computers", labelWidth: 210, valueWidth: 64 },
      )
    : undefined;
  const ages = result.computers?.evaluable
    ? lastReportAges(
        result.computers.rows.map((row) => row.lastReport).filter((value) => value !== ""),
        result.computers.reference,
      )
    : [];
  const computersAgeChart =
    ages.length > 0 ? new TrustedSvg(histogramChart(ages, labels.computersByReportAge)) : undefined;
  const hasClientSection =
    clients.length > 0 || charts.hourly !== undefined || charts.histogram !== undefined;

  const listed = summariseInventory(result.inventory);
  const inventory = listed.rows.map((entry) => ({
    path: entry.path,
    kind: entry.kind,
    label: entry.label,
    status: entry.status,
    reason: entry.reason ?? "",
    encoding: entry.encoding ?? "",
    size: formatBytes(entry.size),
    records: entry.records.toLocaleString("en-US"),
    rejected: entry.rejected.toLocaleString("en-US"),
    problems: entry.problems.map((problem) => ({
      location: problem.line !== undefined ? `${labels.line} ${problem.line}` : "",
      message: problem.message,
      sample: problem.sample ?? "",
      severity: problem.severity,
    })),
  }));

  const origins = new Map<string, number>();
  for (const rule of result.rules) origins.set(rule.origin, (origins.get(rule.origin) ?? 0) + 1);

  const toc: TocEntry[] = [
    { anchor: "sec-summary", title: labels.executiveSummary, level: 1 },
    { anchor: "sec-findings", title: labels.findings, level: 1 },
    ...views.map((view) => ({
      anchor: view.anchor,
      title: `${view.number}  ${view.title}`,
      level: 2 as const,
    })),
    ...(computers ? [{ anchor: "sec-computers", title: labels.computersTitle, level: 1 as const }] : []),
    { anchor: "sec-coverage", title: labels.coverage, level: 1 },
    ...(hasClientSection ? [{ anchor: "sec-clients", title: labels.clients, level: 1 as const }] : []),
    { anchor: "sec-outcomes", title: labels.passedAndNotEvaluated, level: 1 },
    { anchor: "sec-inventory", title: labels.inventory, level: 1 },
    { anchor: "sec-appendix", title: labels.appendix, level: 1 },
  ];

  const areaCounts = new Map<string, number>();
  for (const view of views) areaCounts.set(view.area, (areaCounts.get(view.area) ?? 0) + 1);

  return {
    site,
    generatedAt: result.generatedAt,
    tool: result.tool,
    bundleName: result.bundle.name,
    verdict: {
      status: result.verdict.status,
      headline: result.verdict.headline,
      coverage: result.verdict.coverage ?? result.completeness?.statement,
      label:
        result.verdict.status === "fail"
          ? labels.verdictFail
          : result.verdict.status === "pass"
            ? labels.verdictPass
            : labels.verdictIncomplete,
    },
    counts: SEVERITIES.map((severity) => ({
      severity,
      name: labels.severityNames[severity],
      count: counts[severity],
    })),
    openTotal: open.length,
    acceptedTotal: accepted.length,
    fixFirst: first,
    manager: managerView(result, labels, (finding) => anchors.get(finding) ?? { anchor: "", number: "" }),
    groups,
    accepted,
    hasFindings: views.length > 0,
    filters: {
      severities: SEVERITIES.filter((s) => views.some((v) => v.severity === s)).map((s) => ({
        value: s,
        name: labels.severityNames[s],
      })),
      areas: [...areaCounts.keys()].sort().map((area) => ({
        value: area,
        name: (labels.areaNames as Record<string, string>)[area] ?? area,
      })),
    },
    coverage,
    coverageCounts,
    collectNext: (result.completeness?.collect ?? []).map((entry) => ({
      label: entry.label,
      checks: entry.checks.join(", "),
      howToCollect: entry.howToCollect,
    })),
    clients,
    hasClientSection,
    computers,
    charts: { ...charts, computers: computersChart, computersAge: computersAgeChart },
    outcomes: {
      passed: outcome("passed"),
      notEvaluated: outcome("not-evaluated"),
      disabled: outcome("disabled"),
    },
    inventory,
    inventorySummary: listed.summary
      ? {
          note: formatLabel(labels.inventoryCut, {
            shown: listed.summary.shown.toLocaleString("en-US"),
            total: listed.summary.total.toLocaleString("en-US"),
            file: listed.summary.file,
          }),
          byKind: listed.summary.byKind.map((count) => ({
            ...count,
            parsed: count.parsed.toLocaleString("en-US"),
            skipped: count.skipped.toLocaleString("en-US"),
            failed: count.failed.toLocaleString("en-US"),
            total: count.total.toLocaleString("en-US"),
          })),
        }
      : undefined,
    files: result.summary.files,
    appendix: {
      origins: [...origins.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([origin, count]) => ({ origin, count })),
      diagnostics: result.diagnostics,
      sources: result.bundle.sources,
      rules: result.summary.rules,
    },
    toc,
  };
}

export type ViewModel = ReturnType<typeof buildViewModel>;
