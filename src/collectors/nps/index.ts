/** NPS / NAP evidence: SoH result text, Security-log events 6272–6280 (XML, .evtx, CSV, text), accounting logs. */
import type { EvidenceSource } from "../types.js";
import { accountingCollector } from "./accounting.js";
import { eventsCsvCollector } from "./events-csv.js";
import { eventsEvtxCollector } from "./events-evtx.js";
import { eventsTextCollector } from "./events-text.js";
import { eventsXmlCollector } from "./events-xml.js";
import type { NpsFacts, NpsFragment } from "./facts.js";
import { mergeNpsFragments } from "./merge.js";
import { sohTextCollector } from "./soh-text.js";

export const npsSource: EvidenceSource<NpsFragment, NpsFacts> = {
  name: "nps",
  collectors: [
    sohTextCollector,
    eventsXmlCollector,
    eventsEvtxCollector,
    eventsCsvCollector,
    eventsTextCollector,
    accountingCollector,
  ],
  merge: (fragments) => mergeNpsFragments(fragments.map((fragment) => fragment.facts)),
};
