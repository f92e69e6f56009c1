/** index.json: the batch index model, stable key order, for tools and dashboards. */
import type { BatchIndex } from "./model.js";

export function renderBatchJson(index: BatchIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}
