/**
 * A bundle of 100,000 files made a 5,900-page inventory nobody reads. Above INVENTORY_ROWS files
 * the HTML and PDF show what an auditor needs — how many files of each kind were parsed, skipped
 * or failed — then the first rows, failed and parsed files first; every file stays in result.json and in lists/inventory.csv.
 */
import type { InventoryEntry } from "../result/types.js";

export const INVENTORY_ROWS = 500;
/** Under bound-result's LISTS_FOLDER, with the other full lists. */
export const INVENTORY_LIST_FILE = "lists/inventory.csv";

export interface KindCount {
  kind: string;
  label: string;
  parsed: number;
  skipped: number;
  failed: number;
  total: number;
}

export interface InventorySummary {
  total: number;
  shown: number;
  file: string;
  byKind: KindCount[];
}

const STATUS_ORDER: Record<InventoryEntry["status"], number> = { failed: 0, parsed: 1, skipped: 2 };

/** The rows to list (failed, then parsed, then skipped files, each in bundle order when cut), and the summary when the inventory is longer than `maxRows`. */
export function summariseInventory(
  inventory: readonly InventoryEntry[],
  maxRows = INVENTORY_ROWS,
): { rows: readonly InventoryEntry[]; summary?: InventorySummary } {
  if (inventory.length <= maxRows) return { rows: inventory };
  const counts = new Map<string, KindCount>();
  for (const entry of inventory) {
    const key = `${entry.kind}\u0000${entry.label}`;
    let count = counts.get(key);
    if (!count) {
      count = { kind: entry.kind, label: entry.label, parsed: 0, skipped: 0, failed: 0, total: 0 };
      counts.set(key, count);
    }
    count[entry.status] += 1;
    count.total += 1;
  }
  const byKind = [...counts.values()].sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : 1));
  // the rows that need a look come first: a failed file at position 90,000 is not hidden by the cut
  const rows = [...inventory].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return {
    rows: rows.slice(0, maxRows),
    summary: { total: inventory.length, shown: maxRows, file: INVENTORY_LIST_FILE, byKind },
  };
}

/** One inventory entry as a row of lists/inventory.csv. */
export function inventoryCsvRow(entry: InventoryEntry): Record<string, unknown> {
  return {
    path: entry.path,
    kind: entry.kind,
    label: entry.label,
    status: entry.status,
    reason: entry.reason ?? "",
    size: entry.size,
    encoding: entry.encoding ?? "",
    records: entry.records,
    rejected: entry.rejected,
    problems: entry.problems.length,
  };
}
