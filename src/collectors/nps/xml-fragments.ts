/**
 * The XML parser the NPS readers share (accounting DTS records, events the plain-event pattern does
 * not read) and the text of one of its nodes. Events are cut out of a file by
 * ../eventlog/event-cutter.ts.
 */
import { XMLParser } from "fast-xml-parser";
import { XML_ENTITIES } from "../xml-guard.js";

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
