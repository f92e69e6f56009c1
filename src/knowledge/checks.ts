/**
 * The check catalogue (../shared/CHECKS.md) as data: every check the project must be able to make,
 * with its stable ID, its area, when it fires (shortened) and the remediation in short.
 * The report's coverage table lists every entry here, so a check without a rule is visible.
 * New checks get new IDs; an ID is never reused for a different meaning.
 */
import type { Area } from "../engine/types.js";

export interface CatalogueCheck {
  /** Stable ID, e.g. "GPO.PORT". */
  id: string;
  area: Area;
  /** "Fires when", shortened to one line. */
  title: string;
  /** The remediation in short. */
  remediation: string;
  /** G = WSUS clients not reporting guide, N = WSHV log entries, K = knowledge/. */
  origin: "G" | "N" | "K";
}

export const CHECKS: readonly CatalogueCheck[] = [
  {
    id: "GPO.LINKED",
    area: "gpo",
    origin: "G",
    title:
      "No GPO setting the Windows Update policies applies to the computers (not linked, link or GPO disabled, or filtered out)",
    remediation:
      "Create or link the WSUS GPO to the OU holding the machines; fix security and WMI filtering.",
  },
  {
    id: "GPO.AU_CONFIGURED",
    area: "gpo",
    origin: "G",
    title: '"Configure Automatic Updates" is not Enabled',
    remediation:
      "Enable it (Computer Configuration > Administrative Templates > Windows Components > Windows Update).",
  },
  {
    id: "GPO.INTRANET_LOCATION",
    area: "gpo",
    origin: "G",
    title: '"Specify intranet Microsoft update service location" is not Enabled, or UseWUServer is not 1',
    remediation: "Enable it and set both the update server and the statistics server URLs.",
  },
  {
    id: "GPO.STATUS_SERVER",
    area: "gpo",
    origin: "G",
    title:
      "The intranet statistics server (WUStatusServer) is empty or differs from the update server (WUServer)",
    remediation: "Set the statistics server to the same URL as the update server.",
  },
  {
    id: "GPO.SERVER_URL",
    area: "gpo",
    origin: "G",
    title: "The WSUS server URL is malformed or does not name the WSUS server of this site",
    remediation: "Correct the server name in the intranet update service location policy.",
  },
  {
    id: "GPO.DUAL_SCAN",
    area: "gpo",
    origin: "K",
    title:
      "WSUS plus Windows Update for Business deferral policies without dual-scan protection (clients scan Windows Update)",
    remediation:
      'Remove the deferral policies, enable "Do not allow update deferral policies…" (Windows 10), or set the source-service policies to WSUS (Windows 10 2004+ / 11).',
  },
  {
    id: "GPO.PORT",
    area: "gpo",
    origin: "G",
    title: "The policy URL's port is missing or differs from the port the WSUS site listens on",
    remediation: "Use http://server:8530 (or the bound port); confirm the port in IIS.",
  },
  {
    id: "ACL.NETWORK_SERVICE",
    area: "acl",
    origin: "G",
    title:
      "NETWORK SERVICE lacks Full Control on a folder WSUS needs (ASP.NET temp/CONFIG, Temp, WSUSContent, WebServices)",
    remediation: "Grant NETWORK SERVICE Full Control on each listed path; re-check.",
  },
  {
    id: "ACL.PROCMON_DENIED",
    area: "acl",
    origin: "G",
    title:
      "Process Monitor shows ACCESS DENIED for w3wp.exe, WsusService.exe or sqlservr.exe (CERTIFICATE paths excluded)",
    remediation:
      "Grant NETWORK SERVICE Full Control on each denied path (back up the registry first), restart W3SVC then Update Services 30 s apart, capture again.",
  },
  {
    id: "IIS.401_1",
    area: "iis",
    origin: "G",
    title: "WSUS virtual directories answer HTTP 401.1 (invalid user credentials)",
    remediation:
      "Unlock the IUSR account, read the anonymous password from the metabase, reset the account to it, set it on every WSUS vDir; restart the WSUS site.",
  },
  {
    id: "IIS.401_2",
    area: "iis",
    origin: "G",
    title:
      "HTTP 401.2 (denied by server configuration) answered to Windows Update Agent requests on anonymous vDirs",
    remediation: "Correct the vDir authentication settings to the expected table.",
  },
  {
    id: "IIS.401_3",
    area: "iis",
    origin: "G",
    title: "HTTP 401.3 (denied by resource ACL)",
    remediation: "Fix NTFS permissions (see ACL.*) and run Process Monitor.",
  },
  {
    id: "IIS.VDIR_AUTH",
    area: "iis",
    origin: "G",
    title: "A WSUS virtual directory's authentication differs from the expected table",
    remediation: "Set it as in the table; IISRESET or restart the WSUS site.",
  },
  {
    id: "IIS.ANON_IDENTITY",
    area: "iis",
    origin: "G",
    title:
      "The anonymous user differs between WSUS web-service vDirs, or the IUSR account is locked or disabled",
    remediation: "As IIS.401_1: one anonymous account with a valid password on every WSUS vDir.",
  },
  {
    id: "IIS.POOL_UNAVAILABLE",
    area: "iis",
    origin: "K",
    title:
      "The WSUS application pool was down or overloaded (HTTPERR queue entries, 503 responses, traffic gaps)",
    remediation:
      "Raise the WsusPool private memory limit and queue length, disable rapid-fail protection; check the Application log.",
  },
  {
    id: "IIS.POOL_SETTINGS",
    area: "iis",
    origin: "K",
    title:
      "WsusPool is configured to fall over under load (memory limit below 4 GB, queue below 2000, rapid-fail on)",
    remediation:
      "Private memory limit 0 or several GB, queue length 2000+, rapid-fail protection off; recycle the pool.",
  },
  {
    id: "IIS.SSL_CONFIG",
    area: "iis",
    origin: "K",
    title: "The policy URL's scheme or port does not match the site's SSL bindings and SSL requirements",
    remediation:
      "Bind https on 8531 with a trusted certificate, require SSL on the five web services, run wsusutil configuressl, use https://server:8531.",
  },
  {
    id: "IIS.CONTENT_MISSING",
    area: "iis",
    origin: "K",
    title: "Many 404 responses under /Content/ (update files missing from WSUSContent)",
    remediation:
      "Run wsusutil reset to re-download missing content; check the WSUSContent path and permissions.",
  },
  {
    id: "IIS.SERVER_ERRORS",
    area: "iis",
    origin: "K",
    title: "A significant rate of HTTP 500 responses on WSUS web services",
    remediation: "Check WSUS health (wsusutil checkhealth), the Application log and the permissions checks.",
  },
  {
    id: "IIS.CLIENTS_NOT_REPORTING",
    area: "iis",
    origin: "K",
    title:
      "Windows Update Agents scan (ClientWebService) but never report, or went silent; probes, crawlers and the console are not clients, and an address carrying many agents is not judged",
    remediation: "Investigate the listed clients' Windows Update Agent.",
  },
  {
    id: "EVT.HEALTH_ERRORS",
    area: "evt",
    origin: "G",
    title:
      "WSUS health errors (12002, 12012, 12022, 12032, 12042, 12052, 12072) without a later recovery event",
    remediation: "Fix permissions (ACL.*, IIS.*), run wsusutil checkhealth and confirm no new errors.",
  },
  {
    id: "NPS.NO_WSUS_SERVER",
    area: "nps",
    origin: "N",
    title: "SoH result 0xC0FF000C: the Windows Update Agent is not configured to sync with a WSUS server",
    remediation: "Same cause as GPO.INTRANET_LOCATION: configure the intranet update service location.",
  },
  {
    id: "NPS.WUA_COMM_FAILURE",
    area: "nps",
    origin: "N",
    title: "0xC0FF000F / 0xC0FF0012: the security update scan failed or NPS could not validate update status",
    remediation: "Make sure the WSUS server is reachable and the agent syncs with it (IIS.*, GPO.*).",
  },
  {
    id: "NPS.WUA_SERVICE",
    area: "nps",
    origin: "N",
    title: "0xC0FF000E / 0x00FF0008: the Windows Update service is disabled or not started since boot",
    remediation: "Enable and start the Windows Update service on the client.",
  },
  {
    id: "NPS.NO_CLIENT_ID",
    area: "nps",
    origin: "N",
    title: "0xC0FF000D: the WSUS client ID could not be determined",
    remediation: "Reset the client's SusClientId and re-detect.",
  },
  {
    id: "NPS.REBOOT_REQUIRED",
    area: "nps",
    origin: "N",
    title: "0xC0FF0010: updates installed, restart required",
    remediation: "Restart the client.",
  },
  {
    id: "NPS.UPDATE_SOURCE",
    area: "nps",
    origin: "N",
    title: "0xC0FF004E–0xC0FF0051, or the legitimate sources lack WSUS (0x00010000) where WSUS is intended",
    remediation: "Configure the approved update source.",
  },
  {
    id: "NPS.WSC_DOWN",
    area: "nps",
    origin: "N",
    title: "0xC0FF0003 / 0xC0FF0018: Windows Security Center is not running",
    remediation: "Start the Security Center service.",
  },
  {
    id: "NPS.COMPONENT_STATE",
    area: "nps",
    origin: "N",
    title: "0xC0FF0001/2/4/47/48: a health component is off, missing or out of date",
    remediation: "Enable, install or update the component.",
  },
  {
    id: "NPS.INVALID_SOH",
    area: "nps",
    origin: "N",
    title: "0xC0FF0017 (invalid SoH) or 0xC0FF0014 (unknown client)",
    remediation: "Investigate the NAP agent on the client.",
  },
  {
    id: "CLIENTS.STALE",
    area: "clients",
    origin: "K",
    title:
      "Computers in the WSUS list whose last status report is older than the threshold (default 30 days) or never",
    remediation:
      "Per cause: fix the server-side finding it points to; else run the client checks (client logs, wuauclt /resetauthorization /detectnow or usoclient StartScan).",
  },
  {
    id: "CLIENTS.SYNC_NO_REPORT",
    area: "clients",
    origin: "K",
    title: "Computers synchronise (recent LastSyncTime) but their status reports stopped",
    remediation: "Fix the reporting path: IIS.*, EVT.HEALTH_ERRORS, GPO.STATUS_SERVER.",
  },
  {
    id: "CLIENTS.NOT_REGISTERED",
    area: "clients",
    origin: "K",
    title: "Enabled domain computers that logged on recently are not in the WSUS list",
    remediation:
      "Link the WSUS GPO to their OUs / fix its filtering (GPO.LINKED); check their policy (gpresult).",
  },
  {
    id: "CLIENTS.DUPLICATE_ID",
    area: "clients",
    origin: "K",
    title:
      "Computers share one WSUS client ID (SusClientId): cloned images replace each other in the console",
    remediation:
      "On each clone: stop wuauserv, delete SusClientId, SusClientIDValidation, PingID, AccountDomainSid, start wuauserv, wuauclt /resetauthorization /detectnow.",
  },
  {
    id: "CLIENT.HTTP_ERRORS",
    area: "client",
    origin: "K",
    title:
      "Scans or reports against WSUS fail with WU_E_PT_HTTP_STATUS_* codes (401, 403, 404, 407, 500, 503 …)",
    remediation:
      "Fix the server-side finding the HTTP status points to; for 407 bypass the proxy for the WSUS host.",
  },
  {
    id: "CLIENT.CONNECTION",
    area: "client",
    origin: "K",
    title:
      "The agent gets no HTTP answer from WSUS: WinHTTP / network codes (0x80072EE2, 0x80072EE7, 0x80072EFD, 0x80072F8F …)",
    remediation:
      "DNS name of the server, firewall on 8530/8531, the certificate and the clock; GPO.SERVER_URL, GPO.PORT.",
  },
  {
    id: "CLIENT.WRONG_SERVER",
    area: "client",
    origin: "K",
    title: "The server the agent actually uses is empty or differs from the WSUS server the bundle describes",
    remediation: "As GPO.INTRANET_LOCATION / GPO.SERVER_URL / GPO.PORT; gpupdate /force on the client.",
  },
  {
    id: "CLIENT.SCAN_FAILED",
    area: "client",
    origin: "K",
    title:
      "Scans fail with server-side, non-HTTP errors (SOAP faults 0x80244007, 0x8024400E, round trips 0x80244010 …)",
    remediation:
      "As client-logs.md §4 says per code (maxInstalledPrerequisites, decline superseded updates, reset the client ID).",
  },
  {
    id: "CLIENT.REPORTING_FAILED",
    area: "client",
    origin: "K",
    title: "The agent cannot upload its status reports (failed to upload events, 0x80244008)",
    remediation: "Check ReportingWebService (IIS, EVT.HEALTH_ERRORS) and the SUSDB event table (KB 909131).",
  },
];

const BY_ID = new Map(CHECKS.map((check) => [check.id, check]));

/** The catalogue entry for an ID, or undefined for a check that is not in the catalogue (custom rules). */
export function findCheck(id: string): CatalogueCheck | undefined {
  return BY_ID.get(id);
}

/**
 * The guide's main causes of "clients are not reporting": its sections on Group Policy, permissions,
 * IIS and the WSUS health events. An audit that evaluated no check of one of them cannot call the
 * site healthy: the verdict is "incomplete" (docs/decisions, "Passed is earned").
 */
export const GUIDE_CAUSES: readonly { area: Area; label: string }[] = [
  { area: "gpo", label: "Group Policy" },
  { area: "acl", label: "permissions" },
  { area: "iis", label: "IIS web services" },
  { area: "evt", label: "WSUS health events" },
];
