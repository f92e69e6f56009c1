/**
 * The WSUS virtual directories and the IIS settings each must have (WSUS 4.0/10.0 on IIS 8+).
 * Source: ../shared/knowledge/iis-vdirs.md §2 (the table lost from the guide), §4 notes, §6 summary.
 * Confidence marks follow knowledge/README.md: a rule never fires on a "?" cell alone.
 */

export type Confidence = "C" | "c" | "I" | "?";

export type WsusVdirName =
  | "ApiRemoting30"
  | "ClientWebService"
  | "Content"
  | "DssAuthWebService"
  | "Inventory"
  | "ReportingWebService"
  | "SelfUpdate"
  | "ServerSyncWebService"
  | "SimpleAuthWebService";

export interface ExpectedVdir {
  name: WsusVdirName;
  /** Who calls it. */
  callers: "clients" | "downstream servers" | "console";
  /** Anonymous authentication must be enabled (undefined: no expectation, e.g. ApiRemoting30, note 1). */
  anonymous?: { expected: boolean; confidence: Confidence };
  /** Windows authentication must be enabled / disabled. */
  windows: { expected: boolean; confidence: Confidence };
  /** Basic authentication is never expected. */
  basic: { expected: false; confidence: Confidence };
  /** Require SSL when WSUS uses SSL (the five SSL vdirs, iis-vdirs.md "The five SSL vdirs — verified"). */
  requireSslWhenWsusUsesSsl: boolean;
}

/** Everything clients and downstream servers touch is anonymous; only ApiRemoting30 uses Windows auth. */
export const EXPECTED_VDIRS: readonly ExpectedVdir[] = [
  {
    name: "ApiRemoting30",
    callers: "console",
    windows: { expected: true, confidence: "C" },
    basic: { expected: false, confidence: "C" },
    requireSslWhenWsusUsesSsl: true,
  },
  anonymousVdir("ClientWebService", "clients", true, "C", "C"),
  anonymousVdir("Content", "clients", false, "C", "I"),
  anonymousVdir("DssAuthWebService", "downstream servers", true, "C", "C"),
  anonymousVdir("Inventory", "clients", false, "C", "C"),
  anonymousVdir("ReportingWebService", "clients", false, "C", "C"),
  anonymousVdir("SelfUpdate", "clients", false, "C", "C"),
  anonymousVdir("ServerSyncWebService", "downstream servers", true, "C", "C"),
  anonymousVdir("SimpleAuthWebService", "clients", true, "C", "C"),
];

function anonymousVdir(
  name: WsusVdirName,
  callers: ExpectedVdir["callers"],
  ssl: boolean,
  anonymousConfidence: Confidence,
  windowsConfidence: Confidence,
): ExpectedVdir {
  return {
    name,
    callers,
    anonymous: { expected: true, confidence: anonymousConfidence },
    windows: { expected: false, confidence: windowsConfidence },
    basic: { expected: false, confidence: windowsConfidence === "C" ? "C" : "I" },
    requireSslWhenWsusUsesSsl: ssl,
  };
}

export const WSUS_VDIR_NAMES: readonly WsusVdirName[] = EXPECTED_VDIRS.map((vdir) => vdir.name);

/** The vdirs the Windows Update Agent (and downstream servers) call anonymously. */
export const ANONYMOUS_VDIRS: readonly WsusVdirName[] = EXPECTED_VDIRS.filter(
  (v) => v.anonymous?.expected,
).map((v) => v.name);

/** The five vdirs that require SSL when WSUS uses SSL; the others (and the site root) must not. */
export const SSL_VDIRS: readonly WsusVdirName[] = EXPECTED_VDIRS.filter(
  (v) => v.requireSslWhenWsusUsesSsl,
).map((v) => v.name);

/** The web services whose anonymous identity should be the same named account (note 4: Content excluded). */
export const WEB_SERVICE_VDIRS: readonly WsusVdirName[] = WSUS_VDIR_NAMES.filter(
  (name) => name !== "Content",
);

const CANONICAL = new Map<string, WsusVdirName>(WSUS_VDIR_NAMES.map((name) => [name.toLowerCase(), name]));

/** Canonical WSUS vdir name for a path segment (case-insensitive: IIS paths are), or undefined. */
export function canonicalVdir(segment: string): WsusVdirName | undefined {
  return CANONICAL.get(segment.toLowerCase());
}

/**
 * The WSUS services a client contacts, by URL (knowledge/iis.md §4); the per-client view of the
 * W3C log tracks first/last contact for each.
 */
export const CLIENT_SERVICES = [
  "SimpleAuthWebService",
  "ClientWebService",
  "ReportingWebService",
  "SelfUpdate",
  "Content",
  "ApiRemoting30",
] as const satisfies readonly WsusVdirName[];
export type ClientService = (typeof CLIENT_SERVICES)[number];

export const SERVICE_URLS: Readonly<Record<WsusVdirName, { url: string; purpose: string }>> = {
  SimpleAuthWebService: { url: "/SimpleAuthWebService/SimpleAuth.asmx", purpose: "GetAuthorizationCookie" },
  ClientWebService: {
    url: "/ClientWebService/client.asmx",
    purpose: "GetConfig, GetCookie, RegisterComputer, SyncUpdates, GetExtendedUpdateInfo, GetFileLocations",
  },
  ReportingWebService: { url: "/ReportingWebService/ReportingWebService.asmx", purpose: "ReportEventBatch" },
  SelfUpdate: { url: "/selfupdate/wuident.cab", purpose: "self-update check at the start of each detection" },
  Content: { url: "/Content/<XX>/<SHA1>.<ext>", purpose: "update files and EULAs" },
  ApiRemoting30: {
    url: "/ApiRemoting30/WebService.asmx",
    purpose: "WSUS console, PowerShell, ConfigMgr (Windows auth)",
  },
  ServerSyncWebService: {
    url: "/ServerSyncWebService/ServerSyncWebService.asmx",
    purpose: "downstream servers",
  },
  DssAuthWebService: {
    url: "/DssAuthWebService/DssAuthWebService.asmx",
    purpose: "downstream servers' cookie",
  },
  Inventory: { url: "/Inventory/inventory.asmx", purpose: "inventory collection" },
};

/** The guide's name for the WSUS site; WSUS 3.0 may use the Default Web Site instead. */
export const WSUS_SITE_NAMES = ["WSUS Administration", "Default Web Site"] as const;

/** IIS defaults when applicationHost.config does not set an attribute (iis-vdirs.md §5). */
export const IIS_AUTH_DEFAULTS = {
  anonymousEnabled: true,
  anonymousUserName: "IUSR",
  windowsEnabled: false,
  basicEnabled: false,
  sslFlags: "None",
} as const;
