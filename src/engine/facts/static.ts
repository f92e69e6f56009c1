import type { FactDefinition } from "./types.js";

/** The evidence sources themselves, as merged by their collectors, and the bundle description. */
export const staticFacts: FactDefinition[] = [
  {
    name: "bundle",
    description:
      "The bundle: its name, bundle.json manifest, the WSUS server it describes, and the evidence present.",
    sources: [],
    returns:
      "{ name: string; manifest: object; wsus: { server?: string; port?: number; ssl?: boolean; contentDir?: string }; sources: string[]; kinds: string[] }",
    example: {
      name: "contoso",
      manifest: { customer: "Contoso" },
      wsus: { server: "wsus01.contoso.local", port: 8530, ssl: false, contentDir: "D:\\WSUS\\WSUSContent" },
      sources: ["gpo"],
      kinds: ["gpresult-xml"],
    },
  },
  ...(
    [
      ["gpo", "Group Policy (gpresult, Get-GPOReport, Registry.pol, .reg)"],
      ["acl", "File-system ACL dumps (icacls, Get-Acl)"],
      ["procmon", "Process Monitor captures (CSV)"],
      ["eventlog", "Application event log exports"],
      ["iisLog", "IIS W3C logs"],
      ["httpErr", "HTTP.sys error logs"],
      ["iisConfig", "IIS applicationHost.config"],
      ["nps", "NPS / NAP accounting logs and health validator results"],
      ["wsusComputers", "WSUS computer list (Get-WsusComputer export or SUSDB query)"],
      ["adComputers", "Domain computer list (Get-ADComputer export)"],
    ] as const
  ).map(([name, label]): FactDefinition => ({
    name,
    description: `${label}, as merged by its collectors. See the source's facts.ts for the shape.`,
    sources: [name],
    returns: `see src/collectors/*/facts.ts (${name})`,
    example: {},
  })),
];
