/**
 * ReportingEvents.log (%windir%\SoftwareDistribution\ReportingEvents.log, knowledge/client-logs.md §3):
 * the client's own copy of the events it reports to WSUS, one tab-separated event a line with a UTC
 * offset, e.g. `{GUID}→2019-03-19 05:59:52:781-0700→1→147 [AGENT_DETECTION_FINISHED]→101→{…}→0→0→…`.
 * The last 147 is the last successful scan; 148 carries the scan's error code.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import { formatWuCode, lookupWuCode } from "../../knowledge/wu-error-decode.js";
import type { Collector, CollectorContext, CollectorOutput, Problem } from "../types.js";
import { computerFromPath } from "./computer-name.js";
import type { ClientErrorRecord, ClientFragment, ClientOperation, ClientTime } from "./facts.js";

const MAX_PROBLEM_SAMPLES = 5;
const START = /^\{[0-9A-Fa-f-]{36}\}[\t ]+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}[+-]\d{4}[\t ]/;
const TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}):(\d{3})([+-])(\d{2})(\d{2})$/;
const EVENT = /^(\d+) \[([A-Z_]+)\]$/;

export interface ReportingEvent {
  time: ClientTime;
  eventId: number;
  name: string;
  /** Field 8: hex without 0x; 0 = success. */
  hresult: number;
  caller: string;
  status: string;
  category: string;
  message: string;
}

function utc(text: string): ClientTime | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const offset = (Number(match[5]) * 60 + Number(match[6])) * (match[4] === "-" ? -1 : 1);
  const ms = Date.parse(`${match[1]}T${match[2]}.${match[3]}Z`) - offset * 60_000;
  return Number.isFinite(ms) ? { at: new Date(ms).toISOString(), zone: "utc" } : undefined;
}

/** One event line (12 or 13 tab-separated fields); undefined when it is not one. */
export function parseReportingEvent(line: string): ReportingEvent | undefined {
  const fields = line.split("\t");
  if (fields.length < 12 || !/^\{[0-9A-Fa-f-]{36}\}$/.test(fields[0]!)) return undefined;
  const time = utc(fields[1]!);
  const event = EVENT.exec(fields[3]!.trim());
  const hresult = /^[0-9a-f]{1,8}$/i.test(fields[7]!.trim())
    ? Number.parseInt(fields[7]!, 16) >>> 0
    : undefined;
  if (!time || !event || hresult === undefined) return undefined;
  return {
    time,
    eventId: Number(event[1]),
    name: event[2]!,
    hresult,
    caller: fields[8]!,
    status: fields[9]!,
    category: fields[10]!,
    message: fields[11]!,
  };
}

function operationOf(event: ReportingEvent): ClientOperation | undefined {
  if (/DETECTION/.test(event.name) || /Software Synchronization/i.test(event.category)) return "scan";
  if (/DOWNLOAD/.test(event.name) || /Content Download/i.test(event.category)) return "download";
  return undefined;
}

export async function collectReportingEvents(
  file: EvidenceFile,
  context: CollectorContext,
): Promise<CollectorOutput<ClientFragment>> {
  const problems: Problem[] = [];
  const errors = new Map<string, ClientErrorRecord>();
  const fragment: ClientFragment = { kind: "reporting-events", file: file.path, records: 0, errors: [] };
  let rejected = 0;
  for await (const batch of file.lineBatches({ maxLineLength: context.limits.maxLineLength })) {
    for (const { text, number } of batch) {
      if (text.trim() === "") continue;
      // Microsoft's own quote breaks an event after field 7: lines not starting with `{` continue one.
      if (!text.startsWith("{")) continue;
      const event = parseReportingEvent(text);
      if (!event) {
        rejected++;
        if (rejected <= MAX_PROBLEM_SAMPLES)
          problems.push({
            line: number,
            severity: "warning",
            message: "not a ReportingEvents.log event (12 or 13 tab-separated fields)",
            sample: text.slice(0, 120),
          });
        continue;
      }
      fragment.records++;
      fragment.first ??= event.time;
      fragment.last = event.time;
      const operation = operationOf(event);
      if (!operation) continue;
      const success = event.hresult === 0 && /^Success$/i.test(event.status);
      if (success && operation === "scan") {
        fragment.lastScanSuccess = { file: file.path, line: number, time: event.time, text: event.message };
        continue;
      }
      if (event.hresult === 0) continue;
      const known = lookupWuCode(event.hresult);
      const code = formatWuCode(event.hresult);
      const key = `${code}|${operation}`;
      const seen = errors.get(key);
      if (seen) {
        seen.count++;
        seen.last = event.time;
        seen.line = number;
        seen.text = event.message;
        continue;
      }
      errors.set(key, {
        code,
        ...(known ? { symbol: known.symbol, meaning: known.meaning } : {}),
        category: known?.category ?? "unknown",
        operation,
        count: 1,
        first: event.time,
        last: event.time,
        file: file.path,
        line: number,
        text: `${event.eventId} [${event.name}] ${event.caller}: ${event.message}`.slice(0, 300),
      });
    }
  }
  context.onProgress?.(file.size);
  if (fragment.records === 0)
    return {
      status: "failed",
      reason: "no ReportingEvents.log event could be read",
      records: 0,
      rejected,
      problems,
    };
  const computer = computerFromPath(file.path);
  return {
    status: "parsed",
    facts: {
      ...fragment,
      errors: [...errors.values()],
      ...(computer ? { computer: { name: computer, from: "path" } } : {}),
    },
    records: fragment.records,
    rejected,
    problems,
  };
}

export const reportingEventsCollector: Collector<ClientFragment> = {
  kind: "reporting-events",
  source: "client",
  label: "ReportingEvents.log (the Windows Update client's own event record)",
  howToCollect:
    "On the client: copy %windir%\\SoftwareDistribution\\ReportingEvents.log to the bundle, in a folder named after the computer (clients\\%COMPUTERNAME%\\ReportingEvents.log).",
  detect(probe: Probe) {
    const head = probe.head.split(/\r\n|\n|\r/, 20);
    const matches = head.filter((line) => START.test(line)).length;
    if (matches === 0) return 0;
    return head.some((line) => START.test(line) && line.includes("\t")) ? 95 : 70;
  },
  collect: collectReportingEvents,
};
