/**
 * The client's own story joined to its computer (issue 17 Build 4): the WSUS server it really uses,
 * its last successful scan and report, its last error decoded, and whether it is still failing — a
 * success after the last error means it recovered, and the story says so. Read from the client's
 * WindowsUpdate.log, ReportingEvents.log and `reg export` (src/collectors/client).
 */
import type { Facts } from "../../collectors/facts.js";
import type { ClientComputer, ClientErrorRecord } from "../../collectors/client/facts.js";
import { clientTimeMs } from "../../collectors/client/merge.js";
import { lookupWuCode } from "../../knowledge/wu-error-decode.js";
import { clientServer, showTime } from "../client/facts.js";
import { identify, type ComputerModel } from "./model.js";

/** Categories of the error table that speak about the way to the WSUS server (not client-side noise). */
const SERVER_WAY = new Set(["http", "connection", "scan", "reporting", "policy"]);

export interface ClientStory {
  server: string;
  /** One sentence: last scan, last error decoded, still failing or recovered. */
  text: string;
  /** "" when the bundle holds only a registry export of it (no log shows scans or errors). */
  state: "failing" | "recovered" | "ok" | "";
  /** Which kinds of client file the bundle holds for it. */
  sources: ("client-log" | "client-registry")[];
  /** The still-failing error, when there is one: its HTTP status (a refusal) and operation. */
  failing?: { httpStatus?: number; operation: string };
}

function latestError(computer: ClientComputer): ClientErrorRecord | undefined {
  let latest: ClientErrorRecord | undefined;
  for (const error of computer.errors) {
    if (error.toWsus === false || !SERVER_WAY.has(error.category)) continue;
    if (!latest || clientTimeMs(error.last) > clientTimeMs(latest.last)) latest = error;
  }
  return latest;
}

function describe(error: ClientErrorRecord): string {
  const known = lookupWuCode(Number.parseInt(error.code, 16));
  const meaning = known?.meaning ?? error.meaning ?? "not in the error table";
  return `${error.code} ${known?.symbol ?? error.symbol ?? ""} (${meaning})`.replace("  ", " ");
}

/** Observations and one story per computer that has client files. */
export function joinClientEvidence(facts: Facts, model: ComputerModel): Map<string, ClientStory> {
  const stories = new Map<string, ClientStory>();
  const computers = facts.client?.computers ?? [];
  if (computers.length === 0) return stories;
  const serverProblems = new Map(clientServer(facts).failing.map((row) => [row.computer, row]));
  for (const computer of computers) {
    // a file that names no computer (no folder, no prefix, no DNS name in the log) joins nobody
    if (computer.nameFrom === "file") continue;
    const id = computer.susClientId?.value ?? undefined;
    const identity = identify(computer.computer, id ? { clientId: id } : {});
    const record = model.record(identity);
    const error = latestError(computer);
    const success =
      error && (error.operation === "report" ? computer.lastReportSuccess : computer.lastScanSuccess);
    const recovered = error && success && clientTimeMs(success.time) > clientTimeMs(error.last);
    const hasLog = computer.kinds.some((kind) => kind !== "client-registry");
    const parts = hasLog
      ? [`last scan OK ${showTime(computer.lastScanSuccess?.time)}`]
      : ["registry export only (no log of its scans)"];
    if (computer.lastReportSuccess) parts.push(`last report OK ${showTime(computer.lastReportSuccess.time)}`);
    if (error) {
      const operation = error.operation === "report" ? "report upload" : error.operation;
      parts.push(
        `last ${operation} error ${describe(error)} ${showTime(error.last)} — ${recovered ? `recovered: a ${error.operation} succeeded after it` : "still failing"}`,
      );
      record.observations.push({
        source: "client-log",
        kind: recovered
          ? "client.recovered"
          : error.operation === "report"
            ? "client.report-error"
            : "client.scan-error",
        at: error.last.at,
        text: `its own log: ${describe(error)} on ${error.operation}${error.server ? ` to ${error.server}` : ""}, ${error.count} time(s), the last ${showTime(error.last)}${recovered ? "; it succeeded since" : ", no success since"}`,
        group: `its own log: ${error.code} ${lookupWuCode(Number.parseInt(error.code, 16))?.symbol ?? ""} on ${error.operation}${recovered ? ", recovered since" : ""}`,
        provenance: { file: error.file, line: error.line },
      });
    }
    const wrong = serverProblems.get(computer.computer);
    if (wrong) {
      record.observations.push({
        source: wrong.from.startsWith("registry") ? "client-registry" : "client-log",
        kind: "client.wrong-server",
        text: `it is configured for ${wrong.configured} (${wrong.from}): ${wrong.problem}`,
        group: `its own configuration names ${wrong.problem.startsWith("no WSUS") ? "no WSUS server" : "the wrong server"}: ${wrong.problem}`,
        provenance: { file: wrong.file, line: wrong.line },
      });
    }
    if (computer.susClientId?.value) {
      record.observations.push({
        source: computer.susClientId.from === "client-registry" ? "client-registry" : "client-log",
        kind: "client.id",
        text: `SusClientId ${computer.susClientId.value.toLowerCase()}`,
        provenance: { file: computer.susClientId.file, line: computer.susClientId.line },
      });
    }
    const failing = error && !recovered;
    const known = error ? lookupWuCode(Number.parseInt(error.code, 16)) : undefined;
    stories.set(record.key, {
      sources: [
        ...(hasLog ? (["client-log"] as const) : []),
        ...(computer.kinds.includes("client-registry") ? (["client-registry"] as const) : []),
      ],
      server:
        computer.wsusServer?.value ?? (computer.wsusServer ? "(none: Windows Update on the Internet)" : ""),
      text: parts.join("; "),
      state: failing ? "failing" : recovered ? "recovered" : hasLog ? "ok" : "",
      ...(failing
        ? {
            failing: {
              operation: error.operation,
              ...(known?.httpStatus ? { httpStatus: known.httpStatus } : {}),
            },
          }
        : {}),
    });
  }
  return stories;
}
