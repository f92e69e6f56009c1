/**
 * EvidenceFile implementation over any byte source: a plain file, a gzip file, a zip entry.
 * The encoding is decided once from the first bytes; text helpers decode with it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { createDecoder, detectEncoding } from "./encoding.js";
import { headPastPrelude, rootElementAt } from "./xml-prelude.js";
import type { EvidenceFile, Probe, TextEncoding, TextLine } from "./types.js";

export const PROBE_BYTES = 64 * 1024;

/** Where the bytes of one file come from. */
export interface ByteSource {
  path: string;
  size: number;
  absolutePath?: string;
  /** The stored bytes (still compressed for .gz). */
  openRaw(): Readable;
}

/** `location` is raw bytes when the file's name is not UTF-8 (then it has no absolutePath). */
export async function openEvidenceFile(
  location: string | Buffer,
  relativePath?: string,
): Promise<EvidenceFile> {
  const info = await stat(location);
  return evidenceFileFrom({
    path: relativePath ?? basename(location.toString()),
    size: info.size,
    ...(typeof location === "string" ? { absolutePath: location } : {}),
    openRaw: () => createReadStream(location),
  });
}

export async function evidenceFileFrom(source: ByteSource): Promise<EvidenceFile> {
  const rawHead = await readHead(source.openRaw(), 4);
  const gzipped = rawHead.length >= 2 && rawHead[0] === 0x1f && rawHead[1] === 0x8b;
  const open = (): Readable => {
    const raw = source.openRaw();
    if (!gzipped) return raw;
    const gunzip = createGunzip();
    raw.on("error", (error) => gunzip.destroy(error));
    return raw.pipe(gunzip);
  };
  // A damaged .gz still shows its first bytes: the kind is recognised, and its reader says what is wrong.
  const head = await readHead(open(), PROBE_BYTES, { keepOnError: true });
  const { encoding, bomLength } = detectEncoding(head);
  return new SourceEvidenceFile(source, open, head, encoding, bomLength > 0, gzipped);
}

/** How far into an XML document its root element is looked for, past a long prelude. */
export const XML_PRELUDE_BYTES = 8 * 1024 * 1024;

export async function makeProbe(file: EvidenceFile): Promise<Probe> {
  const bytes =
    file instanceof SourceEvidenceFile ? file.headBytes : await readHead(file.open(), PROBE_BYTES);
  let head = file.encoding ? decodeWhole(bytes, file.encoding) : "";
  // XML whose comments or DOCTYPE fill the whole probe: the root element (what tells kinds apart) is further on
  if (file.encoding && bytes.length >= PROBE_BYTES && rootElementAt(head) === "incomplete") {
    const longer = decodeWhole(
      await readHead(file.open(), XML_PRELUDE_BYTES, { keepOnError: true }),
      file.encoding,
    );
    head = headPastPrelude(longer, head.length) ?? head;
  }
  return { path: file.path, bytes, head, encoding: file.encoding, size: file.size };
}

/**
 * The same file with every read of its content passed through `wrap` (a byte limit, say); the probe
 * bytes already read are kept. Only for files this module made.
 */
export function wrapReads(file: EvidenceFile, wrap: (content: Readable) => Readable): EvidenceFile {
  if (!(file instanceof SourceEvidenceFile))
    throw new TypeError(`${file.path}: not an evidence file of the bundle`);
  return new SourceEvidenceFile(
    file.source,
    () => wrap(file.open()),
    file.headBytes,
    file.encoding,
    file.hasBom,
    file.compression === "gzip",
  );
}

class SourceEvidenceFile implements EvidenceFile {
  readonly path: string;
  readonly absolutePath?: string;
  readonly size: number;
  readonly compression?: "gzip";

  constructor(
    readonly source: ByteSource,
    private readonly openBytes: () => Readable,
    readonly headBytes: Buffer,
    readonly encoding: TextEncoding | undefined,
    readonly hasBom: boolean,
    gzipped: boolean,
  ) {
    this.path = source.path;
    this.size = source.size;
    if (gzipped) this.compression = "gzip";
    else if (source.absolutePath) this.absolutePath = source.absolutePath;
  }

  open(): Readable {
    return this.openBytes();
  }

  async readBytes(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.open()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async readText(): Promise<string> {
    return decodeWhole(await this.readBytes(), this.encoding ?? "utf-8");
  }

  lines(options: { maxLineLength?: number } = {}): AsyncIterable<TextLine> {
    return splitLines(this.open(), this.encoding ?? "utf-8", options.maxLineLength ?? 1024 * 1024);
  }

  lineBatches(options: { maxLineLength?: number } = {}): AsyncIterable<TextLine[]> {
    return splitLineBatches(this.open(), this.encoding ?? "utf-8", options.maxLineLength ?? 1024 * 1024);
  }
}

function decodeWhole(bytes: Buffer, encoding: TextEncoding): string {
  // TextDecoder drops a leading BOM of its own encoding (ignoreBOM: false).
  return createDecoder(encoding).decode(bytes);
}

async function readHead(stream: Readable, limit: number, { keepOnError = false } = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      length += buffer.length;
      if (length >= limit) break;
    }
  } catch (error) {
    if (!keepOnError) throw error;
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/**
 * Decoded lines from a byte stream. Keeps only the unfinished tail between chunks; a line longer
 * than maxLineLength is emitted cut and flagged, the rest of it is dropped up to the next break.
 */
export async function* splitLines(
  stream: Readable,
  encoding: TextEncoding,
  maxLineLength: number,
): AsyncGenerator<TextLine> {
  for await (const batch of splitLineBatches(stream, encoding, maxLineLength)) yield* batch;
}

/**
 * splitLines() a chunk's lines at a time: a reader of millions of short lines (NPS) spent more in
 * the await per line than in reading the line.
 */
export async function* splitLineBatches(
  stream: Readable,
  encoding: TextEncoding,
  maxLineLength: number,
): AsyncGenerator<TextLine[]> {
  const decoder = createDecoder(encoding);
  let pending = "";
  let number = 0;
  let skippingRest = false;
  const breaks = /\r\n|\n|\r/g;

  const flush = (text: string, final: boolean): TextLine[] => {
    const batch: TextLine[] = [];
    pending += text;
    breaks.lastIndex = 0;
    let start = 0;
    let match: RegExpExecArray | null;
    while ((match = breaks.exec(pending)) !== null) {
      // A lone CR at the very end may be the first half of CRLF split across chunks.
      if (!final && match[0] === "\r" && match.index === pending.length - 1) break;
      const line = pending.slice(start, match.index);
      start = match.index + match[0].length;
      if (skippingRest) {
        // The remainder of a line already emitted cut: same line number, dropped.
        skippingRest = false;
        continue;
      }
      number++;
      if (line.length > maxLineLength)
        batch.push({ text: line.slice(0, maxLineLength), number, truncated: true });
      else batch.push({ text: line, number });
    }
    pending = pending.slice(start);
    // a CR at the very end was kept back (it may be the first half of a CRLF): it is no part of the line
    const heldCr = !final && pending.endsWith("\r");
    if (!skippingRest && pending.length - (heldCr ? 1 : 0) > maxLineLength) {
      number++;
      batch.push({ text: pending.slice(0, maxLineLength), number, truncated: true });
      skippingRest = true;
    }
    // skipping the rest of a cut line: up to the break, which the held CR may already be
    if (skippingRest) pending = heldCr ? "\r" : "";
    return batch;
  };

  for await (const chunk of stream) {
    const batch = flush(decoder.decode(chunk as Buffer, { stream: true }), false);
    if (batch.length > 0) yield batch;
  }
  const last = flush(decoder.decode(), true);
  if (pending.length > 0 && !skippingRest) {
    number++;
    last.push({ text: pending, number });
  }
  if (last.length > 0) yield last;
}

/** For tests and tools: an EvidenceFile over bytes in memory. */
export function evidenceFileFromBytes(path: string, bytes: Buffer): Promise<EvidenceFile> {
  return evidenceFileFrom({ path, size: bytes.length, openRaw: () => Readable.from([bytes]) });
}
