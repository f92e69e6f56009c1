/**
 * Dynamic facts over the `procmon` evidence. `procmonDenials` applies the guide's filter
 * (Result contains DENIED, Path contains CERTIFICATE excluded) and its process list, both given by
 * the rule as parameters, and splits the denied paths into file-system and registry rows that the
 * remediation can turn into commands.
 */
import type { Facts } from "../../collectors/facts.js";
import type { ProcmonDeniedGroup } from "../../collectors/procmon/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { WSUS_PROCESSES, wsusProcessName } from "../../knowledge/wsus-processes.js";

export interface DenialRow {
  index: number;
  process: string;
  path: string;
  kind: "file" | "registry";
  operations: string;
  count: number;
  first: string;
  last: string;
  /** The account the access was checked as: Impersonating, else the User column, else the default. */
  account: string;
  desiredAccess: string;
  /** icacls grant spec: (OI)(CI)F for folders, F for files (inheritance flags do not apply to files). */
  grantSpec: string;
  /** Registry only: the key in regedit form (HKEY_LOCAL_MACHINE\…) and PowerShell form (HKLM:\…). */
  regeditPath: string;
  psPath: string;
  /** Registry only: the key in reg.exe form (HKLM\…). */
  regPath: string;
  file: string;
  line: number;
}

export interface ProcmonDenials {
  rows: DenialRow[];
  files: DenialRow[];
  registry: DenialRow[];
  /** Denied (process, path) groups that match. */
  count: number;
  /** Denied events behind those groups. */
  events: number;
  /** Denials of the listed processes left out by the exclusion (CERTIFICATE paths). */
  excluded: DenialRow[];
  excludedCount: number;
  /** Denied groups of processes outside the list (not the guide's concern). */
  otherProcesses: number;
  /** Captured events in total and ACCESS DENIED events in total, for context. */
  capturedEvents: number;
  capturedDenied: number;
  /** Events of the listed processes, any result: without one the capture cannot show them denied. */
  processEvents: { process: string; events: number }[];
  /** Whether the capture saw a listed process at work (or lists a process the collector does not count). */
  observable: boolean;
  /** What the capture shows of the listed processes, or why it cannot be judged. */
  reason: string;
}

const DEFAULT_PROCESSES: readonly string[] = WSUS_PROCESSES;
const DEFAULT_EXCLUDE = ["CERTIFICATE"];
const DEFAULT_ACCOUNT =
  "not exported (w3wp.exe for WSUS and WsusService.exe run as NETWORK SERVICE by default)";

const HIVES: readonly [RegExp, string, string][] = [
  [/^(HKLM|HKEY_LOCAL_MACHINE|\\REGISTRY\\MACHINE)(?=\\|$)/i, "HKEY_LOCAL_MACHINE", "HKLM"],
  [/^(HKCU|HKEY_CURRENT_USER)(?=\\|$)/i, "HKEY_CURRENT_USER", "HKCU"],
  [/^(HKCR|HKEY_CLASSES_ROOT)(?=\\|$)/i, "HKEY_CLASSES_ROOT", "HKCR"],
  [/^(HKU|HKEY_USERS|\\REGISTRY\\USER)(?=\\|$)/i, "HKEY_USERS", "HKU"],
  [/^(HKCC|HKEY_CURRENT_CONFIG)(?=\\|$)/i, "HKEY_CURRENT_CONFIG", "HKCC"],
];

/** regedit, PowerShell and reg.exe forms of a Procmon registry path. */
export function registryForms(path: string): { regeditPath: string; psPath: string; regPath: string } {
  for (const [pattern, long, short] of HIVES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const rest = path.slice(match[0].length);
    const ps = short === "HKLM" || short === "HKCU" ? `${short}:${rest || "\\"}` : `Registry::${long}${rest}`;
    return { regeditPath: `${long}${rest}`, psPath: ps, regPath: `${short}${rest}` };
  }
  return { regeditPath: path, psPath: `Registry::${path}`, regPath: path };
}

function toRow(group: ProcmonDeniedGroup): DenialRow {
  const registry = group.eventClass === "registry";
  const forms = registry ? registryForms(group.path) : { regeditPath: "", psPath: "", regPath: "" };
  return {
    index: 0,
    process: group.process,
    path: group.path,
    kind: registry ? "registry" : "file",
    operations: group.operations.join(", "),
    count: group.count,
    first: group.first,
    last: group.last,
    account: group.impersonating[0]
      ? `${group.impersonating.join(", ")} (impersonated)`
      : group.users.join(", ") || DEFAULT_ACCOUNT,
    desiredAccess: group.desiredAccess.join("; "),
    grantSpec: group.directory ? "(OI)(CI)F" : "F",
    ...forms,
    file: group.file,
    line: group.line,
  };
}

export function procmonDenials(facts: Facts, params: Record<string, unknown>): ProcmonDenials {
  const processes = new Set(
    (Array.isArray(params.processes) ? params.processes : DEFAULT_PROCESSES).map((p) =>
      String(p).toLowerCase(),
    ),
  );
  const exclude = (
    Array.isArray(params.excludePathContains) ? params.excludePathContains : DEFAULT_EXCLUDE
  ).map((text) => String(text).toLowerCase());
  const classes = new Set(
    Array.isArray(params.eventClasses) ? params.eventClasses.map(String) : ["file", "registry"],
  );
  const procmon = facts.procmon;
  const groups = procmon?.denied ?? [];
  const listed = groups.filter((group) => processes.has(group.processKey) && classes.has(group.eventClass));
  const isExcluded = (group: ProcmonDeniedGroup): boolean =>
    exclude.some((text) => text !== "" && group.path.toLowerCase().includes(text));
  const rows = listed.filter((group) => !isExcluded(group)).map(toRow);
  rows.forEach((row, index) => (row.index = index + 1));
  const excluded = listed.filter(isExcluded).map(toRow);
  return {
    ...observability([...processes], procmon),
    rows,
    files: rows.filter((row) => row.kind === "file"),
    registry: rows.filter((row) => row.kind === "registry"),
    count: rows.length,
    events: rows.reduce((sum, row) => sum + row.count, 0),
    excluded,
    excludedCount: excluded.length,
    otherProcesses: groups.filter((group) => !processes.has(group.processKey)).length,
    capturedEvents: procmon?.events ?? 0,
    capturedDenied: procmon?.deniedEvents ?? 0,
  };
}

/** Whether the capture can show the listed processes denied: it must hold events of at least one. */
function observability(
  processes: string[],
  procmon: Facts["procmon"],
): Pick<ProcmonDenials, "processEvents" | "observable" | "reason"> {
  const counted = procmon?.wsusProcessEvents ?? {};
  const processEvents = processes.flatMap((key) => {
    const name = wsusProcessName(key);
    return name ? [{ process: name, events: counted[name] ?? 0 }] : [];
  });
  const seen = processEvents.filter((row) => row.events > 0);
  // a process the collector does not count (a customised list) cannot be judged here: assume seen
  const uncounted = processes.some((key) => !wsusProcessName(key));
  const captured = procmon?.events ?? 0;
  const names = (rows: { process: string }[]): string =>
    rows
      .map((row) => row.process)
      .join(", ")
      .replace(/, ([^,]*)$/, " or $1");
  if (seen.length > 0 || uncounted)
    return {
      processEvents,
      observable: true,
      reason: seen.map((row) => `${row.events} events of ${row.process}`).join(", ") || "captured",
    };
  return {
    processEvents,
    observable: false,
    reason: `the capture has no event of ${names(processEvents)} (${captured} events of other processes): it was not taken on the WSUS server while WSUS was working, so it cannot show WSUS being denied`,
  };
}

export const procmonFacts: FactDefinition[] = [
  {
    name: "procmonDenials",
    description:
      "Process Monitor ACCESS DENIED events of the listed processes on file-system and registry paths, grouped by process and path, " +
      "with the paths containing an excluded text (the guide's CERTIFICATE filter) set aside.",
    sources: ["procmon"],
    params: {
      processes: {
        type: "string[]",
        description:
          "Process image names, case-insensitive (default w3wp.exe, WsusService.exe, sqlservr.exe).",
      },
      excludePathContains: {
        type: "string[]",
        description:
          "Paths containing any of these texts (case-insensitive) are excluded (default CERTIFICATE).",
      },
      eventClasses: {
        type: "string[]",
        description: "Event classes to consider: file, registry (default both).",
      },
    },
    returns:
      "{ rows, files, registry: DenialRow[], count, events, excluded: DenialRow[], excludedCount, otherProcesses, capturedEvents, capturedDenied, processEvents: { process, events }[], observable: boolean, reason: string }; " +
      "DenialRow = { index, process, path, kind: 'file'|'registry', operations, count, first, last, account, desiredAccess, grantSpec, regeditPath, psPath, regPath, file, line }",
    example: {
      observable: true,
      reason: "5210 events of w3wp.exe, 312 events of WsusService.exe",
      count: 1,
      events: 4,
      excludedCount: 0,
      rows: [
        {
          index: 1,
          process: "w3wp.exe",
          path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files",
          kind: "file",
          operations: "CreateFile",
          count: 4,
          first: "10:02:11.4812113 AM",
          last: "10:02:41.5120980 AM",
          account: "NT AUTHORITY\\NETWORK SERVICE",
          desiredAccess: "Generic Read/Write",
          grantSpec: "(OI)(CI)F",
          regeditPath: "",
          psPath: "",
          regPath: "",
          file: "procmon/denied.csv",
          line: 2,
        },
      ],
    },
    compute: (facts, params) => procmonDenials(facts, params),
  },
];
