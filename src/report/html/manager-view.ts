/**
 * The manager's first page: the verdict in one sentence, one tile per area with its status, the
 * three actions that matter most with who acts and how much work each is, and what could not be
 * checked. Built from the result alone (coverage, findings, completeness), so `render` of a saved
 * result.json draws the same page.
 */
import { findCheck } from "../../knowledge/checks.js";
import { actionFor } from "../../knowledge/actions.js";
import type { AuditResult, Finding } from "../../result/types.js";
import type { Labels } from "../labels.js";
import { fixFirst } from "../model.js";
import { computersSummary } from "../computers-view.js";

export type TileStatus = "problem" | "ok" | "partly" | "not-checked";

export interface ManagerTile {
  name: string;
  status: TileStatus;
  statusText: string;
}

export interface ManagerAction {
  anchor: string;
  number: string;
  title: string;
  severity: Finding["severity"];
  severityName: string;
  owner: string;
  effort: string;
}

/** The tiles, in the order a reader walks the path of a client's report to the server. */
const TILES: { labelKey: keyof Labels["tileNames"]; areas: readonly string[] }[] = [
  { labelKey: "gpo", areas: ["gpo"] },
  { labelKey: "acl", areas: ["acl"] },
  { labelKey: "iis", areas: ["iis"] },
  { labelKey: "evt", areas: ["evt"] },
  { labelKey: "nps", areas: ["nps"] },
  { labelKey: "clients", areas: ["clients", "client"] },
];

const fill = (text: string, values: Record<string, number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

function tile(result: AuditResult, labels: Labels, entry: (typeof TILES)[number]): ManagerTile {
  const coverage = result.coverage.filter((c) => entry.areas.includes(findCheck(c.check)?.area ?? ""));
  const failed = coverage.filter((c) => c.status === "failed").length;
  const evaluated = coverage.filter((c) => c.status !== "not-evaluated" && c.status !== "no-rule").length;
  const status: TileStatus =
    failed > 0 ? "problem" : evaluated === 0 ? "not-checked" : evaluated < coverage.length ? "partly" : "ok";
  const texts = labels.tileStatus;
  const statusText =
    status === "problem"
      ? fill(failed === 1 ? texts.problemOne : texts.problems, { n: failed })
      : status === "ok"
        ? texts.ok
        : status === "partly"
          ? fill(texts.partly, { n: evaluated, total: coverage.length })
          : texts.notChecked;
  return { name: labels.tileNames[entry.labelKey], status, statusText };
}

export function managerView(
  result: AuditResult,
  labels: Labels,
  anchorOf: (finding: Finding) => { anchor: string; number: string },
) {
  const actions: ManagerAction[] = fixFirst(result.findings, 3).map((finding) => {
    const action = actionFor(finding.checks, finding.area);
    return {
      ...anchorOf(finding),
      title: finding.title,
      severity: finding.severity,
      severityName: labels.severityNames[finding.severity],
      owner: labels.owners[action.owner],
      effort: labels.efforts[action.effort],
    };
  });
  // How many computers are affected and why, when the bundle has the WSUS computer list.
  const computers = result.computers ? computersSummary(result.computers) : undefined;
  return {
    computers: computers
      ? {
          headline: computers.headline,
          causes: computers.causes.slice(0, 3),
          more: computers.causes.length > 3,
        }
      : undefined,
    tiles: TILES.map((entry) => tile(result, labels, entry)),
    actions,
    notChecked: (result.completeness?.collect ?? []).map((entry) => entry.label),
    coverage: result.completeness
      ? fill(labels.checksEvaluated, { n: result.completeness.evaluated, total: result.completeness.total })
      : "",
  };
}
