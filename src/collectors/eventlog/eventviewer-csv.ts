/**
 * Event Viewer "Save All Events As… → CSV": `Level,Date and Time,Source,Event ID,Task Category`
 * (or localised), five names but six fields per row: the sixth is the message, often multi-line.
 * Recognised by shape (five header names, rows with a date in column 2 and a number in column 4),
 * so an unknown language still works; known headers only raise the confidence.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EventAccumulator, badRecord, csvRecordNotes, mainChannel } from "./accumulator.js";
import { csvRecordBatches } from "./csv-stream.js";
import { parseExportDate } from "./dates.js";
import type { EventLogFragment } from "./facts.js";
import { headerNames, knownEventViewerHeader } from "./headers.js";
import { levelFromText } from "./levels.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-csv";

function firstLines(head: string, count: number): string[] {
  return head.split(/\r\n|\n|\r/, count);
}

/** A data row of this format starts `<level>,<date time>,<source>,<number>,`. */
const ROW_START = /^[^,"]+,"?[\d./ -]+\d[\d:. ]*(?:[AaPp]\.?[Mm]\.?)?"?,[^,]*,\d+,/;

export const eventViewerCsvCollector: Collector<EventLogFragment> = {
  kind: KIND,
  source: "eventlog",
  label: "Application log, Event Viewer CSV (Save All Events As… CSV)",
  howToCollect:
    'Event Viewer → Windows Logs → Application → "Save All Events As…" → type CSV (Comma Separated); or filter on source "Windows Server Update Services" first.',
  detect(probe: Probe): number {
    const [header = "", second = ""] = firstLines(probe.head, 2);
    if (knownEventViewerHeader(header)) return 95;
    const names = headerNames(header);
    if (
      names.length === 5 &&
      names.every((name) => name !== "" && !/^\d+$/.test(name)) &&
      ROW_START.test(second)
    ) {
      return 60;
    }
    return 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<EventLogFragment>> {
    const problems = new ProblemLog(context.limits.maxSamples);
    const events = new EventAccumulator(file.path, KIND, problems);
    let rejected = 0;
    let headerSeen = false;
    const reject = (kind: string, line: number, message: string, sample?: string): void => {
      rejected++;
      problems.add(kind, badRecord(line, message, sample));
    };
    const read = (fields: string[], line: number): void => {
      if (!headerSeen) {
        headerSeen = true;
        return;
      }
      if (fields.length < 5) {
        reject("short row", line, `Row has ${fields.length} fields; expected 6.`, fields.join(","));
        return;
      }
      const [levelText = "", dateText = "", source = "", idText = ""] = fields;
      const id = idText.trim();
      if (!/^\d+$/.test(id)) {
        reject("bad event ID", line, `Event ID "${idText}" is not a number.`, fields.slice(0, 5).join(","));
        return;
      }
      const localDate = parseExportDate(dateText);
      if (!localDate) problems.add("unreadable date", badRecord(line, `Date "${dateText}" not understood.`));
      events.add({
        source: source.trim(),
        eventId: Number(id),
        level: levelFromText(levelText),
        levelText: levelText.trim(),
        ...(localDate ? { localDate } : {}),
        // Fields after the sixth exist only when a message held an unquoted comma.
        message: (fields.length === 6 ? fields[5]! : fields.slice(5).join(",")).trim(),
        line,
      });
    };
    for await (const batch of csvRecordBatches(file, {
      maxLineLength: context.limits.maxLineLength,
      ...csvRecordNotes(problems, reject),
    })) {
      for (const { fields, line } of batch) read(fields, line);
    }
    return finish(events, rejected, problems, eventViewerCsvCollector.label);
  },
};

export function finish(
  events: EventAccumulator,
  rejected: number,
  problems: ProblemLog,
  collectorLabel?: string,
): CollectorOutput<EventLogFragment> {
  const facts = events.finish();
  const channel = mainChannel(facts);
  if (channel && !/^application$/i.test(channel)) {
    problems.add("other log", {
      severity: "info",
      message: `This is the ${channel} log, not the Application log: WSUS writes its events to the Application log, so this file cannot show WSUS health errors.`,
    });
  }
  if (facts.lossyText) {
    problems.add("lossy text", {
      severity: "warning",
      message:
        "Message text unreadable (non-ASCII characters became '?': Windows PowerShell 5.1 Export-Csv default encoding); event IDs are still usable.",
    });
  }
  if (events.count === 0) {
    return {
      status: "skipped",
      reason: "The export holds no events.",
      records: 0,
      rejected,
      problems: problems.list(),
    };
  }
  return {
    status: "parsed",
    facts,
    records: events.count,
    rejected,
    problems: problems.list(),
    ...(collectorLabel ? { label: channelLabel(collectorLabel, channel, facts.wsusEvents.length > 0) } : {}),
  };
}

/**
 * The inventory names the log the export holds: the channel it names (System, Security…), else —
 * Event Viewer's CSV and Get-EventLog name none — the Application log only when WSUS events show it.
 */
function channelLabel(collectorLabel: string, channel: string | undefined, wsusEvents: boolean): string {
  const log = channel
    ? `${channel} log`
    : wsusEvents
      ? "Application log (by its WSUS events; the export does not name its log)"
      : "Event log (the export does not name its log)";
  return collectorLabel.replace(/^Application log/, log);
}
