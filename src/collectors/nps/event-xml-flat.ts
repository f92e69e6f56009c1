/**
 * The parts of an `<Event>` the NPS reader needs (event ID, SystemTime, Computer, EventData), read
 * with a few patterns instead of a full XML tree: building the tree per event was most of reading a
 * large export (issue 19). Only the plain form every export writes is read here — one System, Data
 * elements with text and an optional Name, the five XML entities and character references.
 * Anything else (CDATA, comments, nested or repeated elements, other entities) returns undefined
 * and the tree parser reads the event, so both give the same parts (a property test checks it).
 */
import { strayLessThan } from "../xml-guard.js";

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

const SYSTEM = /<System>([\s\S]*?)<\/System>/;
const EVENT_ID = /<EventID(?:\s[^<>]*)?>([^<]*)<\/EventID>/;
const TIME_CREATED = /<TimeCreated\s+SystemTime=(["'])([^"'<&]*)\1\s*\/>/;
const COMPUTER = /<Computer>([^<]*)<\/Computer>|<Computer\s*\/>/;
const EVENT_DATA = /<EventData>([\s\S]*?)<\/EventData>|<EventData\s*\/>/;
const DATA_ITEM = /\s*<Data(?:\s+Name=(["'])([^"'<&]*)\1)?\s*(?:\/>|>([^<]*)<\/Data>)/y;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const OTHER_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);)/;

/** The parts of a plain event, or undefined when the event needs the XML parser. */
export function flatEventParts(xml: string): EventXmlParts | undefined {
  if (xml.includes("<!") || xml.includes("<?") || xml.includes("\r") || OTHER_AMPERSAND.test(xml))
    return undefined;
  if (strayLessThan(xml) >= 0) return undefined; // the parser's guard says where
  if (!once(xml, "<System>") || !once(xml, "<EventID") || !once(xml, "<Computer")) return undefined;
  const times = count(xml, "<TimeCreated");
  const dataBlocks = count(xml, "<EventData");
  if (times > 1 || dataBlocks > 1) return undefined;
  try {
    return partsOf(xml, times === 1, dataBlocks === 1);
  } catch {
    return undefined; // a character reference outside Unicode: the parser decides
  }
}

function partsOf(xml: string, hasTime: boolean, hasData: boolean): EventXmlParts | undefined {
  const system = SYSTEM.exec(xml)?.[1];
  if (system === undefined) return undefined;
  const id = EVENT_ID.exec(system);
  const computer = COMPUTER.exec(system);
  if (!id || !computer) return undefined;
  let systemTime: string | undefined;
  if (hasTime) {
    const time = TIME_CREATED.exec(system);
    if (!time) return undefined;
    systemTime = decode(time[2]!);
  }
  const data: EventXmlParts["data"] = [];
  if (hasData) {
    const block = EVENT_DATA.exec(xml);
    if (!block) return undefined;
    const body = block[1] ?? "";
    DATA_ITEM.lastIndex = 0;
    let at = 0;
    let item: RegExpExecArray | null;
    while ((item = DATA_ITEM.exec(body)) !== null) {
      data.push(
        item[2] === undefined
          ? { value: decode(item[3] ?? "") }
          : { value: decode(item[3] ?? ""), name: decode(item[2]) },
      );
      at = DATA_ITEM.lastIndex;
    }
    if (body.slice(at).trim() !== "") return undefined; // something other than Data: the parser decides
  }
  return { eventId: decode(id[1]!), systemTime, computer: decode(computer[1] ?? ""), data };
}

function count(text: string, what: string): number {
  let n = 0;
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length)) n++;
  return n;
}

function once(text: string, what: string): boolean {
  return count(text, what) === 1;
}

function decode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    ENTITY,
    (_whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
      if (dec) return String.fromCodePoint(Number(dec));
      return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[name!]!;
    },
  );
}
