/**
 * Native `.evtx` (Event Viewer "Save All Events As… .evtx", `wevtutil epl`), read with @ts-evtx/core
 * (pure TypeScript, MIT; evaluation in docs/decisions/0002-evtx-parser.md). Each record is rendered
 * to its event XML and read by the same code as the XML exports, so both give the same events.
 * The format needs random access (templates are shared within a 64 KiB chunk), so the file is read
 * whole: bounded by MAX_EVTX_BYTES. An .evtx stores no message text (only the insertion strings).
 */
import { BinaryReader, ChunkHeader, FileHeader } from "@ts-evtx/core";
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, Problem } from "../types.js";
import { EventAccumulator, badRecord } from "./accumulator.js";
import { eventFromXml } from "./event-xml.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-evtx";

/** Application logs default to 20 MB; 256 MiB leaves room for enlarged logs and bounds memory. */
export const MAX_EVTX_BYTES = 256 * 1024 * 1024;

const MAGIC = Buffer.from("ElfFile\0", "latin1");
const CHUNK_BYTES = 0x10000;
const HEADER_BYTES = 0x1000;

/**
 * The file's chunks, each parsed from its own 64 KiB copy: offsets inside a chunk are chunk-relative,
 * so damaged offsets cannot send the parser through megabytes of the rest of the file (a record
 * with garbage inside took minutes to render when the parser could read past its chunk).
 */
function* confinedChunks(bytes: Buffer, header: FileHeader): Generator<ChunkHeader> {
  const count = Number(header.chunkCount());
  let offset = Number(header.headerChunkSize());
  for (let index = 0; index < count && offset + CHUNK_BYTES <= bytes.length; index++, offset += CHUNK_BYTES) {
    yield new ChunkHeader(
      new BinaryReader(Uint8Array.prototype.slice.call(bytes, offset, offset + CHUNK_BYTES)),
      0,
    );
  }
}

const EXPORT_HINT =
  "Export it as XML instead: wevtutil qe Application /q:\"*[System[Provider[@Name='Windows Server Update Services']]]\" /f:RenderedXml /e:Events > wsus-events.xml";

export const evtxCollector: Collector<EventLogFragment> = {
  kind: KIND,
  source: "eventlog",
  label: "Application log, native .evtx",
  howToCollect: "wevtutil epl Application Application.evtx (or Event Viewer → Save All Events As… → .evtx)",
  detect(probe: Probe): number {
    // 99, not 100: a Security-log .evtx of NPS events (nps-events-evtx) outranks this generic reading.
    return hasEvtxMagic(probe) ? 99 : 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<EventLogFragment>> {
    const problems = new ProblemLog(context.limits.maxSamples);
    const events = new EventAccumulator(file.path, KIND, problems);
    const read = await readEvtxRecords(file, context, problems, EXPORT_HINT, (xml, number) => {
      const result = eventFromXml(xml, number);
      if ("error" in result) return result.error;
      events.add(result.event);
      return undefined;
    });
    if (read.status !== "read") {
      return { status: read.status, reason: read.reason, records: 0, rejected: 0, problems: problems.list() };
    }
    return finish(events, read.rejected, problems, evtxCollector.label);
  },
};

export function hasEvtxMagic(probe: Probe): boolean {
  return probe.bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Where damage found while reading goes: the caller's bounded problem log. */
export interface EvtxProblemSink {
  add(kind: string, problem: Problem): void;
}

export type EvtxReadResult =
  { status: "read"; rejected: number } | { status: "skipped" | "failed"; reason: string };

/**
 * Renders every readable record of an .evtx to its event XML and hands it to onRecord (which
 * returns an error message for a record it cannot use). Damage is counted and reported, never
 * thrown; a file above the size bound or without a readable header is skipped or failed, with
 * `exportHint` (how to re-export) appended to the reason.
 */
export async function readEvtxRecords(
  file: EvidenceFile,
  context: CollectorContext,
  problems: EvtxProblemSink,
  exportHint: string,
  onRecord: (xml: string, recordNumber: number) => string | undefined,
): Promise<EvtxReadResult> {
  const bound = Math.min(MAX_EVTX_BYTES, context.limits.maxFileBytes);
  if (file.size > bound && !file.compression) {
    return {
      status: "skipped",
      reason: `The .evtx is ${file.size} bytes, above the ${bound}-byte bound for native event logs. ${exportHint}`,
    };
  }
  const bytes = await file.readBytes();
  if (bytes.length > bound) {
    return {
      status: "skipped",
      reason: `The .evtx is ${bytes.length} bytes once decompressed, above the ${bound}-byte bound. ${exportHint}`,
    };
  }
  let header: FileHeader;
  try {
    header = new FileHeader(
      new BinaryReader(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)),
      0,
    );
  } catch (error) {
    return {
      status: "failed",
      reason: `Unreadable .evtx header: ${(error as Error).message}. ${exportHint}`,
    };
  }
  if (!header.checkMagic()) {
    return { status: "failed", reason: `Not an .evtx file (no ElfFile signature). ${exportHint}` };
  }
  if (bytes.length < HEADER_BYTES) {
    // The header's fields lie beyond the end: reading them would throw.
    return {
      status: "failed",
      reason: `The .evtx is cut inside its ${HEADER_BYTES}-byte file header (${bytes.length} bytes): no events can be read. ${exportHint}`,
    };
  }
  if (!header.verify()) {
    problems.add("header", {
      severity: "warning",
      message: "The .evtx header checksum or version does not verify (file copied while open?); reading on.",
    });
  }
  if (header.isDirty()) {
    problems.add("dirty", {
      severity: "info",
      message: "The .evtx is marked dirty (copied while the log was open); the last records may be missing.",
    });
  }
  let rejected = 0;
  let chunkIndex = 0;
  for (const chunk of confinedChunks(bytes, header)) {
    chunkIndex++;
    try {
      if (!chunk.checkMagic()) continue; // unused chunk slot
      if (!chunk.verify()) {
        problems.add("chunk checksum", {
          severity: "warning",
          message: `Chunk ${chunkIndex} fails its checksum; its records are read anyway.`,
        });
      }
      for (const record of chunk.records()) {
        const number = Number(record.recordNum());
        if (!record.verify()) {
          // The size at the record's end disagrees with its header: damaged (or cut) in the copy.
          rejected++;
          problems.add(
            "unreadable record",
            badRecord(number, `Record ${number}: damaged (its two size fields disagree); skipped.`),
          );
          continue;
        }
        let xml: string;
        try {
          xml = record.renderXml();
        } catch (error) {
          rejected++;
          problems.add(
            "unreadable record",
            badRecord(number, `Record ${number}: ${(error as Error).message}`),
          );
          continue;
        }
        const error = onRecord(xml, number);
        if (error !== undefined) {
          rejected++;
          problems.add("unreadable record", badRecord(number, `Record ${number}: ${error}`, xml));
        }
      }
    } catch (error) {
      rejected++;
      problems.add("unreadable chunk", {
        severity: "warning",
        message: `Chunk ${chunkIndex} could not be read: ${(error as Error).message}`,
      });
    }
  }
  return { status: "read", rejected };
}
