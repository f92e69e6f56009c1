/**
 * The per-computer answer in the reports: the executive summary leads with it, the Computers
 * chapter groups computers by verdict and cause, findings.csv names every affected computer,
 * computers.csv holds them all — on the clients-not-reporting sample (PowerShell 5.1 exports),
 * and bounded on a 50,000-computer estate.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import {
  computerGroups,
  computersSummary,
  ROWS_PER_GROUP,
  MAX_GROUPS,
} from "../../src/report/computers-view.js";
import { renderCsv, renderHtml, renderJson, renderMarkdown, writeReports } from "../../src/report/index.js";
import type { AuditResult, ComputerVerdictRow } from "../../src/result/types.js";
import { tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const rules = await loadRules([join(ROOT, "rules/clients"), join(ROOT, "rules/gpo")], {
  facts: FACT_CATALOGUE,
});
const sample = await auditBundle(join(ROOT, "samples", "clients-not-reporting"), {
  rules,
  now: new Date("2026-12-01T10:00:00Z"),
});

type CsvRecord = Record<string, string>;
const records = (csv: string) => parse(csv, { bom: true, columns: true }) as CsvRecord[];

// The sample grows as the model learns new joins: counts are taken from its rows, named computers asserted.
const rowsOf = (verdicts: string[]) => sample.computers!.rows.filter((r) => verdicts.includes(r.verdict));
const verdictOf = (name: string) =>
  sample.computers!.rows.find((r) => r.name.startsWith(`${name}.`))?.verdict;
const TOTAL = sample.computers!.rows.length;
const NOT_REPORTING = TOTAL - rowsOf(["reporting", "unknown"]).length;
const HEADLINE = `${NOT_REPORTING} of ${TOTAL} computers have not reported for 30 days or more`;
const RANK = [
  "stale",
  "refused",
  "sync-no-report",
  "never-registered",
  "duplicate-id",
  "unknown",
  "reporting",
];

/** A 50,000-computer estate: 200 store OUs, a quarter of them without the WSUS GPO link. */
function estate(size = 50_000): AuditResult {
  const rows: ComputerVerdictRow[] = [];
  for (let i = 0; i < size; i++) {
    const store = i % 200;
    const ou = `corp.fabrikam.local/Stores/Store-${String(store).padStart(3, "0")}`;
    const unlinked = store % 4 === 0;
    const verdict = unlinked
      ? "stale"
      : i % 97 === 0
        ? "sync-no-report"
        : i % 501 === 0
          ? "unknown"
          : "reporting";
    rows.push({
      name: `pos-${String(i).padStart(5, "0")}.corp.fabrikam.local`,
      ou,
      ip: `10.${40 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      lastSync: unlinked ? "never" : "2026-11-30T08:12:44Z",
      lastReport: unlinked || verdict === "sync-no-report" ? "never" : "2026-11-30T08:12:47Z",
      verdict,
      cause:
        verdict === "stale"
          ? `no WSUS GPO is linked to ${ou} or above it`
          : verdict === "sync-no-report"
            ? "no evidence of the cause in this bundle"
            : verdict === "unknown"
              ? "the export has no LastReportedStatusTime for this computer"
              : "",
      evidence: unlinked ? "gpo/gpos-all.xml:36" : `wsus/wsus-computers.csv:${i + 3}`,
    });
  }
  const counts: Record<string, number> = {};
  const causes = new Map<string, { verdict: string; cause: string; count: number }>();
  for (const row of rows) {
    counts[row.verdict] = (counts[row.verdict] ?? 0) + 1;
    if (row.verdict === "reporting") continue;
    const key = `${row.verdict}/${row.cause}`;
    const entry = causes.get(key) ?? { verdict: row.verdict, cause: row.cause, count: 0 };
    entry.count++;
    causes.set(key, entry);
  }
  return {
    ...structuredClone(sample),
    computers: {
      evaluable: true,
      reason: `${size} computer(s) in the WSUS list`,
      staleDays: 30,
      total: rows.length,
      counts,
      causes: [...causes.values()].sort((a, b) => b.count - a.count),
      rows,
    },
  };
}

describe("the per-computer answer in the reports", () => {
  it("result.computers holds every computer of the sample with the verdicts the findings counted", () => {
    const computers = sample.computers!;
    assert.equal(computers.evaluable, true);
    assert.equal(computers.total, TOTAL);
    assert.ok(TOTAL >= 10, `${TOTAL} computers`);
    assert.deepEqual(["ws-0001", "ws-0002", "kiosk-014", "ws-0003", "kiosk-015", "newpc-77"].map(verdictOf), [
      "reporting",
      "stale",
      "stale",
      "sync-no-report",
      "never-registered",
      "never-registered",
    ]);
    assert.equal(
      Object.values(computers.counts).reduce((a, b) => a + b, 0),
      TOTAL,
      "every computer counted once",
    );
    const stale = sample.findings.find((f) => f.ruleId === "clients-stale")!;
    assert.match(stale.summary, new RegExp(`^${rowsOf(["stale", "refused"]).length} of ${TOTAL} computers`));
  });

  it("the executive summary leads with the answer: counts by cause and a chart, before the verdict box", () => {
    const html = renderHtml(sample);
    const summary = html.slice(html.indexOf('id="sec-summary"'), html.indexOf('id="sec-findings"'));
    const lead = summary.indexOf('class="computers-lead"');
    assert.ok(lead > 0 && lead < summary.indexOf('class="verdict verdict-'), "the answer comes first");
    assert.ok(summary.includes(`${HEADLINE}:`), HEADLINE);
    assert.match(
      summary,
      /<span class="cause-count">2<\/span> <span class="verdict-tag verdict-never-registered">never registered<\/span> no WSUS GPO is linked to corp\.fabrikam\.local\/Stores\/Kiosks or above it \(&quot;WSUS - Clients&quot; link elsewhere\)/,
    );
    // the chart: one labelled bar per verdict present, the number beside it (readable in grey)
    const chart = /<svg class="chart chart-computers"[\s\S]*?<\/svg>/.exec(summary)?.[0] ?? "";
    const bars = [
      ...chart.matchAll(/class="chart-label">([^<]+)<\/text>[\s\S]*?class="chart-value">(\d+)</g),
    ].map((m) => `${m[1]}=${m[2]}`);
    assert.ok(bars.includes(`Not reporting=${rowsOf(["stale"]).length}`), bars.join(" "));
    assert.ok(bars.includes(`Never registered=${rowsOf(["never-registered"]).length}`), bars.join(" "));
    assert.equal(bars.at(-1), `Reporting=${rowsOf(["reporting"]).length}`);
    assert.doesNotMatch(html, /https?:\/\/[^"' ]*\.(js|css)/, "no request for scripts or styles");
  });

  it("report.md leads with the same answer and has a Computers chapter by verdict and cause", () => {
    const md = renderMarkdown(sample);
    const summary = md.slice(md.indexOf("## Executive summary"), md.indexOf("| Severity |"));
    assert.ok(summary.includes(`**${HEADLINE}:**`), summary.slice(0, 300));
    assert.match(
      summary,
      /^- 2 never registered: no WSUS GPO is linked to corp\.fabrikam\.local\/Stores\/Kiosks/m,
    );
    assert.match(md, /## Computers\n\n\d+ computer\(s\) in the WSUS list, \d+ in the domain's list/);
    assert.match(md, /^\| Never registered \| no evidence of the cause in this bundle \| 1 \|$/m);
  });

  it("the Computers chapter groups every computer by verdict and cause, with sortable columns", () => {
    const html = renderHtml(sample);
    const chapter = html.slice(html.indexOf('id="sec-computers"'), html.indexOf('id="sec-coverage"'));
    assert.ok(html.indexOf('href="#sec-computers"') > 0, "in the contents");
    const groups = [
      ...chapter.matchAll(/<div class="computer-group" id="[^"]+" data-verdict="([^"]+)">/g),
    ].map((m) => m[1]);
    const ranks = groups.map((verdict) => RANK.indexOf(verdict!));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      `grouped worst first: ${groups.join(" ")}`,
    );
    assert.equal(groups[0], "stale");
    assert.equal(groups.at(-1), "reporting");
    assert.equal((chapter.match(/<tr data-verdict=/g) ?? []).length, TOTAL);
    assert.equal((chapter.match(/<th data-sort=/g) ?? []).length, 8 * groups.length);
    assert.match(
      chapter,
      /<tr data-verdict="sync-no-report"><td>ws-0003\.corp\.fabrikam\.local<\/td><td>corp\.fabrikam\.local\/Clients\/Workstations<\/td><td>10\.20\.1\.13<\/td><td class="when">2026-11-30 07:55<\/td><td class="when">2026-09-02 09:41<\/td><td class="col-grouped">Synchronises, no status report<\/td><td class="col-grouped">no evidence of the cause in this bundle<\/td><td><code>wsus\/wsus-computers\.csv:5<\/code><\/td><\/tr>/,
    );
    assert.match(chapter, /id="computer-toolbar" hidden/);
    assert.match(chapter, /computers\.csv beside this report/);
  });

  it("a computer list that cannot be judged says why in the summary, and no answer is invented", () => {
    const blind = structuredClone(sample);
    blind.computers = {
      ...blind.computers!,
      evaluable: false,
      reason:
        'no timestamp in the computer list and no "collected" date in bundle.json: ages cannot be measured',
      rows: [],
      causes: [],
      counts: {},
      total: 0,
    };
    const html = renderHtml(blind);
    const summary = html.slice(html.indexOf('id="sec-summary"'), html.indexOf('id="sec-findings"'));
    assert.match(
      summary,
      /The computers of the WSUS list could not be judged: no timestamp in the computer list and no &quot;collected&quot; date in bundle\.json: ages cannot be measured\./,
    );
    assert.doesNotMatch(summary, /class="computers-lead"|chart-computers/);
  });

  it("findings.csv: each finding row, then one row per computer it names; per-finding rows unchanged", () => {
    const rows = records(renderCsv(sample));
    const findingRows = rows.filter((r) => r.computer === "");
    assert.equal(findingRows.length, sample.findings.length);
    assert.ok(
      findingRows.every((r) => r.summary !== "" && r.evidenceCount !== ""),
      "finding rows keep their text",
    );
    const stale = rows.findIndex((r) => r.ruleId === "clients-stale" && r.computer === "");
    assert.deepEqual(
      rows.slice(stale + 1, stale + 3).map((r) => [r.checks, r.computer, r.verdict, r.evidence]),
      [
        ["CLIENTS.STALE", "ws-0002.corp.fabrikam.local", "stale", "ad/ad-computers.csv:4"],
        ["CLIENTS.STALE", "kiosk-014.corp.fabrikam.local", "stale", "gpo/gpos-all.xml:36"],
      ],
    );
    assert.equal(rows.filter((r) => r.ruleId === "clients-not-registered" && r.computer !== "").length, 4);
    assert.equal(
      rows.filter((r) => r.verdict === "reporting").length,
      0,
      "reporting computers are no finding's",
    );
  });

  it("computer names and causes that look like formulas are exported as text", () => {
    const evil = structuredClone(sample);
    const row = evil.computers!.rows.find((r) => r.verdict === "stale")!;
    row.name = '=HYPERLINK("http://evil.example","x")';
    row.cause = "@SUM(A1)";
    const found = records(renderCsv(evil)).find((r) => (r.computer ?? "").includes("HYPERLINK"))!;
    assert.equal(found.computer, `'${row.name}`);
    assert.equal(found.cause, "'@SUM(A1)");
    assert.ok(!renderHtml(evil).includes('<td>=HYPERLINK("'), "escaped in HTML too");
  });

  it("computers.csv beside the reports holds every computer, whatever the formats", async () => {
    const out = join(tempDir("computers-csv"), "report");
    const { written } = await writeReports(sample, out, ["json"]);
    assert.ok(
      written.some((file) => file.endsWith("computers.csv")),
      written.join(" "),
    );
    const csv = readFileSync(join(out, "computers.csv"), "utf8");
    // the row's own columns; fields the model adds later follow them
    const header = csv.split("\r\n")[0]!;
    assert.ok(header.startsWith("\uFEFFname,ou,ip,lastSync,lastReport,verdict,cause,evidence"), header);
    const list = records(csv);
    assert.equal(list.length, TOTAL);
    const ranks = list.map((r) => RANK.indexOf(r.verdict!));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      "in report order",
    );
    assert.deepEqual(
      list.slice(0, 2).map((r) => r.name),
      ["ws-0002.corp.fabrikam.local", "kiosk-014.corp.fabrikam.local"],
    );
  });

  it("render re-creates the same reports from result.json (the answer travels whole)", () => {
    const again = JSON.parse(renderJson(sample)) as AuditResult;
    assert.deepEqual(again.computers, sample.computers);
    assert.equal(renderHtml(again), renderHtml(sample));
    assert.equal(renderCsv(again), renderCsv(sample));
    assert.equal(renderMarkdown(again), renderMarkdown(sample));
  });

  it("a 50,000-computer estate stays readable: counts from all, the first rows of each group, all in the CSVs", async () => {
    const big = estate();
    const summary = computersSummary(big.computers!)!;
    assert.equal(
      summary.headline,
      "12,887 of 50,000 computers have not reported for 30 days or more; 74 could not be judged:",
    );
    assert.equal(summary.causes.length, 5);
    assert.match(summary.moreCauses, /^and 46 more causes \(11,500 computers\)/);
    const printed = computerGroups(big.computers!);
    assert.equal(printed.groups.length, MAX_GROUPS);
    assert.ok(
      printed.groups.every((g) => g.rows.length <= ROWS_PER_GROUP),
      "rows per group bounded",
    );
    assert.equal(printed.moreGroups, 53 - MAX_GROUPS);

    const started = process.hrtime.bigint();
    const html = renderHtml(big);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 10, "renders in seconds");
    assert.ok(html.length < 3_000_000, `report.html is ${html.length} characters`);
    assert.ok(
      (html.match(/<tr data-verdict=/g) ?? []).length <= ROWS_PER_GROUP * MAX_GROUPS,
      "rows printed bounded",
    );
    assert.match(html, /First 25 of 250 computers of this group; all in computers\.csv\./);
    assert.ok(renderMarkdown(big).length < 1_000_000, "report.md bounded");

    const out = join(tempDir("computers-50k"), "report");
    await writeReports(big, out, ["csv"]);
    const lines = readFileSync(join(out, "computers.csv"), "utf8").split("\r\n");
    assert.equal(lines.length, 50_000 + 2, "header, every computer, final CRLF");
    const findings = records(readFileSync(join(out, "findings.csv"), "utf8"));
    assert.equal(
      findings.filter((r) => r.ruleId === "clients-stale" && r.computer !== "").length,
      big.computers!.counts["stale"],
    );
  });
});
