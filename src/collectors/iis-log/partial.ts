/**
 * The intermediate aggregate of one file: plain data, times as epoch seconds, line numbers within
 * the file.
 * Several partials merge (merge.ts) into the `iisLog` fact.
 */
import type { Problem } from "../types.js";

export interface PartialResponse {
  vdir: string;
  status: number;
  substatus: number;
  win32: number;
  count: number;
  first: number;
  last: number;
}

export interface PartialAuthFailure extends PartialResponse {
  /** Distinct client addresses seen for this row, at most MAX_FAILURE_CLIENTS. */
  clientIps: string[];
}

export interface PartialHour {
  hour: number;
  total: number;
  s401_1: number;
  s401_2: number;
  s401_3: number;
  s401_other: number;
  s500: number;
  s503: number;
}

export interface PartialService {
  service: string;
  first: number;
  last: number;
  requests: number;
  ok: number;
}

export interface PartialClient {
  ip: string;
  requests: number;
  first: number;
  last: number;
  userAgent?: string;
  /** 2: from a SOAP call, 1: from another request, 0: none (the earlier, higher rank wins on merge). */
  userAgentRank: number;
  services: PartialService[];
}

export interface PartialLine {
  vdir: string;
  status: number;
  substatus: number;
  win32: number;
  /** Line number in the file (1-based). */
  line: number;
  text: string;
  /** Bundle-relative file, set when a file's partial is complete. */
  file?: string;
}

/** An ApiRemoting30 401 still waiting, at the end of the file, for the authenticated success that
 *  would have made it a console handshake (settleTails counts it as a failure). */
export interface PendingHandshake extends PartialLine {
  ip: string;
  t: number;
}

export interface PartialW3c {
  lines: number;
  records: number;
  rejected: number;
  problems: Problem[];
  /** How many malformed lines were not sampled (problems hold the first few). */
  unsampledRejected: number;
  software?: string;
  fieldSets: string[];
  first?: number;
  last?: number;
  responses: PartialResponse[];
  authFailures: PartialAuthFailure[];
  consoleHandshakes: number;
  hours: PartialHour[];
  clients: PartialClient[];
  clientOverflowRequests: number;
  /** The X-Forwarded-For field the range logs, and how many requests it named the client of. */
  forwardedFor?: { field: string; requests: number };
  ports: { port: number; requests: number; byVdir: Record<string, number> }[];
  serverAddresses: { ip: string; requests: number }[];
  samples: PartialLine[];
  authFailureSamples: PartialLine[];
  tailPending: PendingHandshake[];
  /** s-sitename values: requests read, those to a WSUS virtual directory, and lines not counted
   *  because the file was read for another of its sites (empty without the field). */
  sites: { name: string; requests: number; wsusRequests: number; notCounted: number }[];
  /** s-computername values and their requests (empty without the field). */
  computers: { name: string; requests: number }[];
  /** The site a file mixing sites was read for: only its lines are counted. */
  keptSite?: string;
}

export const MAX_FAILURE_CLIENTS = 1000;
