/**
 * The `eventlog` fact: what rules see of the Application event log exports in a bundle.
 *
 * Only events of the WSUS source (knowledge/wsus-events.ts: "Windows Server Update Services",
 * "Windows Update Services", "WSUS") are kept event by event; every other source is only counted.
 * Times are ISO 8601: with "Z" when the export gives UTC (XML, .evtx), without a zone when the
 * export gives the server's local time (CSV, wevtutil text); `timeZone` says which.
 */

/** Event level as Windows numbers it (1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose). */
export type LevelName = "Critical" | "Error" | "Warning" | "Information" | "Verbose" | "Unknown";

/** One WSUS event as read from an export (kept in full; WSUS writes few). */
export interface WsusEvent {
  eventId: number;
  /** Source/provider name exactly as the export wrote it. */
  source: string;
  level: LevelName;
  /** The level text as the export wrote it (may be localised, e.g. "Fehler"). */
  levelText?: string;
  /** ISO 8601 (see timeZone); undefined when the export's date could not be read. */
  time?: string;
  timeZone: "utc" | "local";
  /** Rendered message from the export; absent for .evtx and plain wevtutil XML (not stored there). */
  message?: string;
  /** Positional event data strings (XML/.evtx), when present. */
  data?: string[];
  computer?: string;
  /** EventRecordID / Index when the export carries it. */
  record?: number;
  /** Provenance: bundle-relative path and 1-based line (or record position for .evtx). */
  file: string;
  line: number;
}

/** Per-file fragment produced by one collector. */
export interface EventLogFragment {
  format: string;
  events: number;
  /** Event counts by source name (every source, WSUS included). */
  bySource: Record<string, number>;
  /** Event counts by level. */
  byLevel: Partial<Record<LevelName, number>>;
  /** Event counts by log (channel) where the export names it (XML, .evtx, Get-WinEvent CSV, wevtutil text). */
  channels: Record<string, number>;
  wsusEvents: WsusEvent[];
  /** WSUS events beyond the kept bound (counted only). */
  wsusEventsDropped: number;
  firstTime?: string;
  lastTime?: string;
  timeZone: "utc" | "local";
  /** Whether the export carries rendered message text. */
  hasMessages: boolean;
  /** PowerShell 5.1 ASCII Export-Csv replaced non-ASCII characters with "?". */
  lossyText: boolean;
}

/** One WSUS event ID, aggregated over every file. */
export interface WsusEventSummary {
  eventId: number;
  /** The component the event is about: from its message when it names one, else from the ID table. */
  component: string;
  /** "message": the event's own text names it; "table": only the ID table does (inferred/unconfirmed). */
  componentFrom: "message" | "table" | "unknown";
  /** Confidence of the table entry for this ID ("unknown" when the ID is not in the table). */
  tableConfidence: string;
  level: LevelName;
  count: number;
  first?: string;
  last?: string;
  /** The message of the latest occurrence; the standard text (marked) when the export has none. */
  message: string;
  messageFrom: "export" | "standard text" | "none";
  file: string;
  line: number;
  record?: number;
}

/** One health-monitor check (12xxx family) and whether its last failure was followed by recovery. */
export interface WsusHealthState {
  /** Failure event ID (12002 … 12072). */
  eventId: number;
  /** The failing web service / component. */
  component: string;
  componentFrom: "message" | "table" | "unknown";
  /** Human wording of where the name comes from, for the report. */
  componentNote: string;
  level: LevelName;
  /** Number of failure events. */
  count: number;
  first?: string;
  last?: string;
  /**
   * "failing": no later recovery; "probably-recovered": a later recovery ID without recovery wording
   * (the recovery IDs are inferred: not enough to clear the finding); "recovered": a later event whose
   * message says the component "is working correctly" / "is accessible".
   */
  status: "failing" | "probably-recovered" | "recovered";
  recoveredAt?: string;
  recoveryEventId?: number;
  /** HTTP status found in the .NET exception of the last failure's message (401, 503 …). */
  httpStatus?: number;
  /** Message of the last failure (export text, or "(standard text) …", or a generic line). */
  message: string;
  file: string;
  line: number;
  record?: number;
}

export interface EventLogFileSummary {
  file: string;
  format: string;
  /** The log the events come from (the most frequent channel), undefined when the export does not say. */
  channel?: string;
  events: number;
  wsusEvents: number;
  firstTime?: string;
  lastTime?: string;
  timeZone: "utc" | "local";
  hasMessages: boolean;
  lossyText: boolean;
}

export interface EventLogFacts {
  files: EventLogFileSummary[];
  /** All events read, every source. */
  totalEvents: number;
  /** Event counts by source, most frequent first (other sources: counts only). */
  sources: { source: string; count: number }[];
  /** Event counts by log (channel), where the exports name it; most frequent first. */
  channels: { channel: string; count: number }[];
  /** Whether any export carries message text (CSV, Event Viewer XML, wevtutil text). */
  hasMessages: boolean;
  wsus: {
    /** WSUS source names seen in the exports. */
    sourceNames: string[];
    total: number;
    /** WSUS events by ID, ascending ID. */
    byId: WsusEventSummary[];
    /** The web-service health checks that logged a failure, with their recovery state. */
    health: WsusHealthState[];
  };
}
