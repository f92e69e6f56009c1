/**
 * NPS events 6272–6280 as XML: Event Viewer "Save All Events As… XML" (`<Events>` root, one line),
 * `wevtutil qe Security /f:xml` (no root) and `/f:RenderedXml`. EventData is read by name, else by
 * position; the System Health Validator result comes from QuarantineSystemHealthResult (%29).
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import {
  canonicalFieldName,
  eventToRecord,
  isNpsEventId,
  SECURITY_AUDITING,
  type EventFields,
} from "./event-fields.js";
import type { NpsFragment } from "./facts.js";
import { NpsFragmentBuilder } from "./fragment.js";
import { ProblemLog } from "./problems.js";
import type { NpsRecord } from "./record.js";
import { npsXmlParser, textOf } from "./xml-fragments.js";
import { cutEvents } from "../eventlog/event-cutter.js";
import { assertNoStrayLessThan } from "../xml-guard.js";
import { finishEventRead } from "./finish-events.js";
import { plainNpsEvent, plainNpsParts, type EventXmlParts } from "./event-xml-flat.js";

const NPS_EVENT_ID_XML = /<EventID(?:\s[^>]*)?>\s*(627[2-9]|6280)\s*<\/EventID>/;

export const eventsXmlCollector: Collector<NpsFragment> = {
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
    await cutEvents(
      file,
      context.limits.maxLineLength * 16,
      {
        onEvent(xml, line) {
          const read = npsRecordFromEventXml(xml, file.path, line);
          if (read.kind === "unreadable") {
            rejected++;
            problems.add("unreadable event", {
              line,
              message: `Event element is not well-formed XML (${read.error}).`,
              sample: xml.slice(0, 120),
              severity: "warning",
            });
          } else if (read.kind === "other") otherEvents++;
          else {
            builder.addRecord(read.record);
            records++;
          }
        },
        onOversized(line, atEnd) {
          rejected++;
          problems.add("event too large", {
            line,
            message: atEnd
              ? "Event element not closed at the end of the file; skipped."
              : "Event element too large; skipped.",
            severity: "warning",
          });
        },
      },
      context.onProgress,
    );
    return finishEventRead({ records, rejected, otherEvents, where: "the file" }, builder, problems);
  },
};

export type EventXmlReading =
  { kind: "nps"; record: NpsRecord } | { kind: "other" } | { kind: "unreadable"; error: string };

/**
 * One `<Event>` element (any XML export, or a record an .evtx rendered) → the NPS record it carries,
 * "other" for a well-formed event that is not 6272–6280, "unreadable" when it is not XML.
 */
export function npsRecordFromEventXml(xml: string, file: string, line: number): EventXmlReading {
  // Most events of a Security log are not NPS's: a plain one is told apart by its ID alone.
  const plain = plainNpsEvent(xml);
  if (plain && !isNpsEventId(Number(plain.eventId.trim()))) return { kind: "other" };
  let parts = plain && plainNpsParts(plain);
  if (!parts) {
    try {
      parts = treeEventParts(xml);
    } catch (error) {
      return { kind: "unreadable", error: (error as Error).message.split("\n")[0] ?? "" };
    }
  }
  const id = Number(parts.eventId?.trim());
  if (!Number.isInteger(id) || !isNpsEventId(id)) return { kind: "other" };
  const instant = parts.systemTime ? Date.parse(parts.systemTime) : Number.NaN;
  const time = Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
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
export function treeEventParts(xml: string): EventXmlParts {
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
