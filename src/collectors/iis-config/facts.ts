/**
 * The `iisConfig` fact: the WSUS site as applicationHost.config describes it, with every value
 * resolved (IIS defaults ← server level ← site location ← vDir location), so rules compare
 * effective settings. "Not configured" is an explicit value, never a missing key.
 */

export interface SiteBinding {
  protocol: string;
  /** `*` or an address. */
  ip: string;
  port: number;
  host: string;
}

export interface VdirConfig {
  /** Canonical WSUS vDir name (ApiRemoting30, ClientWebService, …). */
  name: string;
  /** Path as configured (case as written), e.g. "/Selfupdate". */
  path: string;
  /** "missing" when the site has no such application or virtual directory. */
  kind: "application" | "virtualDirectory" | "missing";
  physicalPath?: string;
  /** Application pool serving it (the root application's pool for virtual directories). */
  pool?: string;
  anonymousEnabled: boolean;
  /** Anonymous user; "" means the application pool identity. */
  anonymousUserName: string;
  windowsEnabled: boolean;
  basicEnabled: boolean;
  /** Effective sslFlags as IIS stores it ("None", "Ssl", "Ssl, SslNegotiateCert" …). */
  sslFlags: string;
  requireSsl: boolean;
  clientCertificates: "ignore" | "accept" | "require";
  /** ASP.NET impersonation (system.web/identity impersonate) when set in applicationHost.config. */
  impersonation: boolean;
  /** Where the authentication values come from (the location path(s) that set them). */
  setBy: string[];
}

export interface AppPoolConfig {
  name: string;
  /** false when applicationHost.config has no pool of that name (values are then IIS defaults). */
  found: boolean;
  identityType: string;
  userName?: string;
  queueLength: number;
  /** recycling/periodicRestart/@privateMemory in KB; 0 = no limit. */
  privateMemoryKB: number;
  virtualMemoryKB: number;
  rapidFailProtection: boolean;
  idleTimeoutMinutes: number;
  regularTimeIntervalMinutes: number;
  pingingEnabled: boolean;
  loadBalancerCapabilities: string;
  managedPipelineMode: string;
  /** Attributes set explicitly in the file (the others are IIS defaults). */
  explicit: string[];
}

export interface IisConfigFacts {
  file: string;
  /** Every site in the file: name and id. */
  sites: { name: string; id: number }[];
  /** The WSUS site (named "WSUS Administration", else the site holding ClientWebService); undefined when none. */
  site?: {
    name: string;
    id: number;
    bindings: SiteBinding[];
    httpPorts: number[];
    httpsPorts: number[];
    logDirectory?: string;
    rootPool?: string;
  };
  /** The nine WSUS vDirs, in table order (knowledge/iis-vdirs.md). */
  vdirs: VdirConfig[];
  /** The pool serving the WSUS web services (WsusPool). */
  pool?: AppPoolConfig;
  /** The global xpress compression scheme pointing at suscomp.dll: "this is a WSUS server". */
  wsusCompressionScheme: boolean;
}
