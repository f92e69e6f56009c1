/**
 * Batch progress on stderr: a bar on a terminal, one plain line per bundle otherwise (CI logs),
 * nothing with --quiet. stdout is left to the summary.
 */
import cliProgress from "cli-progress";
import type { BatchProgress } from "../../pipeline/batch.js";

export interface BatchProgressView {
  start(total: number): void;
  update(progress: BatchProgress): void;
  stop(): void;
}

export function batchProgress(
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): BatchProgressView {
  if (quiet) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  if (!stream.isTTY) {
    return {
      start: (total) => stream.write(`auditing ${total} bundle(s)\n`),
      update: ({ done, total, entry }) =>
        stream.write(`[${done}/${total}] ${entry.name}: ${describe(entry)}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: "{bar} {value}/{total} bundles | {eta_formatted} left | {last}",
      stream,
      hideCursor: true,
      etaBuffer: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { last: "" }),
    update: ({ done, entry }) => bar.update(done, { last: `${entry.name}: ${describe(entry)}`.slice(0, 60) }),
    stop: () => bar.stop(),
  };
}

function describe(entry: BatchProgress["entry"]): string {
  if (entry.status === "failed") return `not audited (${entry.reason ?? "unknown reason"})`;
  const counts = Object.entries(entry.findings)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  return `${entry.verdict?.status ?? "?"}${counts.length ? ` (${counts.join(", ")})` : ""}`;
}
