/** The WSUS client's own evidence: its Windows Update logs and registry, feeding the one `client` fact. */
import type { EvidenceSource } from "../types.js";
import { clientRegistryCollector } from "./client-registry.js";
import type { ClientFacts, ClientFragment } from "./facts.js";
import { mergeClient } from "./merge.js";
import { reportingEventsCollector } from "./reporting-events.js";
import { classicWuLogCollector, etlWuLogCollector } from "./wu-log.js";

export const clientSource: EvidenceSource<ClientFragment, ClientFacts> = {
  name: "client",
  collectors: [classicWuLogCollector, etlWuLogCollector, reportingEventsCollector, clientRegistryCollector],
  merge: (fragments) => mergeClient(fragments),
};
