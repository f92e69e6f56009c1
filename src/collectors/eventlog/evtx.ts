/**
 * Native `.evtx` (Event Viewer "Save All Events As… .evtx", `wevtutil epl`). The file header is read
 * with @ts-evtx/core (ADR 0002); records are decoded from their BinXML straight into the fields the
 * collectors read, without rendering XML (ADR 0023), and give the same events as the XML exports.
 * Templates are shared only within a 64 KiB chunk, so the file is read one chunk at a time: memory
 * stays flat whatever the size (Security logs of NPS servers reach 1–4 GB).
 */
import { BinaryReader, FileHeader } from "@ts-evtx/core";
import type { Readable } from "node:stream";
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, Problem } from "../types.js";
import { EventAccumulator, badRecord } from "./accumulator.js";
import type { EvtxEvent } from "./evtx-event.js";
import { eventFromEvtx } from "./evtx-fields.js";
import { chunkRecords, chunkVerifies } from "./evtx-records.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-evtx";

const MAGIC = Buffer.from("ElfFile\0", "latin1");
const CHUNK_MAGIC = Buffer.from("ElfChnk\0", "latin1");
const CHUNK_BYTES = 0x10000;
const HEADER_BYTES = 0x1000;

/**
 * Reads a stream in blocks of an exact size (shorter only at the end). Each block is a copy of its
 * own, so a chunk's offsets cannot reach into the next one (a record with garbage inside took
 * minutes to render when the parser could read past its chunk).
 */
class BlockReader {
  private readonly pieces: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private done = false;

  constructor(stream: Readable) {
    this.pieces = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** True once the stream is exhausted and every byte was handed out. */
  get ended(): boolean {
    return this.done && this.pendingBytes === 0;
  }

  async read(size: number): Promise<Buffer> {
    while (this.pendingBytes < size && !this.done) {
      const next = await this.pieces.next();
      if (next.done) this.done = true;
      else {
        this.pending.push(next.value);
        this.pendingBytes += next.value.length;
      }
    }
    const all = Buffer.concat(this.pending, this.pendingBytes);
    const block = Buffer.from(all.subarray(0, Math.min(size, all.length)));
    const rest = all.subarray(block.length);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return block;
  }
}

function readerOf(bytes: Buffer): BinaryReader {
  return new BinaryReader(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
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
    const read = await readEvtxRecords(file, context, problems, EXPORT_HINT, (event, number) => {
      const result = eventFromEvtx(event, number);
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
 * Hands every readable record of an .evtx, decoded (fields read on demand), to onRecord (which
 * returns an error message for a record it cannot use), one 64 KiB chunk at a time. Damage is
 * counted and reported, never thrown; a file above the user's size limit or without a readable
 * header is skipped or failed, with `exportHint` (how to re-export) appended to the reason.
 */
export async function readEvtxRecords(
  file: EvidenceFile,
  context: CollectorContext,
  problems: EvtxProblemSink,
  exportHint: string,
  onRecord: (event: EvtxEvent, recordNumber: number) => string | undefined,
): Promise<EvtxReadResult> {
  const bound = context.limits.maxFileBytes;
  if (file.size > bound && !file.compression) {
    return {
      status: "skipped",
      reason: `The .evtx is ${file.size} bytes, above the ${bound}-byte bound (--max-file-size). ${exportHint}`,
    };
  }
  const stream = file.open();
  try {
    return await readChunks(new BlockReader(stream), context, problems, exportHint, onRecord);
  } finally {
    stream.destroy();
  }
}

async function readChunks(
  input: BlockReader,
  context: CollectorContext,
  problems: EvtxProblemSink,
  exportHint: string,
  onRecord: (event: EvtxEvent, recordNumber: number) => string | undefined,
): Promise<EvtxReadResult> {
  const headerBytes = await input.read(HEADER_BYTES);
  let header: FileHeader;
  try {
    header = new FileHeader(readerOf(headerBytes), 0);
  } catch (error) {
    return {
      status: "failed",
      reason: `Unreadable .evtx header: ${(error as Error).message}. ${exportHint}`,
    };
  }
  if (!header.checkMagic()) {
    return { status: "failed", reason: `Not an .evtx file (no ElfFile signature). ${exportHint}` };
  }
  if (headerBytes.length < HEADER_BYTES) {
    // The header's fields lie beyond the end: reading them would throw.
    return {
      status: "failed",
      reason: `The .evtx is cut inside its ${HEADER_BYTES}-byte file header (${headerBytes.length} bytes): no events can be read. ${exportHint}`,
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
  // Chunks start after the header block (4096 bytes in every file Windows writes).
  let bytesRead = HEADER_BYTES;
  for (let extra = Number(header.headerChunkSize()) - HEADER_BYTES; extra > 0 && !input.ended;) {
    const skipped = await input.read(Math.min(extra, CHUNK_BYTES)); // skipped a block at a time: bounded memory
    extra -= skipped.length;
    bytesRead += skipped.length;
  }
  const count = Number(header.chunkCount());
  let rejected = 0;
  for (let chunkIndex = 1; chunkIndex <= count; chunkIndex++) {
    const block = await input.read(CHUNK_BYTES);
    if (block.length < CHUNK_BYTES) break; // the file ends early: a cut last chunk is not read
    bytesRead += block.length;
    context.onProgress?.(bytesRead);
    if (!block.subarray(0, CHUNK_MAGIC.length).equals(CHUNK_MAGIC)) continue; // unused chunk slot
    if (!chunkVerifies(block)) {
      problems.add("chunk checksum", {
        severity: "warning",
        message: `Chunk ${chunkIndex} fails its checksum; its records are read anyway.`,
      });
    }
    for (const record of chunkRecords(block)) {
      const number = record.number;
      let error: string | undefined;
      if ("damage" in record) error = record.damage;
      else {
        try {
          error = onRecord(record.event, number);
        } catch (damage) {
          // a field decoded on demand ran into damage inside the record
          error = (damage as Error).message;
        }
      }
      if (error !== undefined) {
        rejected++;
        problems.add("unreadable record", badRecord(number, `Record ${number}: ${error}`));
      }
    }
  }
  return { status: "read", rejected };
}
