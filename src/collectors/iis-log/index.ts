import { DEFAULT_LIMITS, type EvidenceSource, type MergedSources, type SourceAccumulator } from "../types.js";
import type { BundleManifest } from "../../bundle/types.js";
import type { IisLogFacts } from "./facts.js";
import type { IisConfigFacts } from "../iis-config/facts.js";
import type { WsusSetupFacts } from "../wsus-setup/facts.js";
import type { PartialW3c } from "./partial.js";
import { w3cLogCollector } from "./collector.js";
import { IisLogAccumulator } from "./accumulate.js";
import { PERIOD_GAP_DAYS, wsusIdentity } from "./scope.js";
import { DEFAULT_CLIENT_LIMIT } from "./w3c-scanner.js";

/** Each file's partial folded in as it is read: the daily logs' client tables are not all held (ADR 0025). */
function accumulate(): SourceAccumulator<PartialW3c, IisLogFacts> {
  const accumulator = new IisLogAccumulator(DEFAULT_LIMITS.maxSamples, DEFAULT_CLIENT_LIMIT);
  return {
    add: (file, partial) => accumulator.add(file, partial),
    finish: (manifest: BundleManifest, merged?: MergedSources) =>
      accumulator.finish(
        wsusIdentity(
          merged?.iisConfig as IisConfigFacts | undefined,
          manifest.wsus?.server,
          merged?.wsusSetup as WsusSetupFacts | undefined,
        ),
      ),
  };
}

export const iisLogSource: EvidenceSource<PartialW3c, IisLogFacts> = {
  name: "iisLog",
  collectors: [w3cLogCollector],
  after: ["iisConfig", "wsusSetup"],
  accumulate,
  merge: (fragments, manifest, merged) => {
    const accumulator = accumulate();
    for (const { file, facts } of fragments) accumulator.add(file, facts);
    return accumulator.finish(manifest, merged);
  },
  notCounted: (facts) => facts.scope?.notCounted ?? [],
  notes: (facts) =>
    (facts.scope?.spansPeriods ?? []).map((file) => ({
      file,
      message: `this log holds requests of the latest period and of an earlier one, more than ${PERIOD_GAP_DAYS} days before: it is counted whole, so its window spans the gap (${facts.scope!.summary})`,
    })),
};
