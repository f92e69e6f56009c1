/** Combines the fragments of every event-log file of a bundle into the `eventlog` fact. */
import type { EventLogFacts, EventLogFragment, WsusEvent } from "./facts.js";
import { mainChannel } from "./accumulator.js";
import { healthStates, summariseById } from "./health.js";

export function mergeEventLogs(
  fragments: readonly { file: string; facts: EventLogFragment }[],
): EventLogFacts {
  const sources = new Map<string, number>();
  const channels = new Map<string, number>();
  for (const { facts } of fragments) {
    for (const [source, count] of Object.entries(facts.bySource))
      sources.set(source, (sources.get(source) ?? 0) + count);
    for (const [channel, count] of Object.entries(facts.channels ?? {}))
      channels.set(channel, (channels.get(channel) ?? 0) + count);
  }
  const wsusEvents = withoutDuplicates(fragments.flatMap(({ facts }) => facts.wsusEvents));
  return {
    files: fragments.map(({ file, facts }) => ({
      file,
      format: facts.format,
      ...(mainChannel(facts) ? { channel: mainChannel(facts) } : {}),
      events: facts.events,
      wsusEvents: facts.wsusEvents.length + facts.wsusEventsDropped,
      ...(facts.firstTime ? { firstTime: facts.firstTime } : {}),
      ...(facts.lastTime ? { lastTime: facts.lastTime } : {}),
      timeZone: facts.timeZone,
      hasMessages: facts.hasMessages,
      lossyText: facts.lossyText,
    })),
    totalEvents: fragments.reduce((sum, { facts }) => sum + facts.events, 0),
    sources: [...sources]
      .map(([source, count]) => ({ source, count }))
      .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    channels: [...channels]
      .map(([channel, count]) => ({ channel, count }))
      .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    hasMessages: fragments.some(({ facts }) => facts.hasMessages),
    wsus: {
      sourceNames: [...new Set(wsusEvents.map((event) => event.source))].sort(),
      total: wsusEvents.length,
      byId: summariseById(wsusEvents),
      health: healthStates(wsusEvents),
    },
  };
}

/**
 * The same log brought twice (an .evtx and its XML export) must not double the counts: events with
 * a record number are keyed by computer, record and ID; the copy with a message is preferred.
 */
function withoutDuplicates(events: readonly WsusEvent[]): WsusEvent[] {
  const byKey = new Map<string, WsusEvent>();
  const result: WsusEvent[] = [];
  for (const event of events) {
    if (event.record === undefined) {
      result.push(event);
      continue;
    }
    const key = `${(event.computer ?? "").toLowerCase()}|${event.record}|${event.eventId}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, event);
    else if (!seen.message && event.message) byKey.set(key, event);
  }
  return [...result, ...byKey.values()];
}
