/**
 * One `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>` element → ParsedEvent.
 * Knowledge/event-log.md §3: time from TimeCreated/@SystemTime (UTC), level numeric, message only in
 * RenderingInfo (Event Viewer / RenderedXml exports), WSUS matched on Provider/@Name or
 * @EventSourceName. The plain form every export writes is read by one pattern (event-xml-plain.ts);
 * any other event by fast-xml-parser's tree, the reference both are held to (issue 19).
 */
import { XMLParser } from "fast-xml-parser";
import { assertNoStrayLessThan, XML_ENTITIES } from "../xml-guard.js";
import { isWsusSource } from "../../knowledge/wsus-events.js";
import type { ParsedEvent } from "./accumulator.js";
import { normaliseUtc } from "./dates.js";
import { attributeText, plainDataItems, plainEvent, xmlText } from "./event-xml-plain.js";
import { levelFromNumber, levelFromText } from "./levels.js";

/** The texts of an event the reader uses, as the XML holds them (undefined: the element or attribute is absent). */
export interface EventXmlParts {
  providerName?: string;
  eventSourceName?: string;
  eventId?: string;
  level?: string;
  systemTime?: string;
  record?: string;
  computer?: string;
  channel?: string;
  renderedLevel?: string;
  message?: string;
  /** Text of each EventData/Data, untrimmed. */
  data: string[];
}

export type EventXmlResult = { event: ParsedEvent } | { error: string };

/** Whose EventData a caller keeps, by the event's source: the accumulator keeps WSUS events' only. */
export type DataWanted = (source: string) => boolean;

const ALL_DATA: DataWanted = () => true;

/**
 * One event; its data only when `dataWanted(source)` (a plain event of another source is read
 * without decoding its Data items: most events of an Application log are not WSUS's).
 */
export function eventFromXml(xml: string, line: number, dataWanted: DataWanted = ALL_DATA): EventXmlResult {
  const parts = plainEventParts(xml, dataWanted) ?? treeEventParts(xml);
  return "error" in parts ? parts : eventFromParts(parts, line);
}

/** The source an event is counted under: a WSUS EventSourceName wins over the provider's name. */
function sourceOf(providerName: string | undefined, eventSourceName: string | undefined): string {
  return eventSourceName && isWsusSource(eventSourceName) ? eventSourceName : (providerName ?? "");
}

const DIGITS = /^\d+$/;

export function eventFromParts(parts: EventXmlParts, line: number): EventXmlResult {
  const idText = (parts.eventId ?? "").trim();
  if (!DIGITS.test(idText)) return { error: `EventID "${idText}" is not a number.` };
  const levelText = (parts.level ?? "").trim();
  const renderedLevel = parts.renderedLevel;
  const utcTime = normaliseUtc(parts.systemTime);
  const recordText = (parts.record ?? "").trim();
  const computer = (parts.computer ?? "").trim();
  const channel = (parts.channel ?? "").trim();
  const parsed: ParsedEvent = {
    source: sourceOf(parts.providerName, parts.eventSourceName),
    eventId: Number(idText),
    level: DIGITS.test(levelText) ? levelFromNumber(Number(levelText)) : levelFromText(renderedLevel),
    line,
  };
  if (renderedLevel) parsed.levelText = renderedLevel;
  if (utcTime) parsed.utcTime = utcTime;
  if (parts.message !== undefined) parsed.message = parts.message.replace(/\r\n?/g, "\n").trim();
  if (parts.data.length > 0) parsed.data = parts.data.map((item) => item.trim());
  if (computer) parsed.computer = computer;
  if (channel) parsed.channel = channel;
  if (DIGITS.test(recordText)) parsed.record = Number(recordText);
  return { event: parsed };
}

/** The parts of a plain event (event-xml-plain.ts), or undefined when the tree must read it. */
export function plainEventParts(xml: string, dataWanted: DataWanted = ALL_DATA): EventXmlParts | undefined {
  const plain = plainEvent(xml);
  if (!plain) return undefined;
  const providerName = attributeValue(plain.providerName);
  const eventSourceName = attributeValue(plain.eventSourceName);
  if (providerName === UNSURE || eventSourceName === UNSURE) return undefined;
  const data: string[] = [];
  if (plain.eventData !== undefined && dataWanted(sourceOf(providerName, eventSourceName))) {
    for (const item of plainDataItems(plain.eventData)) {
      const text = xmlText(item.text);
      if (text === undefined) return undefined;
      data.push(text);
    }
  }
  // each text as the tree gives it: "" for an empty element, undefined for an absent one
  const eventId = elementText(plain.eventIdTag, plain.eventId);
  const level = elementText(plain.levelTag, plain.level);
  const record = elementText(plain.recordTag, plain.record);
  const computer = elementText(plain.computerTag, plain.computer);
  const channel = elementText(plain.channelTag, plain.channel);
  const message = elementText(plain.messageTag, plain.message);
  const renderedLevel = elementText(plain.renderedLevelTag, plain.renderedLevel);
  const systemTime = attributeValue(plain.systemTime);
  if (
    eventId === UNSURE ||
    level === UNSURE ||
    record === UNSURE ||
    computer === UNSURE ||
    channel === UNSURE ||
    message === UNSURE ||
    renderedLevel === UNSURE ||
    systemTime === UNSURE
  ) {
    return undefined;
  }
  const parts: EventXmlParts = { data };
  if (providerName !== undefined) parts.providerName = providerName;
  if (eventSourceName !== undefined) parts.eventSourceName = eventSourceName;
  if (eventId !== undefined) parts.eventId = eventId;
  if (level !== undefined) parts.level = level;
  if (systemTime !== undefined) parts.systemTime = systemTime;
  if (record !== undefined) parts.record = record;
  if (computer !== undefined) parts.computer = computer;
  if (channel !== undefined) parts.channel = channel;
  if (renderedLevel !== undefined) parts.renderedLevel = renderedLevel;
  if (message !== undefined) parts.message = message;
  return parts;
}

/** A text the parser decodes differently from xmlText: the event goes to the tree. */
const UNSURE = Symbol("unsure");

function elementText(tag: string | undefined, raw: string | undefined): string | undefined | typeof UNSURE {
  if (tag === undefined) return undefined;
  return xmlText(raw ?? "") ?? UNSURE;
}

function attributeValue(quoted: string | undefined): string | undefined | typeof UNSURE {
  if (quoted === undefined) return undefined;
  return attributeText(quoted) ?? UNSURE;
}

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

/** The parts of any event, from fast-xml-parser's tree; an error when it is not XML or has no System. */
export function treeEventParts(xml: string): EventXmlParts | { error: string } {
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
  const rendering = child(event, "RenderingInfo");
  const dataNodes = child(child(event, "EventData"), "Data");
  const parts: EventXmlParts = {
    data: Array.isArray(dataNodes) ? dataNodes.map((node) => text(node) ?? "") : [],
  };
  const values: [keyof Omit<EventXmlParts, "data">, string | undefined][] = [
    ["providerName", attribute(provider, "Name")],
    ["eventSourceName", attribute(provider, "EventSourceName")],
    ["eventId", text(child(system, "EventID"))],
    ["level", text(child(system, "Level"))],
    ["systemTime", attribute(child(system, "TimeCreated"), "SystemTime")],
    ["record", text(child(system, "EventRecordID"))],
    ["computer", text(child(system, "Computer"))],
    ["channel", text(child(system, "Channel"))],
    ["renderedLevel", text(child(rendering, "Level"))],
    ["message", text(child(rendering, "Message"))],
  ];
  for (const [key, value] of values) if (value !== undefined) parts[key] = value;
  return parts;
}
