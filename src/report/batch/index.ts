/** The batch index renderers: index.html, index.json, index.csv from one BatchIndex. */
import { writeFileWhole } from "../output-folder.js";
import { join } from "node:path";
import { renderBatchCsv } from "./csv.js";
import { renderBatchHtml, type BatchHtmlOptions } from "./html.js";
import { renderBatchJson } from "./json.js";
import type { BatchIndex } from "./model.js";

export { buildBatchIndex, type BatchIndex, type MatrixCell } from "./model.js";
export { renderBatchCsv, BATCH_CSV_COLUMNS } from "./csv.js";
export { renderBatchHtml } from "./html.js";
export { renderBatchJson } from "./json.js";

export const BATCH_INDEX_FILES = ["index.html", "index.json", "index.csv"] as const;

export async function writeBatchIndex(
  index: BatchIndex,
  outDir: string,
  options: BatchHtmlOptions = {},
): Promise<string[]> {
  const files: [string, string][] = [
    ["index.html", renderBatchHtml(index, options)],
    ["index.json", renderBatchJson(index)],
    ["index.csv", renderBatchCsv(index)],
  ];
  for (const [name, content] of files) await writeFileWhole(join(outDir, name), content);
  return files.map(([name]) => join(outDir, name));
}
