/**
 * What a WSUS client's own evidence says (knowledge/client-logs.md): its WindowsUpdate.log (classic or
 * Get-WindowsUpdateLog text), ReportingEvents.log and a `reg export` of its Windows Update key.
 * Each file gives a fragment; the merge groups them per computer (`client.computers`).
 */
import type { WuErrorCategory } from "../../knowledge/wu-errors.js";

export type ClientEvidenceKind = "wu-log-classic" | "wu-log-etl" | "reporting-events" | "client-registry";

/** Where a client fact was read, so a finding can cite it. */
export interface ClientSourceLine {
  file: string;
  line: number;
}

/**
 * A moment on the client's clock. `at` is ISO 8601: with `Z` when the file states its offset (classic
 * log banner `tz:`, ReportingEvents.log), else the local time of the machine that wrote it, without zone
 * (Get-WindowsUpdateLog converts to the decoding machine's zone and writes no offset).
 */
export interface ClientTime {
  at: string;
  zone: "utc" | "local";
}

export type ClientOperation = "scan" | "report" | "download";

/** One error code that ended client operations, grouped by code, operation and server. */
export interface ClientErrorRecord extends ClientSourceLine {
  /** `0x80244017`. */
  code: string;
  symbol?: string;
  meaning?: string;
  /** The table's category; "unknown" for a code not in it. */
  category: WuErrorCategory | "unknown";
  operation: ClientOperation;
  /** The server the failing call went to (`http://wsus01:8530`), when the log names it. */
  server?: string;
  /** The web service it called last (`ClientWebService`, `SimpleAuthWebService`, `ReportingWebService`). */
  service?: string;
  /** true: the call went to the WSUS server; false: to Microsoft's public services; undefined: not said. */
  toWsus?: boolean;
  /** Failed operations (the lines one failure writes are counted once). */
  count: number;
  first: ClientTime;
  last: ClientTime;
  /** The last line that carried the code. */
  text: string;
}

export interface ClientSuccess extends ClientSourceLine {
  time: ClientTime;
  server?: string;
  text: string;
}

/** A configured value (policy server, client id …) and where it was read. */
export interface ClientSetting<T = string> extends ClientSourceLine {
  /** null: the evidence says "none" (`<NULL>`, `(null)`). */
  value: T | null;
  time?: ClientTime;
}

export interface RegistryResult {
  /** `Auto Update\Results\Detect|Download|Install`. */
  key: "Detect" | "Download" | "Install";
  /** REG_SZ `yyyy-MM-dd HH:mm:ss`; its zone is not documented (knowledge/client-logs.md §5.2). */
  lastSuccessTime?: string;
  lastError?: string;
  file: string;
  line: number;
}

export interface ClientFragment {
  kind: ClientEvidenceKind;
  file: string;
  /** The computer the file belongs to, and how that was decided. */
  computer?: { name: string; from: "log" | "path" };
  /** Lines (or events) read, and the time span they cover. */
  records: number;
  first?: ClientTime;
  last?: ClientTime;
  /** The last `WSUS server:` / `WSUS status server:` line, or the WUServer / WUStatusServer values. */
  wsusServer?: ClientSetting;
  statusServer?: ClientSetting;
  useWsus?: ClientSetting<number>;
  targetGroup?: ClientSetting;
  susClientId?: ClientSetting;
  errors: ClientErrorRecord[];
  lastScanSuccess?: ClientSuccess;
  lastReportSuccess?: ClientSuccess;
  /** Registry export only. */
  registry?: {
    susClientIdValidation: boolean;
    pingId?: string;
    accountDomainSid?: string;
    results: RegistryResult[];
  };
}

/** One computer's story across its files. */
export interface ClientComputer {
  computer: string;
  /** "log": the log names it (DNS name); "path": from the folder or file name; "file": neither did. */
  nameFrom: "log" | "path" | "file";
  files: string[];
  kinds: ClientEvidenceKind[];
  wsusServer?: ClientSetting & { from: ClientEvidenceKind };
  statusServer?: ClientSetting & { from: ClientEvidenceKind };
  susClientId?: ClientSetting & { from: ClientEvidenceKind };
  errors: ClientErrorRecord[];
  lastScanSuccess?: ClientSuccess;
  lastReportSuccess?: ClientSuccess;
  registryResults: RegistryResult[];
}

export interface ClientFacts {
  files: {
    file: string;
    kind: ClientEvidenceKind;
    computer: string;
    records: number;
    first?: ClientTime;
    last?: ClientTime;
  }[];
  computers: ClientComputer[];
}
