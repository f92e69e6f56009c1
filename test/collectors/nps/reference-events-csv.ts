/** Frozen for the equivalence test (issue 19 second pass): the reader as it was before the strict splitter; do not change it. */
/**
 * NPS events 6272–6280 as CSV: Event Viewer "Save As… CSV" (five localised header names, six fields,
 * the message last), `Get-WinEvent | Export-Csv` and `Get-EventLog | Export-Csv` (PowerShell property
 * names, not localised). Fields of the message are read by position (event-fields.ts).
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { parse as parseCsv } from "csv-parse/sync";
import type { EvidenceFile, Probe } from "../../../src/bundle/types.js";
import { createDecoder } from "../../../src/bundle/encoding.js";
import type { Collector, CollectorContext, CollectorOutput } from "../../../src/collectors/types.js";
import {
  eventToRecord,
  fieldsFromMessage,
  isNpsEventId,
  parseLocalTime,
  SECURITY_AUDITING,
} from "../../../src/collectors/nps/event-fields.js";
import type { NpsFragment } from "../../../src/collectors/nps/facts.js";
import { NpsFragmentBuilder } from "../../../src/collectors/nps/fragment.js";
import { ProblemLog } from "../../../src/collectors/nps/problems.js";
import { finishEventRead } from "../../../src/collectors/nps/finish-events.js";

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
    // The header is read before the streaming parser starts: csv-parse builds an error object
    // for every record whose length differs from its first record's, and an Event Viewer header
    // has five names for six fields (that cost a third of reading the file).
    const head = await readHeaderLines(decodeChunks(file, context.onProgress));
    let layout: Layout | undefined;
    for (const row of head.rows) {
      if (isPreamble(row)) continue;
      layout = layoutFromHeader(row) ?? EVENT_VIEWER;
    }
    const parser = parse({
      relax_column_count: true,
      relax_quotes: true,
      raw: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      max_record_size: context.limits.maxLineLength * 16,
    });
    const decoded = Readable.from(head.rest);
    decoded.on("error", (error) => parser.destroy(error));
    decoded.pipe(parser);
    try {
      // Line numbers from the raw text: a record takes one line plus the breaks inside quoted fields.
      let nextLine = 1 + head.lines;
      for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const row = item.record;
        const line = nextLine;
        nextLine += 1 + countBreaks(item.raw);
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

/** Lines read ahead of the streaming parser: rows that are certainly a preamble or a header. */
interface HeaderLines {
  rows: string[][];
  /** Lines they took. */
  lines: number;
  /** The text after them, still streaming. */
  rest: AsyncGenerator<string>;
}

const MAX_HEADER_TEXT = 64 * 1024;

/**
 * Takes the leading lines that are a preamble (empty, `#TYPE`) and the one header line after them,
 * when that line names the layout (Get-WinEvent / Get-EventLog) or is Event Viewer's header (no
 * event ID where the ID goes). Anything else, or a line with an open quote, stays for the parser.
 */
async function readHeaderLines(chunks: AsyncGenerator<string>): Promise<HeaderLines> {
  let text = "";
  let done = false;
  while (!done && !/\r|\n/.test(text) && text.length < MAX_HEADER_TEXT) {
    const next = await chunks.next();
    if (next.done) done = true;
    else text += next.value;
  }
  const rows: string[][] = [];
  let lines = 0;
  let at = 0;
  for (;;) {
    const end = nextBreak(text, at);
    if (end === undefined) break;
    const line = text.slice(at, end.index);
    if (countQuotes(line) % 2 !== 0) break;
    const row = (parseCsv(line, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [""];
    const preamble = isPreamble(row);
    const header =
      !preamble && (layoutFromHeader(row) !== undefined || !/^\d+$/.test(row[EVENT_VIEWER.id]?.trim() ?? ""));
    if (!preamble && !header) break;
    rows.push(row);
    lines++;
    at = end.index + end.length;
    if (header) break;
  }
  const rest = text.slice(at);
  async function* restOf(): AsyncGenerator<string> {
    if (rest) yield rest;
    if (!done) yield* chunks;
  }
  return { rows, lines, rest: restOf() };
}

function nextBreak(text: string, from: number): { index: number; length: number } | undefined {
  const match = /\r\n|\n|\r/g;
  match.lastIndex = from;
  const found = match.exec(text);
  // a CR at the very end may be half of a CRLF: wait for more text (the parser reads it then)
  if (!found || (found[0] === "\r" && found.index === text.length - 1)) return undefined;
  return { index: found.index, length: found[0].length };
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Decoded text chunks of a file (BOM dropped by the decoder). */
export async function* decodeChunks(
  file: EvidenceFile,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = createDecoder(file.encoding ?? "utf-8");
  let bytes = 0;
  for await (const chunk of file.open()) {
    bytes += (chunk as Buffer).length;
    onProgress?.(bytes);
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function countBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
