/**
 * Streams `<Event …>…</Event>` fragments out of a file whatever its layout: Event Viewer puts every
 * event on one line, wevtutil and DTS accounting logs write events back to back with no root, some
 * samples are pretty-printed. Keeps only the unfinished tail between chunks.
 */
import { XMLParser } from "fast-xml-parser";
import { XML_ENTITIES } from "../xml-guard.js";
import type { EvidenceFile } from "../../bundle/types.js";
import { createDecoder } from "../../bundle/encoding.js";

export interface XmlFragment {
  xml: string;
  /** 1-based line where the fragment starts. */
  line: number;
}

const OPEN = /<Event[\s>]/g;
const CLOSE = "</Event>";

/** Yields each Event element; a fragment larger than maxFragment is dropped and reported via onOversize. */
export async function* eventFragments(
  file: EvidenceFile,
  maxFragment: number,
  onOversize: (line: number) => void,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<XmlFragment> {
  const decoder = createDecoder(file.encoding ?? "utf-8");
  let buffer = "";
  let bufferLine = 1;
  let bytes = 0;
  const process = function* (final: boolean): Generator<XmlFragment> {
    for (;;) {
      OPEN.lastIndex = 0;
      const open = OPEN.exec(buffer);
      if (!open) {
        // Keep a short tail: "<Even" may continue in the next chunk.
        const keep = final ? 0 : Math.min(buffer.length, 8);
        bufferLine += countNewlines(buffer, 0, buffer.length - keep);
        buffer = buffer.slice(buffer.length - keep);
        return;
      }
      const close = buffer.indexOf(CLOSE, open.index);
      if (close < 0) {
        bufferLine += countNewlines(buffer, 0, open.index);
        buffer = buffer.slice(open.index);
        if (buffer.length > maxFragment) {
          onOversize(bufferLine);
          bufferLine += countNewlines(buffer, 0, buffer.length);
          buffer = "";
        }
        return;
      }
      const startLine = bufferLine + countNewlines(buffer, 0, open.index);
      const end = close + CLOSE.length;
      yield { xml: buffer.slice(open.index, end), line: startLine };
      bufferLine = startLine + countNewlines(buffer, open.index, end);
      buffer = buffer.slice(end);
    }
  };
  for await (const chunk of file.open()) {
    const data = chunk as Buffer;
    bytes += data.length;
    onProgress?.(bytes);
    buffer += decoder.decode(data, { stream: true });
    yield* process(false);
  }
  buffer += decoder.decode();
  yield* process(true);
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}

/** One parser for every NPS XML format: attributes kept, values as strings, entities decoded, no DTD. */
export const npsXmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: XML_ENTITIES,
  htmlEntities: true,
  removeNSPrefix: true,
});

/** Text of a parsed node: a string, or an object with `#text`. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (typeof node === "object" && "#text" in (node as Record<string, unknown>)) {
    return String((node as Record<string, unknown>)["#text"]);
  }
  if (typeof node === "object") return "";
  return undefined;
}
