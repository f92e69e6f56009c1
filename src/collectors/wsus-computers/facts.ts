/**
 * The `wsusComputers` fact: the WSUS server's own list of its computers (Get-WsusComputer or
 * GetComputerTargets() exported as CSV, JSON or CliXML, or a SUSDB query of tbComputerTarget /
 * PUBLIC_VIEWS.vComputerTarget), one row per computer with its line (knowledge/wsus-computers.md).
 * Timestamps are UTC (the API's); `never` marks year 0001 / 1753 / NULL.
 */
import type { DateOrder, Stamp } from "../ps-export/dates.js";

export type WsusInventoryFormat = "csv-ps51" | "csv" | "susdb-csv" | "json-ps51" | "json-ps7" | "clixml";

export interface WsusComputer {
  /** Upper-case NetBIOS name (first label of FullDomainName): the per-computer key. */
  key: string;
  /** FullDomainName as exported. */
  name: string;
  /** SusClientId (`Id`, SUSDB ComputerID / ComputerTargetId), lower case. */
  id?: string;
  ip?: string;
  os?: string;
  clientVersion?: string;
  lastSync?: Stamp;
  lastReport?: Stamp;
  /** Succeeded, Failed, NeverRun, Canceled, Unknown (numbers from JSON / SUSDB mapped to names). */
  lastSyncResult?: string;
  requestedGroup?: string;
  downstream?: boolean;
  file: string;
  line: number;
}

export interface WsusInventoryFile {
  file: string;
  format: WsusInventoryFormat;
  computers: number;
  dateOrder: DateOrder;
  /** How the date order was decided, in words. */
  dateNote: string;
  /** The latest LastSyncTime / LastReportedStatusTime in the file: the export was made after it. */
  newest?: string;
}

export interface WsusComputersFacts {
  files: WsusInventoryFile[];
  computers: WsusComputer[];
  /** The latest timestamp over every file. */
  newest?: string;
  /** True when some file's day/month order could not be decided (both readings kept). */
  ambiguousDates: boolean;
}

export interface WsusComputersFragment {
  file: WsusInventoryFile;
  computers: WsusComputer[];
}
