import { DEFAULT_LIMITS, type EvidenceSource } from "../types.js";
import type { IisLogFacts } from "./facts.js";
import type { PartialW3c } from "./partial.js";
import { w3cLogCollector } from "./collector.js";
import { finalizeIisLog } from "./merge.js";
import { wsusIdentity } from "./scope.js";
import { DEFAULT_CLIENT_LIMIT } from "./w3c-scanner.js";

export const iisLogSource: EvidenceSource<PartialW3c, IisLogFacts> = {
  name: "iisLog",
  collectors: [w3cLogCollector],
  after: ["iisConfig"],
  merge: (fragments, manifest, merged) =>
    finalizeIisLog(
      fragments.map(({ file, facts }) => ({ file, partial: facts })),
      DEFAULT_LIMITS.maxSamples,
      DEFAULT_CLIENT_LIMIT,
      wsusIdentity(merged?.iisConfig, manifest.wsus?.server),
    ),
  notCounted: (facts) => facts.scope?.notCounted ?? [],
};
