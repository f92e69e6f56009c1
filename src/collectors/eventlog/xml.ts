/**
 * Event Viewer "Save All Events As… XML" (`<Events><Event xmlns=…>`, all on one line) and
 * `wevtutil qe Application /f:xml` or `/f:RenderedXml` (bare `<Event>` elements, no root).
 * Streamed: decoded text is cut into `<Event …>…</Event>` elements (event-cutter.ts), each read alone,
 * so memory does not grow with the file and one broken event does not lose the rest.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import { isWsusSource } from "../../knowledge/wsus-events.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EventAccumulator, badRecord } from "./accumulator.js";
import { cutEvents } from "./event-cutter.js";
import { eventFromXml } from "./event-xml.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-xml";

const EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event";
/** One event larger than this is broken or hostile: skip to the next one. */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;

export const eventXmlCollector: Collector<EventLogFragment> = {
  kind: KIND,
  source: "eventlog",
  label: "Application log, XML (Event Viewer Save As XML, wevtutil qe /f:xml)",
  howToCollect:
    "wevtutil qe Application /q:\"*[System[Provider[@Name='Windows Server Update Services']]]\" /f:RenderedXml /e:Events > wsus-events.xml",
  detect(probe: Probe): number {
    const head = probe.head.trimStart();
    if (!head.startsWith("<")) return 0;
    if (!head.includes(EVENT_NS) || !/<Event[\s>]/.test(head)) return 0;
    return /^(?:<\?xml[^>]*>\s*)?<Events>/.test(head) || head.startsWith("<Event ") ? 95 : 70;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<EventLogFragment>> {
    const problems = new ProblemLog(context.limits.maxSamples);
    const events = new EventAccumulator(file.path, KIND, problems);
    let rejected = 0;
    await cutEvents(
      file,
      MAX_EVENT_CHARS,
      {
        onEvent(xml, line) {
          const result = eventFromXml(xml, line, isWsusSource); // the accumulator keeps no other event's data
          if ("error" in result) {
            rejected++;
            problems.add("unreadable event", badRecord(line, result.error, xml));
          } else events.add(result.event);
        },
        onOversized(line, atEnd) {
          rejected++;
          const message = atEnd
            ? "Event element not closed at end of file."
            : "Event element too large; skipped.";
          problems.add("oversized event", badRecord(line, message));
        },
      },
      context.onProgress,
    );
    return finish(events, rejected, problems, eventXmlCollector.label);
  },
};
