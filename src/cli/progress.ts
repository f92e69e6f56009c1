/**
 * Progress for long collections (gigabytes of IIS logs): a bar on a terminal, nothing otherwise,
 * always on stderr so stdout stays clean for --json.
 */
import cliProgress from "cli-progress";
import type { CollectProgress } from "../pipeline/collect-facts.js";

const SHOW_AFTER_BYTES = 64 * 1024 * 1024;

export function terminalProgress(enabled: boolean): {
  onProgress?: (p: CollectProgress) => void;
  stop(): void;
} {
  if (!enabled || !process.stderr.isTTY) return { stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let current = "";
  let started = 0;
  return {
    onProgress(progress) {
      if (progress.fileSize < SHOW_AFTER_BYTES) return;
      if (progress.file !== current) {
        bar?.stop();
        current = progress.file;
        started = Date.now();
        bar = new cliProgress.SingleBar(
          {
            format: `{file} [{bar}] {percentage}% | {mb} MB | {rate} MB/s`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.fileSize, 0, { file: progress.file, mb: "0", rate: "0" });
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar?.update(Math.min(progress.bytesRead, progress.fileSize), {
        file: progress.file,
        mb: (progress.bytesRead / 1e6).toFixed(0),
        rate: (progress.bytesRead / 1e6 / seconds).toFixed(0),
      });
    },
    stop: () => bar?.stop(),
  };
}
