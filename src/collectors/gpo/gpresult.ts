/**
 * `gpresult /x` (and Get-GPResultantSetOfPolicy -ReportType Xml): the RSoP of one computer
 * (knowledge/gpo.md §2.1). Windows writes it as UTF-16LE with a BOM whatever the declaration says;
 * the EvidenceFile decodes by the bytes, so the declaration is never trusted.
 */
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { DenialReason, GpoFragment, GpoLink, RsopComputer, RsopGpo, SearchedSom } from "./facts.js";
import { blockingOu } from "./inheritance.js";
import { readRegistryExtension, registryExtensions } from "./registry-extension.js";
import { NS, kid, kidBool, kidNumber, kidText, kids, type XNode } from "./xml-tree.js";
import { gpoFailure, parseGpoXml } from "./failure.js";
import { rsopUserSideWsus } from "./user-side.js";

const REGISTRY_CSE = "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}";

export function parseGpresult(text: string, file: string): CollectorOutput<GpoFragment> {
  const problems: Problem[] = [];
  const { root, failure } = parseGpoXml(text);
  if (failure) return failure;
  if (!root || root.name !== "Rsop" || root.ns !== NS.rsop)
    return gpoFailure("the root element is not an RSoP report");
  const computerNodes = kids(root, "ComputerResults", NS.rsop);
  if (computerNodes.length === 0) {
    return {
      status: "skipped",
      reason:
        "the report has no ComputerResults (only user settings): run `gpresult /scope computer /x <file> /f` from an elevated prompt on the client.",
      records: 0,
      rejected: 0,
      problems,
    };
  }
  const dataType = kidText(root, "DataType", NS.rsop);
  const computers = computerNodes.map((node) => readComputer(node, file, problems, dataType));
  const userSide = rsopUserSideWsus(root, file, problems);
  if (userSide.length > 0) for (const computer of computers) computer.userSideWsus = userSide;
  if (dataType === "PlanningData") {
    problems.push({
      severity: "info",
      message: `This is Group Policy Modeling output (DataType PlanningData): GPMC simulated the policy for ${computers.map((c) => c.som ?? c.name).join(", ")}; no client logged it. Verdicts rest on the simulation: confirm on a client with gpresult /scope computer /x.`,
    });
  }
  const records = computers.reduce(
    (sum, computer) => sum + computer.gpos.length + computer.settings.length,
    0,
  );
  return {
    status: "parsed",
    facts: { kind: "gpresult-xml", file, computers },
    records,
    rejected: 0,
    problems,
  };
}

function readComputer(
  node: XNode,
  file: string,
  problems: Problem[],
  dataType: string | undefined,
): RsopComputer {
  const searchedSoms = kids(node, "SearchedSOM", NS.rsop)
    .map(readSearchedSom)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const gpos = kids(node, "GPO", NS.rsop).map((gpoNode) => readGpo(gpoNode, searchedSoms));
  const modelled = dataType === "PlanningData";
  const som = kidText(node, "SOM", NS.rsop);
  const gpoNames = new Map(gpos.filter((gpo) => gpo.id).map((gpo) => [gpo.id!.toUpperCase(), gpo.name]));
  const extension = kids(node, "ExtensionStatus", NS.rsop).find(
    (status) => kidText(status, "Identifier", NS.rsop)?.toUpperCase() === REGISTRY_CSE,
  );
  const computer: RsopComputer = {
    name:
      kidText(node, "Name", NS.rsop) ??
      (modelled ? `(modelled computer in ${som ?? "an unnamed container"})` : "(unnamed computer)"),
    domain: kidText(node, "Domain", NS.rsop),
    site: kidText(node, "Site", NS.rsop),
    som,
    dataType,
    modelled,
    searchedSoms,
    file,
    line: node.line,
    gpos,
    registryExtension: extension
      ? {
          status: kidText(extension, "LoggingStatus", NS.rsop),
          error: kidNumber(extension, "Error", NS.rsop),
        }
      : undefined,
    settings: [],
    policies: [],
  };
  if (
    extension &&
    ((computer.registryExtension?.error ?? 0) !== 0 ||
      (computer.registryExtension?.status ?? "Complete") !== "Complete")
  ) {
    problems.push({
      line: extension.line,
      severity: "warning",
      message: `Registry policy processing on ${computer.name} did not complete (status ${computer.registryExtension?.status ?? "?"}, error ${computer.registryExtension?.error ?? "?"}): the settings shown may be stale.`,
    });
  }
  for (const extensionNode of registryExtensions(kids(node, "ExtensionData", NS.rsop))) {
    const read = readRegistryExtension(extensionNode, { file, kind: "gpresult-xml", gpoNames, problems });
    // Precedence 1 is the instance that applied; losing instances (if listed) are not effective.
    computer.settings.push(...read.settings.filter((setting) => (setting.precedence ?? 1) === 1));
    computer.policies.push(...read.policies.filter((policy) => (policy.precedence ?? 1) === 1));
  }
  return computer;
}

function readSearchedSom(node: XNode): SearchedSom {
  return {
    path: kidText(node, "Path", NS.rsop) ?? "",
    type: kidText(node, "Type", NS.rsop) ?? "",
    order: kidNumber(node, "Order", NS.rsop),
    blocksInheritance: kidBool(node, "BlocksInheritance", NS.rsop) ?? false,
    blocked: kidBool(node, "Blocked", NS.rsop) ?? false,
  };
}

function readGpo(node: XNode, searchedSoms: readonly SearchedSom[]): RsopGpo {
  const path = kid(node, "Path", NS.rsop);
  const linkNode = kid(node, "Link", NS.rsop);
  const link: GpoLink | undefined = linkNode
    ? {
        somPath: kidText(linkNode, "SOMPath", NS.rsop) ?? "",
        enabled: kidBool(linkNode, "Enabled", NS.rsop) ?? true,
        enforced: kidBool(linkNode, "NoOverride", NS.rsop) ?? false,
        appliedOrder: kidNumber(linkNode, "AppliedOrder", NS.rsop),
      }
    : undefined;
  const gpo: RsopGpo = {
    name: kidText(node, "Name", NS.rsop) ?? "(unnamed GPO)",
    id: kidText(path, "Identifier", NS.types),
    applied: false,
    enabled: kidBool(node, "Enabled", NS.rsop),
    accessDenied: kidBool(node, "AccessDenied", NS.rsop),
    filterAllowed: kidBool(node, "FilterAllowed", NS.rsop),
    isValid: kidBool(node, "IsValid", NS.rsop),
    link,
    securityFilter: kids(node, "SecurityFilter", NS.rsop).map((filter) => filter.text.trim()),
    line: node.line,
  };
  const versions = [kidNumber(node, "VersionDirectory", NS.rsop), kidNumber(node, "VersionSysvol", NS.rsop)];
  const blockedAt = blockingOu(link, searchedSoms);
  gpo.applied =
    link?.appliedOrder !== undefined ? link.appliedOrder > 0 : flagsHealthy(gpo) && blockedAt === undefined;
  if (!gpo.applied) {
    if (blockedAt !== undefined) gpo.blockedAt = blockedAt;
    gpo.reason = denialReason(gpo, versions);
  }
  return gpo;
}

function flagsHealthy(gpo: RsopGpo): boolean {
  return (
    gpo.enabled !== false &&
    gpo.accessDenied !== true &&
    gpo.filterAllowed !== false &&
    gpo.isValid !== false &&
    gpo.link?.enabled !== false
  );
}

/**
 * gpresult XML carries no reason; derive it from the flags (knowledge/gpo.md §2.1 table) and from the
 * searched containers (a not-enforced link above an OU that blocks inheritance never reaches it). The
 * words are those `gpresult /r` prints under "Filtering:", so the consultant finds them on the client.
 */
export function denialReason(gpo: RsopGpo, versions: (number | undefined)[]): DenialReason {
  if (gpo.link?.enabled === false) return "Disabled (Link)";
  if (gpo.blockedAt !== undefined) return "Blocked inheritance";
  if (gpo.enabled === false) return "Disabled (GPO)";
  if (gpo.accessDenied === true) return "Denied (Security)";
  if (gpo.isValid === false && versions.every((version) => (version ?? 0) === 0))
    return "Not Applied (Empty)";
  if (gpo.filterAllowed === false && gpo.isValid !== false) return "Denied (WMI Filter)";
  return "Not applied (no reason recorded)";
}

export const gpresultCollector: Collector<GpoFragment> = {
  kind: "gpresult-xml",
  source: "gpo",
  label: "gpresult /x RSoP report (XML)",
  readsWhole: true,
  howToCollect:
    "On a client that does not report, from an elevated prompt: gpresult /scope computer /x C:\\Temp\\%COMPUTERNAME%-rsop.xml /f",
  detect(probe) {
    return /<Rsop[\s>]/.test(probe.head) && probe.head.includes(NS.rsop) ? 95 : 0;
  },
  async collect(file) {
    return parseGpresult(await file.readText(), file.path);
  },
};
