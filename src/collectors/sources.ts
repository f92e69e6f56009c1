/**
 * The one table of evidence sources. Everything else that lists sources derives from it: the
 * `SourceName` type, each collector family's label, the "needs evidence …" reasons, the fact
 * catalogue's evidence facts, the rule-test harness and the generated docs. The rule schema's
 * `requires` enum is checked against it by a test (the schema is a hand-written file in rules/).
 * Kept free of collector imports so start-up paths can read it cheaply.
 */
export interface SourceEntry {
  /** The top-level fact name, as rules name it in `requires`. */
  readonly name: string;
  /** How reports and reasons name the source. */
  readonly label: string;
  /** What it holds, for the fact catalogue. */
  readonly contents: string;
  /** Where the merged fact's shape is declared. */
  readonly shapeFile: string;
}

export const EVIDENCE_SOURCES = [
  {
    name: "gpo",
    label: "Group Policy export",
    contents: "Group Policy (gpresult, Get-GPOReport, Registry.pol, .reg)",
    shapeFile: "src/collectors/gpo/facts.ts",
  },
  {
    name: "acl",
    label: "ACL dump (icacls / Get-Acl)",
    contents: "File-system ACL dumps (icacls, Get-Acl)",
    shapeFile: "src/collectors/acl/facts.ts",
  },
  {
    name: "procmon",
    label: "Process Monitor capture",
    contents: "Process Monitor captures (CSV)",
    shapeFile: "src/collectors/procmon/facts.ts",
  },
  {
    name: "eventlog",
    label: "Application event log export",
    contents: "Application event log exports",
    shapeFile: "src/collectors/eventlog/facts.ts",
  },
  {
    name: "iisLog",
    label: "IIS W3C log",
    contents: "IIS W3C logs",
    shapeFile: "src/collectors/iis-log/facts.ts",
  },
  {
    name: "httpErr",
    label: "HTTPERR log",
    contents: "HTTP.sys error logs",
    shapeFile: "src/collectors/httperr/facts.ts",
  },
  {
    name: "iisConfig",
    label: "IIS applicationHost.config",
    contents: "IIS applicationHost.config",
    shapeFile: "src/collectors/iis-config/facts.ts",
  },
  {
    name: "nps",
    label: "NPS log or health validator result",
    contents: "NPS / NAP accounting logs and health validator results",
    shapeFile: "src/collectors/nps/facts.ts",
  },
  {
    name: "wsusComputers",
    label: "WSUS computer list (Get-WsusComputer export)",
    contents: "WSUS computer list (Get-WsusComputer export or SUSDB query)",
    shapeFile: "src/collectors/wsus-computers/facts.ts",
  },
  {
    name: "adComputers",
    label: "Domain computer list (Get-ADComputer export)",
    contents: "Domain computer list (Get-ADComputer export)",
    shapeFile: "src/collectors/ad-computers/facts.ts",
  },
  {
    name: "wsusSetup",
    label: "WSUS server Setup registry export",
    contents:
      "The WSUS server's Setup registry key (IISTargetWebsiteIndex, PortNumber, UsingSSL, ContentDir, SqlServerName)",
    shapeFile: "src/collectors/wsus-setup/facts.ts",
  },
  {
    name: "client",
    label: "WSUS client log or registry export (WindowsUpdate.log, ReportingEvents.log, reg export)",
    contents: "WSUS client WindowsUpdate.log, ReportingEvents.log and registry exports, per computer",
    shapeFile: "src/collectors/client/facts.ts",
  },
] as const satisfies readonly SourceEntry[];

/** Top-level fact names, one per evidence source. */
export type SourceName = (typeof EVIDENCE_SOURCES)[number]["name"];

export const SOURCE_NAMES: readonly SourceName[] = EVIDENCE_SOURCES.map((source) => source.name);

export function sourceEntry(name: SourceName): SourceEntry {
  return EVIDENCE_SOURCES.find((source) => source.name === name)!;
}

export function sourceLabel(name: SourceName): string {
  return sourceEntry(name).label;
}

export function describeSources(sources: readonly SourceName[]): string {
  return sources.map(sourceLabel).join(", ");
}
