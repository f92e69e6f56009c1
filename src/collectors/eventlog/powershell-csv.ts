/**
 * `Get-WinEvent … | Export-Csv` and `Get-EventLog … | Export-Csv` (knowledge/event-log.md §5):
 * an optional `#TYPE …` first line, then a quoted header; columns found by name, never by position.
 * Get-WinEvent: Id, ProviderName, Level (number), TimeCreated, Message, RecordId, MachineName.
 * Get-EventLog: EventID (not InstanceId: that one carries qualifier bits), Source, EntryType,
 * TimeGenerated, Message, Index, MachineName.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EventAccumulator, badRecord, csvRecordNotes } from "./accumulator.js";
import { csvRecordBatches } from "./csv-stream.js";
import { parseExportDate } from "./dates.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { GET_EVENTLOG_COLUMNS, GET_WINEVENT_COLUMNS, headerNames } from "./headers.js";
import { levelFromText } from "./levels.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-powershell-csv";

type Flavour = "Get-WinEvent" | "Get-EventLog";

function flavourOf(names: readonly string[]): Flavour | undefined {
  const set = new Set(names);
  if (GET_WINEVENT_COLUMNS.every((name) => set.has(name))) return "Get-WinEvent";
  if (GET_EVENTLOG_COLUMNS.every((name) => set.has(name))) return "Get-EventLog";
  return undefined;
}

function headerLine(head: string): string {
  const lines = head.split(/\r\n|\n|\r/, 2);
  return lines[0]?.startsWith("#TYPE") ? (lines[1] ?? "") : (lines[0] ?? "");
}

export const powershellCsvCollector: Collector<EventLogFragment> = {
  kind: KIND,
  source: "eventlog",
  label: "Application log, PowerShell Export-Csv (Get-WinEvent / Get-EventLog)",
  howToCollect:
    "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Windows Server Update Services'} | Export-Csv -NoTypeInformation -Encoding UTF8 wsus-events.csv",
  detect(probe: Probe): number {
    const flavour = flavourOf(headerNames(headerLine(probe.head)));
    if (!flavour) return 0;
    return probe.head.startsWith("#TYPE System.Diagnostics.E") ? 95 : 90;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<EventLogFragment>> {
    const problems = new ProblemLog(context.limits.maxSamples);
    let rejected = 0;
    const reject = (kind: string, line: number, message: string, sample?: string): void => {
      rejected++;
      problems.add(kind, badRecord(line, message, sample));
    };
    let columns: Map<string, number> | undefined;
    let flavour: Flavour | undefined;
    let events: EventAccumulator | undefined;
    /** Reads one record; false once no more can be read (no layout). */
    const read = (fields: string[], line: number): boolean => {
      if (!columns) {
        columns = new Map(fields.map((name, index) => [name.trim(), index]));
        flavour = flavourOf([...columns.keys()]);
        events = new EventAccumulator(file.path, `${KIND}:${flavour ?? "unknown"}`, problems);
        return true;
      }
      if (!events || !flavour) return false;
      const get = (name: string): string | undefined => {
        const index = columns?.get(name);
        return index === undefined ? undefined : fields[index];
      };
      const winEvent = flavour === "Get-WinEvent";
      const idText = (get(winEvent ? "Id" : "EventID") ?? "").trim();
      if (!/^\d+$/.test(idText)) {
        reject("bad event ID", line, `Event ID "${idText}" is not a number.`, fields.slice(0, 6).join(","));
        return true;
      }
      const levelText = winEvent ? (get("LevelDisplayName") ?? get("Level")) : get("EntryType");
      let level = levelFromText(levelText);
      if (winEvent && level === "Unknown") level = levelFromText(get("Level"));
      const dateText = get(winEvent ? "TimeCreated" : "TimeGenerated");
      const localDate = parseExportDate(dateText);
      if (!localDate)
        problems.add("unreadable date", badRecord(line, `Date "${dateText ?? ""}" not understood.`));
      const recordText = (get(winEvent ? "RecordId" : "Index") ?? "").trim();
      const computer = (get("MachineName") ?? "").trim();
      const channel = (get("LogName") ?? "").trim();
      events.add({
        source: (get(winEvent ? "ProviderName" : "Source") ?? "").trim(),
        eventId: Number(idText),
        level,
        ...(levelText !== undefined ? { levelText: levelText.trim() } : {}),
        ...(localDate ? { localDate } : {}),
        message: (get("Message") ?? "").trim(),
        ...(computer ? { computer } : {}),
        ...(channel ? { channel } : {}),
        ...(/^\d+$/.test(recordText) ? { record: Number(recordText) } : {}),
        line,
      });
      return true;
    };
    for await (const batch of csvRecordBatches(file, {
      maxLineLength: context.limits.maxLineLength,
      // The #TYPE line is not CSV; it is passed over, and line numbers stay those of the file.
      ignoreFirstLine: "#TYPE",
      ...csvRecordNotes(problems, reject),
    })) {
      if (!batch.every(({ fields, line }) => read(fields, line))) break;
    }
    if (!events) {
      return {
        status: "failed",
        reason: "No CSV header found.",
        records: 0,
        rejected,
        problems: problems.list(),
      };
    }
    return finish(events, rejected, problems, powershellCsvCollector.label);
  },
};
