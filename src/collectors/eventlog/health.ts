/**
 * WSUS events across all files → per-ID summaries and the state of each health-monitor web-service
 * check (knowledge/event-log.md §8, "How to use them"):
 * - a failure (12xx2 at Error level) is recovered only by a later event whose message says the same
 *   component "is working correctly" / "is accessible";
 * - a later recovery ID (12xx1) without such wording gives "probably-recovered", never "recovered":
 *   the recovery IDs are inferred;
 * - the component is named from the event's own message; the ID table only when the message does
 *   not name one, and then marked as inferred.
 */
import {
  HEALTH_FAILURE_IDS,
  httpStatusInMessage,
  readHealthMessage,
  wsusEventInfo,
  type WsusEventInfo,
} from "../../knowledge/wsus-events.js";
import type { WsusEvent, WsusEventSummary, WsusHealthState } from "./facts.js";
import { isErrorLevel } from "./levels.js";

const MAX_MESSAGE = 2_000;

/** Whether b happened after a, when that can be told (same zone; ties broken by record number). */
function isLater(a: WsusEvent, b: WsusEvent): boolean {
  if (!a.time || !b.time || a.timeZone !== b.timeZone) return false;
  if (b.time !== a.time) return b.time > a.time;
  return a.file === b.file && a.record !== undefined && b.record !== undefined && b.record > a.record;
}

/** The latest of a group: by time, then record, then position in its file. */
function latest(events: readonly WsusEvent[]): WsusEvent {
  return events.reduce((best, event) =>
    isLater(best, event) || (!best.time && !event.time && event.line > best.line) ? event : best,
  );
}

function earliestTime(events: readonly WsusEvent[]): string | undefined {
  return events.reduce<string | undefined>(
    (min, e) => (e.time && (!min || e.time < min) ? e.time : min),
    undefined,
  );
}

function latestTime(events: readonly WsusEvent[]): string | undefined {
  return events.reduce<string | undefined>(
    (max, e) => (e.time && (!max || e.time > max) ? e.time : max),
    undefined,
  );
}

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

function describeMessage(
  event: WsusEvent,
  info: WsusEventInfo | undefined,
): {
  message: string;
  messageFrom: WsusEventSummary["messageFrom"];
} {
  if (event.message) return { message: clip(event.message), messageFrom: "export" };
  if (info?.standardText)
    return { message: `(standard text) ${info.standardText}`, messageFrom: "standard text" };
  const data = event.data?.filter((item) => item.trim() !== "").join(" | ");
  const generic =
    info?.health === "failure"
      ? `WSUS web-service health error (event ID ${event.eventId})`
      : `WSUS event ${event.eventId}`;
  return { message: data ? `${generic}; event data: ${clip(data)}` : generic, messageFrom: "none" };
}

function nameComponent(
  event: WsusEvent,
  info: WsusEventInfo | undefined,
): Pick<WsusHealthState, "component" | "componentFrom" | "componentNote"> {
  const said = readHealthMessage(event.message);
  if (said)
    return {
      component: said.component,
      componentFrom: "message",
      componentNote: "named by the event's own message",
    };
  if (!info)
    return {
      component: "unknown component",
      componentFrom: "unknown",
      componentNote: "event ID not in the table",
    };
  if (info.componentConfidence === "unconfirmed") {
    return {
      component: `${info.component} (inferred from event ID ${event.eventId}; unconfirmed)`,
      componentFrom: "table",
      componentNote: `inferred from the event ID: the ID-to-service table is unconfirmed for ${event.eventId}`,
    };
  }
  return {
    component: info.component,
    componentFrom: "table",
    componentNote: `from the event ID table (${info.componentConfidence}); the message does not name it`,
  };
}

export function summariseById(events: readonly WsusEvent[]): WsusEventSummary[] {
  const groups = groupBy(events, (event) => event.eventId);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([eventId, group]) => {
      const last = latest(group);
      const info = wsusEventInfo(eventId);
      const named = nameComponent(last, info);
      const { message, messageFrom } = describeMessage(last, info);
      const summary: WsusEventSummary = {
        eventId,
        component: named.component,
        componentFrom: named.componentFrom,
        tableConfidence: info?.componentConfidence ?? "unknown",
        level: last.level,
        count: group.length,
        message,
        messageFrom,
        file: last.file,
        line: last.line,
      };
      const first = earliestTime(group);
      const lastTime = latestTime(group);
      if (first) summary.first = first;
      if (lastTime) summary.last = lastTime;
      if (last.record !== undefined) summary.record = last.record;
      return summary;
    });
}

export function healthStates(events: readonly WsusEvent[]): WsusHealthState[] {
  const failureIds = new Set(HEALTH_FAILURE_IDS);
  // An unknown level (a label we cannot read) leaves it to the ID, which the guide lists as errors.
  const failures = events.filter(
    (event) => failureIds.has(event.eventId) && (event.level === "Unknown" || isErrorLevel(event.level)),
  );
  const groups = groupBy(failures, (event) => event.eventId);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([eventId, group]) => {
      const last = latest(group);
      const info = wsusEventInfo(eventId);
      const named = nameComponent(last, info);
      const recovery = findRecovery(last, named, events);
      const { message } = describeMessage(last, info);
      const state: WsusHealthState = {
        eventId,
        ...named,
        level: last.level,
        count: group.length,
        status: recovery.status,
        message,
        file: last.file,
        line: last.line,
      };
      const first = earliestTime(group);
      const lastTime = latestTime(group);
      if (first) state.first = first;
      if (lastTime) state.last = lastTime;
      if (recovery.event?.time) state.recoveredAt = recovery.event.time;
      if (recovery.event) state.recoveryEventId = recovery.event.eventId;
      const status = httpStatusInMessage(last.message);
      if (status !== undefined) state.httpStatus = status;
      if (last.record !== undefined) state.record = last.record;
      return state;
    });
}

function findRecovery(
  failure: WsusEvent,
  named: Pick<WsusHealthState, "component" | "componentFrom">,
  events: readonly WsusEvent[],
): { status: WsusHealthState["status"]; event?: WsusEvent } {
  const family = wsusEventInfo(failure.eventId)?.family;
  let probable: WsusEvent | undefined;
  let confirmed: WsusEvent | undefined;
  for (const event of events) {
    if (!isLater(failure, event)) continue;
    const said = readHealthMessage(event.message);
    const sameFamily = family !== undefined && wsusEventInfo(event.eventId)?.family === family;
    if (said?.state === "working") {
      const sameComponent =
        named.componentFrom === "message"
          ? said.component.toLowerCase() === named.component.toLowerCase()
          : sameFamily;
      if (sameComponent && (!confirmed || isLater(confirmed, event))) confirmed = event;
      continue;
    }
    if (sameFamily && wsusEventInfo(event.eventId)?.health === "recovery" && !said) {
      if (!probable || isLater(probable, event)) probable = event;
    }
  }
  if (confirmed) return { status: "recovered", event: confirmed };
  if (probable) return { status: "probably-recovered", event: probable };
  return { status: "failing" };
}

function groupBy<K>(events: readonly WsusEvent[], key: (event: WsusEvent) => K): Map<K, WsusEvent[]> {
  const groups = new Map<K, WsusEvent[]>();
  for (const event of events) {
    const list = groups.get(key(event));
    if (list) list.push(event);
    else groups.set(key(event), [event]);
  }
  return groups;
}
