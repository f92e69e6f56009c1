/**
 * Where the WSUS web site really listens. Evidence beats the manifest: the IIS binding
 * (applicationHost.config), then the s-port of IIS log lines, then bundle.json.
 * GPO.PORT, GPO.SERVER_URL and IIS.SSL_CONFIG compare the policy URL with this.
 */
import type { Facts } from "../collectors/facts.js";

export interface WsusEndpoint {
  /** Host name the bundle describes (bundle.json wsus.server), when known. */
  server?: string;
  /** Ports the WSUS site answers plain HTTP on. Empty when unknown. */
  httpPorts: number[];
  /** Ports the WSUS site answers HTTPS on. Empty when unknown or none. */
  httpsPorts: number[];
  /** Which evidence the ports come from. */
  portSource: "iisConfig" | "iisLog" | "bundle" | "none";
  /** One sentence for the report: where the ports come from. */
  detail: string;
  /** With iisLog as the source: the s-ports that carried SOAP calls and those that carried /Content/ only. */
  logPorts?: { soap: number[]; contentOnly: number[] };
}

/** The web services whose s-port is the port of the policy URL (knowledge/iis.md §9): /Content/ is
 *  fetched on the HTTP port even when the policy URL is https, so it never decides. */
const SOAP_VDIRS = ["ClientWebService", "SimpleAuthWebService", "ReportingWebService"];

export function wsusEndpoint(facts: Facts): WsusEndpoint {
  const server = facts.bundle.wsus.server;
  const site = facts.iisConfig?.site;
  if (site && site.bindings.length > 0) {
    const describe = site.bindings.map((b) => `${b.protocol} ${b.port}`).join(", ");
    return {
      server,
      httpPorts: site.httpPorts,
      httpsPorts: site.httpsPorts,
      portSource: "iisConfig",
      detail: `the IIS binding of the site "${site.name}" in ${facts.iisConfig!.file}: ${describe}`,
    };
  }
  const fromLog = portsFromLog(facts);
  if (fromLog) return { server, ...fromLog };
  const wsus = facts.bundle.wsus;
  if (wsus.port !== undefined) {
    const ports = [wsus.port];
    return {
      server,
      httpPorts: wsus.ssl ? [] : ports,
      httpsPorts: wsus.ssl ? ports : [],
      portSource: "bundle",
      detail: `bundle.json says the WSUS site listens on port ${wsus.port}${wsus.ssl ? " (https)" : ""}`,
    };
  }
  return {
    server,
    httpPorts: [],
    httpsPorts: [],
    portSource: "none",
    detail: "no evidence of the WSUS site's port",
  };
}

/**
 * s-port of the SOAP calls in the W3C logs. A port is read as https when it is 443, or when the
 * port just below it carries /Content/ downloads (WSUS's pairing: HTTP port = SSL port − 1,
 * e.g. 8530/8531); otherwise as http.
 */
function portsFromLog(facts: Facts): Omit<WsusEndpoint, "server"> | undefined {
  const ports = facts.iisLog?.ports ?? [];
  const soapCount = (p: (typeof ports)[number]): number =>
    SOAP_VDIRS.reduce((n, v) => n + (p.byVdir[v] ?? 0), 0);
  const soap = ports.filter((p) => soapCount(p) > 0).map((p) => p.port);
  if (soap.length === 0) return undefined;
  const content = ports.filter((p) => (p.byVdir["Content"] ?? 0) > 0).map((p) => p.port);
  const isHttps = (port: number): boolean =>
    port === 443 || (content.includes(port - 1) && !content.includes(port));
  const httpsPorts = soap.filter(isHttps);
  const httpPorts = [
    ...new Set([...soap.filter((p) => !isHttps(p)), ...content.filter((p) => httpsPorts.includes(p + 1))]),
  ].sort((a, b) => a - b);
  const files = facts.iisLog!.files.map((f) => f.file).join(", ");
  return {
    httpPorts,
    httpsPorts,
    portSource: "iisLog",
    detail: `the s-port of the web-service requests in the IIS logs (${files}): ${[
      ...httpPorts.map((p) => `http ${p}`),
      ...httpsPorts.map((p) => `https ${p}`),
    ].join(", ")}`,
    logPorts: { soap, contentOnly: content.filter((p) => !soap.includes(p)) },
  };
}
