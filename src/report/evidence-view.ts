/**
 * Turns a fact value (an EvidenceBlock's value, or a per-client fact) into a display shape:
 * a table, an excerpt with file:line, a list, key/value pairs or one value. Long tables keep
 * every row but split them into the first rows and the rest, which the HTML puts in a
 * collapsible block and the PDF summarises as "N more rows".
 */
import { displayValue, humanizeKey, isPlainObject } from "./model.js";
import { layoutTable } from "./table-layout.js";

export interface CellView {
  text: string;
  /** Paths, URLs, user agents, commands: monospace and wrapped anywhere. */
  mono: boolean;
  numeric: boolean;
  /** Holds a token too long to fit a column: may break anywhere. */
  long: boolean;
  /** An address, code or timestamp: never breaks inside. */
  atomic?: boolean;
  /** The column's title where the cell prints on its own (a detail line or a card). */
  label?: string;
  /** Printed below its row as a detail line (table layout). */
  detail?: boolean;
}

export interface TableView {
  kind: "table";
  /** "cards" when the columns cannot share a printed page's width (see table-layout.ts). */
  layout: "table" | "cards";
  columns: { key: string; title: string; numeric: boolean; detail?: boolean }[];
  /** Columns printed in the row itself (the colspan of a detail line). */
  inlineCount: number;
  /** Some columns print as detail lines below their row. */
  detailed: boolean;
  rows: CellView[][];
  more: CellView[][];
  total: number;
}

export interface ExcerptView {
  kind: "excerpt";
  lines: { location: string; text: string }[];
  more: { location: string; text: string }[];
  total: number;
}

export interface ListView {
  kind: "list";
  items: string[];
  more: string[];
  total: number;
}

export interface KeyValueView {
  kind: "keyvalue";
  entries: { key: string; value: string; mono: boolean }[];
}

export interface ScalarView {
  kind: "scalar";
  text: string;
  empty: boolean;
}

export type ValueView = TableView | ExcerptView | ListView | KeyValueView | ScalarView;

export const DEFAULT_VISIBLE_ROWS = 12;

const MONO_WORDS = new Set(
  "path paths url uri command commands text raw sample agent sddl file key query stem sid account identity user ip hex code codes guid".split(
    " ",
  ),
);

/** Columns holding paths, URLs, accounts, codes: shown in monospace (by the words of the key). */
function isMonoKey(key: string): boolean {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => MONO_WORDS.has(word));
}
const LONG_TOKEN = /\S{20,}/;
const TEXT_KEYS = ["text", "raw", "excerpt", "sample", "content", "message"];

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean", "undefined"].includes(typeof value);
}

function location(row: Record<string, unknown>): string {
  const file = typeof row.file === "string" ? row.file : "";
  const line = typeof row.line === "number" ? row.line : undefined;
  if (!file) return line !== undefined ? `line ${line}` : "";
  return line !== undefined ? `${file}:${line}` : file;
}

function split<T>(items: T[], visible: number): { shown: T[]; more: T[] } {
  // Hiding a single row saves nothing: show it.
  if (items.length <= visible + 1) return { shown: items, more: [] };
  return { shown: items.slice(0, visible), more: items.slice(visible) };
}

/** Rows that are only provenance plus one text field read best as an excerpt. */
function excerptTextKey(rows: Record<string, unknown>[]): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const textKey = TEXT_KEYS.find((key) => rows.every((row) => typeof row[key] === "string"));
  if (!textKey) return undefined;
  const allowed = new Set(["file", "line", textKey]);
  const onlyProvenance = rows.every(
    (row) => typeof row.file === "string" && Object.keys(row).every((key) => allowed.has(key)),
  );
  return onlyProvenance ? textKey : undefined;
}

export function tableView(
  rows: Record<string, unknown>[],
  preferred: string[] | undefined,
  visible: number,
): TableView {
  const keys: string[] = [];
  const seen = new Set<string>();
  const hasProvenance = rows.some((row) => typeof row.file === "string");
  const add = (key: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
  };
  if (preferred && preferred.length > 0) preferred.forEach(add);
  else for (const row of rows) for (const key of Object.keys(row)) add(key);
  // file + line become one "Location" column, last.
  const merged = hasProvenance && (!preferred || preferred.length === 0 || preferred.includes("file"));
  const columnKeys = merged ? keys.filter((key) => key !== "file" && key !== "line") : keys;
  const numeric = new Map(
    columnKeys.map((key) => [
      key,
      rows.every((row) => row[key] === undefined || row[key] === null || typeof row[key] === "number"),
    ]),
  );
  const columns = columnKeys.map((key) => ({
    key,
    title: humanizeKey(key),
    numeric: numeric.get(key) ?? false,
  }));
  if (merged) columns.push({ key: "@location", title: "Location", numeric: false });
  const cells = rows.map((row) =>
    columns.map((column): CellView => {
      if (column.key === "@location") return { text: location(row), mono: true, numeric: false, long: false };
      const value = row[column.key];
      const text = displayValue(value);
      return {
        text,
        mono: isMonoKey(column.key) && typeof value === "string",
        numeric: column.numeric,
        long: LONG_TOKEN.test(text),
      };
    }),
  );
  const layout = layoutTable(
    columns.map((column, index) => ({
      title: column.title,
      texts: cells.map((row) => row[index]?.text ?? ""),
      mono: cells.some((row) => row[index]?.mono),
      numeric: column.numeric,
    })),
  );
  for (const row of cells) {
    row.forEach((cell, index) => {
      cell.label = columns[index]?.title ?? "";
      if (layout.atomic[index]) cell.atomic = true;
      if (layout.detail[index]) cell.detail = true;
    });
  }
  const laidOut: TableView["columns"] = columns.map((column, index) =>
    layout.detail[index] ? { ...column, detail: true } : column,
  );
  const { shown, more } = split(cells, visible);
  return {
    kind: "table",
    layout: layout.kind,
    columns: laidOut,
    inlineCount: laidOut.filter((column) => !column.detail).length,
    detailed: laidOut.some((column) => column.detail),
    rows: shown,
    more,
    total: rows.length,
  };
}

export function valueView(value: unknown, columns?: string[], visible = DEFAULT_VISIBLE_ROWS): ValueView {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isPlainObject)) {
      const rows = value as Record<string, unknown>[];
      const textKey = excerptTextKey(rows);
      if (textKey && (!columns || columns.length === 0)) {
        const lines = rows.map((row) => ({ location: location(row), text: displayValue(row[textKey]) }));
        const { shown, more } = split(lines, visible);
        return { kind: "excerpt", lines: shown, more, total: rows.length };
      }
      return tableView(rows, columns, visible);
    }
    const items = value.map((item) => displayValue(item));
    if (items.length === 0) return { kind: "scalar", text: "", empty: true };
    const { shown, more } = split(items, visible);
    return { kind: "list", items: shown, more, total: items.length };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    // An object whose values are all rows (a map keyed by client, vDir …) reads best as a table.
    if (
      entries.length > 0 &&
      entries.every(([, item]) => isPlainObject(item) && Object.values(item).every(isScalar))
    ) {
      const rows = entries.map(([key, item]) => ({ key, ...(item as Record<string, unknown>) }));
      return tableView(rows, columns && columns.length > 0 ? ["key", ...columns] : undefined, visible);
    }
    return {
      kind: "keyvalue",
      entries: entries.map(([key, item]) => ({
        key: humanizeKey(key),
        value: displayValue(item),
        mono: isMonoKey(key) && typeof item === "string",
      })),
    };
  }
  const text = displayValue(value);
  return { kind: "scalar", text, empty: text === "" };
}
