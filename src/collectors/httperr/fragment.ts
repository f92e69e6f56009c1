/** What one HTTPERR file gives the merge (index.ts): counts by reason, hour and client, and samples. */

/** What HTTP.sys rejected from one client address: counts by reason, and the last such line. */
export interface HttpErrClient {
  ip: string;
  count: number;
  first: number;
  last: number;
  reasons: Record<string, number>;
  line: number;
  text: string;
}

export interface HttpErrFragment {
  lines: number;
  entries: number;
  first?: number;
  last?: number;
  /** key reason|queue|status → count, first, last */
  reasons: { reason: string; queue: string; status: number; count: number; first: number; last: number }[];
  hours: { hour: number; queue: string; reason: string; count: number }[];
  samples: { reason: string; queue: string; line: number; text: string }[];
  /** Per client address (c-ip), Timer_ConnectionIdle left out; at most HTTPERR_CLIENT_LIMIT (tally.ts). */
  clients: HttpErrClient[];
  clientOverflow: number;
}
