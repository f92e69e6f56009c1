/**
 * Collectors for WindowsUpdate.log: the classic file of Windows XP … 8.1 / Server 2003 … 2012 R2, and the
 * text `Get-WindowsUpdateLog` writes on Windows 10/11 / Server 2016+. Both stream line batches (a
 * Windows 10 log of a few hundred MB is normal) and keep only what the story needs: memory stays flat.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, Problem } from "../types.js";
import { computerFromDnsName, computerFromPath } from "./computer-name.js";
import type { ClientEvidenceKind, ClientFragment } from "./facts.js";
import { parseClassicLine, parseEtlLine, type WuLogLine } from "./wu-log-lines.js";
import { WuLogStory } from "./wu-log-story.js";

const MAX_PROBLEM_SAMPLES = 5;
/** Above this share of unreadable lines, a Get-WindowsUpdateLog text was decoded on an incompatible machine. */
const GARBLED_SHARE = 0.5;

function countMatches(head: string, parse: (line: string) => WuLogLine | undefined): number {
  let matches = 0;
  for (const line of head.split(/\r\n|\n|\r/, 200)) if (parse(line)) matches++;
  return matches;
}

async function readWuLog(
  file: EvidenceFile,
  context: CollectorContext,
  kind: ClientEvidenceKind,
  parse: (line: string) => WuLogLine | undefined,
): Promise<CollectorOutput<ClientFragment>> {
  const story = new WuLogStory(file.path);
  const problems: Problem[] = [];
  let rejected = 0;
  let lines = 0;
  for await (const batch of file.lineBatches({ maxLineLength: context.limits.maxLineLength })) {
    for (const { text, number } of batch) {
      lines = number;
      if (text.length === 0) continue;
      const line = parse(text);
      if (line) {
        story.add(line, number);
        continue;
      }
      rejected++;
      if (rejected <= MAX_PROBLEM_SAMPLES)
        problems.push({
          line: number,
          severity: "warning",
          message: "not a WindowsUpdate.log line (date, time, process, thread, component, text)",
          sample: text.slice(0, 120),
        });
    }
  }
  context.onProgress?.(file.size);
  if (rejected > MAX_PROBLEM_SAMPLES)
    problems.push({
      severity: "info",
      message: `${rejected - MAX_PROBLEM_SAMPLES} more unreadable lines not listed.`,
    });
  if (story.records === 0) {
    const reason =
      kind === "wu-log-etl"
        ? "no Windows Update log line could be read: run Get-WindowsUpdateLog again on the client (or on a machine of the same Windows version) and add its output"
        : "no WindowsUpdate.log line could be read";
    return { status: "failed", reason, records: 0, rejected, problems };
  }
  if (kind === "wu-log-etl" && rejected / (rejected + story.records) > GARBLED_SHARE)
    problems.push({
      severity: "warning",
      message: `${rejected} of ${lines} lines have no component name: the ETL files were probably decoded on an incompatible machine (Windows 10 1709+ logs must be decoded on 1709 or later). Run Get-WindowsUpdateLog on the client itself.`,
    });
  const fragment = story.result(kind);
  const fromLog = story.computerName ? computerFromDnsName(story.computerName) : undefined;
  const fromPath = computerFromPath(file.path);
  const computer = fromLog
    ? { name: fromLog, from: "log" as const }
    : fromPath
      ? { name: fromPath, from: "path" as const }
      : undefined;
  return {
    status: "parsed",
    facts: { ...fragment, ...(computer ? { computer } : {}) },
    records: story.records,
    rejected,
    problems,
  };
}

export const classicWuLogCollector: Collector<ClientFragment> = {
  kind: "wu-log-classic",
  source: "client",
  label: "WindowsUpdate.log (Windows 7 / 8.1 / Server 2008 R2 / 2012 R2)",
  howToCollect:
    "On the client: copy %windir%\\WindowsUpdate.log to the bundle, in a folder named after the computer (clients\\%COMPUTERNAME%\\WindowsUpdate.log).",
  detect(probe: Probe) {
    const matches = countMatches(probe.head, parseClassicLine);
    if (matches === 0) return 0;
    if (/^\d{4}-\d{2}-\d{2}\t/m.test(probe.head)) return matches >= 2 ? 90 : 60;
    // Pasted copies (tabs turned into spaces) carry component names the format documents.
    return /\b(Agent|AU|Report|Misc|PT|Service|DnldMgr|COMAPI|WS|IdleTmr)\b/.test(probe.head) ? 70 : 0;
  },
  collect: (file, context) => readWuLog(file, context, "wu-log-classic", parseClassicLine),
};

export const etlWuLogCollector: Collector<ClientFragment> = {
  kind: "wu-log-etl",
  source: "client",
  label: "WindowsUpdate.log from Get-WindowsUpdateLog (Windows 10/11 / Server 2016+)",
  howToCollect:
    "On the client (PowerShell): Get-WindowsUpdateLog -LogPath C:\\Temp\\$env:COMPUTERNAME\\WindowsUpdate.log, then put that folder in the bundle's clients folder.",
  detect(probe: Probe) {
    const matches = countMatches(probe.head, parseEtlLine);
    return matches >= 2 ? 90 : matches === 1 ? 60 : 0;
  },
  collect: (file, context) => readWuLog(file, context, "wu-log-etl", parseEtlLine),
};
