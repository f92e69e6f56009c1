/**
 * The output of the bundle stage: one EvidenceFile per file found in a bundle.
 * Collectors read evidence only through this interface, so a file may come from a folder,
 * a gzip member or a zip entry without any collector knowing.
 */
import type { Readable } from "node:stream";

export type TextEncoding = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

export interface EvidenceFile {
  /** Path relative to the bundle root, with forward slashes: what the report shows. */
  readonly path: string;
  /** Absolute path on disk when the file is a plain file (not inside a zip, not gzipped). */
  readonly absolutePath?: string;
  /** Size in bytes as stored (compressed size for .gz). */
  readonly size: number;
  /** Set when the file is gzip-compressed; open() and the text helpers decompress. */
  readonly compression?: "gzip";
  /** Text encoding decided from the bytes (BOM first, then content); undefined for binary files. */
  readonly encoding?: TextEncoding;
  /** Whether the file starts with a byte-order mark. */
  readonly hasBom: boolean;
  /** Raw bytes, decompressed, including any BOM. */
  open(): Readable;
  /** Whole content as bytes, decompressed. Only for files known to be small. */
  readBytes(): Promise<Buffer>;
  /** Whole content decoded to a string, BOM removed. Only for files known to be small. */
  readText(): Promise<string>;
  /**
   * Decoded lines, streaming, with 1-based line numbers; CRLF, LF and CR accepted.
   * Lines longer than `maxLineLength` characters are cut and flagged `truncated`.
   */
  lines(options?: { maxLineLength?: number }): AsyncIterable<TextLine>;
  /** The same lines, a read chunk's worth at a time (no await per line: for readers of millions of lines). */
  lineBatches(options?: { maxLineLength?: number }): AsyncIterable<TextLine[]>;
}

export interface TextLine {
  readonly text: string;
  readonly number: number;
  readonly truncated?: boolean;
}

/** What discovery knows about a file before any collector reads it: used to decide its kind. */
export interface Probe {
  /** Path relative to the bundle root. */
  readonly path: string;
  /** First bytes (up to 64 KiB), decompressed, BOM included. */
  readonly bytes: Buffer;
  /** The same bytes decoded with the detected encoding, BOM removed ("" for binary). */
  readonly head: string;
  readonly encoding?: TextEncoding;
  readonly size: number;
}

/** bundle.json: optional metadata describing the site. Evidence beats the manifest. */
export interface BundleManifest {
  customer?: string;
  site?: string;
  consultant?: string;
  collected?: string;
  notes?: string;
  wsus?: {
    server?: string;
    port?: number;
    ssl?: boolean;
    contentDir?: string;
  };
  [key: string]: unknown;
}
