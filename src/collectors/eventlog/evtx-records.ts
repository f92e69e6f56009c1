/**
 * The records of one 64 KiB .evtx chunk (libyal §3.2): each starts with `**\0\0`, its size, its
 * number and a FILETIME, then its BinXML — a fragment header and a template instance whose values
 * follow. A record becomes an EvtxEvent bound to the chunk's decoded templates; nothing is rendered.
 */
import { crc32Checksum } from "@ts-evtx/core";
import zlib from "node:zlib";
import { BinXmlReader, EvtxChunk } from "./evtx-binxml.js";
import { EvtxEvent } from "./evtx-event.js";
import { TemplateValues } from "./evtx-values.js";

const RECORD_MAGIC = 0x00002a2a;
const RECORD_HEADER = 24;
const FIRST_RECORD = 0x200;
const FREE_SPACE_OFFSET = 0x30;
const DATA_CRC = 0x34;
const HEADER_CRC = 0x7c;

/** One record as the chunk holds it: readable, or damaged with the reason. */
export type ChunkRecord = { number: number; event: EvtxEvent } | { number: number; damage: string };

/** zlib's CRC32 is native (Node ≥ 20.15), many times the JavaScript one; older Node 20 falls back. */
const crc32: (data: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function"
    ? (zlib as unknown as { crc32: (data: Buffer) => number }).crc32
    : (data) => crc32Checksum(data) >>> 0;

/** True when the chunk's two CRC32s (header: bytes 0–120 and 128–512; records: up to free space) match. */
export function chunkVerifies(bytes: Buffer): boolean {
  const free = bytes.readUInt32LE(FREE_SPACE_OFFSET);
  if (free < FIRST_RECORD || free > bytes.length) return false;
  const header = crc32(Buffer.concat([bytes.subarray(0, 0x78), bytes.subarray(0x80, FIRST_RECORD)]));
  return (
    header === bytes.readUInt32LE(HEADER_CRC) &&
    crc32(bytes.subarray(FIRST_RECORD, free)) === bytes.readUInt32LE(DATA_CRC)
  );
}

/** The records of a chunk, in order, up to its free space or the first one without a signature. */
export function* chunkRecords(bytes: Buffer): Generator<ChunkRecord> {
  const chunk = new EvtxChunk(bytes);
  const end = Math.min(bytes.readUInt32LE(FREE_SPACE_OFFSET), bytes.length);
  for (let at = FIRST_RECORD; at + RECORD_HEADER <= end;) {
    if (bytes.readUInt32LE(at) !== RECORD_MAGIC) return;
    const size = bytes.readUInt32LE(at + 4);
    if (size < RECORD_HEADER + 4) return; // not a record any more
    const number = Number(bytes.readBigUInt64LE(at + 8));
    if (at + size > bytes.length) {
      yield {
        number,
        damage: "its size runs past the end of its chunk (damaged); the rest of the chunk is not read.",
      };
      return;
    }
    if (bytes.readUInt32LE(at + size - 4) !== size) {
      yield { number, damage: "damaged (its two size fields disagree); skipped." };
    } else {
      yield decodeRecord(chunk, at, size, number);
    }
    at += size;
  }
}

function decodeRecord(chunk: EvtxChunk, at: number, size: number, number: number): ChunkRecord {
  try {
    const end = at + size - 4;
    const reader = new BinXmlReader(chunk, at + RECORD_HEADER, end, 0);
    if (!reader.atTemplateInstance()) {
      return { number, event: new EvtxEvent(reader.fragment(), TemplateValues.none(chunk)) };
    }
    const { template, valuesAt } = reader.templateInstance();
    return { number, event: new EvtxEvent(template, new TemplateValues(chunk, valuesAt, end, 0)) };
  } catch (error) {
    return { number, damage: (error as Error).message };
  }
}
