/**
 * A finding's evidence table is bounded as it is built (ADR 0027): the finding keeps the first
 * EVIDENCE_ROWS_KEPT rows and the exact number of rows, and the whole table is computed again from
 * the facts only where it is needed in full (a waiver that matches a row, the report's lists/*.csv),
 * one table at a time, and dropped after. 100,000 NPS machines no longer hold five findings of
 * 25,000 rows each until the report is written (ADR 0022).
 *
 * The kept rows are an ordinary array, so every reader that shows rows needs no change; what it
 * lacks (the total, the way back to every row) is looked up here by that array, which survives
 * spreading the block (`{ ...block, label }`) because the array itself is not copied.
 */

/** The rows a finding keeps of a longer evidence table: what the report shows (bound-result.ts). */
export const EVIDENCE_ROWS_KEPT = 1000;

interface FullTable {
  /** Rows in the whole table. */
  total: number;
  /** The whole table, computed again (the same facts, fact, params, path and row selection). */
  rows: () => Promise<readonly unknown[]>;
}

const fullTables = new WeakMap<readonly unknown[], FullTable>();

/**
 * The table itself when it is short enough; else its first `keep` rows, which remember the total
 * and how to compute every row again.
 */
export function boundTable(
  rows: unknown,
  recompute: () => Promise<readonly unknown[]>,
  keep = EVIDENCE_ROWS_KEPT,
): unknown {
  if (!Array.isArray(rows) || rows.length <= keep) return rows;
  const kept = rows.slice(0, keep);
  fullTables.set(kept, { total: rows.length, rows: recompute });
  return kept;
}

/** The rows of the whole table when `value` is a bounded table, else undefined. */
export function boundedTotal(value: unknown): number | undefined {
  return Array.isArray(value) ? fullTables.get(value)?.total : undefined;
}

/** How many rows the table has in all (a bounded table's total, an array's length, else 0). */
export function tableRowCount(value: unknown): number {
  return boundedTotal(value) ?? (Array.isArray(value) ? value.length : 0);
}

/** Every row of an evidence value: a bounded table computed again, an array as it is, else [value]. */
export async function allRows(value: unknown): Promise<readonly unknown[]> {
  if (!Array.isArray(value)) return [value];
  const full = fullTables.get(value);
  return full ? full.rows() : value;
}

/**
 * The table with each row mapped (kept rows now, the whole table when it is computed again), so a
 * later stage that adds to the rows (client findings' "see also") keeps the way back to every row.
 */
export function mapTable(value: unknown[], map: (row: unknown) => unknown): unknown[] {
  const mapped = value.map(map);
  const full = fullTables.get(value);
  if (full) fullTables.set(mapped, { total: full.total, rows: async () => (await full.rows()).map(map) });
  return mapped;
}
