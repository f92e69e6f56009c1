/**
 * The `iisLog` fact: aggregates of every IIS W3C log in the bundle. Memory and size are
 * independent of the log size: counts, per-hour series, a bounded per-client map and a bounded
 * sample of original lines (file:line) per (vDir, status). Times are ISO 8601 UTC (W3C logs are UTC).
 */

/** Virtual directory as logged: the canonical WSUS name (case-insensitive match), "/" for files at
 *  the site root, or the first path segment in lower case for other paths. */
export type VdirName = string;

export interface ResponseCount {
  vdir: VdirName;
  status: number;
  /** sc-substatus; -1 when the log does not record it. */
  substatus: number;
  /** sc-win32-status (decimal as logged); -1 when not recorded. */
  win32: number;
  count: number;
  first: string;
  last: string;
}

export interface HourBucket {
  /** Start of the hour, ISO UTC. */
  hour: string;
  total: number;
  s401_1: number;
  s401_2: number;
  s401_3: number;
  s401_other: number;
  s500: number;
  s503: number;
}

export interface ServiceContact {
  first: string;
  last: string;
  requests: number;
  /** Responses 200–399. */
  ok: number;
}

export interface ClientSummary {
  /** The client's address: the first X-Forwarded-For entry when the log has that field and the line a
   *  value, else c-ip (a proxy's address when one sits in between and no forwarded-for is logged). */
  ip: string;
  requests: number;
  first: string;
  last: string;
  /** The user agent of the client's first SOAP call (Windows Update Agent), else of its first other
   *  request; spaces restored from '+'; undefined when only '-' was logged. */
  userAgent?: string;
  /** First/last contact per WSUS service, by canonical vDir name (SimpleAuthWebService, ClientWebService,
   *  ReportingWebService, SelfUpdate, Content, ApiRemoting30). */
  services: Partial<Record<string, ServiceContact>>;
}

export interface EvidenceLine {
  vdir: VdirName;
  status: number;
  substatus: number;
  win32: number;
  file: string;
  line: number;
  text: string;
}

export interface AuthFailureCount {
  vdir: VdirName;
  status: number;
  substatus: number;
  win32: number;
  count: number;
  /** Distinct client addresses (bounded: counts at most 1000 per row). */
  clients: number;
  first: string;
  last: string;
}

export interface IisLogFileSummary {
  file: string;
  /** #Software directive of the first block, e.g. "Microsoft Internet Information Services 10.0". */
  software?: string;
  lines: number;
  records: number;
  rejected: number;
  first?: string;
  last?: string;
  /** Distinct #Fields lists seen (at most 10), in order of appearance. */
  fieldSets: string[];
}

/** A log file read but not counted: another site's, another server's, or of an earlier period. */
export interface NotCountedLog {
  file: string;
  why: "site" | "server" | "time";
  reason: string;
}

/** Logs closer than a week apart form one period (dates, UTC). */
export interface IisLogPeriod {
  first: string;
  last: string;
  files: number;
  /** Only the latest period is counted. */
  counted: boolean;
}

/** Which logs count: the WSUS site's, of the WSUS server, in the latest period (ADR 0019). */
export interface IisLogScopeFacts {
  /** The WSUS site the logs were held to, and what named it; absent when nothing could tell. */
  wsusSite?: { name: string; from: string };
  notCounted: NotCountedLog[];
  periods: IisLogPeriod[];
  /** Files with requests in the latest period and an earlier one: counted whole (a file's
   *  aggregates cannot be split), so their window spans the gap. */
  spansPeriods: string[];
  /** Lines of other sites in logs that mix sites (s-sitename), not counted. */
  otherSiteLines: number;
  /** applicationHost.config and the Setup registry export name different WSUS sites (the config is followed). */
  disagreement?: string;
  /** One sentence for the reader: what was counted and what was not. */
  summary: string;
}

export interface IisLogFacts {
  /** The files counted (the others are in `scope.notCounted`). */
  files: IisLogFileSummary[];
  /** Absent only in hand-written facts (rule tests). */
  scope?: IisLogScopeFacts;
  /** The time window the logs cover (first and last request) and its length in hours. */
  window: { first?: string; last?: string; hours: number };
  /** Requests read (data lines that matched their header). */
  requests: number;
  /** Data lines that did not match their header (counted; samples are in the inventory problems). */
  rejected: number;
  responses: ResponseCount[];
  /** 401 responses that are real authentication failures: every 401 on the anonymous vDirs, and on
   *  ApiRemoting30 only those not completed by an authenticated success from the same address within
   *  a few seconds (the console's Windows-authentication handshake), or 401.1 with a logon-failure code. */
  authFailures: AuthFailureCount[];
  /** ApiRemoting30 401s explained as console handshakes (401.2 → [401.1] → 200 with a user name). */
  consoleHandshakes: number;
  hourly: HourBucket[];
  clients: ClientSummary[];
  /** The per-client map keeps at most `clientLimit` addresses per file; requests of further addresses
   *  are counted in `clientOverflowRequests` (they still count in every other aggregate). */
  clientLimit: number;
  clientOverflowRequests: number;
  /** Present when a log has an X-Forwarded-For field (knowledge: IIS 8.5+ custom field): the field's
   *  name and the requests whose client it named; those clients are keyed by it, not by c-ip. */
  forwardedFor?: { field: string; requests: number };
  /** Requests from the server itself (c-ip equal to an s-ip, or loopback): excluded from `clients`. */
  selfRequests: number;
  ports: { port: number; requests: number; byVdir: Record<string, number> }[];
  serverAddresses: { ip: string; requests: number }[];
  samples: EvidenceLine[];
  /** Samples of real authentication failures (401 not explained as console handshakes). */
  authFailureSamples: EvidenceLine[];
}
