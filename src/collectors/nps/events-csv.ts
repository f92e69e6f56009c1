/**
 * NPS events 6272–6280 as CSV: Event Viewer "Save As… CSV" (five localised header names, six fields,
 * the message last), `Get-WinEvent | Export-Csv` and `Get-EventLog | Export-Csv` (PowerShell property
 * names, not localised). Fields of the message are read by position (event-fields.ts).
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import { decodedText, rawCsvRecordBatches } from "../eventlog/csv-stream.js";
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

interface Layout {
  id: number;
  message: number;
  time?: number;
  provider?: number;
  machine?: number;
}

/** Event Viewer: Level/Keywords, Date and Time, Source, Event ID, Task Category, (message). */
const EVENT_VIEWER: Layout = { id: 3, message: 5, time: 1, provider: 2 };

function layoutFromHeader(row: string[]): Layout | undefined {
  const at = (name: string): number | undefined => {
    const index = row.indexOf(name);
    return index >= 0 ? index : undefined;
  };
  const message = at("Message");
  if (message !== undefined && at("Id") !== undefined) {
    return {
      id: at("Id")!,
      message,
      time: at("TimeCreated"),
      provider: at("ProviderName"),
      machine: at("MachineName"),
    };
  }
  if (message !== undefined && at("EventID") !== undefined) {
    return {
      id: at("EventID")!,
      message,
      time: at("TimeGenerated"),
      provider: at("Source"),
      machine: at("MachineName"),
    };
  }
  return undefined;
}

const CSV_NPS_ROW = /(?:^|,)"?(?:627[2-9]|6280)"?,/m;

export const eventsCsvCollector: Collector<NpsFragment> = {
  kind: "nps-events-csv",
  source: "nps",
  label: "NPS Security-log events 6272–6280 (CSV export)",
  howToCollect:
    "Get-WinEvent -FilterHashtable @{LogName='Security'; Id=6272..6280} | Export-Csv nps-events.csv -NoTypeInformation -Encoding UTF8  (or Event Viewer > Save Filtered Log File As… CSV)",
  detect(probe: Probe): number {
    const head = probe.head.trimStart();
    if (head.startsWith("<") || !head.includes(SECURITY_AUDITING)) return 0;
    return CSV_NPS_ROW.test(head) ? 98 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const problems = new ProblemLog(context.limits.maxSamples);
    let records = 0;
    let rejected = 0;
    let otherEvents = 0;
    let layout: Layout | undefined;
    try {
      for await (const batch of rawCsvRecordBatches(
        decodedText(file, context.onProgress),
        context.limits.maxLineLength * 16,
      )) {
        for (const { fields: row, line } of batch) {
          if (isPreamble(row)) continue;
          if (!layout) {
            layout = layoutFromHeader(row);
            if (layout) continue;
            layout = EVENT_VIEWER;
            if (!/^\d+$/.test(row[EVENT_VIEWER.id]?.trim() ?? "")) continue; // localised header row
          }
          const id = Number(row[layout.id]?.trim());
          if (!Number.isInteger(id)) {
            rejected++;
            problems.add("row without event id", {
              line,
              message: "Row has no numeric event ID where the layout expects one.",
              sample: row.slice(0, 5).join(","),
              severity: "warning",
            });
            continue;
          }
          const provider = layout.provider !== undefined ? row[layout.provider] : undefined;
          if (
            !isNpsEventId(id) ||
            (provider !== undefined && provider !== "" && provider !== SECURITY_AUDITING)
          ) {
            otherEvents++;
            continue;
          }
          const message = row[layout.message] ?? "";
          const timeText = layout.time !== undefined ? row[layout.time] : undefined;
          builder.addRecord(
            eventToRecord(
              {
                id,
                localTime: parseLocalTime(timeText),
                computer: layout.machine !== undefined ? row[layout.machine] : undefined,
              },
              { byPosition: fieldsFromMessage(message, id) },
              { format: "event-csv", file: file.path, line },
            ),
          );
          records++;
        }
      }
    } catch (error) {
      problems.add("csv error", {
        message: `CSV reading stopped: ${(error as Error).message}`,
        severity: "error",
      });
    }
    return finishEventRead({ records, rejected, otherEvents, where: "the file" }, builder, problems);
  },
};

/** An empty line or PowerShell 5.1's `#TYPE` line: no record. */
function isPreamble(row: string[]): boolean {
  return row.length === 1 && (row[0] === "" || row[0]!.startsWith("#TYPE"));
}
