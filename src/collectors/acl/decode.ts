/**
 * Decoding of ACL dumps. Besides the encodings discovery knows (UTF-16LE/BE, UTF-8, Windows-1252),
 * `icacls x > f.txt` from cmd writes the OEM code page (850 in Western Europe, 437 en-US):
 * "NT-AUTORITÄT" then holds byte 0x8E. knowledge/permissions.md §2.7: BOM → valid UTF-8 → if the
 * high bytes decode to known localized words under CP850 prefer CP850/437, else Windows-1252.
 */
import iconv from "iconv-lite";
import { detectEncoding } from "../../bundle/encoding.js";

export type AclTextEncoding = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252" | "cp850";

/** Words with non-ASCII letters that localized icacls / Get-Acl output contains. */
const LOCALIZED_MARKERS = /AUTORITÄT|AUTORITÉ|RÉSEAU|Système|traités|échec|authentifiés/g;

export function decodeAclBytes(bytes: Buffer): { text: string; encoding: AclTextEncoding } {
  const { encoding, bomLength } = detectEncoding(bytes);
  const body = bytes.subarray(bomLength);
  if (encoding === "utf-16le" || encoding === "utf-16be" || encoding === "utf-8") {
    return { text: new TextDecoder(encoding).decode(body), encoding };
  }
  // Windows-1252 or "binary": choose between the ANSI and the OEM code page by what they spell.
  const ansi = new TextDecoder("windows-1252").decode(body);
  const oem = iconv.decode(body, "cp850");
  const score = (text: string): number => (text.match(LOCALIZED_MARKERS) ?? []).length;
  if (score(oem) > score(ansi)) return { text: oem, encoding: "cp850" };
  return { text: ansi, encoding: "windows-1252" };
}

/** Splits decoded text into numbered lines (CRLF, LF or CR). */
export function textLines(text: string): { text: string; number: number }[] {
  return text.split(/\r\n|\n|\r/).map((line, index) => ({ text: line, number: index + 1 }));
}
