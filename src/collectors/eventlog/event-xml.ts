/**
 * One `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>` element → ParsedEvent.
 * Shared by the XML exports and the .evtx reader (which renders each record to this XML), so both
 * give the same events. Knowledge/event-log.md §3: time from TimeCreated/@SystemTime (UTC), level
 * numeric, message only in RenderingInfo (Event Viewer / RenderedXml exports), WSUS matched on
 * Provider/@Name or @EventSourceName.
 */
import { XMLParser } from "fast-xml-parser";
import { assertNoStrayLessThan, XML_ENTITIES } from "../xml-guard.js";
import { isWsusSource } from "../../knowledge/wsus-events.js";
import type { ParsedEvent } from "./accumulator.js";
import { normaliseUtc } from "./dates.js";
import { levelFromNumber, levelFromText } from "./levels.js";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: XML_ENTITIES,
  htmlEntities: true,
  trimValues: false,
  isArray: (name) => name === "Data",
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === "object" ? (node as Node)[name] : undefined;
}

/** Text content of an element that may carry attributes. */
function text(node: unknown): string | undefined {
  if (typeof node === "string") return node;
  if (typeof node === "number") return String(node);
  const inner = child(node, "#text");
  if (typeof inner === "string" || typeof inner === "number") return String(inner);
  return node === undefined ? undefined : "";
}

function attribute(node: unknown, name: string): string | undefined {
  const value = child(node, `@_${name}`);
  return typeof value === "string" ? value : undefined;
}

export type EventXmlResult = { event: ParsedEvent } | { error: string };

export function eventFromXml(xml: string, line: number): EventXmlResult {
  let document: unknown;
  try {
    assertNoStrayLessThan(xml);
    document = parser.parse(xml);
  } catch (error) {
    return { error: `Malformed event XML: ${(error as Error).message}` };
  }
  const event = child(document, "Event");
  const system = child(event, "System");
  if (!system) return { error: "Event without a System element." };
  const provider = child(system, "Provider");
  const name = attribute(provider, "Name") ?? "";
  const sourceName = attribute(provider, "EventSourceName");
  const idText = (text(child(system, "EventID")) ?? "").trim();
  if (!/^\d+$/.test(idText)) return { error: `EventID "${idText}" is not a number.` };
  const levelText = (text(child(system, "Level")) ?? "").trim();
  const rendering = child(event, "RenderingInfo");
  const renderedLevel = text(child(rendering, "Level"));
  const message = text(child(rendering, "Message"));
  const utcTime = normaliseUtc(attribute(child(system, "TimeCreated"), "SystemTime"));
  const recordText = (text(child(system, "EventRecordID")) ?? "").trim();
  const computer = (text(child(system, "Computer")) ?? "").trim();
  const channel = (text(child(system, "Channel")) ?? "").trim();
  const dataNodes = child(child(event, "EventData"), "Data");
  const data = Array.isArray(dataNodes) ? dataNodes.map((node) => (text(node) ?? "").trim()) : [];
  const parsed: ParsedEvent = {
    source: sourceName && isWsusSource(sourceName) ? sourceName : name,
    eventId: Number(idText),
    level: /^\d+$/.test(levelText) ? levelFromNumber(Number(levelText)) : levelFromText(renderedLevel),
    line,
  };
  if (renderedLevel) parsed.levelText = renderedLevel;
  if (utcTime) parsed.utcTime = utcTime;
  if (message !== undefined) parsed.message = message.replace(/\r\n?/g, "\n").trim();
  if (data.length > 0) parsed.data = data;
  if (computer) parsed.computer = computer;
  if (channel) parsed.channel = channel;
  if (/^\d+$/.test(recordText)) parsed.record = Number(recordText);
  return { event: parsed };
}
