/**
 * NPS events 6272–6280 as `wevtutil qe Security /f:text` output: `Event[n]:`, then two-space indented
 * `label: value` header lines (Log Name, Source, Date, Event ID, …, Computer, Description; labels are
 * localised, so they are read by position), then the message, whose fields are read by position too.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import {
  eventToRecord,
  fieldsFromMessage,
  isNpsEventId,
  parseLocalTime,
  SECURITY_AUDITING,
} from "./event-fields.js";
import type { NpsFragment } from "./facts.js";
import { NpsFragmentBuilder } from "./fragment.js";
import { ProblemLog } from "./problems.js";
import { finishEventRead } from "./finish-events.js";

const EVENT_START = /^Event\[\d+\]:\s*$/;
const HEADER = /^ {1,4}([^\t ][^:]*?)\s*:\s?(.*)$/;
/** Header positions (0-based) in wevtutil's fixed order. */
const HEADER_SOURCE = 1;
const HEADER_DATE = 2;
const HEADER_ID = 3;
const HEADER_COMPUTER = 10;
const MAX_MESSAGE_LINES = 400;

export const eventsTextCollector: Collector<NpsFragment> = {
  kind: "nps-events-text",
  source: "nps",
  label: "NPS Security-log events 6272–6280 (wevtutil text)",
  howToCollect:
    'wevtutil qe Security /q:"*[System[(EventID>=6272 and EventID<=6280)]]" /f:text /uni:true > nps-events.txt',
  detect(probe: Probe): number {
    const head = probe.head;
    if (!/^Event\[\d+\]:/m.test(head) || !head.includes(SECURITY_AUDITING)) return 0;
    return /^ {1,4}[^\t:\r\n]+:\s*(?:627[2-9]|6280)\s*$/m.test(head) ? 98 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const problems = new ProblemLog(context.limits.maxSamples);
    let records = 0;
    let otherEvents = 0;
    let current: { line: number; headers: string[]; inMessage: boolean; message: string[] } | undefined;

    const flush = (): void => {
      const event = current;
      current = undefined;
      if (!event) return;
      const id = Number(event.headers[HEADER_ID]?.trim());
      const source = event.headers[HEADER_SOURCE]?.trim();
      if (!Number.isInteger(id) || !isNpsEventId(id) || (source && source !== SECURITY_AUDITING)) {
        otherEvents++;
        return;
      }
      const date = event.headers[HEADER_DATE]?.trim();
      // wevtutil prints the local time without a zone.
      builder.addRecord(
        eventToRecord(
          { id, localTime: parseLocalTime(date), computer: event.headers[HEADER_COMPUTER] },
          { byPosition: fieldsFromMessage(event.message.join("\n"), id) },
          { format: "event-text", file: file.path, line: event.line },
        ),
      );
      records++;
    };

    for await (const line of file.lines({ maxLineLength: context.limits.maxLineLength })) {
      if (EVENT_START.test(line.text)) {
        flush();
        current = { line: line.number, headers: [], inMessage: false, message: [] };
        continue;
      }
      if (!current) continue;
      const header = current.inMessage ? null : HEADER.exec(line.text);
      if (header) current.headers.push(header[2] ?? "");
      else {
        current.inMessage = true;
        if (current.message.length < MAX_MESSAGE_LINES) current.message.push(line.text);
      }
    }
    flush();
    return finishEventRead({ records, rejected: 0, otherEvents, where: "the file" }, builder, problems);
  },
};
