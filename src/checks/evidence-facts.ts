import { EVIDENCE_SOURCES } from "../collectors/sources.js";
import type { FactDefinition } from "../engine/fact-definition.js";

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
  ...EVIDENCE_SOURCES.map((source): FactDefinition => ({
    name: source.name,
    description: `${source.contents}, as merged by its collectors. See the source's facts.ts for the shape.`,
    sources: [source.name],
    returns: `see ${source.shapeFile} (${source.name})`,
    example: {},
  })),
];
