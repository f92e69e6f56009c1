/**
 * Collector for IIS W3C extended logs (u_exYYMMDD.log, exYYMMDD.log; plain or .gz). Streaming and
 * aggregating: memory does not grow with the log. One scanner reads a file on the calling thread
 * (a plain file double-buffered, gzip and zip members as a stream); worker threads were measured
 * slower on two cores and removed (ADR 0013).
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import type { PartialW3c } from "./partial.js";
import { DEFAULT_CLIENT_LIMIT, W3cScanner, type ScannerOptions } from "./w3c-scanner.js";
import { StreamBrokenError, scanFileRange, scanStream } from "./read.js";
import {
  DAMAGED_COMPRESSION_ADVICE,
  describeDamagedCompression,
  isDamagedCompression,
} from "../../bundle/damaged-compression.js";
import { problemsWithRest } from "./merge.js";

const W3C_DATA_LINE =
  /^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2} (\S+ ){2,}(GET|POST|HEAD|PUT|OPTIONS|DELETE|PROPFIND|BITS_POST) \/\S* \S+ /m;
const IIS_FORMAT_LINE = /^\S+, \S+, \d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d{2}:\d{2}, W3SVC\d*, /m;
const NCSA_LINE = /^\S+ \S+ \S+ \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/m;

export function detectW3c(probe: Probe): number {
  const head = probe.head;
  if (/^#Software: Microsoft HTTP (Server )?API/im.test(head) || /^#Fields:.*\bs-reason\b/im.test(head))
    return 0;
  const fields = /^#Fields:(.*)$/im.exec(head);
  if (fields && /\b(cs-uri-stem|sc-status)\b/i.test(fields[1]!)) {
    return /^#Software: Microsoft Internet Information Services/im.test(head) ? 95 : 85;
  }
  if (W3C_DATA_LINE.test(head)) return 60;
  if (IIS_FORMAT_LINE.test(head) || NCSA_LINE.test(head)) return 50;
  return 0;
}

export async function collectW3c(
  file: EvidenceFile,
  context: CollectorContext,
): Promise<CollectorOutput<PartialW3c>> {
  if (file.size > context.limits.maxFileBytes) {
    return skipped(`larger than the ${context.limits.maxFileBytes}-byte limit`);
  }
  const head = await firstText(file);
  if (
    !/^#Fields:/im.test(head) &&
    !W3C_DATA_LINE.test(head) &&
    (IIS_FORMAT_LINE.test(head) || NCSA_LINE.test(head))
  ) {
    return skipped(
      "IIS or NCSA log format (fixed fields, local time), not W3C extended: set the WSUS site's logging to W3C in IIS Manager and collect u_ex*.log files",
    );
  }
  const options: ScannerOptions = {
    maxSamples: context.limits.maxSamples,
    clientLimit: DEFAULT_CLIENT_LIMIT,
  };
  let { partial, damage } = await scanEvidence(file, options, context);
  const keepSite = damage ? undefined : wsusSiteOfMixedLog(partial);
  if (keepSite) ({ partial, damage } = await scanEvidence(file, { ...options, keepSite }, context));
  const problems = problemsWithRest(partial);
  if (partial.keptSite) problems.push({ severity: "info", message: mixedSitesNote(partial) });
  if (damage) {
    if (partial.records === 0) {
      return {
        status: "failed",
        reason: `${damage.what} before any request line could be read: ${DAMAGED_COMPRESSION_ADVICE}`,
        records: 0,
        rejected: partial.rejected,
        problems,
      };
    }
    problems.unshift({
      severity: "error",
      message: `${damage.what} after ${formatCount(damage.bytes)} bytes of log text: the ${formatCount(partial.records)} requests before that point were read, the rest of the file was not; ${DAMAGED_COMPRESSION_ADVICE}`,
    });
  }
  if (partial.records === 0 && partial.fieldSets.length === 0) {
    return {
      status: "skipped",
      reason: "no W3C directives or request lines found",
      records: 0,
      rejected: partial.rejected,
      problems,
    };
  }
  return { status: "parsed", facts: partial, records: partial.records, rejected: partial.rejected, problems };
}

/**
 * A log of several sites (IIS central W3C logging: one file per server, s-sitename on each line):
 * the site whose lines request the WSUS virtual directories, which the file is read again for.
 * Undefined for a log of one site, or when no site of it requests them (then it is no WSUS log).
 */
function wsusSiteOfMixedLog(partial: PartialW3c): string | undefined {
  const sites = partial.sites.filter((s) => s.requests > 0);
  if (sites.length < 2) return undefined;
  const best = [...sites].sort((a, b) => b.wsusRequests - a.wsusRequests || b.requests - a.requests)[0]!;
  return best.wsusRequests > 0 ? best.name : undefined;
}

function mixedSitesNote(partial: PartialW3c): string {
  const others = partial.sites.filter((s) => s.notCounted > 0);
  const names = partial.sites.map((s) => s.name).join(", ");
  const notCounted = others.map((s) => `${formatCount(s.notCounted)} of ${s.name}`).join(", ");
  return `this log holds the lines of ${partial.sites.length} sites (s-sitename ${names}): only those of ${partial.keptSite}, the site requested at the WSUS virtual directories, are counted; the lines of the other sites are not (${notCounted})`;
}

interface Damage {
  what: string;
  /** Decompressed bytes read before the damage. */
  bytes: number;
}

/** The scan, and where a damaged .gz stopped it (what was read before stays in the partial). */
async function scanEvidence(
  file: EvidenceFile,
  options: ScannerOptions,
  context: CollectorContext,
): Promise<{ partial: PartialW3c; damage?: Damage }> {
  const scanner = new W3cScanner(options);
  try {
    return { partial: await scanInto(scanner, file, context) };
  } catch (error) {
    const cause = error instanceof StreamBrokenError ? error.cause : error;
    if (!isDamagedCompression(cause)) throw error;
    const bytes = error instanceof StreamBrokenError ? error.bytes : 0;
    return { partial: scanner.snapshot(), damage: { what: describeDamagedCompression(cause), bytes } };
  }
}

async function scanInto(
  scanner: W3cScanner,
  file: EvidenceFile,
  context: CollectorContext,
): Promise<PartialW3c> {
  const maxLineLength = context.limits.maxLineLength;
  const onProgress = context.onProgress;
  if (file.encoding === "utf-16le" || file.encoding === "utf-16be") {
    // IIS never writes UTF-16, but a log re-saved by an editor may be: decode line by line
    let bytes = 0;
    try {
      for await (const line of file.lines({ maxLineLength })) {
        const buf = Buffer.from(`${line.text}\n`, "utf8");
        scanner.scan(buf, 0, buf.length);
        bytes += buf.length * 2;
        if ((line.number & 0xfff) === 0) onProgress?.(Math.min(bytes, file.size));
      }
    } catch (error) {
      throw new StreamBrokenError(bytes, error);
    }
    onProgress?.(file.size);
    return scanner.snapshot();
  }
  const path = file.absolutePath;
  if (path) await scanFileRange(path, 0, file.size, scanner, { maxLineLength, onProgress });
  else {
    // decompressed bytes can exceed the stored size of a .gz: keep the bar within the file size
    await scanStream(file.open(), scanner, {
      maxLineLength,
      onProgress: (b) => onProgress?.(Math.min(b, file.size)),
    });
  }
  return scanner.snapshot();
}

async function firstText(file: EvidenceFile): Promise<string> {
  try {
    // returning from the loop destroys the stream
    for await (const chunk of file.open())
      return (chunk as Buffer).toString("latin1", 0, Math.min((chunk as Buffer).length, 8192));
  } catch (error) {
    // a damaged .gz: the scan that follows reports it, with what could be read
    if (!isDamagedCompression(error)) throw error;
  }
  return "";
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function skipped(reason: string): CollectorOutput<PartialW3c> {
  return { status: "skipped", reason, records: 0, rejected: 0, problems: [] };
}

export const w3cLogCollector: Collector<PartialW3c> = {
  kind: "iis-w3c-log",
  source: "iisLog",
  label: "IIS W3C extended log",
  howToCollect:
    "Copy the WSUS site's logs: %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC<siteID>\\u_ex*.log (IIS 7+) or %windir%\\system32\\LogFiles\\W3SVC<siteID>\\ex*.log (IIS 6); the site ID is in IIS Manager or HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup\\IISTargetWebsiteIndex. Run `netsh http flush logbuffer` first so recent requests are written. .gz copies are read as they are.",
  detect: detectW3c,
  collect: collectW3c,
};
