/**
 * The plain form of one Windows event in XML — the form Event Viewer ("Save As… XML"), wevtutil
 * (/f:xml, /f:RenderedXml) and PowerShell's ToXml() write — recognised by one anchored pattern
 * instead of an XML tree per event (issue 19: the tree was ~90 % of reading a large export).
 *
 * Plain means: System with its children in the event schema's order (Provider and EventID present,
 * each child at most once, text or empty), then EventData (Data items, an optional Binary) or
 * UserData (balanced elements), then RenderingInfo (Message, Level, Task, Opcode, Channel, Provider,
 * Keywords) — no comment, CDATA, processing instruction, stray '<' or other element anywhere.
 * On such an event fast-xml-parser builds exactly the tree this pattern describes, so the captured
 * texts are what the tree holds. Anything else answers undefined and the reader asks the parser,
 * whose answer stays the reference (test/collectors/eventlog/event-xml-plain.test.ts and
 * test/collectors/nps/event-xml-flat.test.ts hold both readers to it).
 */

/** Whitespace inside a tag and between elements (`\r` included: the parser turns `\r\n` into `\n`). */
const W = "[ \\t\\r\\n]";
const SPACE = `${W}*`;
const NAME = "[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?";
/** An attribute value with its quotes; '<' never appears in a well-formed one. */
const QUOTED = `(?:'[^'<]*'|"[^"<]*")`;
const ATTRIBUTES = `(?:${W}+${NAME}${SPACE}=${SPACE}${QUOTED})*${SPACE}`;
const TEXT = "[^<]*";

/** An element no reader uses: any attributes, empty or text only. */
const skipped = (name: string): string => `<${name}${ATTRIBUTES}(?:/>|>${TEXT}</${name}${SPACE}>)`;

/** An element whose text a reader uses: its start tag in `<group>Tag` (present), its raw text in `<group>`. */
const read = (name: string, group: string): string =>
  `(?<${group}Tag><${name}${ATTRIBUTES})(?:/>|>(?<${group}>${TEXT})</${name}${SPACE}>)`;

const optional = (element: string): string => `(?:${element}${SPACE})?`;

/** `<name a='…' b='…'/>` with only the listed attributes, in this order, each at most once. */
function withAttributes(name: string, attributes: [attribute: string, group: string | undefined][]): string {
  const list = attributes
    .map(([attribute, group]) => {
      const value = group === undefined ? QUOTED : `(?<${group}>${QUOTED})`;
      return `(?:${W}+${attribute}${SPACE}=${SPACE}${value})?`;
    })
    .join("");
  return `<${name}${list}${SPACE}(?:/>|>${TEXT}</${name}${SPACE}>)`;
}

const SYSTEM = [
  `<System${ATTRIBUTES}>${SPACE}`,
  withAttributes("Provider", [
    ["Name", "providerName"],
    ["Guid", undefined],
    ["EventSourceName", "eventSourceName"],
  ]),
  SPACE,
  read("EventID", "eventId"),
  SPACE,
  optional(skipped("Version")),
  optional(read("Level", "level")),
  optional(skipped("Task")),
  optional(skipped("Opcode")),
  optional(skipped("Keywords")),
  optional(`(?<timeCreatedTag>${withAttributes("TimeCreated", [["SystemTime", "systemTime"]])})`),
  optional(read("EventRecordID", "record")),
  optional(skipped("Correlation")),
  optional(skipped("Execution")),
  optional(read("Channel", "channel")),
  optional(read("Computer", "computer")),
  optional(skipped("Security")),
  `</System${SPACE}>`,
].join("");

const DATA = `<Data${ATTRIBUTES}(?:/>|>${TEXT}</Data${SPACE}>)`;
const EVENT_DATA =
  `(?<eventDataTag><EventData${ATTRIBUTES})(?:/>|>(?<eventData>(?:${SPACE}${DATA})*${SPACE}` +
  `(?:${skipped("Binary")}${SPACE})?)</EventData${SPACE}>)`;
/** UserData's content is checked apart (balancedElements): a pattern cannot match nesting. */
const USER_DATA = `<UserData${ATTRIBUTES}(?:/>|>(?<userData>[^]*?)</UserData${SPACE}>)`;

const KEYWORDS = `<Keywords${ATTRIBUTES}(?:/>|>(?:${SPACE}${skipped("Keyword")})*${SPACE}</Keywords${SPACE}>)`;
const RENDERING_INFO = [
  `<RenderingInfo${ATTRIBUTES}(?:/>|>${SPACE}`,
  optional(read("Message", "message")),
  optional(read("Level", "renderedLevel")),
  optional(skipped("Task")),
  optional(skipped("Opcode")),
  optional(skipped("Channel")),
  optional(skipped("Provider")),
  optional(KEYWORDS),
  `</RenderingInfo${SPACE}>)`,
].join("");

const PLAIN_EVENT = new RegExp(
  `^<Event${ATTRIBUTES}>${SPACE}${SYSTEM}${SPACE}` +
    `(?:(?:${EVENT_DATA}|${USER_DATA})${SPACE})?(?:${RENDERING_INFO}${SPACE})?</Event${SPACE}>$`,
);

/**
 * The raw parts of a plain event, as written (entities not decoded; attribute values with their
 * quotes). A `…Tag` part is set when its element is present (its text part is then "" or more).
 */
export interface PlainEvent {
  providerName?: string;
  eventSourceName?: string;
  eventIdTag?: string;
  eventId?: string;
  levelTag?: string;
  level?: string;
  timeCreatedTag?: string;
  systemTime?: string;
  recordTag?: string;
  record?: string;
  channelTag?: string;
  channel?: string;
  computerTag?: string;
  computer?: string;
  eventDataTag?: string;
  /** EventData's content: Data items, then an optional Binary. */
  eventData?: string;
  messageTag?: string;
  message?: string;
  renderedLevelTag?: string;
  renderedLevel?: string;
}

/** Events larger than this go to the parser: the pattern is for the ordinary few kilobytes. */
const MAX_PLAIN_CHARS = 256 * 1024;

/** The raw parts of `xml` (one `<Event>…</Event>`) when it is a plain event, else undefined. */
export function plainEvent(xml: string): PlainEvent | undefined {
  if (xml.length > MAX_PLAIN_CHARS) return undefined;
  const match = PLAIN_EVENT.exec(xml);
  if (!match) return undefined;
  const groups = match.groups as PlainEvent & { userData?: string };
  if (groups.userData !== undefined && !balancedElements(groups.userData)) return undefined;
  return groups;
}

/**
 * One Data item of EventData: its raw text ("" when empty), its Name attribute when that comes
 * first (raw, with quotes), and whether it has other attributes.
 */
export interface PlainDataItem {
  text: string;
  name?: string;
  otherAttributes: boolean;
}

// numbered groups: named ones cost a groups object per item (issue 19: Data items are most matches)
const DATA_ITEM = new RegExp(
  `${SPACE}<Data(?:${W}+Name${SPACE}=${SPACE}(${QUOTED}))?(${ATTRIBUTES})(?:/>|>(${TEXT})</Data${SPACE}>)`,
  "y",
);

/** The Data items of a plain event's EventData content, in order. */
export function plainDataItems(eventData: string): PlainDataItem[] {
  const items: PlainDataItem[] = [];
  DATA_ITEM.lastIndex = 0;
  for (let match = DATA_ITEM.exec(eventData); match; match = DATA_ITEM.exec(eventData)) {
    const [, name, rest, text] = match;
    const item: PlainDataItem = { text: text ?? "", otherAttributes: rest !== "" && rest!.trim() !== "" };
    if (name !== undefined) item.name = name;
    items.push(item);
  }
  return items;
}

const TAG_OR_TEXT = new RegExp(`[^<]+|<(?<close>/)?(?<name>${NAME})${ATTRIBUTES}(?<empty>/)?>`, "y");
/** Names the parser refuses as JavaScript property names (it throws on them). */
const REFUSED_NAMES = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 50;

function refusedName(name: string): boolean {
  return REFUSED_NAMES.has(name) || REFUSED_NAMES.has(name.slice(name.indexOf(":") + 1));
}

/**
 * Whether `content` is text and elements that close in the order they open (no comment, CDATA or
 * processing instruction): then the parser's tree nests as written and what follows UserData stays
 * a child of the event. (The parser pops on any closing tag without comparing names.)
 */
function balancedElements(content: string): boolean {
  const open: string[] = [];
  TAG_OR_TEXT.lastIndex = 0;
  while (TAG_OR_TEXT.lastIndex < content.length) {
    const token = TAG_OR_TEXT.exec(content);
    if (!token) return false;
    const { close, name, empty } = token.groups as { close?: string; name?: string; empty?: string };
    if (name === undefined) continue; // text
    if (refusedName(name) || (close !== undefined && empty !== undefined)) return false;
    if (close !== undefined) {
      if (open.pop() !== name) return false;
    } else if (empty === undefined) {
      if (open.push(name) > MAX_DEPTH) return false;
    }
  }
  return open.length === 0;
}

/** `'value'` or `"value"` → the attribute's value, decoded as the parser does; undefined when it cannot say. */
export function attributeText(quoted: string | undefined): string | undefined {
  return quoted === undefined ? undefined : xmlText(quoted.slice(1, -1));
}

/** The longest reference read here: "&#x10FFFF;", "&#1114111;" (a longer one goes to the parser). */
const MAX_REFERENCE = 10;

/**
 * Raw text → the parser's text: line ends as the parser normalises them (`\r\n` and `\r` → `\n`),
 * then the five XML entities and character references of characters XML allows. Undefined for
 * anything else after an '&' (HTML entities, a bare '&', references the parser drops or keeps
 * literally): the caller then asks the parser.
 */
export function xmlText(raw: string): string | undefined {
  const text = raw.indexOf("\r") === -1 ? raw : raw.replace(/\r\n?/g, "\n");
  let ampersand = text.indexOf("&");
  if (ampersand === -1) return text;
  let decoded = "";
  let from = 0;
  while (ampersand !== -1) {
    const semicolon = text.indexOf(";", ampersand + 1);
    if (semicolon === -1 || semicolon - ampersand > MAX_REFERENCE) return undefined;
    const character =
      text.charCodeAt(ampersand + 1) === 0x23 // '#'
        ? characterReference(text, ampersand + 2, semicolon)
        : namedEntity(text.slice(ampersand + 1, semicolon));
    if (character === undefined) return undefined;
    decoded += text.slice(from, ampersand) + character;
    from = semicolon + 1;
    ampersand = text.indexOf("&", from);
  }
  return decoded + text.slice(from);
}

function namedEntity(name: string): string | undefined {
  switch (name) {
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "amp":
      return "&";
    case "quot":
      return '"';
    case "apos":
      return "'";
    default:
      return undefined;
  }
}

/** `#65` / `#x41` (from after '#' to before ';') → the character, when XML allows it. */
function characterReference(text: string, from: number, to: number): string | undefined {
  const marker = text.charCodeAt(from);
  const hex = marker === 0x78 || marker === 0x58; // 'x', 'X'
  const start = hex ? from + 1 : from;
  if (start === to) return undefined;
  let code = 0;
  for (let at = start; at < to; at++) {
    const digit = digitValue(text.charCodeAt(at), hex);
    if (digit === undefined) return undefined;
    code = code * (hex ? 16 : 10) + digit;
  }
  return allowedCharacter(code) ? String.fromCodePoint(code) : undefined;
}

function digitValue(char: number, hex: boolean): number | undefined {
  if (char >= 0x30 && char <= 0x39) return char - 0x30;
  if (!hex) return undefined;
  if (char >= 0x61 && char <= 0x66) return char - 0x57;
  if (char >= 0x41 && char <= 0x46) return char - 0x37;
  return undefined;
}

/** XML 1.0 characters the parser's entity decoder passes through (it drops NUL, C0 controls, surrogates). */
function allowedCharacter(code: number): boolean {
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  return (code < 0xd800 || code > 0xdfff) && code <= 0x10ffff;
}
