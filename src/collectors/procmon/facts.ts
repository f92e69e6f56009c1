/**
 * The `procmon` fact: Process Monitor CSV exports reduced to what ACL.PROCMON_DENIED needs:
 * ACCESS DENIED events grouped by process and path, with counts, first/last time, the user and
 * the access asked for. Bounded: the rows themselves are never kept.
 */

export type ProcmonEventClass = "file" | "registry" | "network" | "process" | "other";

export interface ProcmonDeniedGroup {
  /** Process name as printed (e.g. "w3wp.exe"); match on `processKey`. */
  process: string;
  /** Lower-case process name. */
  processKey: string;
  /** Path as printed: `C:\…`, `HKLM\…`, `\\server\share\…`. */
  path: string;
  eventClass: ProcmonEventClass;
  /** The Result value (normally "ACCESS DENIED"). */
  result: string;
  /** Distinct operations (CreateFile, RegOpenKey …), first seen first. */
  operations: string[];
  count: number;
  /** Time of the first / last event (Date & Time when exported, else Time of Day), as printed. */
  first: string;
  last: string;
  /** Distinct values of the User column (empty when the column was not exported). */
  users: string[];
  /** Accounts named by "Impersonating: X" in Detail: the access was checked as X. */
  impersonating: string[];
  /** Distinct "Desired Access" values from Detail. */
  desiredAccess: string[];
  pids: number[];
  /** true when Detail says the object was opened as a directory. */
  directory: boolean;
  /** First occurrence. */
  file: string;
  line: number;
}

export interface ProcmonCapture {
  file: string;
  format: "csv";
  /** Events (CSV rows) read. */
  events: number;
  /** Events whose Result contains DENIED. */
  denied: number;
  /** Column titles as exported, in file order. */
  columns: string[];
  hasUserColumn: boolean;
  delimiter: string;
  /** Events of the WSUS processes (knowledge/wsus-processes.ts), any result, by canonical name. */
  wsusProcessEvents: Record<string, number>;
}

export interface ProcmonOtherFailure {
  result: string;
  process: string;
  count: number;
}

export interface ProcmonFacts {
  captures: ProcmonCapture[];
  events: number;
  deniedEvents: number;
  /** Events of the WSUS processes over all captures, any result, by canonical name. */
  wsusProcessEvents: Record<string, number>;
  denied: ProcmonDeniedGroup[];
  /** Denied events whose (process, path) group was not kept because of the group bound (still counted in deniedEvents). */
  deniedEventsUngrouped: number;
  /** Other denial-like results (SHARING VIOLATION, PRIVILEGE NOT HELD …), counted per process. */
  otherFailures: ProcmonOtherFailure[];
}

export interface ProcmonFragment {
  capture: ProcmonCapture;
  denied: ProcmonDeniedGroup[];
  deniedEventsUngrouped: number;
  otherFailures: ProcmonOtherFailure[];
}
