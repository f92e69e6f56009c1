import { DEFAULT_LIMITS, type EvidenceSource } from "../types.js";
import type { IisLogFacts } from "./facts.js";
import type { IisConfigFacts } from "../iis-config/facts.js";
import type { WsusSetupFacts } from "../wsus-setup/facts.js";
import type { PartialW3c } from "./partial.js";
import { w3cLogCollector } from "./collector.js";
import { finalizeIisLog } from "./merge.js";
import { PERIOD_GAP_DAYS, wsusIdentity } from "./scope.js";
import { DEFAULT_CLIENT_LIMIT } from "./w3c-scanner.js";

export const iisLogSource: EvidenceSource<PartialW3c, IisLogFacts> = {
  name: "iisLog",
  collectors: [w3cLogCollector],
  after: ["iisConfig", "wsusSetup"],
  merge: (fragments, manifest, merged) =>
    finalizeIisLog(
      fragments.map(({ file, facts }) => ({ file, partial: facts })),
      DEFAULT_LIMITS.maxSamples,
      DEFAULT_CLIENT_LIMIT,
      wsusIdentity(
        merged?.iisConfig as IisConfigFacts | undefined,
        manifest.wsus?.server,
        merged?.wsusSetup as WsusSetupFacts | undefined,
      ),
    ),
  notCounted: (facts) => facts.scope?.notCounted ?? [],
  notes: (facts) =>
    (facts.scope?.spansPeriods ?? []).map((file) => ({
      file,
      message: `this log holds requests of the latest period and of an earlier one, more than ${PERIOD_GAP_DAYS} days before: it is counted whole, so its window spans the gap (${facts.scope!.summary})`,
    })),
};
