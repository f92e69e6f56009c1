/**
 * The parts of an `<Event>` the NPS reader needs (event ID, SystemTime, Computer, EventData), read
 * without an XML tree: building the tree per event was most of reading a large export (issue 19).
 * The plain form every export writes is recognised by the event-log pattern (event-xml-plain.ts);
 * here Data items may carry a Name attribute and nothing else. Anything else returns undefined and
 * the tree parser reads the event, so both give the same parts (property tests check it).
 */
import {
  attributeText,
  plainDataItems,
  plainEvent,
  xmlText,
  type PlainEvent,
} from "../eventlog/event-xml-plain.js";

export interface EventXmlParts {
  /** Text of System/EventID ("" when empty). */
  eventId: string | undefined;
  /** System/TimeCreated/@SystemTime. */
  systemTime: string | undefined;
  /** Text of System/Computer. */
  computer: string | undefined;
  /** EventData/Data in order: the text ("" when empty) and the Name attribute. */
  data: { value: string; name?: string }[];
}

/** A plain event's raw parts and its decoded event ID (undefined: the tree must read the event). */
export interface PlainNpsEvent {
  plain: PlainEvent;
  eventId: string;
}

/** The first step: is the event plain, and which ID does it carry? Cheap enough for every event of a Security log. */
export function plainNpsEvent(xml: string): PlainNpsEvent | undefined {
  const plain = plainEvent(xml);
  if (!plain) return undefined;
  const eventId = xmlText(plain.eventId ?? "");
  return eventId === undefined ? undefined : { plain, eventId };
}

/** The second step, for an NPS event: the rest of its parts, or undefined when the tree must read it. */
export function plainNpsParts({ plain, eventId }: PlainNpsEvent): EventXmlParts | undefined {
  const systemTime = plain.systemTime === undefined ? undefined : attributeText(plain.systemTime);
  if (plain.systemTime !== undefined && systemTime === undefined) return undefined;
  const computer = plain.computerTag === undefined ? undefined : xmlText(plain.computer ?? "");
  if (plain.computerTag !== undefined && computer === undefined) return undefined;
  const data: EventXmlParts["data"] = [];
  if (plain.eventData !== undefined) {
    for (const item of plainDataItems(plain.eventData)) {
      const value = xmlText(item.text);
      if (value === undefined) return undefined;
      if (item.otherAttributes) return undefined; // the tree decides
      if (item.name === undefined) {
        data.push({ value });
        continue;
      }
      const decoded = attributeText(item.name);
      if (decoded === undefined) return undefined;
      data.push({ value, name: decoded });
    }
  }
  return { eventId, systemTime, computer, data };
}

/** The parts of a plain event, or undefined when the event needs the XML parser. */
export function flatEventParts(xml: string): EventXmlParts | undefined {
  const event = plainNpsEvent(xml);
  return event && plainNpsParts(event);
}
