import type { Facts } from "../../collectors/facts.js";
import type { WsusEventSummary, WsusHealthState } from "../../collectors/eventlog/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { eventLogScope } from "./log-scope.js";

const HEALTH_STATUSES = ["failing", "probably-recovered", "recovered"] as const;

function numberList(value: unknown): number[] | undefined {
  return Array.isArray(value) ? value.map(Number).filter(Number.isFinite) : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** The health checks that logged failures, filtered by failure ID and recovery status. */
export function wsusHealth(facts: Facts, params: Record<string, unknown>): WsusHealthState[] {
  const ids = numberList(params.eventIds);
  const statuses = stringList(params.statuses) ?? [...HEALTH_STATUSES];
  return (facts.eventlog?.wsus.health ?? []).filter(
    (state) => (!ids || ids.includes(state.eventId)) && statuses.includes(state.status),
  );
}

/** WSUS events by ID, optionally only some IDs. */
export function wsusEvents(facts: Facts, params: Record<string, unknown>): WsusEventSummary[] {
  const ids = numberList(params.eventIds);
  return (facts.eventlog?.wsus.byId ?? []).filter((summary) => !ids || ids.includes(summary.eventId));
}

/** Facts derived from the eventlog evidence. */
export const eventlogFacts: FactDefinition[] = [
  {
    name: "wsusHealth",
    description:
      "WSUS health-monitor web-service checks (12002 … 12072) that logged an error, one row per failure event ID, with whether a later event showed the component recovered. The component is named from the event's own message; a name from the ID table alone says it is inferred.",
    sources: ["eventlog"],
    params: {
      eventIds: {
        type: "number[]",
        description: "Failure event IDs to consider (default: all health failure IDs).",
      },
      statuses: {
        type: "string[]",
        description:
          'Recovery states to return: "failing" (no later recovery), "probably-recovered" (a later recovery ID without recovery wording: the recovery IDs are inferred), "recovered" (a later "… is working correctly" / "… is accessible" message for the same component). Default: all.',
      },
    },
    returns:
      '{ eventId: number; component: string; componentFrom: "message" | "table" | "unknown"; componentNote: string; level: string; count: number; first?: string; last?: string; status: "failing" | "probably-recovered" | "recovered"; recoveredAt?: string; recoveryEventId?: number; httpStatus?: number; message: string; file: string; line: number; record?: number }[]',
    example: [
      {
        eventId: 12002,
        component: "Reporting Web Service",
        componentFrom: "message",
        componentNote: "named by the event's own message",
        level: "Error",
        count: 3,
        first: "2026-11-16T10:15:02",
        last: "2026-11-17T04:15:03",
        status: "failing",
        httpStatus: 401,
        message:
          "The Reporting Web Service is not working.\nSystem.Net.WebException: The remote server returned an error: (401) Unauthorized.",
        file: "eventlog/Application.csv",
        line: 14,
      },
    ],
    compute: (facts, params) => wsusHealth(facts, params),
  },
  {
    name: "wsusEvents",
    description:
      'Events of the WSUS source ("Windows Server Update Services" and its other names) by event ID, with counts, first/last time and the latest message. Other sources are only counted (eventlog.sources).',
    sources: ["eventlog"],
    params: {
      eventIds: {
        type: "number[]",
        description: "Only these event IDs (default: every WSUS event ID seen).",
      },
    },
    returns:
      '{ eventId: number; component: string; componentFrom: "message" | "table" | "unknown"; tableConfidence: string; level: string; count: number; first?: string; last?: string; message: string; messageFrom: "export" | "standard text" | "none"; file: string; line: number; record?: number }[]',
    example: [
      {
        eventId: 12072,
        component: "WSUS content directory",
        componentFrom: "message",
        tableConfidence: "confirmed",
        level: "Error",
        count: 2,
        first: "2026-11-16T10:15:02Z",
        last: "2026-11-17T04:15:03Z",
        message: "The WSUS content directory is not accessible.",
        messageFrom: "export",
        file: "eventlog/Application.xml",
        line: 2,
        record: 51234,
      },
    ],
    compute: (facts, params) => wsusEvents(facts, params),
  },
  {
    name: "eventLogScope",
    description:
      "Whether the event log exports can show WSUS' health events: WSUS writes them to the Application log under its own provider, so an export of another log (System …) or an Application log without any WSUS event cannot show them. Gives the channels read and the reason.",
    sources: ["eventlog"],
    returns:
      "{ observable: boolean; channels: string[]; applicationEvents: number; wsusEvents: number; reason: string }",
    example: {
      observable: false,
      channels: ["System"],
      applicationEvents: 0,
      wsusEvents: 0,
      reason: "this is the System log; WSUS writes its events to the Application log",
    },
    compute: (facts) => eventLogScope(facts),
  },
];
