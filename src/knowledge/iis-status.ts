/**
 * IIS status / sub-status meanings, common sc-win32-status values and HTTP.sys (HTTPERR) reasons,
 * with the WSUS reading of each. Source: ../shared/knowledge/iis.md §3, §6, §6a, §7.
 */

export interface StatusMeaning {
  code: string;
  meaning: string;
  wsus: string;
}

export const SUBSTATUS_MEANINGS: readonly StatusMeaning[] = [
  {
    code: "401.1",
    meaning: "logon failed (invalid user credentials)",
    wsus: "anonymous vdirs: the anonymous account or its password is wrong, or the account is locked (the guide's IUSR case); ApiRemoting30: normal second leg of the NTLM handshake unless the Win32 code is a logon failure",
  },
  {
    code: "401.2",
    meaning: "logon failed due to server configuration",
    wsus: "no enabled authentication method fits: anonymous disabled on a client vdir (the guide's 401.2); normal first leg of the console's handshake on ApiRemoting30",
  },
  {
    code: "401.3",
    meaning: "unauthorized due to ACL on resource",
    wsus: "NTFS rights of the anonymous identity or the pool identity (NETWORK SERVICE); on /Content with UNC content: share/NTFS rights",
  },
  { code: "401.4", meaning: "authorization failed by filter", wsus: "a third-party ISAPI filter" },
  {
    code: "401.5",
    meaning: "authorization failed by ISAPI/CGI application",
    wsus: "a third-party ISAPI/CGI application",
  },
  {
    code: "401.501",
    meaning: "denied by dynamic IP restriction (concurrent requests)",
    wsus: "IP restrictions on the site",
  },
  {
    code: "401.502",
    meaning: "denied by dynamic IP restriction (request rate)",
    wsus: "IP restrictions on the site",
  },
  { code: "401.503", meaning: "denied by IP restriction", wsus: "IP restrictions on the site" },
  { code: "401.504", meaning: "denied by host name restriction", wsus: "IP restrictions on the site" },
  {
    code: "403.4",
    meaning: "SSL required",
    wsus: "the client uses http while the vdir requires SSL (policy URL vs sslFlags)",
  },
  { code: "403.6", meaning: "IP address rejected", wsus: "IP restrictions" },
  {
    code: "403.7",
    meaning: "client certificate required",
    wsus: "vdir set to require client certificates (should be Ignore)",
  },
  { code: "403.14", meaning: "directory listing denied", wsus: "normal when /Content/ is browsed by hand" },
  {
    code: "403.16",
    meaning: "client certificate untrusted or invalid",
    wsus: "vdir set to require client certificates (should be Ignore)",
  },
  {
    code: "403.17",
    meaning: "client certificate expired or not yet valid",
    wsus: "vdir set to require client certificates (should be Ignore)",
  },
  { code: "403.503", meaning: "IP address rejected", wsus: "IP restrictions" },
  {
    code: "404.0",
    meaning: "not found",
    wsus: "missing file under /Content, missing SelfUpdate vdir, wrong port or site",
  },
  { code: "404.2", meaning: "ISAPI/CGI restriction", wsus: "ASP.NET not registered or not allowed" },
  { code: "404.3", meaning: "MIME type restriction", wsus: "a MIME map missing" },
  { code: "500.0", meaning: "module or ISAPI error", wsus: "application exception" },
  { code: "500.11", meaning: "application shutting down", wsus: "recycles" },
  { code: "500.12", meaning: "application restarting", wsus: "recycles" },
  { code: "500.13", meaning: "server too busy", wsus: "overload" },
  {
    code: "500.19",
    meaning: "configuration data invalid",
    wsus: "broken applicationHost.config or web.config (e.g. a leftover xpress/suscomp.dll scheme)",
  },
  { code: "500.21", meaning: "module not recognised", wsus: "ASP.NET misregistration" },
  {
    code: "500.22",
    meaning: "ASP.NET httpModules configuration does not apply in Managed Pipeline mode",
    wsus: "ASP.NET misregistration",
  },
  {
    code: "500.23",
    meaning: "ASP.NET httpHandlers configuration does not apply in Managed Pipeline mode",
    wsus: "ASP.NET misregistration",
  },
  {
    code: "500.24",
    meaning: "ASP.NET impersonation configuration does not apply in Managed Pipeline mode",
    wsus: "ASP.NET impersonation enabled on a WSUS vdir (KB 2737219)",
  },
  {
    code: "503.0",
    meaning: "application pool unavailable",
    wsus: "WsusPool stopped (the W3C log rarely has it: see HTTPERR)",
  },
  { code: "503.2", meaning: "concurrent request limit exceeded", wsus: "appConcurrentRequestLimit" },
  { code: "503.3", meaning: "ASP.NET queue full", wsus: "overload" },
  { code: "503.4", meaning: "FastCGI queue full", wsus: "overload" },
];

export function statusMeaning(status: number, substatus: number): StatusMeaning | undefined {
  return SUBSTATUS_MEANINGS.find((m) => m.code === `${status}.${substatus}`);
}

export interface Win32Meaning {
  value: number;
  name: string;
  reading: string;
}

export const WIN32_STATUS: readonly Win32Meaning[] = [
  { value: 0, name: "success", reading: "" },
  { value: 2, name: "ERROR_FILE_NOT_FOUND", reading: "with 404: file missing" },
  { value: 3, name: "ERROR_PATH_NOT_FOUND", reading: "with 404: folder missing" },
  {
    value: 5,
    name: "ERROR_ACCESS_DENIED",
    reading: "with 401.2: no usable authentication; with 401.3: NTFS",
  },
  { value: 50, name: "ERROR_NOT_SUPPORTED", reading: "with 500.24" },
  {
    value: 64,
    name: "ERROR_NETNAME_DELETED",
    reading: "client or proxy reset the connection; not a server fault with 200",
  },
  { value: 121, name: "ERROR_SEM_TIMEOUT", reading: "network timeout during send" },
  { value: 995, name: "ERROR_OPERATION_ABORTED", reading: "client aborted" },
  {
    value: 1236,
    name: "ERROR_CONNECTION_ABORTED",
    reading: "connection closed by the server side, e.g. a recycle",
  },
  { value: 1326, name: "ERROR_LOGON_FAILURE", reading: "bad credentials" },
  {
    value: 2148074248,
    name: "0x80090308 SEC_E_INVALID_TOKEN",
    reading: "NTLM legs split across connections (load balancer)",
  },
  { value: 2148074252, name: "0x8009030C SEC_E_LOGON_DENIED", reading: "real authentication failure" },
  { value: 2148074254, name: "0x8009030E SEC_E_NO_CREDENTIALS", reading: "normal NTLM first leg" },
];

export function win32Name(value: number): string {
  const known = WIN32_STATUS.find((w) => w.value === value);
  if (known) return known.name;
  return value > 0x7fffffff ? `0x${value.toString(16).toUpperCase()}` : String(value);
}

/**
 * Win32 codes that make a 401.1 a real logon failure even when a successful authenticated request
 * follows (knowledge/iis.md §6: 2148074252 / 1326 / 5 on a `401 1`).
 */
export const LOGON_FAILURE_WIN32: readonly number[] = [2148074252, 1326, 5];

/** Seconds within which an authenticated 200 from the same address completes a console handshake (§6: "a few seconds"). */
export const HANDSHAKE_WINDOW_SECONDS = 10;

export interface HttpErrReason {
  reason: string;
  status?: number;
  meaning: string;
  wsus: string;
  /** The application pool was down or overloaded (IIS.POOL_UNAVAILABLE). */
  poolUnavailable: boolean;
}

export const HTTPERR_REASONS: readonly HttpErrReason[] = [
  {
    reason: "AppOffline",
    status: 503,
    meaning: "application taken offline because of application errors (rapid-fail protection)",
    wsus: "WsusPool stopped by rapid-fail",
    poolUnavailable: true,
  },
  {
    reason: "AppPoolTimer",
    status: 503,
    meaning: "pool process too busy to take the request",
    wsus: "pool saturated",
    poolUnavailable: true,
  },
  {
    reason: "AppShutdown",
    status: 503,
    meaning: "application shut down by administrator policy (recycle, idle time-out)",
    wsus: "recycle/idle settings",
    poolUnavailable: false,
  },
  {
    reason: "Disabled",
    status: 503,
    meaning: "an administrator took the application offline",
    wsus: "pool stopped by hand",
    poolUnavailable: true,
  },
  {
    reason: "QueueFull",
    status: 503,
    meaning: "application request queue full",
    wsus: "queueLength too small for the client count",
    poolUnavailable: true,
  },
  {
    reason: "ConnLimit",
    status: 503,
    meaning: "site connection limit reached",
    wsus: "site maxConnections set",
    poolUnavailable: false,
  },
  {
    reason: "N/A",
    status: 503,
    meaning: "internal error or no matching binding",
    wsus: "binding / host-header / URL ACL problem",
    poolUnavailable: false,
  },
  {
    reason: "Connection_Abandoned_By_AppPool",
    meaning: "worker process quit unexpectedly or orphaned a request",
    wsus: "w3wp crash or memory-limit recycle",
    poolUnavailable: true,
  },
  {
    reason: "Connection_Abandoned_By_ReqQueue",
    meaning: "worker process quit unexpectedly or orphaned a request",
    wsus: "w3wp crash or memory-limit recycle",
    poolUnavailable: true,
  },
  {
    reason: "Connection_Dropped",
    meaning: "client closed the connection before the response was logged",
    wsus: "client gave up; not proof of a failed request",
    poolUnavailable: false,
  },
  {
    reason: "Connection_Dropped_List_Full",
    meaning: "list of dropped connections full",
    wsus: "heavy churn",
    poolUnavailable: false,
  },
  {
    reason: "Connections_Refused",
    meaning: "kernel NonPagedPool low, new connections refused",
    wsus: "server-wide memory problem",
    poolUnavailable: false,
  },
  {
    reason: "Timer_ConnectionIdle",
    meaning: "idle keep-alive connection expired",
    wsus: "normal, ignore",
    poolUnavailable: false,
  },
  {
    reason: "Timer_HeaderWait",
    meaning: "headers not received in time",
    wsus: "slow or broken clients, scanners",
    poolUnavailable: false,
  },
  {
    reason: "Timer_EntityBody",
    meaning: "body not received in time",
    wsus: "slow or broken clients",
    poolUnavailable: false,
  },
  {
    reason: "Timer_MinBytesPerSecond",
    meaning: "client received the response too slowly",
    wsus: "slow links, large content",
    poolUnavailable: false,
  },
  {
    reason: "Timer_AppPool",
    meaning: "request waited too long in the pool queue",
    wsus: "pool overloaded",
    poolUnavailable: true,
  },
  {
    reason: "Timer_ReqQueue",
    meaning: "request waited too long in the request queue",
    wsus: "pool overloaded",
    poolUnavailable: true,
  },
  {
    reason: "Client_Reset",
    meaning: "client closed before the request was assigned to a worker",
    wsus: "client side",
    poolUnavailable: false,
  },
];

/** The reasons CHECKS.md IIS.POOL_UNAVAILABLE names (rules pass them as a parameter). */
export const POOL_UNAVAILABLE_REASONS: readonly string[] = HTTPERR_REASONS.filter(
  (r) => r.poolUnavailable,
).map((r) => r.reason);
