/**
 * FROZEN reference (issue 19, second pass): the NPS XML event reader as it was before the shared
 * plain-event pattern and cutter — its own fragment streamer, its flat patterns, fast-xml-parser for
 * the rest. Kept only for the equivalence tests; do not change it to follow the new reader.
 */
import { XMLParser } from "fast-xml-parser";
import { createDecoder } from "../../../src/bundle/encoding.js";
import type { EvidenceFile, Probe } from "../../../src/bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../../../src/collectors/types.js";
import {
  canonicalFieldName,
  eventToRecord,
  isNpsEventId,
  SECURITY_AUDITING,
  type EventFields,
} from "../../../src/collectors/nps/event-fields.js";
import type { NpsFragment } from "../../../src/collectors/nps/facts.js";
import { NpsFragmentBuilder } from "../../../src/collectors/nps/fragment.js";
import { ProblemLog } from "../../../src/collectors/nps/problems.js";
import type { NpsRecord } from "../../../src/collectors/nps/record.js";
import { assertNoStrayLessThan, strayLessThan, XML_ENTITIES } from "../../../src/collectors/xml-guard.js";
import { finishEventRead } from "../../../src/collectors/nps/finish-events.js";

export interface XmlFragment {
  xml: string;
  /** 1-based line where the fragment starts. */
  line: number;
}

const OPEN = /<Event[\s>]/g;
const CLOSE = "</Event>";

/** Yields each Event element; a fragment larger than maxFragment is dropped and reported via onOversize. */
export async function* eventFragments(
  file: EvidenceFile,
  maxFragment: number,
  onOversize: (line: number) => void,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<XmlFragment> {
  const decoder = createDecoder(file.encoding ?? "utf-8");
  let buffer = "";
  let bufferLine = 1;
  let bytes = 0;
  const process = function* (final: boolean): Generator<XmlFragment> {
    for (;;) {
      OPEN.lastIndex = 0;
      const open = OPEN.exec(buffer);
      if (!open) {
        // Keep a short tail: "<Even" may continue in the next chunk.
        const keep = final ? 0 : Math.min(buffer.length, 8);
        bufferLine += countNewlines(buffer, 0, buffer.length - keep);
        buffer = buffer.slice(buffer.length - keep);
        return;
      }
      const close = buffer.indexOf(CLOSE, open.index);
      if (close < 0) {
        bufferLine += countNewlines(buffer, 0, open.index);
        buffer = buffer.slice(open.index);
        if (buffer.length > maxFragment) {
          onOversize(bufferLine);
          bufferLine += countNewlines(buffer, 0, buffer.length);
          buffer = "";
        }
        return;
      }
      const startLine = bufferLine + countNewlines(buffer, 0, open.index);
      const end = close + CLOSE.length;
      yield { xml: buffer.slice(open.index, end), line: startLine };
      bufferLine = startLine + countNewlines(buffer, open.index, end);
      buffer = buffer.slice(end);
    }
  };
  for await (const chunk of file.open()) {
    const data = chunk as Buffer;
    bytes += data.length;
    onProgress?.(bytes);
    buffer += decoder.decode(data, { stream: true });
    yield* process(false);
  }
  buffer += decoder.decode();
  yield* process(true);
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}

/** One parser for every NPS XML format: attributes kept, values as strings, entities decoded, no DTD. */
export const npsXmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: XML_ENTITIES,
  htmlEntities: true,
  removeNSPrefix: true,
});

/** Text of a parsed node: a string, or an object with `#text`. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (typeof node === "object" && "#text" in (node as Record<string, unknown>)) {
    return String((node as Record<string, unknown>)["#text"]);
  }
  if (typeof node === "object") return "";
  return undefined;
}

export interface EventXmlParts {
  /** Text of System/EventID ("" when empty). */
  eventId: string | undefined;
  /** System/TimeCreated/@SystemTime. */
  systemTime: string | undefined;
  /** Text of System/Computer. */
  computer: string | undefined;
  /** EventData/Data in order: the text ("" when empty) and the Name attribute. */
  data: { value: string; name?: string }[];
}

const SYSTEM = /<System>([\s\S]*?)<\/System>/;
const EVENT_ID = /<EventID(?:\s[^<>]*)?>([^<]*)<\/EventID>/;
const TIME_CREATED = /<TimeCreated\s+SystemTime=(["'])([^"'<&]*)\1\s*\/>/;
const COMPUTER = /<Computer>([^<]*)<\/Computer>|<Computer\s*\/>/;
const EVENT_DATA = /<EventData>([\s\S]*?)<\/EventData>|<EventData\s*\/>/;
const DATA_ITEM = /\s*<Data(?:\s+Name=(["'])([^"'<&]*)\1)?\s*(?:\/>|>([^<]*)<\/Data>)/y;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const OTHER_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);)/;

/** The parts of a plain event, or undefined when the event needs the XML parser. */
export function referenceFlatEventParts(xml: string): EventXmlParts | undefined {
  if (xml.includes("<!") || xml.includes("<?") || xml.includes("\r") || OTHER_AMPERSAND.test(xml))
    return undefined;
  if (strayLessThan(xml) >= 0) return undefined; // the parser's guard says where
  if (!once(xml, "<System>") || !once(xml, "<EventID") || !once(xml, "<Computer")) return undefined;
  const times = count(xml, "<TimeCreated");
  const dataBlocks = count(xml, "<EventData");
  if (times > 1 || dataBlocks > 1) return undefined;
  try {
    return partsOf(xml, times === 1, dataBlocks === 1);
  } catch {
    return undefined; // a character reference outside Unicode: the parser decides
  }
}

function partsOf(xml: string, hasTime: boolean, hasData: boolean): EventXmlParts | undefined {
  const system = SYSTEM.exec(xml)?.[1];
  if (system === undefined) return undefined;
  const id = EVENT_ID.exec(system);
  const computer = COMPUTER.exec(system);
  if (!id || !computer) return undefined;
  let systemTime: string | undefined;
  if (hasTime) {
    const time = TIME_CREATED.exec(system);
    if (!time) return undefined;
    systemTime = decode(time[2]!);
  }
  const data: EventXmlParts["data"] = [];
  if (hasData) {
    const block = EVENT_DATA.exec(xml);
    if (!block) return undefined;
    const body = block[1] ?? "";
    DATA_ITEM.lastIndex = 0;
    let at = 0;
    let item: RegExpExecArray | null;
    while ((item = DATA_ITEM.exec(body)) !== null) {
      data.push(
        item[2] === undefined
          ? { value: decode(item[3] ?? "") }
          : { value: decode(item[3] ?? ""), name: decode(item[2]) },
      );
      at = DATA_ITEM.lastIndex;
    }
    if (body.slice(at).trim() !== "") return undefined; // something other than Data: the parser decides
  }
  return { eventId: decode(id[1]!), systemTime, computer: decode(computer[1] ?? ""), data };
}

function count(text: string, what: string): number {
  let n = 0;
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length)) n++;
  return n;
}

function once(text: string, what: string): boolean {
  return count(text, what) === 1;
}

function decode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    ENTITY,
    (_whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
      if (dec) return String.fromCodePoint(Number(dec));
      return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[name!]!;
    },
  );
}

const NPS_EVENT_ID_XML = /<EventID(?:\s[^>]*)?>\s*(627[2-9]|6280)\s*<\/EventID>/;

export const referenceEventsXmlCollector: Collector<NpsFragment> = {
  kind: "nps-events-xml",
  source: "nps",
  label: "NPS Security-log events 6272–6280 (XML export)",
  howToCollect:
    'wevtutil qe Security /q:"*[System[(EventID>=6272 and EventID<=6280)]]" /f:RenderedXml /e:Events > nps-events.xml  (or Event Viewer > Security > Filter 6272-6280 > Save Filtered Log File As… XML)',
  detect(probe: Probe): number {
    const head = probe.head;
    if (!/<Event[\s>]/.test(head) || !head.includes(SECURITY_AUDITING)) return 0;
    return NPS_EVENT_ID_XML.test(head) ? 98 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const problems = new ProblemLog(context.limits.maxSamples);
    let records = 0;
    let rejected = 0;
    let otherEvents = 0;
    const fragments = eventFragments(
      file,
      context.limits.maxLineLength * 16,
      (line) => {
        rejected++;
        problems.add("event too large", {
          line,
          message: "Event element too large; skipped.",
          severity: "warning",
        });
      },
      context.onProgress,
    );
    for await (const fragment of fragments) {
      const read = referenceNpsRecordFromEventXml(fragment.xml, file.path, fragment.line);
      if (read.kind === "unreadable") {
        rejected++;
        problems.add("unreadable event", {
          line: fragment.line,
          message: `Event element is not well-formed XML (${read.error}).`,
          sample: fragment.xml.slice(0, 120),
          severity: "warning",
        });
        continue;
      }
      if (read.kind === "other") {
        otherEvents++;
        continue;
      }
      builder.addRecord(read.record);
      records++;
    }
    return finishEventRead({ records, rejected, otherEvents, where: "the file" }, builder, problems);
  },
};

export type EventXmlReading =
  { kind: "nps"; record: NpsRecord } | { kind: "other" } | { kind: "unreadable"; error: string };

/**
 * One `<Event>` element (any XML export, or a record an .evtx rendered) → the NPS record it carries,
 * "other" for a well-formed event that is not 6272–6280, "unreadable" when it is not XML.
 */
export function referenceNpsRecordFromEventXml(xml: string, file: string, line: number): EventXmlReading {
  let parts = referenceFlatEventParts(xml);
  if (!parts) {
    try {
      parts = referenceTreeEventParts(xml);
    } catch (error) {
      return { kind: "unreadable", error: (error as Error).message.split("\n")[0] ?? "" };
    }
  }
  const id = Number(parts.eventId?.trim());
  if (!Number.isInteger(id) || !isNpsEventId(id)) return { kind: "other" };
  const systemTime = parts.systemTime;
  const time =
    systemTime && !Number.isNaN(Date.parse(systemTime)) ? new Date(systemTime).toISOString() : undefined;
  return {
    kind: "nps",
    record: eventToRecord({ id, time, computer: parts.computer }, eventDataFields(parts.data), {
      format: "event-xml",
      file,
      line,
    }),
  };
}

/** The parts of any well-formed event, from fast-xml-parser's tree (the flat reader's reference). */
export function referenceTreeEventParts(xml: string): EventXmlParts {
  assertNoStrayLessThan(xml);
  const parsed = npsXmlParser.parse(xml) as Record<string, unknown>;
  const event = parsed["Event"] as Record<string, unknown> | undefined;
  const system = event?.["System"] as Record<string, unknown> | undefined;
  const created = system?.["TimeCreated"] as Record<string, unknown> | undefined;
  const eventData = event?.["EventData"] as Record<string, unknown> | undefined;
  const items = eventData?.["Data"];
  const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  return {
    eventId: textOf(system?.["EventID"]),
    systemTime:
      typeof created?.["@_SystemTime"] === "string" ? (created["@_SystemTime"] as string) : undefined,
    computer: textOf(system?.["Computer"]),
    data: list.map((item) => {
      const name = (item as Record<string, unknown> | null)?.["@_Name"];
      return typeof name === "string" ? { value: textOf(item) ?? "", name } : { value: textOf(item) ?? "" };
    }),
  };
}

function eventDataFields(data: EventXmlParts["data"]): EventFields {
  const byName = new Map<string, string>();
  const byPosition: string[] = [];
  for (const item of data) {
    byPosition.push(item.value);
    if (item.name !== undefined) byName.set(canonicalFieldName(item.name), item.value);
  }
  return { byName: byName.size > 0 ? byName : undefined, byPosition };
}
