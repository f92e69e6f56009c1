/**
 * The PDF's document properties (what a viewer shows under File > Properties and what a document
 * system indexes): title, author, subject and keywords, and the tool as creator instead of the
 * headless browser's user agent. Written as an incremental update of the Info dictionary that
 * Chromium (Skia) prints one entry per line; a file in any other shape is returned unchanged.
 */
import { appendUpdate, readTrailer } from "./incremental-update.js";

export interface DocumentInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
}

/** A PDF text string: UTF-16BE with its byte-order mark, in hex, so that any character survives. */
export function pdfTextString(text: string): string {
  let hex = "FEFF";
  for (let i = 0; i < text.length; i += 1)
    hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
  return `<${hex}>`;
}

/** One PDF value as Skia writes Info entries: a hex or literal string, a name, a number, a reference. */
const SINGLE_VALUE = /^(?:<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\)|\/\S+|[-+]?[\d.]+|\d+ \d+ R|true|false)$/;

const KEYS: readonly (keyof DocumentInfo)[] = ["title", "author", "subject", "keywords", "creator"];
const pdfKey = (key: keyof DocumentInfo): string => key[0]!.toUpperCase() + key.slice(1);

export function setDocumentInfo(pdf: Buffer, info: DocumentInfo): Buffer {
  const text = pdf.toString("latin1");
  const trailer = readTrailer(text);
  const infoId = trailer ? /\/Info\s+(\d+)\s+0\s+R/.exec(trailer.dict)?.[1] : undefined;
  if (!trailer || infoId === undefined) return pdf;
  const object = new RegExp(`(?:^|\\n)${infoId} 0 obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(text);
  if (!object) return pdf;
  const entries = new Map<string, string>();
  for (const line of (object[1] ?? "").split("\n")) {
    const entry = /^\/(\w+)\s+(.*)$/.exec(line.trim());
    // Not one entry per line: leave the file as printed rather than guess.
    if (!entry || !SINGLE_VALUE.test(entry[2]!)) return pdf;
    entries.set(entry[1]!, entry[2]!);
  }
  for (const key of KEYS) {
    const value = info[key]?.trim();
    if (value) entries.set(pdfKey(key), pdfTextString(value));
  }
  const dict = `<<${[...entries].map(([key, value]) => `/${key} ${value}`).join("\n")}>>`;
  return appendUpdate(pdf, [{ id: Number(infoId), dict }], trailer);
}
