/**
 * The two line formats of WindowsUpdate.log (knowledge/client-logs.md §1.1, §2.2).
 * Classic (Windows XP … 8.1): `date<TAB>HH:MM:SS:mmm<TAB>PID<TAB>TID<TAB>Component<TAB>Text`, or the
 * same with the tabs turned into spaces when the lines were pasted into a document.
 * Get-WindowsUpdateLog (Windows 10+): `yyyy?MM?dd HH?mm?ss.fffffff PID TID Component Text`, padded
 * with spaces, where `?` are the separators of the culture of the machine that decoded the ETL files.
 */
import type { ClientTime } from "./facts.js";

/** A log line split into its parts; the time is kept as text until someone needs it. */
export interface WuLogLine {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM:SS.fffffff` (as many fractional digits as the format has). */
  clock: string;
  component: string;
  text: string;
}

const CLASSIC_TAB =
  /^(\d{4}-\d{2}-\d{2})\t(\d{2}:\d{2}:\d{2})(?::(\d{3}))?\t\s*\d+\t\s*[0-9a-fA-F]+\t([^\t]+)\t(.*)$/;
const CLASSIC_PASTED =
  /^(\d{4}-\d{2}-\d{2}) +(\d{2}:\d{2}:\d{2})(?::(\d{3}))? +\d+ +[0-9a-fA-F]+ +(\S+) ?(.*)$/;

/** A classic line, tab-separated or pasted with spaces; undefined when the line is not one. */
export function parseClassicLine(line: string): WuLogLine | undefined {
  const match = CLASSIC_TAB.exec(line) ?? CLASSIC_PASTED.exec(line);
  if (!match) return undefined;
  return {
    date: match[1]!,
    clock: match[3] === undefined ? match[2]! : `${match[2]!}.${match[3]}`,
    component: match[4]!.trim(),
    text: match[5]!,
  };
}

// Separators are the decoding culture's: `/` (en-US), `-`, `.` (de-DE, Server 2016 forum copy), `. ` (hu-HU).
const ETL =
  /^(\d{4})[^\d\s]{1,2} ?(\d{2})[^\d\s]{1,2} ?(\d{2})\.? (\d{2})[^\d\s](\d{2})[^\d\s](\d{2})\.(\d{7}) (\d+) +(\d+) +(\S+)/;
const COMPONENT_WIDTH = 15;

/** A Get-WindowsUpdateLog line; the text keeps its own leading spaces (only the padding is removed). */
export function parseEtlLine(line: string): WuLogLine | undefined {
  const match = ETL.exec(line);
  if (!match) return undefined;
  const component = match[10]!;
  const componentStart = match[0].length - component.length;
  const textStart = componentStart + Math.max(COMPONENT_WIDTH, component.length) + 1;
  return {
    date: `${match[1]}-${match[2]}-${match[3]}`,
    clock: `${match[4]}:${match[5]}:${match[6]}.${match[7]}`,
    component,
    text: line.length > textStart ? line.slice(textStart) : line.slice(match[0].length).trimStart(),
  };
}

const BANNER = /Logging initialized \(build: [^,)]*, tz: ([+-])(\d{2})(\d{2})\)/;

/** The offset in minutes east of UTC a classic `Logging initialized (…, tz: +0530)` banner states. */
export function bannerOffset(text: string): number | undefined {
  const match = BANNER.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * The line's moment: converted to UTC when the offset is known, else kept as local time.
 * Milliseconds are kept (the 7 fractional digits of Windows 10 logs are cut to 3).
 */
export function lineTime(line: WuLogLine, offsetMinutes: number | undefined): ClientTime {
  const clock = line.clock.length > 12 ? line.clock.slice(0, 12) : line.clock;
  const local = `${line.date}T${clock}`;
  if (offsetMinutes === undefined) return { at: local, zone: "local" };
  const ms = Date.parse(`${local}Z`) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return { at: local, zone: "local" };
  return { at: new Date(ms).toISOString(), zone: "utc" };
}
