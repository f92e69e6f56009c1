/**
 * Process Monitor CSV exports (knowledge/procmon.md §3): UTF-8 with BOM, every field quoted,
 * columns in any order (7 by default, up to 27), matched by name. Streamed with csv-parse after
 * rows that cannot matter are blanked (prefilter.ts); only DENIED events are aggregated, by
 * (process, path).
 */
import { Readable } from "node:stream";
import { parse, type Parser } from "csv-parse";
import iconv from "iconv-lite";
import type { Problem } from "../types.js";
import { ProblemLog } from "../acl/problems.js";
import { RowFilter, UninterestingRowFilter } from "./prefilter.js";
import { filteredText, isByteEncoding } from "./byte-lines.js";
import { wsusProcessName } from "../../knowledge/wsus-processes.js";
import type { ProcmonDeniedGroup, ProcmonEventClass, ProcmonFragment, ProcmonOtherFailure } from "./facts.js";

export const MAX_DENIED_GROUPS = 5000;

/** Results that are not the guide's target but worth a note (knowledge/procmon.md §1). */
const OTHER_FAILURES = new Set([
  "SHARING VIOLATION",
  "PRIVILEGE NOT HELD",
  "BAD NETWORK NAME",
  "LOGON FAILURE",
]);

const REQUIRED = ["process name", "operation", "path", "result"] as const;

export function procmonCsvScore(head: string): number {
  const first = head.split(/\r\n|\n|\r/, 1)[0]?.toLowerCase() ?? "";
  if (!first.includes("process name") || !first.includes("operation") || !first.includes("result")) return 0;
  return first.includes('"time of day"') ? 95 : 85;
}

/** The delimiter of a header line: Excel in European locales saves with `;`. */
export function detectDelimiter(header: string): string {
  const outside = header.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, outside.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

interface Columns {
  time?: number;
  dateTime?: number;
  process: number;
  pid?: number;
  operation: number;
  path: number;
  result: number;
  detail?: number;
  eventClass?: number;
  user?: number;
}

function mapColumns(header: string[]): Columns | string[] {
  const index = new Map(
    header.map((title, i) => [
      title
        .replace(/^\uFEFF/, "")
        .trim()
        .toLowerCase(),
      i,
    ]),
  );
  const missing = REQUIRED.filter((name) => !index.has(name));
  if (missing.length > 0) return missing;
  const optional = (name: string): number | undefined => index.get(name);
  const columns: Columns = {
    process: index.get("process name")!,
    operation: index.get("operation")!,
    path: index.get("path")!,
    result: index.get("result")!,
  };
  const extras: [keyof Columns, string][] = [
    ["time", "time of day"],
    ["dateTime", "date & time"],
    ["pid", "pid"],
    ["detail", "detail"],
    ["eventClass", "event class"],
    ["user", "user"],
  ];
  for (const [key, name] of extras) {
    const at = optional(name);
    if (at !== undefined) columns[key] = at;
  }
  return columns;
}

export function eventClassOf(eventClass: string, operation: string, path: string): ProcmonEventClass {
  switch (eventClass.trim().toLowerCase()) {
    case "file system":
      return "file";
    case "registry":
      return "registry";
    case "network":
      return "network";
    case "process":
      return "process";
    case "profiling":
      return "other";
  }
  if (/^Reg[A-Z]/.test(operation)) return "registry";
  if (/^(TCP|UDP) /.test(operation)) return "network";
  if (/^(Process |Thread |Load Image)/.test(operation)) return "process";
  if (/^(HK(LM|CU|CR|U|CC)\b|\\REGISTRY\\)/i.test(path)) return "registry";
  if (/^([A-Za-z]:\\|\\\\)/.test(path)) return "file";
  return "other";
}

/** Detail is "Key: value, Key: value"; values may contain commas ("ShareMode: Read, Write"). */
export function detailFields(detail: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of detail.split(/, (?=[A-Z][A-Za-z ]{0,40}: )/)) {
    const colon = part.indexOf(": ");
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 2).trim());
  }
  return fields;
}

export interface ProcmonCsvResult {
  fragment?: ProcmonFragment;
  /** Set when the file is not usable (reason for the inventory). */
  unusable?: string;
  records: number;
  rejected: number;
  problems: Problem[];
}

/**
 * `input`: the file's bytes; a stream (as EvidenceFile.open() gives) or, for the encodings read
 * from bytes, reads that may reuse their buffer (large-reads.ts).
 */
export async function parseProcmonCsv(
  input: Readable | AsyncIterable<Buffer>,
  options: { file: string; encoding: string; delimiter: string; onProgress?: (bytes: number) => void },
): Promise<ProcmonCsvResult> {
  const log = new ProblemLog();
  const parser = parse({
    delimiter: options.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  });
  const { filter, source } = filterInto(parser, input, options);

  let columns: Columns | undefined;
  let header: string[] = [];
  let events = 0;
  let denied = 0;
  let rejected = 0;
  let dropped = 0;
  const groups = new Map<string, ProcmonDeniedGroup>();
  const others = new Map<string, ProcmonOtherFailure>();
  // rows the parser sees here, rows the prefilter blanked in the filter: together every event
  const wsusProcessEvents = filter.wsusProcessEvents;

  for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = entry;
    if (!columns) {
      header = record.map((title) => title.replace(/^\uFEFF/, "").trim());
      const mapped = mapColumns(header);
      if (Array.isArray(mapped)) {
        parser.destroy();
        source.destroy();
        return {
          unusable: `The CSV header lacks the column(s) ${mapped.map((m) => `"${m}"`).join(", ")}; export from Process Monitor with File > Save > CSV.`,
          records: 0,
          rejected: 0,
          problems: [],
        };
      }
      columns = mapped;
      continue;
    }
    const cell = (at: number | undefined): string => (at === undefined ? "" : (record[at] ?? "").trim());
    if (record.length <= Math.max(columns.process, columns.result, columns.path, columns.operation)) {
      rejected++;
      log.add("short", {
        line: filter.lineOf(info.lines),
        message: `Row has ${record.length} fields; the header has ${header.length}.`,
        sample: record.join(options.delimiter),
        severity: "warning",
      });
      continue;
    }
    events++;
    const result = cell(columns.result);
    const upper = result.toUpperCase();
    const process = cell(columns.process);
    const wsusProcess = wsusProcessName(process);
    if (wsusProcess) wsusProcessEvents.set(wsusProcess, (wsusProcessEvents.get(wsusProcess) ?? 0) + 1);
    if (OTHER_FAILURES.has(upper)) {
      const key = `${upper}\u0000${process.toLowerCase()}`;
      const other = others.get(key) ?? { result: upper, process, count: 0 };
      other.count++;
      others.set(key, other);
    }
    if (!upper.includes("DENIED")) continue;
    denied++;
    const path = cell(columns.path);
    const operation = cell(columns.operation);
    const eventClass = eventClassOf(cell(columns.eventClass), operation, path);
    const time = normaliseClockTime(
      [cell(columns.dateTime), columns.dateTime === undefined ? cell(columns.time) : ""]
        .filter((part) => part !== "")
        .join(" "),
    );
    const key = `${process.toLowerCase()}\u0000${path.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      if (groups.size >= MAX_DENIED_GROUPS) {
        dropped++;
        continue;
      }
      group = {
        process,
        processKey: process.toLowerCase(),
        path,
        eventClass,
        result,
        operations: [],
        count: 0,
        first: time,
        last: time,
        users: [],
        impersonating: [],
        desiredAccess: [],
        pids: [],
        directory: false,
        file: options.file,
        line: filter.lineOf(info.lines),
      };
      groups.set(key, group);
    }
    group.count++;
    group.last = time;
    addDistinct(group.operations, operation);
    addDistinct(group.users, cell(columns.user));
    const pid = Number(cell(columns.pid));
    if (
      cell(columns.pid) !== "" &&
      Number.isInteger(pid) &&
      group.pids.length < 20 &&
      !group.pids.includes(pid)
    ) {
      group.pids.push(pid);
    }
    const detail = detailFields(cell(columns.detail));
    addDistinct(group.impersonating, detail.get("Impersonating") ?? "");
    addDistinct(group.desiredAccess, detail.get("Desired Access") ?? "");
    const options_ = detail.get("Options") ?? "";
    if (/(^|, )Directory File/.test(options_) || /Open Directory/.test(options_)) group.directory = true;
  }
  if (!columns) return { unusable: "The file holds no CSV header.", records: 0, rejected: 0, problems: [] };
  events += filter.blanked;
  return {
    fragment: {
      capture: {
        file: options.file,
        format: "csv",
        events,
        denied,
        columns: header,
        hasUserColumn: columns.user !== undefined,
        delimiter: options.delimiter,
        wsusProcessEvents: Object.fromEntries(wsusProcessEvents),
      },
      denied: [...groups.values()],
      deniedEventsUngrouped: dropped,
      otherFailures: [...others.values()],
    },
    records: events,
    rejected,
    problems: log.problems(),
  };
}

/**
 * Pipes the file's text, its uninteresting rows blanked (prefilter.ts), into the parser; returns
 * the filter's counts. UTF-8 and Windows-1252 are filtered from their bytes (byte-lines.ts), other
 * encodings (UTF-16 re-saves) through a decoding stream.
 */
function filterInto(
  parser: Parser,
  input: Readable | AsyncIterable<Buffer>,
  options: { encoding: string; delimiter: string; onProgress?: (bytes: number) => void },
): { filter: Pick<RowFilter, "blanked" | "wsusProcessEvents" | "lineOf">; source: { destroy(): void } } {
  const encoding = options.encoding;
  if (isByteEncoding(encoding)) {
    // blanked rows left out: the parser reads only what may matter, lineOf() gives the file's lines
    const filter = new RowFilter(options.delimiter, true);
    const chunks = countedChunks(input, options.onProgress);
    // destroying it ends the reads (the generators' return)
    const text = Readable.from(filteredText(chunks, encoding, filter), { objectMode: false });
    text.on("error", (error) => parser.destroy(error));
    text.pipe(parser);
    return { filter, source: text };
  }
  // a stream reads ahead: reads that reuse their buffer (large-reads.ts) are only for the encodings above
  if (!(input instanceof Readable)) throw new TypeError(`a ${encoding} file is read through a stream`);
  const stream = input;
  stream.on("error", (error) => parser.destroy(error));
  let bytes = 0;
  stream.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    options.onProgress?.(bytes);
  });
  const filter = new UninterestingRowFilter(options.delimiter);
  stream.pipe(iconv.decodeStream(encoding)).pipe(filter).pipe(parser);
  return { filter, source: stream };
}

/** The stream's chunks, with the progress told as they are taken. */
async function* countedChunks(
  chunks: AsyncIterable<Buffer>,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += (chunk as Buffer).length;
    onProgress?.(bytes);
    yield chunk as Buffer;
  }
}

function addDistinct(list: string[], value: string): void {
  if (value !== "" && list.length < 20 && !list.includes(value)) list.push(value);
}

/**
 * Procmon writes "10:02:41.5131002 AM"; a German or French Excel re-save gives "10:02:41,5131002".
 * One 24-hour form with a decimal point, so the same event reads the same whatever the locale.
 */
export function normaliseClockTime(text: string): string {
  return text.replace(
    /\b(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:\s*(AM|PM|a\.\s?m\.|p\.\s?m\.))?/i,
    (
      _match,
      h: string,
      m: string,
      sec: string,
      fraction: string | undefined,
      meridiem: string | undefined,
    ) => {
      let hour = Number(h);
      const marker = meridiem?.toLowerCase().replace(/[.\s]/g, "");
      if (marker === "pm" && hour < 12) hour += 12;
      if (marker === "am" && hour === 12) hour = 0;
      return `${String(hour).padStart(2, "0")}:${m}:${sec}${fraction ? `.${fraction}` : ""}`;
    },
  );
}
