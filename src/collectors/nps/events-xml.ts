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
import { eventFragments, npsXmlParser, textOf } from "./xml-fragments.js";
import { assertNoStrayLessThan } from "../xml-guard.js";
import { finishEventRead } from "./finish-events.js";

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
      const read = npsRecordFromEventXml(fragment.xml, file.path, fragment.line);
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
export function npsRecordFromEventXml(xml: string, file: string, line: number): EventXmlReading {
  let parsed: Record<string, unknown>;
  try {
    assertNoStrayLessThan(xml);
    parsed = npsXmlParser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    return { kind: "unreadable", error: (error as Error).message.split("\n")[0] ?? "" };
  }
  const event = parsed["Event"] as Record<string, unknown> | undefined;
  const system = event?.["System"] as Record<string, unknown> | undefined;
  const id = Number(textOf(system?.["EventID"])?.trim());
  if (!Number.isInteger(id) || !isNpsEventId(id)) return { kind: "other" };
  const created = system?.["TimeCreated"] as Record<string, unknown> | undefined;
  const systemTime =
    typeof created?.["@_SystemTime"] === "string" ? (created["@_SystemTime"] as string) : undefined;
  const time =
    systemTime && !Number.isNaN(Date.parse(systemTime)) ? new Date(systemTime).toISOString() : undefined;
  return {
    kind: "nps",
    record: eventToRecord(
      { id, time, computer: textOf(system?.["Computer"]) },
      eventDataFields(event?.["EventData"]),
      { format: "event-xml", file, line },
    ),
  };
}

function eventDataFields(eventData: unknown): EventFields {
  const data = (eventData as Record<string, unknown> | undefined)?.["Data"];
  const items = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const byName = new Map<string, string>();
  const byPosition: string[] = [];
  for (const item of items) {
    const value = textOf(item) ?? "";
    byPosition.push(value);
    const name = (item as Record<string, unknown> | null)?.["@_Name"];
    if (typeof name === "string") byName.set(canonicalFieldName(name), value);
  }
  return { byName: byName.size > 0 ? byName : undefined, byPosition };
}
