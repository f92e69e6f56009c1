/**
 * A PropertyTable of computer targets → WsusComputer rows: columns by name, case-insensitively,
 * whatever subset and order was exported (knowledge/wsus-computers.md §3.4, §7).
 */
import { computerKey } from "../../checks/clients/model.js";
import { decideDateOrder, latest, parseStamp, type DateOrder } from "../ps-export/dates.js";
import type { PropertyTable } from "../ps-export/table.js";
import type { Problem } from "../types.js";
import type { WsusComputer } from "./facts.js";

const NAME = ["fulldomainname", "name", "computername", "computer"];
const ID = ["id", "computerid", "computertargetid", "susclientid"];
const IP = ["ipaddress", "ip address", "ip"];
const LAST_SYNC = ["lastsynctime", "lastsynctimeutc"];
const LAST_REPORT = ["lastreportedstatustime", "lastreportedstatustimeutc", "last status report"];
const SYNC_RESULT = ["lastsyncresult"];

/** SynchronizationResult by number (the API enum; SUSDB's 0 = never contacted). */
const SYNC_RESULTS = ["NeverRun", "Succeeded", "Failed", "Canceled", "Unknown"];

function pick(values: Map<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = values.get(name);
    if (value !== undefined && value.trim() !== "" && value.trim().toUpperCase() !== "NULL")
      return value.trim();
  }
  return undefined;
}

function has(columns: readonly string[], names: readonly string[]): boolean {
  return columns.some((column) => names.includes(column.toLowerCase()));
}

/** Whether a header names computer targets: a name column and at least one of the two timestamps. */
export function isComputerTargetHeader(columns: readonly string[]): boolean {
  return has(columns, NAME) && (has(columns, LAST_SYNC) || has(columns, LAST_REPORT));
}

function syncResult(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return SYNC_RESULTS[Number(raw)] ?? raw;
  return raw;
}

export interface InventoryRows {
  computers: WsusComputer[];
  dateOrder: DateOrder;
  dateNote: string;
  newest?: string;
  problems: Problem[];
  rejected: number;
}

export function inventoryRows(table: PropertyTable, file: string): InventoryRows {
  const problems: Problem[] = table.rejected.slice(0, 5).map((r) => ({
    line: r.line,
    severity: "warning" as const,
    message: `Row skipped: ${r.message}.`,
    sample: r.sample,
  }));
  let rejected = table.rejected.length;
  const dates: string[] = [];
  for (const row of table.rows) {
    const sync = pick(row.values, LAST_SYNC);
    const report = pick(row.values, LAST_REPORT);
    if (sync) dates.push(sync);
    if (report) dates.push(report);
  }
  const { order, note } = decideDateOrder(dates);
  const computers: WsusComputer[] = [];
  let newest = -Infinity;
  for (const row of table.rows) {
    const name = pick(row.values, NAME);
    if (!name) {
      rejected++;
      if (problems.length < 10)
        problems.push({
          line: row.line,
          severity: "warning",
          message: "Row without a computer name: skipped.",
        });
      continue;
    }
    const computer: WsusComputer = { key: computerKey(name), name, file, line: row.line };
    const id = pick(row.values, ID);
    if (id) computer.id = id.toLowerCase();
    const ip = pick(row.values, IP);
    if (ip) computer.ip = ip;
    const os = pick(row.values, ["osdescription"]);
    if (os) computer.os = os;
    const clientVersion = pick(row.values, ["clientversion"]);
    if (clientVersion) computer.clientVersion = clientVersion;
    for (const [field, names] of [
      ["lastSync", LAST_SYNC],
      ["lastReport", LAST_REPORT],
    ] as const) {
      // NULL (SUSDB) means never; an empty cell means the value was not exported
      const raw =
        pick(row.values, names) ??
        (names.some((n) => row.values.get(n)?.trim().toUpperCase() === "NULL") ? "NULL" : undefined);
      if (raw === undefined) continue;
      const stamp = parseStamp(raw, order);
      if (!stamp) {
        if (problems.length < 10)
          problems.push({
            line: row.line,
            severity: "warning",
            message: `"${raw}" is not a date: ${field} left unknown.`,
          });
        continue;
      }
      computer[field] = stamp;
      newest = Math.max(newest, latest(stamp) ?? -Infinity);
    }
    const result = syncResult(pick(row.values, SYNC_RESULT));
    if (result) computer.lastSyncResult = result;
    const group = pick(row.values, ["requestedtargetgroupname"]);
    if (group) computer.requestedGroup = group;
    const downstream = pick(row.values, ["syncsfromdownstreamserver"]);
    if (downstream) computer.downstream = /^(true|1)$/i.test(downstream);
    computers.push(computer);
  }
  return {
    computers,
    dateOrder: order,
    dateNote: note,
    ...(Number.isFinite(newest) ? { newest: new Date(newest).toISOString().replace(".000Z", "Z") } : {}),
    problems,
    rejected,
  };
}
