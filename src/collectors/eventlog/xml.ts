/**
 * Event Viewer "Save All Events As… XML" (`<Events><Event xmlns=…>`, all on one line) and
 * `wevtutil qe Application /f:xml` or `/f:RenderedXml` (bare `<Event>` elements, no root).
 * Streamed: decoded text is cut into `<Event …>…</Event>` slices, each parsed alone, so memory does
 * not grow with the file and one broken event does not lose the rest.
 */
import { createDecoder } from "../../bundle/encoding.js";
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EventAccumulator, badRecord } from "./accumulator.js";
import { eventFromXml } from "./event-xml.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-xml";

const EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event";
/** An <Event> start tag (not <Events>, not <EventID>). */
const EVENT_START = /<Event[\s>]/g;
const EVENT_END = "</Event>";
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
    for await (const slice of eventSlices(file, (line, message) => {
      rejected++;
      problems.add("oversized event", badRecord(line, message));
    })) {
      const result = eventFromXml(slice.xml, slice.line);
      if ("error" in result) {
        rejected++;
        problems.add("unreadable event", badRecord(slice.line, result.error, slice.xml));
        continue;
      }
      events.add(result.event);
    }
    return finish(events, rejected, problems, eventXmlCollector.label);
  },
};

/** `<Event>` elements with the line they start on, from the decoded stream. */
export async function* eventSlices(
  file: EvidenceFile,
  onOversized: (line: number, message: string) => void,
): AsyncGenerator<{ xml: string; line: number }> {
  const decoder = createDecoder(file.encoding ?? "utf-8");
  let pending = "";
  /** Line number at the start of `pending`. */
  let line = 1;
  const consume = (upTo: number): void => {
    line += countNewlines(pending, 0, upTo);
    pending = pending.slice(upTo);
  };
  const drain = function* (final: boolean): Generator<{ xml: string; line: number }> {
    for (;;) {
      EVENT_START.lastIndex = 0;
      const start = EVENT_START.exec(pending);
      if (!start) {
        // Keep a short tail: "<Event" may be split across chunks.
        if (!final) consume(Math.max(0, pending.length - 16));
        return;
      }
      consume(start.index);
      const end = pending.indexOf(EVENT_END);
      if (end === -1) {
        if (pending.length > MAX_EVENT_CHARS || final) {
          onOversized(
            line,
            final ? "Event element not closed at end of file." : "Event element too large; skipped.",
          );
          consume(Math.min(pending.length, 6));
          if (final) continue;
        }
        return;
      }
      const xml = pending.slice(0, end + EVENT_END.length);
      yield { xml, line };
      consume(xml.length);
    }
  };
  for await (const chunk of file.open()) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    yield* drain(false);
  }
  pending += decoder.decode();
  yield* drain(true);
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
