/**
 * IIS and HTTP.sys traffic joined to computers by address (issue 16 Build 3). An address joins a
 * computer only when exactly one computer of the model owns it (model.observeAddress); the client
 * address is the X-Forwarded-For one when the log has it (the IIS reader keys clients so). Addresses
 * that carry many agents (a balancer or NAT without X-Forwarded-For) are not attached to anyone:
 * they are counted so the view can say its IIS evidence could not be judged per computer.
 */
import type { Facts } from "../../collectors/facts.js";
import type { EvidenceLine } from "../../collectors/iis-log/facts.js";
import { agentParams, roleOf } from "./iis-agents.js";
import type { ComputerModel } from "./model.js";

const WUA = /Windows-Update-Agent/i;

/** Statuses HTTP.sys answers when WsusPool cannot take the request (knowledge/iis.md: 503 in HTTPERR). */
const UNAVAILABLE = /^(AppOffline|QueueFull|Disabled|AppPoolTimer|Connection_Abandoned_By_AppPool)$/;

/** The first sampled line of each client address, read once (samples are few; clients can be 50,000). */
function sampleByAddress(lines: readonly EvidenceLine[]): Map<string, EvidenceLine> {
  const byIp = new Map<string, EvidenceLine>();
  for (const line of lines) {
    for (const token of line.text.split(" ")) {
      // c-ip, or the first entry of an X-Forwarded-For value ("a,+b", "a:port")
      const ip = token.split(",")[0]!.replace(/^\[?([0-9a-fA-F:.]+?)\]?(:\d+)?$/, "$1");
      if (/^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]*:[0-9a-f:.]+$/i.test(ip) && !byIp.has(ip)) byIp.set(ip, line);
    }
  }
  return byIp;
}

function status(line: EvidenceLine): string {
  return `HTTP ${line.status}${line.substatus >= 0 ? `.${line.substatus}` : ""}`;
}

export interface TrafficJoin {
  /** Agent addresses seen scanning (the number of agents the logs show). */
  agentAddresses: number;
  /** Addresses that carry the scans of many agents: no computer behind them can be judged from IIS. */
  sharedAddresses: string[];
}

export function joinTraffic(facts: Facts, model: ComputerModel, raw: Record<string, unknown>): TrafficJoin {
  const join: TrafficJoin = { agentAddresses: 0, sharedAddresses: [] };
  const log = facts.iisLog;
  if (log) {
    const params = agentParams(raw);
    const files = log.files.map((f) => f.file);
    const logs = files.length === 1 ? files[0]! : `${files.length} IIS logs`;
    const refusedLines = sampleByAddress(log.authFailureSamples);
    const anyLines = sampleByAddress(log.samples);
    for (const client of log.clients) {
      const role = roleOf(client, params);
      if (role.role === "shared") join.sharedAddresses.push(client.ip);
      // an agent, or an older agent that only got as far as its self-update check (SelfUpdate)
      const agent = role.role === "agent" || (role.role === "other" && WUA.test(client.userAgent ?? ""));
      if (!agent) continue;
      if (role.role === "agent") join.agentAddresses++;
      const services = Object.entries(client.services);
      const requests = services.reduce((n, [, s]) => n + (s?.requests ?? 0), 0);
      const ok = services.reduce((n, [, s]) => n + (s?.ok ?? 0), 0);
      const sample = refusedLines.get(client.ip) ?? anyLines.get(client.ip);
      const provenance = sample ? { file: sample.file, line: sample.line } : { file: logs };
      if (requests > 0 && ok === 0) {
        const names = services.map(([name]) => name).join(", ");
        model.observeAddress(client.ip, {
          source: "iis",
          kind: "iis.refused",
          at: client.last,
          text: `all ${requests} request(s) from ${client.ip} to ${names} were refused${sample ? ` (${status(sample)})` : ""}, the last at ${client.last}${role.role === "agent" ? "" : ": the agent stops before its scan when its self-update check fails"}`,
          group:
            role.role === "agent"
              ? `IIS refused every request of the agent${sample ? ` (${status(sample)})` : ""}`
              : `IIS refused the agent's self-update check${sample ? ` (${status(sample)})` : ""}, so it never scans`,
          provenance,
        });
        continue;
      }
      if (role.role !== "agent") continue;
      const cws = client.services["ClientWebService"]!;
      const rws = client.services["ReportingWebService"];
      model.observeAddress(client.ip, {
        source: "iis",
        kind: rws ? "iis.reports" : "iis.scans-only",
        at: client.last,
        text: rws
          ? `${client.ip} scanned ${cws.requests} time(s) and posted ${rws.requests} report(s) between ${client.first} and ${client.last}`
          : `${client.ip} scanned ${cws.requests} time(s) between ${cws.first} and ${cws.last} and posted no report`,
        provenance,
      });
    }
  }
  for (const client of facts.httpErr?.clients ?? []) {
    const reasons = client.reasons.map((r) => `${r.reason} ${r.count}`).join(", ");
    const unavailable = client.reasons.some((r) => UNAVAILABLE.test(r.reason));
    model.observeAddress(client.ip, {
      source: "httperr",
      kind: unavailable ? "httperr.unavailable" : "httperr.rejected",
      at: client.last,
      text: `HTTP.sys rejected ${client.count} request(s) from ${client.ip} before IIS saw them (${reasons})${unavailable ? ": WsusPool was not taking requests" : ""}, the last at ${client.last}`,
      group: `HTTP.sys rejected its requests (${client.reasons[0]!.reason})${unavailable ? ": WsusPool was not taking requests" : ""}`,
      provenance: { file: client.file, line: client.line },
    });
  }
  return join;
}
