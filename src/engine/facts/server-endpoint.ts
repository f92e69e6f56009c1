/**
 * Where the WSUS web site really listens. Evidence beats the manifest: the IIS binding
 * (applicationHost.config), then the s-port of IIS log lines, then bundle.json.
 * GPO.PORT, GPO.SERVER_URL and IIS.SSL_CONFIG compare the policy URL with this.
 */
import type { Facts } from "../../collectors/facts.js";

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
}

export function wsusEndpoint(facts: Facts): WsusEndpoint {
  const wsus = facts.bundle.wsus;
  const server = wsus.server;
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
  return { server, httpPorts: [], httpsPorts: [], portSource: "none", detail: "no evidence of the WSUS site's port" };
}
