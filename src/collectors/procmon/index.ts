/** The Process Monitor evidence source: CSV exports parsed, native PML captures recognised and explained. */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, EvidenceSource } from "../types.js";
import { largeReads } from "../large-reads.js";
import { isByteEncoding } from "./byte-lines.js";
import { detectDelimiter, parseProcmonCsv, procmonCsvScore } from "./csv.js";
import type { ProcmonDeniedGroup, ProcmonFacts, ProcmonFragment, ProcmonOtherFailure } from "./facts.js";

const HOW_TO_EXPORT =
  'In Process Monitor: File > Save… > "Comma-Separated Values (CSV)" (all events, or the events shown by the guide\'s filter Result contains DENIED / Path contains CERTIFICATE excluded), or on the command line: procmon.exe /OpenLog capture.pml /SaveAs capture.csv';

export const procmonCsvCollector: Collector<ProcmonFragment> = {
  kind: "procmon-csv",
  source: "procmon",
  label: "Process Monitor CSV export",
  howToCollect: HOW_TO_EXPORT,
  detect: (probe: Probe) => (probe.head ? procmonCsvScore(probe.head) : 0),
  collect: async (
    file: EvidenceFile,
    context: CollectorContext,
  ): Promise<CollectorOutput<ProcmonFragment>> => {
    let header = "";
    for await (const line of file.lines({ maxLineLength: context.limits.maxLineLength })) {
      header = line.text;
      break;
    }
    const encoding = file.encoding ?? "utf-8";
    // bytes for the encodings read from bytes (byte-lines.ts), a stream for the decoding stream
    const result = await parseProcmonCsv(isByteEncoding(encoding) ? largeReads(file) : file.open(), {
      file: file.path,
      encoding,
      delimiter: detectDelimiter(header),
      onProgress: context.onProgress,
    }).catch((error: Error) => ({
      unusable: `The CSV could not be read: ${error.message}`,
      records: 0,
      rejected: 0,
      problems: [],
    }));
    if (!("fragment" in result) || !result.fragment) {
      return {
        status: "skipped",
        reason: result.unusable ?? "No events.",
        records: result.records,
        rejected: result.rejected,
        problems: result.problems,
      };
    }
    return {
      status: "parsed",
      facts: result.fragment,
      records: result.records,
      rejected: result.rejected,
      problems: result.problems,
    };
  },
};

/** The native log: header `PML_`, uint32 version, uint32 is-64-bit, UTF-16LE computer name (knowledge/procmon.md §2). */
export function describePml(
  bytes: Buffer,
): { version: number; is64bit: boolean; computer: string } | undefined {
  if (bytes.length < 16 || bytes.toString("latin1", 0, 4) !== "PML_") return undefined;
  const nameBytes = bytes.subarray(12, Math.min(bytes.length, 12 + 0x20));
  const computer = nameBytes.toString("utf16le").split("\u0000")[0] ?? "";
  return { version: bytes.readUInt32LE(4), is64bit: bytes.readUInt32LE(8) !== 0, computer };
}

/** The first bytes of a file without reading the rest (PML captures can be gigabytes). */
async function readHead(file: EvidenceFile, length: number): Promise<Buffer> {
  const stream = file.open();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

export const procmonPmlCollector: Collector<ProcmonFragment> = {
  kind: "procmon-pml",
  status: "recognised",
  source: "procmon",
  label: "Process Monitor native log (PML)",
  howToCollect: HOW_TO_EXPORT,
  detect: (probe: Probe) => (describePml(probe.bytes) ? 99 : 0),
  collect: async (file: EvidenceFile): Promise<CollectorOutput<ProcmonFragment>> => {
    const head = await readHead(file, 64);
    const pml = describePml(head);
    const what = pml
      ? `Process Monitor native log (PML version ${pml.version}, ${pml.is64bit ? "64" : "32"}-bit, computer ${pml.computer || "unknown"})`
      : "Process Monitor native log";
    return {
      status: "skipped",
      reason: `${what}: wsus-audit reads CSV exports only. ${HOW_TO_EXPORT}, and add the CSV to the bundle.`,
      records: 0,
      rejected: 0,
      problems: [],
    };
  },
};

function sumCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const count of counts) for (const [name, n] of Object.entries(count)) sum[name] = (sum[name] ?? 0) + n;
  return sum;
}

export function mergeProcmon(fragments: readonly { file: string; facts: ProcmonFragment }[]): ProcmonFacts {
  const denied: ProcmonDeniedGroup[] = fragments.flatMap((fragment) => fragment.facts.denied);
  const others = new Map<string, ProcmonOtherFailure>();
  for (const other of fragments.flatMap((fragment) => fragment.facts.otherFailures)) {
    const key = `${other.result}\u0000${other.process.toLowerCase()}`;
    const existing = others.get(key);
    if (existing) existing.count += other.count;
    else others.set(key, { ...other });
  }
  const captures = fragments.map((fragment) => fragment.facts.capture);
  return {
    captures,
    events: captures.reduce((sum, capture) => sum + capture.events, 0),
    deniedEvents: captures.reduce((sum, capture) => sum + capture.denied, 0),
    wsusProcessEvents: sumCounts(captures.map((capture) => capture.wsusProcessEvents)),
    denied,
    deniedEventsUngrouped: fragments.reduce((sum, fragment) => sum + fragment.facts.deniedEventsUngrouped, 0),
    otherFailures: [...others.values()],
  };
}

export const procmonSource: EvidenceSource<ProcmonFragment, ProcmonFacts> = {
  name: "procmon",
  collectors: [procmonCsvCollector, procmonPmlCollector],
  merge: (fragments) => mergeProcmon(fragments),
};
