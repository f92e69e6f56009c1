/**
 * Multi-core aggregation of one plain (uncompressed) W3C log: the file is split into byte ranges
 * at line starts, the first range is aggregated on the calling thread and each other range by a
 * worker thread, and the partials are merged in order. A range that starts inside a block without
 * a `date` field cannot know the day, so such files fall back to one serial pass.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type * as Esbuild from "esbuild";
import type { PartialW3c } from "./partial.js";
import { W3cScanner, type ScannerOptions } from "./w3c-scanner.js";
import type { RangeTask } from "./w3c-worker.js";
import { alignToLine, directivesBefore, scanFileRange } from "./read.js";
import { mergeRanges } from "./merge.js";

/** Files smaller than this are read on the calling thread: starting workers costs more. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Threads to scan with, the calling thread included: one core is left to the read-ahead (libuv's
 * thread copies the next chunk while a scanning thread aggregates the current one). On 2 vCPUs a
 * second scanning thread made the audit slower, not faster (ADR 0006).
 */
export function workerCount(): number {
  const env = Number(process.env.WSUS_AUDIT_IIS_WORKERS);
  if (Number.isInteger(env) && env > 0) return Math.min(env, 16);
  return Math.max(1, Math.min(availableParallelism() - 1, 8));
}

/**
 * Aggregate the file on `threads` threads: the calling thread (which would otherwise only wait)
 * and threads - 1 workers. Undefined when the file must be read serially.
 */
export async function scanFileParallel(
  path: string,
  size: number,
  threads: number,
  scanner: ScannerOptions,
  maxLineLength: number,
  onProgress?: (bytes: number) => void,
): Promise<PartialW3c | undefined> {
  const handle = await open(path, "r");
  const tasks: RangeTask[] = [];
  try {
    const bounds = [0];
    for (let i = 1; i < threads; i++)
      bounds.push(await alignToLine(handle, Math.floor((size * i) / threads), size));
    bounds.push(size);
    for (let i = 0; i < threads; i++) {
      const start = bounds[i]!;
      const end = bounds[i + 1]!;
      if (end <= start) continue;
      const initial = start > 0 ? await directivesBefore(handle, start) : undefined;
      // decided here, before any thread starts: the day of a dateless block depends on every line before
      if (start > 0 && new W3cScanner({ ...scanner, initial }).headerLacksDate) return undefined;
      tasks.push({ path, start, end, maxLineLength, scanner: { ...scanner, initial } });
    }
  } finally {
    await handle.close();
  }
  const [own, ...others] = tasks;
  if (!own) return mergeRanges([], scanner.maxSamples, scanner.clientLimit);
  let done = 0;
  const report = (bytes: number): void => {
    done += bytes;
    onProgress?.(done);
  };
  // workers first, so that they boot while this thread reads its own range
  const remote = others.map((task) => runWorker(task, report));
  const local = scanRangeHere(own, report);
  const parts = await Promise.all([local, ...remote]);
  if (parts.some((p) => p.needsSerial)) return undefined;
  return mergeRanges(parts, scanner.maxSamples, scanner.clientLimit);
}

async function scanRangeHere(task: RangeTask, report: (bytes: number) => void): Promise<PartialW3c> {
  const scanner = new W3cScanner(task.scanner);
  let last = 0;
  await scanFileRange(task.path, task.start, task.end, scanner, {
    maxLineLength: task.maxLineLength,
    onProgress: (bytes) => {
      report(bytes - last);
      last = bytes;
    },
  });
  return scanner.snapshot();
}

function runWorker(task: RangeTask, report: (bytes: number) => void): Promise<PartialW3c> {
  return new Promise<PartialW3c>((resolve, reject) => {
    const worker = startWorker(task);
    worker.on(
      "message",
      (message: { type: string; bytes?: number; partial?: PartialW3c; message?: string }) => {
        if (message.type === "progress") report(message.bytes ?? 0);
        else if (message.type === "done") {
          resolve(message.partial!);
          void worker.terminate();
        } else reject(new Error(message.message));
      },
    );
    worker.on("error", reject);
  });
}

function startWorker(task: RangeTask): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./w3c-worker.js", import.meta.url), { workerData: task });
  const bundled = workerBundle();
  if (bundled) return new Worker(bundled, { workerData: task });
  // Node 20 does not apply `--import tsx` to a worker's entry module: the worker registers tsx itself
  const entry = new URL("./w3c-worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: task });
}

let bundleCache: URL | null | undefined;

/**
 * Running from source (tests, bench under tsx): registering tsx in every worker costs ~0.5 s of CPU
 * (its own loader thread and compiler) and seconds of wall time on a busy machine, so the worker's
 * few modules are bundled once per process with esbuild (the compiler tsx itself uses) and started
 * from a data: URL. Null when esbuild is not there: the caller falls back to registering tsx.
 */
function workerBundle(): URL | null {
  if (bundleCache !== undefined) return bundleCache;
  bundleCache = null;
  try {
    const esbuild = requireFromHere("esbuild") as typeof Esbuild;
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL("./w3c-worker.ts", import.meta.url))],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    bundleCache = new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  } catch {
    bundleCache = null;
  }
  return bundleCache;
}

function requireFromHere(name: string): unknown {
  return createRequire(import.meta.url)(name);
}
