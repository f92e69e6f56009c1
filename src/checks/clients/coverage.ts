/**
 * Whether the WSUS policy reaches an OU, from Get-GPOReport links (knowledge/wsus-computers.md
 * §15.4, gpo.md §3.1): a link on the OU or on any ancestor (or the domain) that is enabled, of a
 * GPO that sets the WSUS values and whose computer side is enabled, unless its security filtering keeps
 * every computer out (ADR 0020; a filter that depends on group membership is not claimed). "not-linked" is claimed only
 * from a complete `Get-GPOReport -All` export; otherwise another GPO could hold the link.
 */
import type { GpoFacts } from "../../collectors/gpo/facts.js";
import { gpoReach } from "../gpo/filtering.js";

export interface OuCoverage {
  state: "linked" | "link-disabled" | "filtered" | "not-linked" | "container" | "unknown";
  text: string;
  file?: string;
  line?: number;
}

function covers(somPath: string, ou: string): boolean {
  const som = somPath.toLowerCase();
  const path = ou.toLowerCase();
  return path === som || path.startsWith(`${som}/`);
}

export function ouCoverage(ou: string | undefined, gpo: GpoFacts | undefined): OuCoverage {
  if (!ou) return { state: "unknown", text: "" };
  const wsusGpos = (gpo?.gpos ?? []).filter((g) => g.setsWsus && g.linkInfo);
  let disabled: OuCoverage | undefined;
  let filtered: OuCoverage | undefined;
  for (const g of wsusGpos) {
    for (const link of g.links) {
      if (!covers(link.somPath, ou)) continue;
      const where = { ...(g.file ? { file: g.file } : {}), ...(g.line ? { line: g.line } : {}) };
      const reach = gpoReach(g);
      if (link.enabled && g.computerEnabled !== false && reach.kind === "blocked") {
        filtered ??= {
          state: "filtered",
          text: `WSUS GPO "${g.name}" is linked to ${link.somPath}, but ${reach.note}`,
          ...where,
        };
        continue;
      }
      if (link.enabled && g.computerEnabled !== false)
        return { state: "linked", text: `WSUS GPO "${g.name}" is linked to ${link.somPath}`, ...where };
      disabled ??= {
        state: "link-disabled",
        text: link.enabled
          ? `WSUS GPO "${g.name}" is linked to ${link.somPath} but its computer settings are disabled`
          : `the link of WSUS GPO "${g.name}" to ${link.somPath} is disabled`,
        ...where,
      };
    }
  }
  if (disabled) return disabled;
  if (filtered) return filtered;
  const inContainer = /\/computers$/i.test(ou) && ou.split("/").length === 2;
  if (inContainer)
    return {
      state: "container",
      text: `it sits in the default container ${ou}, which cannot hold GPO links: only domain- and site-linked GPOs reach it`,
    };
  if (gpo?.completeGpoList && wsusGpos.length > 0) {
    const report = wsusGpos[0]!;
    return {
      state: "not-linked",
      text: `no WSUS GPO is linked to ${ou} or above it (${wsusGpos.map((g) => `"${g.name}"`).join(", ")} link elsewhere)`,
      file: report.file,
      ...(report.line ? { line: report.line } : {}),
    };
  }
  return { state: "unknown", text: "" };
}
