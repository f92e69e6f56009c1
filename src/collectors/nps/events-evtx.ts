/**
 * NPS events 6272–6280 in a native Security-log `.evtx` (`wevtutil epl Security …`, Event Viewer
 * "Save Filtered Log File As… .evtx"). Records are read by the Application-log .evtx reader (same
 * size bound, same damage handling), decoded without XML (ADR 0023): the event ID first, so the
 * logon and other audit events that fill a Security log cost no more than that; the EventData of an
 * NPS event is read by name and position as nps-events-xml reads it, so both give the same fragment.
 * Problems cite the record number as the line.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import { hasEvtxMagic, readEvtxRecords } from "../eventlog/evtx.js";
import type { EvtxEvent } from "../eventlog/evtx-event.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import {
  canonicalFieldName,
  eventToRecord,
  isNpsEventId,
  SECURITY_AUDITING,
  type EventFields,
} from "./event-fields.js";
import type { EventXmlReading } from "./events-xml.js";
import type { NpsFragment } from "./facts.js";
import { NpsFragmentBuilder } from "./fragment.js";
import { ProblemLog } from "./problems.js";
import { finishEventRead } from "./finish-events.js";

export const KIND = "nps-events-evtx";

/** The provider name as an .evtx stores it (UTF-16LE, in the chunk's templates and string table). */
const SECURITY_AUDITING_UTF16 = Buffer.from(SECURITY_AUDITING, "utf16le");

const EXPORT_HINT =
  'Export the NPS events as XML instead: wevtutil qe Security /q:"*[System[(EventID>=6272 and EventID<=6280)]]" /f:RenderedXml /e:Events > nps-events.xml';

export const eventsEvtxCollector: Collector<NpsFragment> = {
  kind: KIND,
  source: "nps",
  label: "NPS Security-log events 6272–6280 (native .evtx)",
  howToCollect:
    'wevtutil epl Security nps-events.evtx /q:"*[System[(EventID>=6272 and EventID<=6280)]]"  (or Event Viewer > Security > Filter 6272-6280 > Save Filtered Log File As… .evtx)',
  detect(probe: Probe): number {
    // A Security-log .evtx: outranks eventlog-evtx (99), which reads Application logs.
    return hasEvtxMagic(probe) && probe.bytes.includes(SECURITY_AUDITING_UTF16) ? 100 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const problems = new ProblemLog(context.limits.maxSamples);
    let records = 0;
    let otherEvents = 0;
    const read = await readEvtxRecords(file, context, problems, EXPORT_HINT, (event, recordNumber) => {
      const reading = npsRecordFromEvtx(event, file.path, recordNumber);
      if (reading.kind === "unreadable") return reading.error;
      if (reading.kind === "other") otherEvents++;
      else {
        builder.addRecord(reading.record);
        records++;
      }
      return undefined;
    });
    if (read.status !== "read") {
      return { status: read.status, reason: read.reason, records: 0, rejected: 0, problems: problems.list() };
    }
    return finishEventRead(
      { records, rejected: read.rejected, otherEvents, where: "the .evtx" },
      builder,
      problems,
    );
  },
};

/**
 * A decoded record → the NPS record it carries, or "other" for any event that is not 6272–6280
 * (its EventData is never decoded). Reads the fields npsRecordFromEventXml reads from the XML.
 */
export function npsRecordFromEvtx(event: EvtxEvent, file: string, line: number): EventXmlReading {
  const id = Number(event.systemText("EventID")?.trim());
  if (!Number.isInteger(id) || !isNpsEventId(id)) return { kind: "other" };
  const systemTime = event.systemAttribute("TimeCreated", "SystemTime");
  const time =
    systemTime && !Number.isNaN(Date.parse(systemTime)) ? new Date(systemTime).toISOString() : undefined;
  const byName = new Map<string, string>();
  const byPosition: string[] = [];
  for (const item of event.data()) {
    byPosition.push(item.value);
    if (item.name !== undefined) byName.set(canonicalFieldName(item.name), item.value);
  }
  const fields: EventFields = { byName: byName.size > 0 ? byName : undefined, byPosition };
  return {
    kind: "nps",
    record: eventToRecord({ id, time, computer: event.systemText("Computer") }, fields, {
      format: "event-xml",
      file,
      line,
    }),
  };
}
