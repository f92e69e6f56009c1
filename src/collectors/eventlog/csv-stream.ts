/**
 * CSV records of an export, streamed a decoded chunk's worth at a time. The strict form Event
 * Viewer and Export-Csv write is split by csv-splitter.ts; a file with anything else in it is read
 * by csv-parse on the file's lines from where the strict form stopped (csv-parse accepts the
 * multi-line quoted messages too, but costs ten times as much). Each record comes with the line it
 * starts on, so a finding can cite file:line.
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { EvidenceFile } from "../../bundle/types.js";
import { createDecoder } from "../../bundle/encoding.js";
import { CsvSplitter } from "./csv-splitter.js";

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export interface CsvStreamOptions {
  maxLineLength: number;
  /** A first line starting with this is no record, but still counts (PowerShell 5.1's `#TYPE` line). */
  ignoreFirstLine?: string;
  onTruncated?: (line: number) => void;
  onSkipped?: (line: number, message: string) => void;
}

/** Beyond this a record is not the strict form: csv-parse reads it (a message is a few KB). */
const MAX_STRICT_RECORD = 1024 * 1024;

export async function* csvRecordBatches(
  file: EvidenceFile,
  options: CsvStreamOptions,
): AsyncGenerator<CsvRecord[]> {
  const splitter = new CsvSplitter({
    mode: "lines",
    maxLineLength: options.maxLineLength,
    maxRecordLength: MAX_STRICT_RECORD,
    ...(options.ignoreFirstLine !== undefined ? { ignoreFirstLine: options.ignoreFirstLine } : {}),
  });
  let given = 0;
  for await (const text of decodedText(file)) {
    const batch: CsvRecord[] = [];
    splitter.push(text, false, batch);
    given += batch.length;
    if (batch.length > 0) yield batch;
    if (splitter.failed) break;
  }
  if (!splitter.failed) {
    const last: CsvRecord[] = [];
    splitter.push("", true, last);
    given += last.length;
    if (last.length > 0) yield last;
    if (!splitter.failed) return;
  }
  // Outside the strict form: csv-parse reads the file again; the records already given are its first ones.
  const from = splitter.rest().line;
  let index = 0;
  for await (const record of parsedRecords(file, options, from)) {
    if (index++ < given) continue;
    yield [record];
  }
}

/**
 * The file's decoded lines (a cut line flagged) through csv-parse, which accepts any CSV.
 * Notes about lines before `from` are not repeated: the strict reading already passed them.
 */
async function* parsedRecords(
  file: EvidenceFile,
  options: CsvStreamOptions,
  from: number,
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  parser.on("skip", (error: Error & { lines?: number }) => {
    const line = error.lines ?? 0;
    if (line >= from) options.onSkipped?.(line, error.message);
  });
  const ignored = options.ignoreFirstLine;
  async function* text(): AsyncGenerator<string> {
    for await (const line of file.lines({ maxLineLength: options.maxLineLength })) {
      if (line.truncated && line.number >= from) options.onTruncated?.(line.number);
      const blank = line.number === 1 && ignored !== undefined && line.text.startsWith(ignored);
      yield `${blank ? "" : line.text}\n`;
    }
  }
  const input = Readable.from(text());
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // info.lines is the line the record ends on; subtract the line breaks inside its fields.
    const breaks = item.record.reduce((sum, field) => sum + countBreaks(field), 0);
    yield { fields: item.record, line: Math.max(1, item.info.lines - breaks) };
  }
}

/**
 * Records of CSV text with every field as written (line breaks inside quotes kept, an empty line a
 * record of one empty field): split by csv-splitter.ts, and from any record outside the strict form
 * on by csv-parse, which throws past `maxRecordLength` characters.
 */
export async function* rawCsvRecordBatches(
  chunks: AsyncIterable<string>,
  maxRecordLength: number,
): AsyncGenerator<CsvRecord[]> {
  const splitter = new CsvSplitter({ mode: "raw", maxLineLength: maxRecordLength, maxRecordLength });
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    const batch: CsvRecord[] = [];
    splitter.push(next.done ? "" : next.value, next.done === true, batch);
    if (batch.length > 0) yield batch;
    if (next.done && !splitter.failed) return;
    if (splitter.failed) break;
  }
  const { text, line } = splitter.rest();
  async function* rest(): AsyncGenerator<string> {
    yield text;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    raw: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    max_record_size: maxRecordLength,
  });
  const input = Readable.from(rest());
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let nextLine = line;
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    yield [{ fields: item.record, line: nextLine }];
    nextLine += 1 + countLineBreaks(item.raw.replace(/(?:\r\n|\n|\r)$/, ""));
  }
}

/** CRLF, LF and CR each end a line. */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

function countBreaks(field: string): number {
  let count = 0;
  for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) count++;
  return count;
}

/** A file's text, decoded (BOM dropped) a read chunk at a time. */
export async function* decodedText(
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
