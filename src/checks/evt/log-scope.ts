/**
 * Whether the event log exports can show WSUS' events (issue 15, ADR 0018). WSUS writes to the
 * Application log under its own provider (knowledge/event-log.md): a System log, or an Application
 * log without a single WSUS event (another server's, or cleared), cannot show a failing health check,
 * so EVT.* checks are "not evaluated" with this reason instead of "passed".
 */
import type { Facts } from "../../collectors/facts.js";
import { WSUS_SOURCE_NAMES } from "../../knowledge/wsus-events.js";

export interface EventLogScope {
  observable: boolean;
  /** The logs (channels) the exports name, most events first; empty when no export names one. */
  channels: string[];
  /** Events of exports that are the Application log or do not name their log. */
  applicationEvents: number;
  wsusEvents: number;
  reason: string;
}

const APPLICATION = "application";

const listText = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

export function eventLogScope(facts: Facts): EventLogScope {
  const log = facts.eventlog;
  const files = log?.files ?? [];
  const channels = (log?.channels ?? []).map((c) => c.channel);
  const wsusEvents = log?.wsus.total ?? 0;
  const maybeApplication = files.filter((f) => !f.channel || f.channel.toLowerCase() === APPLICATION);
  const applicationEvents = maybeApplication.reduce((n, f) => n + f.events, 0);
  const base = { channels, applicationEvents, wsusEvents };
  if (wsusEvents > 0)
    return { ...base, observable: true, reason: `${wsusEvents} events of the WSUS provider read` };
  if (files.length > 0 && maybeApplication.length === 0) {
    const names = [...new Set(files.map((f) => f.channel!))];
    return {
      ...base,
      observable: false,
      reason: `${names.length === 1 ? "this is the" : "these are the"} ${listText(names)} log${names.length === 1 ? "" : "s"}; WSUS writes its events to the Application log`,
    };
  }
  const which = maybeApplication.every((f) => f.channel) ? "the Application log" : "the event log export";
  return {
    ...base,
    observable: false,
    reason: `${which} holds no event of the WSUS provider (${WSUS_SOURCE_NAMES.join(" / ")}) among its ${applicationEvents} events: it may be another server's Application log, or cleared since WSUS last wrote to it`,
  };
}
