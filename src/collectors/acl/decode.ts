/**
 * Decoding of ACL dumps. Besides the encodings discovery knows (UTF-16LE/BE, UTF-8, Windows-1252),
 * `icacls x > f.txt` from cmd writes the OEM code page (850 in Western Europe, 437 en-US):
 * "NT-AUTORITÄT" then holds byte 0x8E. knowledge/permissions.md §2.7: BOM → valid UTF-8 → if the
 * high bytes decode to known localized words under CP850 prefer CP850/437, else Windows-1252.
 */
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { detectEncoding } from "../../bundle/encoding.js";
import { splitLineBatches } from "../../bundle/evidence-file.js";
import type { EvidenceFile, TextLine } from "../../bundle/types.js";

export type AclTextEncoding = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252" | "cp850";

/** Words with non-ASCII letters that localized icacls / Get-Acl output contains. */
const LOCALIZED_MARKERS = /AUTORITÄT|AUTORITÉ|RÉSEAU|Système|traités|échec|authentifiés/g;

export function decodeAclBytes(bytes: Buffer): { text: string; encoding: AclTextEncoding } {
  const { encoding, bomLength } = detectEncoding(bytes);
  const body = bytes.subarray(bomLength);
  if (encoding === "utf-16le" || encoding === "utf-16be" || encoding === "utf-8") {
    return { text: new TextDecoder(encoding).decode(body), encoding };
  }
  const eightBit = eightBitEncoding(body);
  return {
    text: eightBit === "cp850" ? iconv.decode(body, "cp850") : new TextDecoder("windows-1252").decode(body),
    encoding: eightBit,
  };
}

/** Windows-1252 or "binary": the ANSI or the OEM code page, by what the bytes spell in each. */
function eightBitEncoding(bytes: Buffer): "windows-1252" | "cp850" {
  const score = (text: string): number => (text.match(LOCALIZED_MARKERS) ?? []).length;
  const ansi = new TextDecoder("windows-1252").decode(bytes);
  return score(iconv.decode(bytes, "cp850")) > score(ansi) ? "cp850" : "windows-1252";
}

/** How far into an 8-bit dump the code page is decided (localized account names repeat in every block). */
const CODE_PAGE_SAMPLE_BYTES = 1024 * 1024;

/**
 * A dump's lines as they are read, a chunk's worth at a time, and the encoding they were decoded
 * with: a recursive icacls of a content store is hundreds of megabytes (ADR 0024). UTF-16 and UTF-8
 * as discovery found them; an 8-bit file with the code page its first megabyte spells best.
 */
export async function streamAclLines(
  file: EvidenceFile,
  maxLineLength: number,
): Promise<{ batches: AsyncIterable<TextLine[]>; encoding: AclTextEncoding }> {
  const unicode = file.encoding === "utf-16le" || file.encoding === "utf-16be" || file.encoding === "utf-8";
  if (unicode) return { batches: file.lineBatches({ maxLineLength }), encoding: file.encoding! };
  const encoding = eightBitEncoding(await readStart(file, CODE_PAGE_SAMPLE_BYTES));
  if (encoding === "windows-1252" && file.encoding === "windows-1252")
    return { batches: file.lineBatches({ maxLineLength }), encoding };
  // OEM code page (or bytes discovery called binary): to UTF-8 for the shared line splitter
  const utf8 = Readable.from(transcode(file.open(), encoding));
  return { batches: splitLineBatches(utf8, "utf-8", maxLineLength), encoding };
}

async function* transcode(bytes: Readable, encoding: "windows-1252" | "cp850"): AsyncGenerator<Buffer> {
  // single-byte code pages: every chunk decodes on its own
  for await (const chunk of bytes) yield Buffer.from(iconv.decode(chunk as Buffer, encoding), "utf8");
}

async function readStart(file: EvidenceFile, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = file.open();
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= limit) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** Splits decoded text into numbered lines (CRLF, LF or CR). */
export function textLines(text: string): { text: string; number: number }[] {
  return text.split(/\r\n|\n|\r/).map((line, index) => ({ text: line, number: index + 1 }));
}
