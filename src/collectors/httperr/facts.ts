/**
 * The `httpErr` fact: HTTP.sys error logs (httperrN.log). Requests HTTP.sys rejected itself — when
 * WsusPool is stopped or its queue is full the 503 is recorded only here, never in the W3C log.
 * Times are ISO 8601 UTC.
 */

export interface HttpErrReasonCount {
  reason: string;
  /** s-queuename: the application pool (e.g. "WsusPool"); "-" for connection-level entries. */
  queue: string;
  /** sc-status when logged (503 for AppOffline, QueueFull …), else -1. */
  status: number;
  count: number;
  first: string;
  last: string;
}

export interface HttpErrHour {
  hour: string;
  queue: string;
  reason: string;
  count: number;
}

export interface HttpErrSample {
  reason: string;
  queue: string;
  file: string;
  line: number;
  text: string;
}

/** What HTTP.sys rejected from one client address (Timer_ConnectionIdle, which is normal, left out). */
export interface HttpErrClientSummary {
  ip: string;
  count: number;
  first: string;
  last: string;
  /** Reasons by count, commonest first. */
  reasons: { reason: string; count: number }[];
  /** The client's last rejected request. */
  file: string;
  line: number;
  text: string;
}

export interface HttpErrFacts {
  files: { file: string; lines: number; entries: number; first?: string; last?: string }[];
  window: { first?: string; last?: string };
  entries: number;
  /** Counts by s-reason × s-queuename. */
  reasons: HttpErrReasonCount[];
  /** Per-hour counts by queue × reason (Timer_ConnectionIdle, which is normal, is left out). */
  hourly: HttpErrHour[];
  /** At most a few original lines per (reason, queue), with file:line. */
  samples: HttpErrSample[];
  /**
   * Per client address, most rejected first; at most 50,000 (clientOverflow counts the entries of
   * addresses left out). A report keeps the first 1,000 and writes all to lists/httperr-clients.csv.
   */
  clients: HttpErrClientSummary[];
  clientOverflow: number;
}
