/**
 * Worker thread: aggregates one byte range of a plain W3C log file and posts the partial back.
 * Messages to the parent: { type: "progress", bytes } and { type: "done", partial } or { type: "error", message }.
 */
import { parentPort, workerData } from "node:worker_threads";
import { W3cScanner, type ScannerOptions } from "./w3c-scanner.js";
import { scanFileRange } from "./read.js";
import { emptyPartial } from "./merge.js";

export interface RangeTask {
  path: string;
  start: number;
  end: number;
  maxLineLength: number;
  scanner: ScannerOptions;
}

async function run(task: RangeTask): Promise<void> {
  const scanner = new W3cScanner(task.scanner);
  if (task.start > 0 && scanner.headerLacksDate) {
    // the day of a dateless block depends on every line before the range: the parent goes serial
    parentPort?.postMessage({ type: "done", partial: { ...emptyPartial(), needsSerial: true } });
    return;
  }
  let lastReport = 0;
  await scanFileRange(task.path, task.start, task.end, scanner, {
    maxLineLength: task.maxLineLength,
    onProgress: (bytes) => {
      parentPort?.postMessage({ type: "progress", bytes: bytes - lastReport });
      lastReport = bytes;
    },
  });
  parentPort?.postMessage({ type: "done", partial: scanner.snapshot() });
}

run(workerData as RangeTask).catch((error: unknown) => {
  parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
});
