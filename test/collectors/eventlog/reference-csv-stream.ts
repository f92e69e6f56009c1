/** Frozen for the equivalence test (issue 19 second pass): the reader as it was before the strict splitter; do not change it. */
/**
 * CSV records of an export, streamed: the file's decoded lines go through csv-parse, which accepts
 * the multi-line quoted messages Event Viewer and Export-Csv write. Each record comes with the line
 * it starts on, so a finding can cite file:line.
 */
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { EvidenceFile } from "../../../src/bundle/types.js";

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export interface CsvStreamOptions {
  maxLineLength: number;
  /** Called for each line before parsing; return "" to drop it (the line still counts). */
  rewriteLine?: (text: string, number: number) => string;
  onTruncated?: (line: number) => void;
  onSkipped?: (line: number, message: string) => void;
}

export async function* csvRecords(file: EvidenceFile, options: CsvStreamOptions): AsyncGenerator<CsvRecord> {
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  parser.on("skip", (error: Error & { lines?: number }) => {
    options.onSkipped?.(error.lines ?? 0, error.message);
  });
  async function* text(): AsyncGenerator<string> {
    for await (const line of file.lines({ maxLineLength: options.maxLineLength })) {
      if (line.truncated) options.onTruncated?.(line.number);
      yield `${options.rewriteLine ? options.rewriteLine(line.text, line.number) : line.text}\n`;
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

function countBreaks(field: string): number {
  let count = 0;
  for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) count++;
  return count;
}
