/** The Application event log source: one collector per export format, merged into `eventlog`. */
import type { EvidenceSource } from "../types.js";
import { evtxCollector } from "./evtx.js";
import { eventViewerCsvCollector } from "./eventviewer-csv.js";
import type { EventLogFacts, EventLogFragment } from "./facts.js";
import { mergeEventLogs } from "./merge.js";
import { powershellCsvCollector } from "./powershell-csv.js";
import { wevtutilTextCollector } from "./wevtutil-text.js";
import { eventXmlCollector } from "./xml.js";

export const eventlogSource: EvidenceSource<EventLogFragment, EventLogFacts> = {
  name: "eventlog",
  collectors: [
    evtxCollector,
    eventXmlCollector,
    eventViewerCsvCollector,
    powershellCsvCollector,
    wevtutilTextCollector,
  ],
  merge: (fragments) => mergeEventLogs(fragments),
};
