/**
 * Multi-core aggregation of one plain (uncompressed) W3C log: the file is split into byte ranges
 * at line starts, each range is aggregated by a worker thread, and the partials are merged in
 * order. A worker whose range starts inside a block without a `date` field cannot know the day, so
 * such files fall back to one serial pass.
 */
import { availableParallelism } from "node:os";
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { PartialW3c } from "./partial.js";
import type { ScannerOptions } from "./w3c-scanner.js";
import type { RangeTask } from "./w3c-worker.js";
import { alignToLine, directivesBefore } from "./read.js";
import { mergeRanges } from "./merge.js";

/** Files smaller than this are read on the calling thread: starting workers costs more. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

export function workerCount(): number {
  const env = Number(process.env.WSUS_AUDIT_IIS_WORKERS);
  if (Number.isInteger(env) && env > 0) return Math.min(env, 16);
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export async function scanFileParallel(
  path: string,
  size: number,
  workers: number,
  scanner: ScannerOptions,
  maxLineLength: number,
  onProgress?: (bytes: number) => void,
): Promise<PartialW3c | undefined> {
  const handle = await open(path, "r");
  const tasks: RangeTask[] = [];
  try {
    const bounds = [0];
    for (let i = 1; i < workers; i++)
      bounds.push(await alignToLine(handle, Math.floor((size * i) / workers), size));
    bounds.push(size);
    for (let i = 0; i < workers; i++) {
      const start = bounds[i]!;
      const end = bounds[i + 1]!;
      if (end <= start) continue;
      const initial = start > 0 ? await directivesBefore(handle, start) : undefined;
      tasks.push({ path, start, end, maxLineLength, scanner: { ...scanner, initial } });
    }
  } finally {
    await handle.close();
  }
  let done = 0;
  const parts = await Promise.all(
    tasks.map(
      (task) =>
        new Promise<PartialW3c>((resolve, reject) => {
          const worker = startWorker(task);
          worker.on(
            "message",
            (message: { type: string; bytes?: number; partial?: PartialW3c; message?: string }) => {
              if (message.type === "progress") {
                done += message.bytes ?? 0;
                onProgress?.(done);
              } else if (message.type === "done") {
                resolve(message.partial!);
                void worker.terminate();
              } else reject(new Error(message.message));
            },
          );
          worker.on("error", reject);
        }),
    ),
  );
  if (parts.some((p) => p.needsSerial)) return undefined;
  return mergeRanges(parts, scanner.maxSamples, scanner.clientLimit);
}

function startWorker(task: RangeTask): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./w3c-worker.js", import.meta.url), { workerData: task });
  // Running from source (tests, bench under tsx): Node 20 does not apply `--import tsx` to a worker's
  // entry module, so the worker registers tsx itself before importing the TypeScript entry.
  const entry = new URL("./w3c-worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: task });
}
