/** Frozen for the equivalence test (issue 19 second pass): the reader as it was before the strict splitter; do not change it. */
/**
 * Event Viewer "Save All Events As… → CSV": `Level,Date and Time,Source,Event ID,Task Category`
 * (or localised), five names but six fields per row: the sixth is the message, often multi-line.
 * Recognised by shape (five header names, rows with a date in column 2 and a number in column 4),
 * so an unknown language still works; known headers only raise the confidence.
 */
import type { EvidenceFile, Probe } from "../../../src/bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../../../src/collectors/types.js";
import { EventAccumulator, badRecord, mainChannel } from "../../../src/collectors/eventlog/accumulator.js";
import { csvRecords } from "./reference-csv-stream.js";
import { parseExportDate } from "../../../src/collectors/eventlog/dates.js";
import type { EventLogFragment } from "../../../src/collectors/eventlog/facts.js";
import { headerNames, knownEventViewerHeader } from "../../../src/collectors/eventlog/headers.js";
import { levelFromText } from "../../../src/collectors/eventlog/levels.js";
import { ProblemLog } from "../../../src/collectors/eventlog/problems.js";

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
    for await (const { fields, line } of csvRecords(file, {
      maxLineLength: context.limits.maxLineLength,
      // Only noted: the cut line still belongs to a record, which is then read or rejected once.
      onTruncated: (number) =>
        problems.add(
          "line too long",
          badRecord(number, "Line longer than the limit was cut; its record is read from the cut text."),
        ),
      onSkipped: (number, message) =>
        reject("unreadable CSV record", number, `Unreadable CSV record: ${message}`),
    })) {
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      if (fields.length < 5) {
        reject("short row", line, `Row has ${fields.length} fields; expected 6.`, fields.join(","));
        continue;
      }
      const [levelText = "", dateText = "", source = "", idText = "", , ...messageParts] = fields;
      const eventId = Number(idText.trim());
      if (!/^\d+$/.test(idText.trim())) {
        reject("bad event ID", line, `Event ID "${idText}" is not a number.`, fields.slice(0, 5).join(","));
        continue;
      }
      const localDate = parseExportDate(dateText);
      if (!localDate) problems.add("unreadable date", badRecord(line, `Date "${dateText}" not understood.`));
      events.add({
        source: source.trim(),
        eventId,
        level: levelFromText(levelText),
        levelText: levelText.trim(),
        ...(localDate ? { localDate } : {}),
        // Fields after the sixth exist only when a message held an unquoted comma.
        message: messageParts.join(",").trim(),
        line,
      });
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
