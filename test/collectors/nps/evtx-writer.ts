/**
 * Writes a Security-log .evtx of NPS events 6272/6273 (and other audit events) in the layout Windows
 * writes (libyal's EVTX format document): a 4 KiB file header, 64 KiB chunks with both CRC32s, one
 * template per chunk written inline in its first record (names inline where first used, with their
 * hashes), each record a template instance with typed values (UInt16 ID, FILETIME, UInt64 record ID,
 * SIDs, UTF-16 strings). No real NPS .evtx is public; `evtxexport` reads these files as Windows' own.
 * Used by the NPS .evtx tests and bench/evtx-security.bench.ts (1–4 GB Security logs).
 */
import { crc32 } from "node:zlib";
import { NPS_EVENT_FIELDS } from "../../../src/collectors/nps/event-fields.js";

const CHUNK = 0x10000;
const HEADER = 0x1000;
const TEMPLATE_GUID = Buffer.from("5b9a6f0c2d3e4f50a1b2c3d4e5f60718", "hex");
const FILETIME_EPOCH_MS = 11_644_473_600_000n;

export interface NpsEvtxEvent {
  eventId: number;
  /** ms since 1970 */
  time: number;
  computer: string;
  /** Values %1 … %24 in NPS_EVENT_FIELDS order; %1 and %5 are written as SIDs. */
  fields: string[];
}

class ChunkWriter {
  readonly buf = Buffer.alloc(CHUNK);
  pos = 0x200;
  lastRecordAt = 0x200;
  u8(v: number): void {
    this.buf.writeUInt8(v, this.pos++);
  }
  u16(v: number): void {
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }
  u32(v: number): void {
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }
  u64(v: bigint): void {
    this.buf.writeBigUInt64LE(v, this.pos);
    this.pos += 8;
  }
  chars(text: string): void {
    this.pos += this.buf.write(text, this.pos, "utf16le");
  }
  /** A name written inline: its offset is the next position. */
  name(text: string): void {
    this.u32(this.pos + 4);
    this.u32(0); // next string offset
    let hash = 0;
    for (const c of text) hash = (Math.imul(hash, 65599) + c.charCodeAt(0)) >>> 0;
    this.u16(hash & 0xffff);
    this.u16(text.length);
    this.chars(text);
    this.u16(0);
  }
  element(name: string, attributes: [string, () => void][], content?: () => void): void {
    this.u8(attributes.length > 0 ? 0x41 : 0x01);
    this.u16(0xffff); // dependency identifier: none
    const sizeAt = this.pos;
    this.u32(0);
    this.name(name);
    if (attributes.length > 0) {
      const listAt = this.pos;
      this.u32(0);
      attributes.forEach(([attribute, value], index) => {
        this.u8(index < attributes.length - 1 ? 0x46 : 0x06);
        this.name(attribute);
        value();
      });
      this.buf.writeUInt32LE(this.pos - listAt - 4, listAt);
    }
    if (content) {
      this.u8(0x02);
      content();
      this.u8(0x04);
    } else this.u8(0x03);
    this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
  }
  text(value: string): void {
    this.u8(0x05);
    this.u8(0x01);
    this.u16(value.length);
    this.chars(value);
  }
  sub(index: number, type: number): void {
    this.u8(0x0d);
    this.u16(index);
    this.u8(type);
  }
}

const SID_FIELDS = new Set([0, 4]);

function writeTemplate(w: ChunkWriter): void {
  w.u32(0); // next template
  TEMPLATE_GUID.copy(w.buf, w.pos);
  w.pos += 16;
  const sizeAt = w.pos;
  w.u32(0);
  const start = w.pos;
  w.u32(0x0001010f); // fragment header 0f 01 01 00
  w.element(
    "Event",
    [["xmlns", () => w.text("http://schemas.microsoft.com/win/2004/08/events/event")]],
    () => {
      w.element("System", [], () => {
        w.element("Provider", [
          ["Name", () => w.text("Microsoft-Windows-Security-Auditing")],
          ["Guid", () => w.text("{54849625-5478-4994-A5BA-3E3B0328C30D}")],
        ]);
        w.element("EventID", [], () => w.sub(0, 0x06));
        w.element("Level", [], () => w.sub(1, 0x04));
        w.element("TimeCreated", [["SystemTime", () => w.sub(2, 0x11)]]);
        w.element("EventRecordID", [], () => w.sub(3, 0x0a));
        w.element("Channel", [], () => w.text("Security"));
        w.element("Computer", [], () => w.sub(4, 0x01));
      });
      w.element("EventData", [], () => {
        NPS_EVENT_FIELDS.slice(0, 24).forEach((field, index) =>
          w.element("Data", [["Name", () => w.text(field)]], () =>
            w.sub(5 + index, SID_FIELDS.has(index) ? 0x13 : 0x01),
          ),
        );
      });
    },
  );
  w.u8(0x00); // end of stream
  w.buf.writeUInt32LE(w.pos - start, sizeAt);
}

function sidBytes(text: string): Buffer {
  const parts = text.split("-").slice(1).map(Number);
  const [revision, authority, ...subs] = parts as [number, number, ...number[]];
  const bytes = Buffer.alloc(8 + subs.length * 4);
  bytes.writeUInt8(revision, 0);
  bytes.writeUInt8(subs.length, 1);
  bytes.writeUIntBE(authority, 2, 6);
  subs.forEach((sub, i) => bytes.writeUInt32LE(sub, 8 + i * 4));
  return bytes;
}

function valuesOf(event: NpsEvtxEvent, recordId: bigint): [Buffer, number][] {
  const u16 = Buffer.alloc(2);
  u16.writeUInt16LE(event.eventId);
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE((BigInt(event.time) + FILETIME_EPOCH_MS) * 10_000n);
  const id = Buffer.alloc(8);
  id.writeBigUInt64LE(recordId);
  const values: [Buffer, number][] = [
    [u16, 0x06],
    [Buffer.from([0]), 0x04],
    [time, 0x11],
    [id, 0x0a],
    [Buffer.from(event.computer, "utf16le"), 0x01],
  ];
  for (let i = 0; i < 24; i++) {
    const value = event.fields[i] ?? "-";
    values.push(
      SID_FIELDS.has(i) && value.startsWith("S-")
        ? [sidBytes(value), 0x13]
        : [Buffer.from(value, "utf16le"), 0x01],
    );
  }
  return values;
}

/** Writes one record at w.pos; false (nothing written) when it does not fit the chunk. */
function writeRecord(w: ChunkWriter, event: NpsEvtxEvent, recordId: bigint, templateAt: number): boolean {
  const start = w.pos;
  const values = valuesOf(event, recordId);
  const room = CHUNK - start;
  const estimate =
    24 +
    4 +
    10 +
    (templateAt === 0 ? 6000 : 0) +
    4 +
    values.length * 4 +
    values.reduce((n, [b]) => n + b.length, 0) +
    8;
  if (estimate > room) return false;
  w.lastRecordAt = start;
  w.u32(0x2a2a);
  w.u32(0); // size, patched
  w.u64(recordId);
  w.buf.writeBigUInt64LE((BigInt(event.time) + FILETIME_EPOCH_MS) * 10_000n, w.pos);
  w.pos += 8;
  w.u32(0x0001010f);
  w.u8(0x0c);
  w.u8(0x01);
  w.u32(TEMPLATE_GUID.readUInt32LE(0));
  const definition = templateAt === 0 ? w.pos + 4 : templateAt;
  w.u32(definition);
  if (templateAt === 0) writeTemplate(w);
  w.u32(values.length);
  for (const [bytes, type] of values) {
    w.u16(bytes.length);
    w.u8(type);
    w.u8(0);
  }
  for (const [bytes] of values) {
    bytes.copy(w.buf, w.pos);
    w.pos += bytes.length;
  }
  w.u8(0x00); // end of stream
  while ((w.pos + 4 - start) % 8 !== 0) w.u8(0);
  w.u32(w.pos + 4 - start);
  w.buf.writeUInt32LE(w.pos - start, start + 4);
  return true;
}

/** The template's offset in its chunk (after the record header, fragment header and instance). */
const TEMPLATE_AT = 0x200 + 24 + 4 + 10;

/** Writes the events as a whole .evtx (chunks filled in order). */
export function* npsEvtxChunks(events: Iterable<NpsEvtxEvent>): Generator<Buffer> {
  let recordId = 1n;
  let w = new ChunkWriter();
  let first = recordId;
  const close = (): Buffer => {
    const buf = w.buf;
    buf.write("ElfChnk\0", 0, "latin1");
    const last = recordId - 1n;
    buf.writeBigUInt64LE(first, 8);
    buf.writeBigUInt64LE(last, 16);
    buf.writeBigUInt64LE(first, 24);
    buf.writeBigUInt64LE(last, 32);
    buf.writeUInt32LE(128, 40);
    buf.writeUInt32LE(w.lastRecordAt, 44);
    buf.writeUInt32LE(w.pos, 48);
    buf.writeUInt32LE(crc32(buf.subarray(0x200, w.pos)), 52);
    buf.writeUInt32LE(crc32(Buffer.concat([buf.subarray(0, 0x78), buf.subarray(0x80, 0x200)])), 124);
    return buf;
  };
  for (const event of events) {
    const templateAt = w.pos === 0x200 ? 0 : TEMPLATE_AT;
    if (!writeRecord(w, event, recordId, templateAt)) {
      yield close();
      w = new ChunkWriter();
      first = recordId;
      writeRecord(w, event, recordId, 0);
    }
    recordId++;
  }
  if (w.pos > 0x200) yield close();
}

/** The 4 KiB file header for `chunks` chunks holding records 1 … nextRecord - 1. */
export function evtxFileHeader(chunks: number, nextRecord: bigint): Buffer {
  const h = Buffer.alloc(HEADER);
  h.write("ElfFile\0", 0, "latin1");
  h.writeBigUInt64LE(0n, 8);
  h.writeBigUInt64LE(BigInt(Math.max(0, chunks - 1)), 16);
  h.writeBigUInt64LE(nextRecord, 24);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(HEADER, 40);
  h.writeUInt16LE(chunks, 42);
  h.writeUInt32LE(0, 120);
  h.writeUInt32LE(crc32(h.subarray(0, 120)), 124);
  return h;
}

/** A whole small .evtx in memory. */
export function npsEvtxFile(events: NpsEvtxEvent[]): Buffer {
  const chunks = [...npsEvtxChunks(events)];
  return Buffer.concat([evtxFileHeader(chunks.length, BigInt(events.length + 1)), ...chunks]);
}

/** Event `n` of a busy NPS server: mostly grants, some denials, and other audit events between. */
export function npsEvent(n: number, clients = 10_000): NpsEvtxEvent {
  const machine = `PC-${String(n % clients).padStart(5, "0")}`;
  const eventId = n % 10 === 9 ? 4624 : n % 7 === 3 ? 6273 : 6272;
  const fields = [
    "S-1-5-21-3623811015-3361044348-30300820-" + String(1000 + (n % clients)),
    `CONTOSO\\${machine}$`,
    "CONTOSO",
    `contoso.com/Computers/${machine}`,
    "S-1-0-0",
    "-",
    "-",
    "6.1.7601 7601 Service Pack 1",
    "-",
    "-",
    "10.0.0.1",
    "-",
    "-",
    "-",
    "-",
    "DHCP server",
    "10.0.0.1",
    "NAP DHCP",
    eventId === 6273 ? "-" : "NAP DHCP Compliant",
    "Windows",
    "NPS01.contoso.com",
    "MS-CHAPv2",
    "-",
    "-",
  ];
  return { eventId, time: Date.UTC(2026, 10, 17, 9, 0, 0) + n * 1000, computer: "NPS01.contoso.com", fields };
}
