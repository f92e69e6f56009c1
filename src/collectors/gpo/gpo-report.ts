/**
 * `Get-GPOReport -ReportType Xml` for one GPO (root `GPO`) or `-All` (root `report` without namespace
 * wrapping many `GPO`), and the gpreport.xml inside GPMC backups (knowledge/gpo.md §2.2).
 */
import { createDecoder } from "../../bundle/encoding.js";
import { WSUS_CORE_VALUES } from "../../knowledge/gpo-policies.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { GpoDefinition, GpoFragment, GpoLink } from "./facts.js";
import { readRegistryExtension, registryExtensions } from "./registry-extension.js";
import { NS, kid, kidBool, kidText, kids, type XNode } from "./xml-tree.js";
import { readGpoSecurity } from "./gpo-security.js";
import { userSideWsus } from "./user-side.js";
import { gpoFailure, parseGpoXml } from "./failure.js";
import { cutUnreadPolicies } from "./gpo-policy-cut.js";
import { largeReads } from "../large-reads.js";
import { Utf16LeText } from "../utf16le-text.js";
import { GpoReportSplitter, GpoSliceError, type GpoSlice } from "./gpo-slices.js";

/** A report already in memory (the gpreport.xml of a GPMC backup, tests): read as the stream is. */
export function parseGpoReport(text: string, file: string): CollectorOutput<GpoFragment> {
  const reader = new GpoReportReader(file);
  reader.push(text);
  return reader.finish();
}

/**
 * Reads a report GPO by GPO as its text arrives (gpo-slices.ts): memory follows the largest GPO,
 * not the file. Each GPO is parsed alone, its unread policies cut first (gpo-policy-cut.ts).
 */
export class GpoReportReader {
  private readonly splitter = new GpoReportSplitter(cutUnreadPolicies);
  private readonly gpos: GpoDefinition[] = [];
  private readonly problems: Problem[] = [];
  private failure: CollectorOutput<GpoFragment> | undefined;

  constructor(private readonly file: string) {}

  push(text: string): void {
    if (this.failure) return;
    try {
      for (const slice of this.splitter.push(text)) this.readSlice(slice);
    } catch (error) {
      this.fail(error);
    }
  }

  finish(): CollectorOutput<GpoFragment> {
    if (!this.failure) {
      try {
        for (const slice of this.splitter.end()) this.readSlice(slice);
      } catch (error) {
        this.fail(error);
      }
    }
    if (this.failure) return this.failure;
    return {
      status: "parsed",
      facts: {
        kind: "gpo-report-xml",
        file: this.file,
        complete: this.splitter.root === "report",
        gpos: this.gpos,
      },
      records: this.gpos.length,
      rejected: 0,
      problems: this.problems,
    };
  }

  private readSlice(slice: GpoSlice): void {
    // unread policies were cut by the splitter (cutUnreadPolicies)
    const { root, failure } = parseGpoXml(slice.text, slice.firstLine);
    if (failure) {
      throw new GpoSliceError(
        `${failure.reason ?? "not well-formed XML"} (in the GPO that starts at line ${slice.firstLine})`,
      );
    }
    const node = root?.name === "GPO" ? root : kid(root, "GPO", NS.settings);
    if (node?.name !== "GPO" || node.ns !== NS.settings) throw new GpoSliceError(NOT_A_REPORT, true);
    this.gpos.push(readGpo(node, this.file, this.problems));
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    if (!(error instanceof GpoSliceError)) throw error;
    this.failure = gpoFailure(error.message);
  }
}

const NOT_A_REPORT = "the root element is neither a GPO report <GPO> nor a Get-GPOReport -All <report>";

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
  // streamed GPO by GPO: not held to the whole-file limit (a -All report of a big domain is 200 MB+)
  async collect(file, context) {
    const reader = new GpoReportReader(file.path);
    // Get-GPOReport writes UTF-16LE: decoded as the bundle's decoder would, in half its time
    const decoder =
      file.encoding === "utf-16le"
        ? new Utf16LeText()
        : streamDecoder(createDecoder(file.encoding ?? "utf-8"));
    let bytes = 0;
    for await (const chunk of largeReads(file)) {
      bytes += chunk.length;
      reader.push(decoder.decode(chunk));
      context.onProgress?.(bytes);
    }
    reader.push(decoder.end());
    return reader.finish();
  },
};

/** A TextDecoder in stream mode behind Utf16LeText's two methods. */
function streamDecoder(decoder: TextDecoder): { decode(chunk: Buffer): string; end(): string } {
  return { decode: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}
