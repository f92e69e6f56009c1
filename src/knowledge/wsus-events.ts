/**
 * WSUS events in the Application log, as data (../shared/knowledge/event-log.md §8).
 *
 * Confidence follows knowledge/README.md: "confirmed" (a Microsoft document or a real file),
 * "reported" (secondary source), "inferred", "unconfirmed". A check never fires on an
 * "unconfirmed" fact alone: the ID-to-service mapping of 12011…12052 is only a guess, so the
 * report names the service from the event's own message and marks a table-only name as inferred.
 */

export type EventConfidence = "confirmed" | "reported" | "inferred" | "unconfirmed";

/** The role an event plays in the WSUS health monitor's two-state web-service checks. */
export type HealthRole = "failure" | "recovery";

export interface WsusEventInfo {
  id: number;
  /** The component the event is about, as a consultant would name it. */
  component: string;
  /** How sure we are that this ID belongs to that component. */
  componentConfidence: EventConfidence;
  /** Level as documented; undefined when no source states it. */
  level?: "Error" | "Warning" | "Information";
  /** The standard English message when a source prints it (shown as "(standard text)"). */
  standardText?: string;
  /** 12xxx web-service checks: failure (…2) or its recovery (…1, inferred). */
  health?: HealthRole;
  /**
   * Two health events with the same family are the failure and recovery of one check
   * (12001/12002 → 12000). Only set for the 12xxx web-service family: the 100xx core events
   * are not pairs (10021 and 10022 are both failure signs).
   */
  family?: number;
  /** Where the fact comes from (knowledge/event-log.md §8 lists the URLs). */
  source: string;
}

/**
 * Source names WSUS writes under. Classic source "Windows Server Update Services" [reported, scripts];
 * the guide says "Windows Update Services"; "WSUS" is used by some versions/tools. Matched
 * case-insensitively and exactly: an ID means nothing without the source.
 */
export const WSUS_SOURCE_NAMES: readonly string[] = [
  "Windows Server Update Services",
  "Windows Update Services",
  "WSUS",
];

const WSUS_SOURCE_SET = new Set(WSUS_SOURCE_NAMES.map((name) => name.toLowerCase()));

export function isWsusSource(name: string | undefined): boolean {
  return name !== undefined && WSUS_SOURCE_SET.has(name.trim().toLowerCase());
}

/** The health-monitor web-service checks (wsusutil healthmonitoring switches, dd939838). */
const WEB_SERVICE_FAMILIES: readonly {
  family: number;
  component: string;
  confidence: EventConfidence;
  failureText?: string;
  recoveryText?: string;
  source: string;
}[] = [
  {
    family: 12000,
    component: "Reporting Web Service",
    confidence: "reported",
    failureText: "The Reporting Web Service is not working.",
    recoveryText: "The Reporting Web Service is working correctly.",
    source: "AJ Tek troubleshooting article (12002 with its text); 12001 inferred",
  },
  {
    family: 12010,
    component: "API Remoting Web Service",
    confidence: "unconfirmed",
    source: "guess from the order of the health checks (CheckApiRemotingWebService, dd939838)",
  },
  {
    family: 12020,
    component: "Client Web Service",
    confidence: "unconfirmed",
    source: "guess from the order of the health checks (CheckClientWebService, dd939838)",
  },
  {
    family: 12030,
    component: "Server Synchronization Web Service",
    confidence: "unconfirmed",
    source: "guess from the order of the health checks (CheckServerSyncWebService, dd939838)",
  },
  {
    family: 12040,
    component: "Simple Authentication Web Service",
    confidence: "unconfirmed",
    source: "guess from the order of the health checks (CheckSimpleAuthWebService, dd939838)",
  },
  {
    family: 12050,
    component: "Downstream Server Authentication Web Service",
    confidence: "unconfirmed",
    source: "guess from the order of the health checks (CheckDssAuthWebService, dd939838)",
  },
  {
    family: 12070,
    component: "WSUS content directory",
    confidence: "confirmed",
    failureText: "The WSUS content directory is not accessible.",
    recoveryText: "The WSUS content directory is accessible.",
    source: "Microsoft: wsus-configure-shared-database (12072); 12071 text from a repair script, ID inferred",
  },
];

const WEB_SERVICE_EVENTS: WsusEventInfo[] = WEB_SERVICE_FAMILIES.flatMap((entry): WsusEventInfo[] => [
  {
    id: entry.family + 1,
    component: entry.component,
    // The "OK = failure ID − 1" numbering is itself inferred.
    componentConfidence: entry.confidence === "unconfirmed" ? "unconfirmed" : "inferred",
    level: "Information",
    ...(entry.recoveryText ? { standardText: entry.recoveryText } : {}),
    health: "recovery",
    family: entry.family,
    source: entry.source,
  },
  {
    id: entry.family + 2,
    component: entry.component,
    componentConfidence: entry.confidence,
    level: "Error",
    ...(entry.failureText ? { standardText: entry.failureText } : {}),
    health: "failure",
    family: entry.family,
    source: entry.source,
  },
]);

const OTHER_EVENTS: WsusEventInfo[] = [
  {
    id: 10012,
    component: "Core: local content directory permissions",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Update Storage (dd939816)",
  },
  {
    id: 10021,
    component: "Core: catalog synchronization failed",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Synchronization (dd939855)",
  },
  {
    id: 10022,
    component: "Core: catalog synchronization failed",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Synchronization (dd939855)",
  },
  {
    id: 10041,
    component: "Core: low disk space for the content directory",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Update Storage (dd939816)",
  },
  {
    id: 10042,
    component: "Core: low disk space for the content directory",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Update Storage (dd939816)",
  },
  {
    id: 10052,
    component: "Core: e-mail notification failed",
    componentConfidence: "confirmed",
    source: "Microsoft: WSUS 3.0 / 3.0 SP1 release notes (cc708491)",
  },
  {
    id: 10311,
    component: "Clients: updates not installing because of DCOM configuration",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Update Installation on Client Computers",
  },
  {
    id: 10312,
    component: "Clients: updates not installing because of DCOM configuration",
    componentConfidence: "confirmed",
    source: "Microsoft: Issues with Update Installation on Client Computers",
  },
  {
    id: 364,
    component: "Content download (BITS)",
    componentConfidence: "confirmed",
    level: "Error",
    standardText: "Content file download failed.",
    source: "Microsoft KB 922330",
  },
  {
    id: 506,
    component: "SelfUpdate tree",
    componentConfidence: "reported",
    standardText:
      "The SelfUpdate Tree is not working. Clients may not be able to update to the latest WUA client software and communicate with the WSUS Server.",
    source: "copy of Microsoft KB 920659",
  },
  {
    id: 507,
    component: "WSUS service start-up",
    componentConfidence: "confirmed",
    level: "Error",
    standardText: "Update Services failed its initialization and stopped.",
    source: "real Event Viewer text (technology-toolbox/Notebook)",
  },
  {
    id: 7053,
    component: "WSUS administration console",
    componentConfidence: "confirmed",
    level: "Error",
    standardText:
      "The WSUS administration console has encountered an unexpected error. This may be a transient error; try restarting the administration console.",
    source: "Microsoft KB 2761925, KB 2737219",
  },
  {
    id: 386,
    component: "database (unconfirmed)",
    componentConfidence: "unconfirmed",
    source: "no public source; a third-party wiki only",
  },
  {
    id: 421,
    component: "database (unconfirmed)",
    componentConfidence: "unconfirmed",
    source: "no public source",
  },
  {
    id: 13002,
    component: "client health (unconfirmed)",
    componentConfidence: "unconfirmed",
    source: "no public source",
  },
  {
    id: 13042,
    component: "client self-update (unconfirmed)",
    componentConfidence: "unconfirmed",
    source: "no public source",
  },
];

export const WSUS_EVENTS: readonly WsusEventInfo[] = [...WEB_SERVICE_EVENTS, ...OTHER_EVENTS].sort(
  (a, b) => a.id - b.id,
);

const BY_ID = new Map(WSUS_EVENTS.map((info) => [info.id, info]));

export function wsusEventInfo(id: number): WsusEventInfo | undefined {
  return BY_ID.get(id);
}

/** The failure IDs of EVT.HEALTH_ERRORS (the guide's six plus 12072, CHECKS.md). */
export const HEALTH_FAILURE_IDS: readonly number[] = WSUS_EVENTS.filter(
  (info) => info.health === "failure",
).map((info) => info.id);

/**
 * What a health message says about its component, from the English wording the known texts use
 * ("The Reporting Web Service is not working." / "… is working correctly." / "… is accessible.").
 * Returns undefined for any other text (a localised export, an unrelated message).
 */
export function readHealthMessage(
  message: string | undefined,
): { state: "failing" | "working"; component: string } | undefined {
  if (!message) return undefined;
  const firstLine = message.trim().split(/\r?\n/, 1)[0] ?? "";
  const failing = /^(?:the\s+)?(.+?)\s+is\s+not\s+(?:working|accessible)\b/i.exec(firstLine);
  if (failing?.[1]) return { state: "failing", component: failing[1].trim() };
  const working = /^(?:the\s+)?(.+?)\s+is\s+(?:working\s+(?:correctly|properly)|accessible)\b/i.exec(
    firstLine,
  );
  if (working?.[1]) return { state: "working", component: working[1].trim() };
  // 12072 has a second documented text (wsus-configure-shared-database).
  if (/^the permissions on directory .+ are incorrect/i.test(firstLine)) {
    return { state: "failing", component: "WSUS content directory" };
  }
  return undefined;
}

/** The HTTP status a .NET WebException in the message reports, e.g. "(503) Server Unavailable". */
export function httpStatusInMessage(message: string | undefined): number | undefined {
  if (!message) return undefined;
  const match = /returned an error:\s*\((\d{3})\)/i.exec(message);
  return match ? Number(match[1]) : undefined;
}
