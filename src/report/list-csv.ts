/**
 * A full list cut from the result (bound-result.ts) as a CSV side file: one row per item, the
 * columns every item's keys in first-seen order, nested values as compact JSON; the same
 * spreadsheet-safe fields as findings.csv. Written a block at a time: a list of a million paths is
 * never one string.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { csvField } from "./csv.js";
import { isPlainObject } from "./model.js";

const BLOCK_CHARS = 1 << 20;

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return csvField(value);
  if (typeof value === "boolean") return String(value);
  return csvField(JSON.stringify(value));
}

function columnsOf(items: readonly unknown[], toRow: (item: unknown) => unknown): string[] {
  const columns = new Set<string>();
  for (const item of items) {
    const row = toRow(item);
    if (isPlainObject(row)) for (const key of Object.keys(row)) columns.add(key);
  }
  return [...columns];
}

/**
 * `row` is applied to each item twice (for the columns, then for the line) rather than once into
 * a copy of the list: 100,000 machines are never held twice.
 */
export function writeListCsv(path: string, items: readonly unknown[], row?: (item: never) => unknown): void {
  const toRow = row ? (item: unknown) => row(item as never) : (item: unknown) => item;
  const columns = columnsOf(items, toRow);
  const asTable = columns.length > 0;
  const fd = openSync(path, "w");
  try {
    let block = `\uFEFF${(asTable ? columns : ["value"]).map(csvField).join(",")}\r\n`;
    for (const item of items) {
      const row = toRow(item);
      block +=
        (asTable && isPlainObject(row) ? columns.map((column) => cell(row[column])).join(",") : cell(row)) +
        "\r\n";
      if (block.length >= BLOCK_CHARS) {
        writeSync(fd, block, null, "utf8");
        block = "";
      }
    }
    writeSync(fd, block, null, "utf8");
  } finally {
    closeSync(fd);
  }
}
