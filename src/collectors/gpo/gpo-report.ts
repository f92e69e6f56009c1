/**
 * `Get-GPOReport -ReportType Xml` for one GPO (root `GPO`) or `-All` (root `report` without namespace
 * wrapping many `GPO`), and the gpreport.xml inside GPMC backups (knowledge/gpo.md §2.2).
 */
import { WSUS_CORE_VALUES } from "../../knowledge/gpo-policies.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { GpoDefinition, GpoFragment, GpoLink } from "./facts.js";
import { readRegistryExtension, registryExtensions } from "./registry-extension.js";
import { NS, kid, kidBool, kidText, kids, type XNode } from "./xml-tree.js";
import { readGpoSecurity } from "./gpo-security.js";
import { userSideWsus } from "./user-side.js";
import { parseGpoXml } from "./failure.js";

export function parseGpoReport(text: string, file: string): CollectorOutput<GpoFragment> {
  const problems: Problem[] = [];
  const { root, failure } = parseGpoXml(text);
  if (failure) return failure;
  let gpoNodes: XNode[];
  let complete = false;
  if (root?.name === "GPO" && root.ns === NS.settings) gpoNodes = [root];
  else if (root?.name === "report") {
    gpoNodes = kids(root, "GPO", NS.settings);
    complete = true;
  } else {
    const reason = "the root element is neither a GPO report <GPO> nor a Get-GPOReport -All <report>";
    return {
      status: "failed",
      reason,
      records: 0,
      rejected: 0,
      problems: [{ severity: "error", message: reason }],
    };
  }
  const gpos = gpoNodes.map((node) => readGpo(node, file, problems));
  return {
    status: "parsed",
    facts: { kind: "gpo-report-xml", file, complete, gpos },
    records: gpos.length,
    rejected: 0,
    problems,
  };
}

function readGpo(node: XNode, file: string, problems: Problem[]): GpoDefinition {
  const identifier = kid(node, "Identifier", NS.settings);
  const name = kidText(node, "Name", NS.settings) ?? "(unnamed GPO)";
  const id = kidText(identifier, "Identifier", NS.types);
  const computer = kid(node, "Computer", NS.settings);
  const user = kid(node, "User", NS.settings);
  const links: GpoLink[] = kids(node, "LinksTo", NS.settings).map((link) => ({
    somPath: kidText(link, "SOMPath", NS.settings) ?? kidText(link, "SOMName", NS.settings) ?? "",
    enabled: kidBool(link, "Enabled", NS.settings) ?? true,
    enforced: kidBool(link, "NoOverride", NS.settings) ?? false,
  }));
  const definition: GpoDefinition = {
    name,
    id,
    domain: kidText(identifier, "Domain", NS.types),
    file,
    line: node.line,
    computerEnabled: kidBool(computer, "Enabled", NS.settings),
    userEnabled: kidBool(user, "Enabled", NS.settings),
    linkInfo: true,
    links,
    wmiFilter: kidText(node, "FilterName", NS.settings),
    security: readGpoSecurity(node),
    userSideWsus: userSideWsus(node, file, problems),
    settings: [],
    policies: [],
    setsWsus: false,
    inEffect: false,
    alsoFrom: [],
  };
  // Windows Update policies are machine policies: only the Computer side counts.
  for (const extension of registryExtensions(kids(computer, "ExtensionData", NS.settings))) {
    const read = readRegistryExtension(extension, {
      file,
      kind: "gpo-report-xml",
      gpo: name,
      gpoId: id,
      problems,
    });
    definition.settings.push(...read.settings);
    definition.policies.push(...read.policies);
  }
  completeDefinition(definition);
  return definition;
}

/** Derived flags, recomputed after merge adds a Registry.pol to a definition. */
export function completeDefinition(definition: GpoDefinition): void {
  definition.setsWsus = definition.settings.some(
    (setting) => !setting.deleted && WSUS_CORE_VALUES.includes(setting.name),
  );
  definition.inEffect =
    definition.computerEnabled !== false &&
    (!definition.linkInfo || definition.links.some((link) => link.enabled));
}

export const gpoReportCollector: Collector<GpoFragment> = {
  kind: "gpo-report-xml",
  source: "gpo",
  label: "Get-GPOReport XML (one GPO or -All; also gpreport.xml of a GPO backup)",
  readsWhole: true,
  howToCollect:
    "On a domain controller or a machine with GPMC: Get-GPOReport -All -Domain <domain> -ReportType Xml -Path C:\\Temp\\gpos.xml",
  detect(probe) {
    const head = probe.head;
    if (/<Rsop[\s>]/.test(head)) return 0;
    if (/<GPO\s[^>]*xmlns="http:\/\/www\.microsoft\.com\/GroupPolicy\/Settings"/.test(head)) {
      return /^\s*(?:<\?xml[^>]*\?>\s*)?<report[\s>]/.test(head) ? 95 : 90;
    }
    return 0;
  },
  async collect(file) {
    return parseGpoReport(await file.readText(), file.path);
  },
};
