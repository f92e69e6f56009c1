import type { EvidenceSource } from "../types.js";
import { wsusSetupCollector } from "./collector.js";
import type { WsusSetupFacts } from "./facts.js";

/** One Setup key per WSUS server: with several exports, the first that names the site wins. */
export const wsusSetupSource: EvidenceSource<WsusSetupFacts, WsusSetupFacts> = {
  name: "wsusSetup",
  collectors: [wsusSetupCollector],
  merge: (fragments) => (fragments.find((f) => f.facts.siteId) ?? fragments[0]!).facts,
};
