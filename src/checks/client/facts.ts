/**
 * Facts the CLIENT.* rules read: per computer, the Windows Update errors that end its scans or reports,
 * whether it is still failing (no success after its last error), and the server it really uses.
 * The rules select the rows (which categories, failing or recovered) in their conditions; the
 * operations a check covers are a parameter, since they decide which logs can show it.
 */
import type { Facts } from "../../collectors/facts.js";
import type { ClientComputer, ClientErrorRecord, ClientTime } from "../../collectors/client/facts.js";
import { clientTimeMs } from "../../collectors/client/merge.js";
import { lookupWuCode } from "../../knowledge/wu-error-decode.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { wsusEndpoint } from "../server-endpoint.js";

export interface ClientErrorRow {
  computer: string;
  code: string;
  symbol: string;
  meaning: string;
  httpStatus?: number;
  operation: string;
  /** The code's category in the error table (http, connection, scan, reporting, policy …): rules select by it. */
  category: string;
  server: string;
  service: string;
  count: number;
  lastError: string;
  lastSuccess: string;
  /** failing: no success of this operation after the last error; recovered: a later success. */
  status: "failing" | "recovered";
  wsusCause: string;
  /** Server-side checks that explain the code (client-logs.md §4). */
  serverChecks: string[];
  /** Filled after the engine: the server-side findings (or outcomes) of serverChecks. */
  seeAlso: string;
  file: string;
  line: number;
  text: string;
}

export interface ClientErrorsFact {
  evaluable: boolean;
  reason: string;
  /** Every error to WSUS of the operations asked for: rules select by category and status. */
  errors: ClientErrorRow[];
  /** Computers whose evidence could show these errors. */
  computers: string[];
}

const LOG_KINDS = ["wu-log-classic", "wu-log-etl"];

/** `2026-11-30 11:10:07 UTC`, or the local time with what it is local to. */
export function showTime(time: ClientTime | undefined): string {
  if (!time) return "none in the evidence";
  const text = time.at
    .replace("T", " ")
    .replace(/\.\d+Z?$/, "")
    .replace(/Z$/, "");
  return time.zone === "utc" ? `${text} UTC` : `${text} (client log time, zone not stated)`;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Computers whose files could show an error of these operations: a log for reports, a log or ReportingEvents.log for scans. */
function canShow(computer: ClientComputer, operations: string[]): boolean {
  const hasLog = computer.kinds.some((kind) => LOG_KINDS.includes(kind));
  if (operations.every((operation) => operation === "report")) return hasLog;
  return hasLog || computer.kinds.includes("reporting-events");
}

function row(computer: ClientComputer, error: ClientErrorRecord): ClientErrorRow {
  const known = lookupWuCode(Number.parseInt(error.code, 16));
  const success = error.operation === "report" ? computer.lastReportSuccess : computer.lastScanSuccess;
  const recovered = success !== undefined && clientTimeMs(success.time) > clientTimeMs(error.last);
  return {
    computer: computer.computer,
    code: error.code,
    symbol: error.symbol ?? "(not in the table)",
    meaning: error.meaning ?? "",
    ...(known?.httpStatus ? { httpStatus: known.httpStatus } : {}),
    operation: error.operation,
    category: error.category,
    server: error.server ?? "(not named by the log)",
    service: error.service ?? "",
    count: error.count,
    lastError: showTime(error.last),
    lastSuccess: showTime(success?.time),
    status: recovered ? "recovered" : "failing",
    wsusCause: known?.wsusCause ?? "",
    serverChecks: known?.serverChecks ?? [],
    seeAlso: "",
    file: error.file,
    line: error.line,
    text: error.text,
  };
}

/** Errors of the given operations that went to WSUS (or to a server the log does not name), every category. */
export function clientErrors(facts: Facts, params: Record<string, unknown>): ClientErrorsFact {
  const operations = stringList(params["operations"]);
  const wanted = operations.length > 0 ? operations : ["scan", "report", "download"];
  const computers = (facts.client?.computers ?? []).filter((computer) => canShow(computer, wanted));
  if (computers.length === 0) {
    return {
      evaluable: false,
      reason: wanted.every((operation) => operation === "report")
        ? "no client's WindowsUpdate.log is in the bundle: only the log shows failed report uploads"
        : "no client's WindowsUpdate.log or ReportingEvents.log is in the bundle (a registry export shows no errors)",
      errors: [],
      computers: [],
    };
  }
  return {
    evaluable: true,
    reason: `read the Windows Update logs of ${computers.length} computer(s): ${computers.map((c) => c.computer).join(", ")}`,
    errors: computers.flatMap((computer) =>
      computer.errors
        .filter((error) => error.toWsus !== false && wanted.includes(error.operation))
        .map((error) => row(computer, error)),
    ),
    computers: computers.map((c) => c.computer),
  };
}

export interface ClientServerRow {
  computer: string;
  configured: string;
  from: string;
  expected: string;
  problem: string;
  file: string;
  line: number;
}

export interface ClientServerFact {
  evaluable: boolean;
  reason: string;
  failing: ClientServerRow[];
  checked: ClientServerRow[];
}

function urlParts(url: string): { host: string; port: number; https: boolean } | undefined {
  const match = /^(https?):\/\/([^/:?#]+)(?::(\d+))?/i.exec(url.trim());
  if (!match) return undefined;
  const https = match[1]!.toLowerCase() === "https";
  return { host: match[2]!.toLowerCase(), port: match[3] ? Number(match[3]) : https ? 443 : 80, https };
}

/** `wsus01` and `wsus01.corp.fabrikam.local` are one host; two different FQDNs are not. */
function sameHost(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.includes(".") && b.includes(".")) return false;
  return a.split(".")[0] === b.split(".")[0];
}

/** The WSUS server each client really uses (its log's `WSUS server:` line, else its registry's WUServer). */
export function clientServer(facts: Facts): ClientServerFact {
  const computers = (facts.client?.computers ?? []).filter((computer) => computer.wsusServer);
  const endpoint = wsusEndpoint(facts);
  const knowsPorts = endpoint.httpPorts.length + endpoint.httpsPorts.length > 0;
  const expected = [
    endpoint.server ?? "",
    knowsPorts ? `ports ${[...endpoint.httpPorts, ...endpoint.httpsPorts].join("/")}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  if (computers.length === 0) {
    return {
      evaluable: false,
      reason:
        "no client log line 'WSUS server:' and no WUServer value in a client registry export: the bundle does not show which server the clients use",
      failing: [],
      checked: [],
    };
  }
  const rows = computers.map((computer): ClientServerRow => {
    const setting = computer.wsusServer!;
    const base = {
      computer: computer.computer,
      configured: setting.value ?? "(none)",
      from: setting.from === "client-registry" ? "registry WUServer" : "log 'WSUS server:'",
      expected: expected || "(not known)",
      file: setting.file,
      line: setting.line,
    };
    if (setting.value === null)
      return { ...base, problem: "no WSUS server: the agent goes to Windows Update on the Internet" };
    const parts = urlParts(setting.value);
    if (!parts) return { ...base, problem: "not a URL the agent can use" };
    if (endpoint.server && !sameHost(parts.host, endpoint.server.toLowerCase()))
      return { ...base, problem: `another server than ${endpoint.server}` };
    const ports = parts.https ? endpoint.httpsPorts : endpoint.httpPorts;
    if (knowsPorts && !ports.includes(parts.port))
      return {
        ...base,
        problem: `port ${parts.port} (${parts.https ? "https" : "http"}), but the WSUS site listens on ${[
          ...endpoint.httpPorts.map((p) => `http ${p}`),
          ...endpoint.httpsPorts.map((p) => `https ${p}`),
        ].join(", ")}`,
      };
    return { ...base, problem: "" };
  });
  const failing = rows.filter((r) => r.problem !== "");
  const comparable = endpoint.server !== undefined || knowsPorts;
  return {
    evaluable: comparable || failing.length > 0,
    reason: comparable
      ? `compared with ${expected} (${endpoint.detail})`
      : "the bundle does not say which WSUS server it describes (bundle.json wsus.server, an IIS binding or IIS logs): only an empty server could be judged",
    failing,
    checked: rows.filter((r) => r.problem === ""),
  };
}

export const clientFacts: FactDefinition[] = [
  {
    name: "clientErrors",
    description:
      "Windows Update error codes that ended a client's scans or report uploads against WSUS (client-logs.md §4), one row per computer, code, operation and server (errors), with the code's category, the last error, the last success of that operation and whether the computer is still failing (status). Rules select rows by category and status. Codes healthy logs carry and client-side codes are never returned; calls to Microsoft's public services are left out.",
    sources: ["client"],
    params: {
      operations: {
        type: "string[]",
        description: 'Operations: "scan", "report", "download" (default: all).',
      },
    },
    returns:
      '{ evaluable: boolean; reason: string; errors: ClientErrorRow[]; computers: string[] } where ClientErrorRow = { computer; code; symbol; meaning; httpStatus?; operation; category; server; service; count; lastError; lastSuccess; status: "failing" | "recovered"; wsusCause; serverChecks: string[]; seeAlso; file; line; text }',
    example: {
      evaluable: true,
      reason: "read the Windows Update logs of 1 computer(s): WKS-0415",
      errors: [
        {
          computer: "WKS-0415",
          code: "0x80244017",
          symbol: "WU_E_PT_HTTP_STATUS_DENIED",
          meaning: "the server answered HTTP 401 (the requested resource requires user authentication)",
          httpStatus: 401,
          operation: "scan",
          category: "http",
          server: "http://wsus01.corp.fabrikam.local:8530",
          service: "ClientWebService",
          count: 2,
          lastError: "2026-11-30 11:10:07 UTC",
          lastSuccess: "none in the evidence",
          status: "failing",
          wsusCause: "the WSUS virtual directories clients use must allow anonymous access",
          serverChecks: ["IIS.401_1"],
          seeAlso: "see IIS.401_1: WSUS virtual directories reject clients with HTTP 401.1",
          file: "clients/WKS-0415/WindowsUpdate.log",
          line: 52,
          text: "* WARNING: Exit code = 0x80244017",
        },
      ],
      computers: ["WKS-0415"],
    },
    compute: clientErrors,
  },
  {
    name: "clientServer",
    description:
      "The WSUS server each client really uses — the last 'WSUS server:' line of its WindowsUpdate.log, else WUServer in its registry export — compared with the WSUS server the bundle describes (bundle.json wsus.server; ports from the IIS binding, the IIS logs or bundle.json). An empty server always fails.",
    sources: ["client"],
    returns:
      "{ evaluable: boolean; reason: string; failing: ClientServerRow[]; checked: ClientServerRow[] } where ClientServerRow = { computer; configured; from; expected; problem; file; line }",
    example: {
      evaluable: true,
      reason: "compared with wsus01.corp.fabrikam.local, ports 8530",
      failing: [
        {
          computer: "WKS-0733",
          configured: "http://wsus-old:8530",
          from: "log 'WSUS server:'",
          expected: "wsus01.corp.fabrikam.local, ports 8530",
          problem: "another server than wsus01.corp.fabrikam.local",
          file: "clients/WKS-0733/WindowsUpdate.log",
          line: 3,
        },
      ],
      checked: [],
    },
    compute: (facts) => clientServer(facts),
  },
];
