/**
 * FROZEN reference (issue 19, second pass): the Application-log XML reader as it was before the
 * plain-event pattern and the new cutter — fast-xml-parser on every `<Event>` slice. Kept only for
 * the equivalence tests; do not change it to follow the new reader.
 */
import { XMLParser } from "fast-xml-parser";
import { assertNoStrayLessThan, XML_ENTITIES } from "../../../src/collectors/xml-guard.js";
import { isWsusSource } from "../../../src/knowledge/wsus-events.js";
import type { ParsedEvent } from "../../../src/collectors/eventlog/accumulator.js";
import { normaliseUtc } from "../../../src/collectors/eventlog/dates.js";
import { levelFromNumber, levelFromText } from "../../../src/collectors/eventlog/levels.js";
import { createDecoder } from "../../../src/bundle/encoding.js";
import type { EvidenceFile, Probe } from "../../../src/bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../../../src/collectors/types.js";
import { EventAccumulator, badRecord } from "../../../src/collectors/eventlog/accumulator.js";
import { finish } from "../../../src/collectors/eventlog/eventviewer-csv.js";
import type { EventLogFragment } from "../../../src/collectors/eventlog/facts.js";
import { ProblemLog } from "../../../src/collectors/eventlog/problems.js";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: XML_ENTITIES,
  htmlEntities: true,
  trimValues: false,
  isArray: (name) => name === "Data",
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === "object" ? (node as Node)[name] : undefined;
}

/** Text content of an element that may carry attributes. */
function text(node: unknown): string | undefined {
  if (typeof node === "string") return node;
  if (typeof node === "number") return String(node);
  const inner = child(node, "#text");
  if (typeof inner === "string" || typeof inner === "number") return String(inner);
  return node === undefined ? undefined : "";
}

function attribute(node: unknown, name: string): string | undefined {
  const value = child(node, `@_${name}`);
  return typeof value === "string" ? value : undefined;
}

export type ReferenceEventXmlResult = { event: ParsedEvent } | { error: string };

export function referenceEventFromXml(xml: string, line: number): ReferenceEventXmlResult {
  let document: unknown;
  try {
    assertNoStrayLessThan(xml);
    document = parser.parse(xml);
  } catch (error) {
    return { error: `Malformed event XML: ${(error as Error).message}` };
  }
  const event = child(document, "Event");
  const system = child(event, "System");
  if (!system) return { error: "Event without a System element." };
  const provider = child(system, "Provider");
  const name = attribute(provider, "Name") ?? "";
  const sourceName = attribute(provider, "EventSourceName");
  const idText = (text(child(system, "EventID")) ?? "").trim();
  if (!/^\d+$/.test(idText)) return { error: `EventID "${idText}" is not a number.` };
  const levelText = (text(child(system, "Level")) ?? "").trim();
  const rendering = child(event, "RenderingInfo");
  const renderedLevel = text(child(rendering, "Level"));
  const message = text(child(rendering, "Message"));
  const utcTime = normaliseUtc(attribute(child(system, "TimeCreated"), "SystemTime"));
  const recordText = (text(child(system, "EventRecordID")) ?? "").trim();
  const computer = (text(child(system, "Computer")) ?? "").trim();
  const channel = (text(child(system, "Channel")) ?? "").trim();
  const dataNodes = child(child(event, "EventData"), "Data");
  const data = Array.isArray(dataNodes) ? dataNodes.map((node) => (text(node) ?? "").trim()) : [];
  const parsed: ParsedEvent = {
    source: sourceName && isWsusSource(sourceName) ? sourceName : name,
    eventId: Number(idText),
    level: /^\d+$/.test(levelText) ? levelFromNumber(Number(levelText)) : levelFromText(renderedLevel),
    line,
  };
  if (renderedLevel) parsed.levelText = renderedLevel;
  if (utcTime) parsed.utcTime = utcTime;
  if (message !== undefined) parsed.message = message.replace(/\r\n?/g, "\n").trim();
  if (data.length > 0) parsed.data = data;
  if (computer) parsed.computer = computer;
  if (channel) parsed.channel = channel;
  if (/^\d+$/.test(recordText)) parsed.record = Number(recordText);
  return { event: parsed };
}

const KIND = "eventlog-xml";

const EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event";
/** An <Event> start tag (not <Events>, not <EventID>). */
const EVENT_START = /<Event[\s>]/g;
const EVENT_END = "</Event>";
/** One event larger than this is broken or hostile: skip to the next one. */
const MAX_EVENT_CHARS = 4 * 1024 * 1024;

export const referenceEventXmlCollector: Collector<EventLogFragment> = {
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
    for await (const slice of referenceEventSlices(file, (line, message) => {
      rejected++;
      problems.add("oversized event", badRecord(line, message));
    })) {
      const result = referenceEventFromXml(slice.xml, slice.line);
      if ("error" in result) {
        rejected++;
        problems.add("unreadable event", badRecord(slice.line, result.error, slice.xml));
        continue;
      }
      events.add(result.event);
    }
    return finish(events, rejected, problems, referenceEventXmlCollector.label);
  },
};

/** `<Event>` elements with the line they start on, from the decoded stream. */
export async function* referenceEventSlices(
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
