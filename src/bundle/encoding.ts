/**
 * Decide a file's text encoding from its bytes, the way Windows exports really are:
 * most PowerShell and MMC exports are UTF-16LE with a BOM whatever their XML declaration
 * says; cmd redirections are ANSI; newer tools write UTF-8 with or without a BOM.
 */
import type { TextEncoding } from "./types.js";

export interface EncodingGuess {
  /** undefined: binary (not text in any encoding we read). */
  encoding?: TextEncoding;
  bomLength: number;
}

export function detectEncoding(head: Buffer): EncodingGuess {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: "utf-8", bomLength: 3 };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bomLength: 2 };
  const sample = head.subarray(0, 4096);
  const utf16 = guessUtf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (looksBinary(sample)) return { bomLength: 0 };
  return { encoding: isValidUtf8(sample) ? "utf-8" : "windows-1252", bomLength: 0 };
}

/** UTF-16 text of mostly ASCII characters has a zero in every other byte. */
function guessUtf16WithoutBom(sample: Buffer): TextEncoding | undefined {
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 4) return undefined;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) zeroEven++;
    if (sample[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd > pairs * 0.6 && zeroEven < pairs * 0.05) return "utf-16le";
  if (zeroEven > pairs * 0.6 && zeroOdd < pairs * 0.05) return "utf-16be";
  return undefined;
}

function looksBinary(sample: Buffer): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > sample.length * 0.1;
}

/** Strict UTF-8 validation; a sequence cut at the end of the sample is accepted. */
export function isValidUtf8(bytes: Buffer): boolean {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    let continuation = 0;
    if (byte < 0x80) {
      i++;
      continue;
    } else if (byte >= 0xc2 && byte <= 0xdf) continuation = 1;
    else if (byte >= 0xe0 && byte <= 0xef) continuation = 2;
    else if (byte >= 0xf0 && byte <= 0xf4) continuation = 3;
    else return false;
    for (let k = 1; k <= continuation; k++) {
      if (i + k >= bytes.length) return true;
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return false;
    }
    i += continuation + 1;
  }
  return true;
}

/** A streaming decoder for one of our encodings; handles characters split across chunks. */
export function createDecoder(encoding: TextEncoding): TextDecoder {
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
}
