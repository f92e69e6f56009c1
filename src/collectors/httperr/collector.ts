/**
 * Collector for HTTP.sys error logs (%SystemRoot%\System32\LogFiles\HTTPERR\httperrN.log).
 * Parsed by `#Fields` when present (one block per HTTP service start), else by the fixed order of
 * KB 820729. HTTP.sys rolls them at 1 MB by default, but a changed ErrorLogFileTruncateSize or a
 * concatenation gives hundreds of MB: lines are streamed and counted by tally.ts.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import type { HttpErrFragment } from "./fragment.js";
import { HttpErrTally } from "./tally.js";
import { readLineRanges } from "./lines-in-place.js";
import { largeReads } from "../large-reads.js";

export type { HttpErrClient, HttpErrFragment } from "./fragment.js";
export { HTTPERR_CLIENT_LIMIT } from "./tally.js";

export function detectHttpErr(probe: Probe): number {
  const head = probe.head;
  if (/^#Software: Microsoft HTTP (Server )?API/im.test(head)) return 95;
  if (/^#Fields:.*\bs-reason\b/im.test(head)) return 95;
  if (
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ \d+ \S+ \d+ \S+ \S+ \S+ (\d{3}|-) \S+ (Timer_\w+|AppOffline|QueueFull|Connection_\w+|BadRequest|AppPoolTimer|Disabled|N\/A)\b/m.test(
      head,
    )
  ) {
    return 70;
  }
  return 0;
}

export async function collectHttpErr(
  file: EvidenceFile,
  context: CollectorContext,
): Promise<CollectorOutput<HttpErrFragment>> {
  const tally = new HttpErrTally(context.limits.maxSamples);
  // lines read in place in each decoded read, one await per read of 256 KiB
  await readLineRanges(largeReads(file), file.encoding ?? "utf-8", context.limits.maxLineLength, tally);
  context.onProgress?.(file.size);
  const facts = tally.fragment();
  const { problems, rejected } = tally;
  if (facts.entries === 0) {
    return { status: "skipped", reason: "no HTTP.sys error entries found", records: 0, rejected, problems };
  }
  return { status: "parsed", facts, records: facts.entries, rejected, problems };
}

export const httpErrCollector: Collector<HttpErrFragment> = {
  kind: "httperr-log",
  source: "httpErr",
  label: "HTTP.sys error log (HTTPERR)",
  howToCollect:
    "Copy %SystemRoot%\\System32\\LogFiles\\HTTPERR\\httperr*.log (or the folder in HKLM\\System\\CurrentControlSet\\Services\\HTTP\\Parameters\\ErrorLoggingDir) covering the same days as the IIS logs.",
  detect: detectHttpErr,
  collect: collectHttpErr,
};
