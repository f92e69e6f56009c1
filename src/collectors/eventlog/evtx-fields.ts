/**
 * A decoded .evtx record → ParsedEvent, field for field as eventFromXml reads the XML export of the
 * same event (knowledge/event-log.md §3), without an XML string in between (ADR 0023). EventData is
 * decoded only for WSUS events: the accumulator keeps no other event's data.
 */
import { isWsusSource } from "../../knowledge/wsus-events.js";
import type { ParsedEvent } from "./accumulator.js";
import { normaliseUtc } from "./dates.js";
import type { EventXmlResult } from "./event-xml.js";
import type { EvtxEvent } from "./evtx-event.js";
import { levelFromNumber, levelFromText } from "./levels.js";

const DIGITS = /^\d+$/;

export function eventFromEvtx(event: EvtxEvent, line: number): EventXmlResult {
  if (!event.hasSystem) return { error: "Event without a System element." };
  const name = event.systemAttribute("Provider", "Name") ?? "";
  const sourceName = event.systemAttribute("Provider", "EventSourceName");
  const idText = (event.systemText("EventID") ?? "").trim();
  if (!DIGITS.test(idText)) return { error: `EventID "${idText}" is not a number.` };
  const levelText = (event.systemText("Level") ?? "").trim();
  const source = sourceName && isWsusSource(sourceName) ? sourceName : name;
  const parsed: ParsedEvent = {
    source,
    eventId: Number(idText),
    level: DIGITS.test(levelText) ? levelFromNumber(Number(levelText)) : levelFromText(undefined),
    line,
  };
  const utcTime = normaliseUtc(event.systemAttribute("TimeCreated", "SystemTime"));
  if (utcTime) parsed.utcTime = utcTime;
  if (isWsusSource(source)) {
    const data = event.data().map((item) => item.value.trim());
    if (data.length > 0) parsed.data = data;
  }
  const computer = (event.systemText("Computer") ?? "").trim();
  if (computer) parsed.computer = computer;
  const channel = (event.systemText("Channel") ?? "").trim();
  if (channel) parsed.channel = channel;
  const recordText = (event.systemText("EventRecordID") ?? "").trim();
  if (DIGITS.test(recordText)) parsed.record = Number(recordText);
  return { event: parsed };
}
