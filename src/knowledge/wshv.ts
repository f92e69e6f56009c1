/**
 * Windows Security Health Validator (WSHV) decoding tables, as data.
 * Primary source: seeds/003_00b00ca4f06a20c0.txt ("Interpret Windows System Health Validator Entries in
 * Log Files"); extra codes and the protocol view: knowledge/nps.md section 8 (MS-WSH, msshavmsg.dll).
 * Functions that use these tables live in wshv-decode.ts.
 */

export const WSHV_SOURCE_DOC = "003_00b00ca4f06a20c0.txt";

/** The nine elements, in the order the log always presents them (seed, "Diagnostic codes"). */
export const WSHV_ELEMENTS = [
  { position: 1, key: "firewall", label: "Firewall (on/off)" },
  { position: 2, key: "antivirusOn", label: "Antivirus on/off" },
  { position: 3, key: "antivirusUpToDate", label: "Antivirus up-to-date status" },
  { position: 4, key: "antispywareOn", label: "Antispyware on/off" },
  { position: 5, key: "antispywareUpToDate", label: "Antispyware up-to-date status" },
  { position: 6, key: "automaticUpdates", label: "Automatic Updates (on/off)" },
  { position: 7, key: "securityUpdates", label: "Security updates compliance" },
  { position: 8, key: "severity", label: "Security updates severity" },
  { position: 9, key: "updateSources", label: "Security updates legitimate source" },
] as const;

export type WshvElementKey = (typeof WSHV_ELEMENTS)[number]["key"];

/** XP clients (SP3) report no antispyware: their six codes are positions 1-3 and 6-8 (seed; MS-WSH). */
export const XP_POSITIONS = [1, 2, 3, 6, 7, 8] as const;
export const VISTA_POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** Element 9: legitimate update sources, a bitmask whose values combine (seed table). */
export const UPDATE_SOURCE_BITS = [
  { bit: 0x00004000, name: "Windows Update", short: "WU" },
  { bit: 0x00010000, name: "Windows Server Update Services (WSUS)", short: "WSUS" },
  { bit: 0x00020000, name: "Microsoft Update", short: "MU" },
] as const;

export const WSUS_SOURCE_BIT = 0x00010000;
export const ALL_SOURCE_BITS = 0x00034000;

/** Element 8: severity rating of the security updates (seed table). */
export const SEVERITY_LEVELS = [
  { code: 0x0040, name: "Unspecified" },
  { code: 0x0080, name: "Low" },
  { code: 0x0100, name: "Moderate" },
  { code: 0x0200, name: "Important" },
  { code: 0x0400, name: "Critical" },
] as const;

/** Catalogue checks (CHECKS.md, NPS.*) a code raises. */
export type NpsCheck =
  | "NPS.NO_WSUS_SERVER"
  | "NPS.WUA_COMM_FAILURE"
  | "NPS.WUA_SERVICE"
  | "NPS.NO_CLIENT_ID"
  | "NPS.REBOOT_REQUIRED"
  | "NPS.UPDATE_SOURCE"
  | "NPS.WSC_DOWN"
  | "NPS.COMPONENT_STATE"
  | "NPS.INVALID_SOH";

export interface WshvCode {
  code: number;
  /** As printed in the seed table (with its `L` suffix where the seed has one). */
  printed: string;
  symbol: string;
  /** A few words for tables and per-client views. */
  short: string;
  /** The seed's description, verbatim. */
  description: string;
  /** Our own wording where the seed's is wrong (knowledge/nps.md section 9), else absent. */
  correctedDescription?: string;
  /** "seed": in the seed's error table; otherwise where it comes from (knowledge/nps.md 8.7). */
  origin: "seed" | "MS-WSH" | "msshavmsg.dll";
  /** error: non-compliant; status: an informational client status (0x00FF.... success-type). */
  kind: "error" | "status";
  check?: NpsCheck;
}

/** The seed's error-code table, complete, in the seed's order. */
export const WSHV_SEED_CODES: readonly WshvCode[] = [
  {
    code: 0xc0ff0001,
    short: "system health component not enabled",
    printed: "0xC0FF0001",
    symbol: "E_MSSHV_PRODUCT_NOT_ENABLED",
    description: "A system health component is not enabled.",
    origin: "seed",
    kind: "error",
    check: "NPS.COMPONENT_STATE",
  },
  {
    code: 0xc0ff0002,
    short: "system health component not installed",
    printed: "0xC0FF0002",
    symbol: "E_MSSHAV_PRODUCT_NOT_INSTALLED",
    description: "A system health component is not installed.",
    origin: "seed",
    kind: "error",
    check: "NPS.COMPONENT_STATE",
  },
  {
    code: 0xc0ff0003,
    short: "Windows Security Center service not running",
    printed: "0xC0FF0003",
    symbol: "E_MSSHAV_WSC_SERVICE_DOWN",
    description: "The Windows Security Center service is not running.",
    origin: "seed",
    kind: "error",
    check: "NPS.WSC_DOWN",
  },
  {
    code: 0xc0ff0004,
    short: "component signatures not up to date",
    printed: "0xC0FF0004",
    symbol: "E_MSSHV_PRODUCT_NOT_UPTODATE",
    description: "The signatures for a specific system health component are not up to date.",
    origin: "seed",
    kind: "error",
    check: "NPS.COMPONENT_STATE",
  },
  {
    code: 0x00ff0008,
    short: "Windows Update Agent service not started since boot",
    printed: "0x00FF0008",
    symbol: "E_MSSHAV_WUA_SERVICE_NOT_STARTED_SINCE_BOOT",
    description:
      "The Windows Server Update Services has not started. An administrator must try to start the service manually.",
    correctedDescription:
      "The Windows Update Agent service has not started since boot. An administrator must try to start the service manually.",
    origin: "seed",
    // An error despite the 0x00 prefix (MS-WSH 2.2.9 names it as the exception).
    kind: "error",
    check: "NPS.WUA_SERVICE",
  },
  {
    code: 0xc0ff000c,
    short: "Windows Update Agent not configured to synchronize with a WSUS server",
    printed: "0xC0FF000C",
    symbol: "E_MSSHAV_NO_WUS_SERVER",
    description:
      "The Windows Update Agent on this computer is not configured to synchronize with a Windows Server Update Services server. An administrator must configure the Windows Update Agent service. Click the Try again button after configuration is done for the changes to take effect.",
    origin: "seed",
    kind: "error",
    check: "NPS.NO_WSUS_SERVER",
  },
  {
    code: 0xc0ff000d,
    short: "WSUS client ID of this computer could not be determined",
    printed: "0xC0FF000D",
    symbol: "E_MSSHAV_NO_CLIENT_ID",
    description: "Windows failed to determine the Windows Server Update Services client ID of this computer.",
    origin: "seed",
    kind: "error",
    check: "NPS.NO_CLIENT_ID",
  },
  {
    code: 0xc0ff000e,
    short: "Windows Update Agent service disabled or not set to start automatically",
    printed: "0xC0FF000E",
    symbol: "E_MSSHAV_WUA_SERVICE_DISABLED",
    description:
      "The Windows Update Agent service has been disabled or not configured to start automatically. An administrator must enable the service.",
    origin: "seed",
    kind: "error",
    check: "NPS.WUA_SERVICE",
  },
  {
    code: 0xc0ff000f,
    short: "periodic scan for security updates failed (WSUS unreachable or agent misconfigured)",
    printed: "0xC0FF000F",
    symbol: "E_MSSHAV_WUA_COMM_FAILURE",
    description:
      "The periodic scan of this computer for security updates failed. An administrator must ensure that a Windows Server Update Services server is available and that the Windows Update Agent on this computer is configured to synchronize with the server.",
    origin: "seed",
    kind: "error",
    check: "NPS.WUA_COMM_FAILURE",
  },
  {
    code: 0xc0ff0010,
    short: "security updates installed, restart required",
    printed: "0xC0FF0010",
    symbol: "E_MSSHAV_UPDATES_INSTALLED_REQUIRE_REBOOT",
    description:
      "Security updates have been installed and require this computer to be restarted. Please close all applications and restart this computer.",
    origin: "seed",
    kind: "error",
    check: "NPS.REBOOT_REQUIRED",
  },
  {
    code: 0xc0ff0012,
    short: "NPS could not validate the security update status (WSUS availability or agent configuration)",
    printed: "0xC0FF0012",
    symbol: "E_MSSHV_WUS_SHC_FAILURE",
    description:
      "The NPS server failed to validate the security update status of this computer. An administrator must ensure that a Windows Server Update Services server is available and that the Windows Update Agent on this computer is configured to synchronize with the server.",
    origin: "seed",
    kind: "error",
    check: "NPS.WUA_COMM_FAILURE",
  },
  {
    code: 0xc0ff0014,
    short: "unknown client",
    printed: "0xC0FF0014",
    symbol: "E_MSSHV_UNKNOWN_CLIENT",
    description: "Unknown client",
    origin: "seed",
    kind: "error",
    check: "NPS.INVALID_SOH",
  },
  {
    code: 0xc0ff0017,
    short: "statement of health invalid, not processed",
    printed: "0xC0FF0017",
    symbol: "E_MSSHV_INVALID_SOH",
    description:
      "The Windows Security Health Validator did not process the latest Statement of Health (SoH) because the SoH is not valid.",
    origin: "seed",
    kind: "error",
    check: "NPS.INVALID_SOH",
  },
  {
    code: 0xc0ff0018,
    short: "Windows Security Center service not started since boot",
    printed: "0xC0FF0018",
    symbol: "E_MSSHAV_WSC_SERVICE_NOT_STARTED_SINCE_BOOT",
    description:
      "The Windows Security Center service has not started. An administrator must try to start the service manually.",
    origin: "seed",
    kind: "error",
    check: "NPS.WSC_DOWN",
  },
  {
    code: 0xc0ff0047,
    short: "third-party health component not enabled",
    printed: "0xC0FF0047",
    symbol: "E_MSSHV_THIRD_PARTY_PRODUCT_NOT_ENABLED",
    description: "A third-party system health component is not enabled.",
    origin: "seed",
    kind: "error",
    check: "NPS.COMPONENT_STATE",
  },
  {
    code: 0xc0ff0048,
    short: "third-party component signatures not up to date",
    printed: "0xC0FF0048",
    symbol: "E_MSSHV_THIRD_PARTY_PRODUCT_NOT_UPTODATE",
    description: "The signatures for a specific third-party system health component are not up to date.",
    origin: "seed",
    kind: "error",
    check: "NPS.COMPONENT_STATE",
  },
  {
    code: 0xc0ff004e,
    short: "update source not approved: must use Microsoft Update",
    printed: "0xC0FF004EL",
    symbol: "E_MSSHAV_BAD_UPDATE_SOURCE_MU",
    description:
      "This computer is not configured to receive security updates from a source approved for this network. An administrator must configure the Windows Update Agent service to receive updates from Microsoft Update.",
    origin: "seed",
    kind: "error",
    check: "NPS.UPDATE_SOURCE",
  },
  {
    code: 0xc0ff004f,
    short: "update source not approved: must use Windows Update or Microsoft Update",
    printed: "0xC0FF004FL",
    symbol: "E_MSSHAV_BAD_UPDATE_SOURCE_WUMU",
    description:
      "This computer is not configured to receive security updates from a source approved for this network. An administrator must configure the Windows Update Agent service to receive updates from Windows Update or Microsoft Update.",
    origin: "seed",
    kind: "error",
    check: "NPS.UPDATE_SOURCE",
  },
  {
    code: 0xc0ff0050,
    short: "update source not approved: must use WSUS or Microsoft Update",
    printed: "0xC0FF0050L",
    symbol: "E_MSSHAV_BAD_UPDATE_SOURCE_MUWSUS",
    description:
      "This computer is not configured to receive security updates from a source approved for this network. An administrator must configure the Windows Update Agent service to receive updates from Windows Server Update Services or Microsoft Update.",
    origin: "seed",
    kind: "error",
    check: "NPS.UPDATE_SOURCE",
  },
  {
    code: 0xc0ff0051,
    short: "no update source configured for the Windows Update Agent",
    printed: "0xC0FF0051L",
    symbol: "E_MSSHAV_NO_UPDATE_SOURCE",
    description:
      "The Windows Update Agent on this computer is not configured to receive security updates. An administrator must configure the Windows Update Agent service. The NAP agent might have to be restarted for changes to take effect.",
    origin: "seed",
    kind: "error",
    check: "NPS.UPDATE_SOURCE",
  },
];

/** Codes beyond the seed (knowledge/nps.md 8.7): decoded and shown, marked as such, never raise a check. */
export const WSHV_EXTRA_CODES: readonly WshvCode[] = [
  {
    code: 0xc0ff0007,
    short: "must synchronize with WSUS and install new security updates",
    printed: "0xC0FF0007",
    symbol: "E_MSSHV_SYNC_AND_INSTALL_UPDATES",
    description:
      "The client will be synchronized with WSUS and must install new security updates (missing updates, or last synchronization too old).",
    origin: "MS-WSH",
    kind: "error",
  },
  {
    code: 0x00ff0005,
    short: "no missing security updates (client status)",
    printed: "0x00FF0005",
    symbol: "S_MSSHA_NO_MISSING_UPDATES",
    description: "Client status: no security updates are missing.",
    origin: "MS-WSH",
    kind: "status",
  },
  {
    code: 0x00ff0006,
    short: "some security updates missing (client status)",
    printed: "0x00FF0006",
    symbol: "S_MSSHA_MISSING_UPDATES",
    description: "Client status: some security updates are missing.",
    origin: "MS-WSH",
    kind: "status",
  },
  {
    code: 0xc0ff0015,
    short: "validator health check failed",
    printed: "0xC0FF0015",
    symbol: "E_MSSHV_SHC_FAILURE",
    description: "The validator's health check failed.",
    origin: "msshavmsg.dll",
    kind: "error",
  },
  {
    code: 0xc0ff0016,
    short: "validator policy failure",
    printed: "0xC0FF0016",
    symbol: "E_MSSHV_POLICY_FAILURE",
    description: "The validator's policy evaluation failed.",
    origin: "msshavmsg.dll",
    kind: "error",
  },
];

export const WSHV_CODES: readonly WshvCode[] = [...WSHV_SEED_CODES, ...WSHV_EXTRA_CODES];

/** Element codes that mean "Windows Security Center is not running": the entry's other codes mean nothing. */
export const WSC_DOWN_CODES: readonly number[] = [0xc0ff0003, 0xc0ff0018];

/** OS-Version major.minor → Windows name (knowledge/nps.md section 10). */
export const OS_VERSIONS = [
  { version: "5.1", client: "Windows XP", server: "Windows XP" },
  { version: "5.2", client: "Windows XP x64", server: "Windows Server 2003" },
  { version: "6.0", client: "Windows Vista", server: "Windows Server 2008" },
  { version: "6.1", client: "Windows 7", server: "Windows Server 2008 R2" },
  { version: "6.2", client: "Windows 8", server: "Windows Server 2012" },
  { version: "6.3", client: "Windows 8.1", server: "Windows Server 2012 R2" },
] as const;

export const NAP_DEPRECATION_NOTE =
  "Network Access Protection was deprecated in Windows Server 2012 R2 and is not available in Windows Server 2016 or later; the NAP client platform is not available starting with Windows 10. NAP/WSHV findings apply only to legacy environments.";
