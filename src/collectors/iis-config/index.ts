import type { EvidenceSource } from "../types.js";
import type { IisConfigFacts } from "./facts.js";
import { applicationHostCollector } from "./collector.js";

/** One applicationHost.config per bundle is expected; with several, the first that holds a WSUS site wins. */
export function mergeIisConfig(
  fragments: readonly { file: string; facts: IisConfigFacts }[],
): IisConfigFacts {
  const withSite = fragments.find((f) => f.facts.site);
  return (withSite ?? fragments[0]!).facts;
}

export const iisConfigSource: EvidenceSource<IisConfigFacts, IisConfigFacts> = {
  name: "iisConfig",
  collectors: [applicationHostCollector],
  merge: (fragments) => mergeIisConfig(fragments),
};
