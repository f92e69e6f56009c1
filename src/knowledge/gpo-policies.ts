/**
 * The Windows Update Group Policy settings as data (knowledge/gpo.md §1).
 *
 * Two tables: the registry values (what Registry.pol, .reg exports and the RegistrySetting entries of
 * XML reports carry) and the ADMX policies (what gpresult / Get-GPOReport show as <Policy> by display
 * name). XML reports give no registry value for an ADMX policy, so a policy is recognised by its display
 * name (English, plus the localised names listed) and its elements are mapped to registry values by kind
 * and position, never by their (localised) labels nor by the policy's category folder, which differs
 * between template versions.
 */

/** The two policy keys: WU = HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate, AU = WU\AU. */
export type WuKey = "WU" | "AU";

export type RegType =
  | "REG_SZ"
  | "REG_EXPAND_SZ"
  | "REG_BINARY"
  | "REG_DWORD"
  | "REG_DWORD_BIG_ENDIAN"
  | "REG_MULTI_SZ"
  | "REG_QWORD"
  | "REG_NONE";

export interface WuRegistryValue {
  name: string;
  /** Where the current templates write it; `alsoUnder` lists the other key some template versions used. */
  key: WuKey;
  alsoUnder?: WuKey;
  type: RegType;
  /** The policy (ADMX id) that writes it. */
  policy: string;
  meaning: string;
}

/** Every Windows Update policy value a rule may name (knowledge/gpo.md §1.2–1.4). */
export const WU_REGISTRY_VALUES: readonly WuRegistryValue[] = [
  {
    name: "UseWUServer",
    key: "AU",
    type: "REG_DWORD",
    policy: "CorpWuURL",
    meaning: "1 = use the intranet server (WUServer); without 1 the client uses Microsoft Update",
  },
  {
    name: "WUServer",
    key: "WU",
    type: "REG_SZ",
    policy: "CorpWuURL",
    meaning: "intranet update service for detecting updates, e.g. http://wsus01:8530",
  },
  {
    name: "WUStatusServer",
    key: "WU",
    type: "REG_SZ",
    policy: "CorpWuURL",
    meaning: "intranet statistics server (where clients report)",
  },
  {
    name: "UpdateServiceUrlAlternate",
    key: "WU",
    type: "REG_SZ",
    policy: "CorpWuURL",
    meaning: "alternate download server (optional, empty when blank)",
  },
  {
    name: "FillEmptyContentUrls",
    key: "WU",
    type: "REG_DWORD",
    policy: "CorpWuURL",
    meaning: "download files with no URL in the metadata from the alternate server",
  },
  {
    name: "DoNotEnforceEnterpriseTLSCertPinningForUpdateDetection",
    key: "WU",
    type: "REG_DWORD",
    policy: "CorpWuURL",
    meaning: "1 = do not enforce TLS certificate pinning for detection",
  },
  {
    name: "SetProxyBehaviorForUpdateDetection",
    key: "WU",
    type: "REG_DWORD",
    policy: "CorpWuURL",
    meaning: "0 = only system proxy (default), 1 = allow user proxy as fallback",
  },
  {
    name: "TargetGroupEnabled",
    key: "WU",
    type: "REG_DWORD",
    policy: "TargetGroup_Title",
    meaning: "1 = client-side targeting on",
  },
  {
    name: "TargetGroup",
    key: "WU",
    type: "REG_SZ",
    policy: "TargetGroup_Title",
    meaning: "WSUS computer group name(s), ';'-separated",
  },
  {
    name: "DetectionFrequencyEnabled",
    key: "AU",
    type: "REG_DWORD",
    policy: "DetectionFrequency_Title",
    meaning: "1 = the detection interval below applies",
  },
  {
    name: "DetectionFrequency",
    key: "AU",
    type: "REG_DWORD",
    policy: "DetectionFrequency_Title",
    meaning: "detection interval in hours (1-22)",
  },
  {
    name: "AcceptTrustedPublisherCerts",
    key: "WU",
    type: "REG_DWORD",
    policy: "TrustedPublisherCerts",
    meaning: "1 = allow signed (third-party) updates from the intranet server",
  },
  {
    name: "DoNotConnectToWindowsUpdateInternetLocations",
    key: "WU",
    type: "REG_DWORD",
    policy: "DoNotConnectToWindowsUpdateInternetLocations",
    meaning: "1 = never contact Windows Update / Store internet locations",
  },
  {
    name: "UseUpdateClassPolicySource",
    key: "AU",
    type: "REG_DWORD",
    policy: "UpdateClassPolicySource",
    meaning: "1 = the per-class scan source values below apply (Windows 10 2004+ / 11)",
  },
  {
    name: "SetPolicyDrivenUpdateSourceForFeatureUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "UpdateClassPolicySource",
    meaning: "0 = Windows Update, 1 = WSUS",
  },
  {
    name: "SetPolicyDrivenUpdateSourceForQualityUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "UpdateClassPolicySource",
    meaning: "0 = Windows Update, 1 = WSUS",
  },
  {
    name: "SetPolicyDrivenUpdateSourceForDriverUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "UpdateClassPolicySource",
    meaning: "0 = Windows Update, 1 = WSUS",
  },
  {
    name: "SetPolicyDrivenUpdateSourceForOtherUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "UpdateClassPolicySource",
    meaning: "0 = Windows Update, 1 = WSUS",
  },
  {
    name: "NoAutoUpdate",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning: "Configure Automatic Updates: 0 = Enabled, 1 = Disabled",
  },
  {
    name: "AUOptions",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning:
      "2 notify, 3 auto download (default), 4 schedule, 5 local admin chooses, 7 notify to install/restart (Server 2016+)",
  },
  {
    name: "AutomaticMaintenanceEnabled",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning: "install during automatic maintenance",
  },
  {
    name: "ScheduledInstallDay",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning: "0 every day, 1 Sunday … 7 Saturday",
  },
  {
    name: "ScheduledInstallTime",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning: "hour 0-23, 24 = automatic",
  },
  {
    name: "AllowMUUpdateService",
    key: "AU",
    type: "REG_DWORD",
    policy: "AutoUpdateCfg",
    meaning: "install updates for other Microsoft products",
  },
  {
    name: "ElevateNonAdmins",
    key: "WU",
    alsoUnder: "AU",
    type: "REG_DWORD",
    policy: "ElevateNonAdmins",
    meaning: "non-admins may approve updates (up to Windows 8.1)",
  },
  {
    name: "AUPowerManagement",
    key: "WU",
    alsoUnder: "AU",
    type: "REG_DWORD",
    policy: "AUPowerManagement",
    meaning: "wake the computer for scheduled installs",
  },
  {
    name: "DeferFeatureUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "DeferFeatureUpdates",
    meaning: "1 = feature update deferral (Windows Update for Business) on",
  },
  {
    name: "DeferFeatureUpdatesPeriodInDays",
    key: "WU",
    type: "REG_DWORD",
    policy: "DeferFeatureUpdates",
    meaning: "feature update deferral in days (0-365)",
  },
  {
    name: "PauseFeatureUpdatesStartTime",
    key: "WU",
    type: "REG_SZ",
    policy: "DeferFeatureUpdates",
    meaning: "feature update pause start (yyyy-mm-dd), empty when not paused",
  },
  {
    name: "DeferQualityUpdates",
    key: "WU",
    type: "REG_DWORD",
    policy: "DeferQualityUpdates",
    meaning: "1 = quality update deferral (Windows Update for Business) on",
  },
  {
    name: "DeferQualityUpdatesPeriodInDays",
    key: "WU",
    type: "REG_DWORD",
    policy: "DeferQualityUpdates",
    meaning: "quality update deferral in days (0-30)",
  },
  {
    name: "PauseQualityUpdatesStartTime",
    key: "WU",
    type: "REG_SZ",
    policy: "DeferQualityUpdates",
    meaning: "quality update pause start (yyyy-mm-dd)",
  },
  {
    name: "BranchReadinessLevel",
    key: "WU",
    type: "REG_DWORD",
    policy: "ManagePreviewBuilds",
    meaning: "2/4/8 Insider, 16/32 Semi-Annual (older templates), 64 Release Preview quality-only",
  },
  {
    name: "ManagePreviewBuildsPolicyValue",
    key: "WU",
    type: "REG_DWORD",
    policy: "ManagePreviewBuilds",
    meaning: "Manage preview builds: 2 enabled, 1 disabled",
  },
  {
    name: "TargetReleaseVersion",
    key: "WU",
    type: "REG_DWORD",
    policy: "TargetReleaseVersion",
    meaning: "1 = pin the feature update version",
  },
  {
    name: "ProductVersion",
    key: "WU",
    type: "REG_SZ",
    policy: "TargetReleaseVersion",
    meaning: "target product, e.g. Windows 11",
  },
  {
    name: "TargetReleaseVersionInfo",
    key: "WU",
    type: "REG_SZ",
    policy: "TargetReleaseVersion",
    meaning: "target release, e.g. 23H2",
  },
  {
    name: "ExcludeWUDriversInQualityUpdate",
    key: "WU",
    type: "REG_DWORD",
    policy: "ExcludeWUDriversInQualityUpdate",
    meaning: "1 = no drivers with Windows updates",
  },
  {
    name: "DisableDualScan",
    key: "WU",
    type: "REG_DWORD",
    policy: "DisableDualScan",
    meaning: "1 = deferral policies do not cause scans against Windows Update (Windows 10 only)",
  },
  {
    name: "DisableWindowsUpdateAccess",
    key: "WU",
    type: "REG_DWORD",
    policy: "DisableWindowsUpdateAccess",
    meaning: "1 = turn off access to all Windows Update features (ICM)",
  },
  {
    name: "SetDisableUXWUAccess",
    key: "WU",
    type: "REG_DWORD",
    policy: "RemoveWindowsUpdate",
    meaning: "1 = hide the scan UI only",
  },
];

/** Registry value names are case-insensitive (but a trailing space makes another name). */
export function findWuValue(name: string): WuRegistryValue | undefined {
  const wanted = name.toLowerCase();
  return WU_REGISTRY_VALUES.find((value) => value.name.toLowerCase() === wanted);
}

export type ElementKind = "EditText" | "Numeric" | "DropDownList" | "CheckBox";

/** One element of a policy: its n-th element of a kind maps to one registry value. */
export interface PolicyElement {
  kind: ElementKind;
  /** 0-based position among the policy's elements of the same kind (labels are localised; order is not). */
  index: number;
  value: string;
  key: WuKey;
  /** English label, for documentation and as a cross-check. */
  label: string;
  /** How a drop-down's display text becomes the DWORD: "leading-number" or "update-source". */
  decode?: "leading-number" | "update-source" | "proxy-behaviour";
}

export interface WindowsUpdatePolicy {
  /** ADMX policy id (stable); rules refer to policies by it. */
  id: string;
  /** English display name as gpresult / Get-GPOReport print it. */
  displayName: string;
  /** Localised display names seen in reports of non-English GPMC ([c] community material). */
  localisedNames: readonly string[];
  key: WuKey;
  /** The registry value the policy state itself writes. */
  stateValue?: { name: string; enabled: number; disabled: number };
  elements: readonly PolicyElement[];
  meaning: string;
}

export const WU_POLICIES: readonly WindowsUpdatePolicy[] = [
  {
    id: "AutoUpdateCfg",
    displayName: "Configure Automatic Updates",
    localisedNames: ["Automatische Updates konfigurieren", "Configurer les mises à jour automatiques"],
    key: "AU",
    stateValue: { name: "NoAutoUpdate", enabled: 0, disabled: 1 },
    elements: [
      {
        kind: "DropDownList",
        index: 0,
        value: "AUOptions",
        key: "AU",
        label: "Configure automatic updating:",
        decode: "leading-number",
      },
    ],
    meaning: "Minimum setting for WSUS (guide): how the client downloads and installs.",
  },
  {
    id: "CorpWuURL",
    displayName: "Specify intranet Microsoft update service location",
    localisedNames: [
      "Internen Pfad für den Microsoft Updatedienst angeben",
      "Spécifier l'emplacement intranet du service de mise à jour Microsoft",
    ],
    key: "AU",
    stateValue: { name: "UseWUServer", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "EditText",
        index: 0,
        value: "WUServer",
        key: "WU",
        label: "Set the intranet update service for detecting updates:",
      },
      {
        kind: "EditText",
        index: 1,
        value: "WUStatusServer",
        key: "WU",
        label: "Set the intranet statistics server:",
      },
      {
        kind: "EditText",
        index: 2,
        value: "UpdateServiceUrlAlternate",
        key: "WU",
        label: "Set the alternate download server:",
      },
      {
        kind: "DropDownList",
        index: 0,
        value: "SetProxyBehaviorForUpdateDetection",
        key: "WU",
        label: "Select the proxy behavior for Windows Update client for detecting updates:",
        decode: "proxy-behaviour",
      },
    ],
    meaning: "Minimum setting for WSUS (guide): the update server and the statistics server.",
  },
  {
    id: "TargetGroup_Title",
    displayName: "Enable client-side targeting",
    localisedNames: ["Clientseitige Zielzuordnung aktivieren"],
    key: "WU",
    stateValue: { name: "TargetGroupEnabled", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "EditText",
        index: 0,
        value: "TargetGroup",
        key: "WU",
        label: "Target group name for this computer",
      },
    ],
    meaning: "WSUS computer group(s) the client joins.",
  },
  {
    id: "DetectionFrequency_Title",
    displayName: "Automatic Updates detection frequency",
    localisedNames: ["Suchhäufigkeit für automatische Updates"],
    key: "AU",
    stateValue: { name: "DetectionFrequencyEnabled", enabled: 1, disabled: 0 },
    elements: [
      { kind: "Numeric", index: 0, value: "DetectionFrequency", key: "AU", label: "interval (hours):" },
    ],
    meaning: "Hours between detections (default 22).",
  },
  {
    id: "TrustedPublisherCerts",
    displayName: "Allow signed updates from an intranet Microsoft update service location",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "AcceptTrustedPublisherCerts", enabled: 1, disabled: 0 },
    elements: [],
    meaning: "Third-party signed updates from WSUS.",
  },
  {
    id: "DoNotConnectToWindowsUpdateInternetLocations",
    displayName: "Do not connect to any Windows Update Internet locations",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "DoNotConnectToWindowsUpdateInternetLocations", enabled: 1, disabled: 0 },
    elements: [],
    meaning: "Blocks Windows Update / Store internet locations; WSUS scans continue.",
  },
  {
    id: "UpdateClassPolicySource",
    displayName: "Specify source service for specific classes of Windows Updates",
    localisedNames: [],
    key: "AU",
    stateValue: { name: "UseUpdateClassPolicySource", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "DropDownList",
        index: 0,
        value: "SetPolicyDrivenUpdateSourceForFeatureUpdates",
        key: "WU",
        label: "Feature Updates",
        decode: "update-source",
      },
      {
        kind: "DropDownList",
        index: 1,
        value: "SetPolicyDrivenUpdateSourceForQualityUpdates",
        key: "WU",
        label: "Quality Updates",
        decode: "update-source",
      },
      {
        kind: "DropDownList",
        index: 2,
        value: "SetPolicyDrivenUpdateSourceForDriverUpdates",
        key: "WU",
        label: "Driver Updates",
        decode: "update-source",
      },
      {
        kind: "DropDownList",
        index: 3,
        value: "SetPolicyDrivenUpdateSourceForOtherUpdates",
        key: "WU",
        label: "Other Updates",
        decode: "update-source",
      },
    ],
    meaning: "Scan source per update class (Windows 10 2004+ / 11): 0 Windows Update, 1 WSUS.",
  },
  {
    id: "DeferFeatureUpdates",
    displayName: "Select when Preview Builds and Feature Updates are received",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "DeferFeatureUpdates", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "Numeric",
        index: 0,
        value: "DeferFeatureUpdatesPeriodInDays",
        key: "WU",
        label:
          "How many days after a Feature Update is released would you like to defer the update before it is offered to the device?",
      },
      {
        kind: "EditText",
        index: 0,
        value: "PauseFeatureUpdatesStartTime",
        key: "WU",
        label: "Pause Preview Builds or Feature Updates starting:",
      },
    ],
    meaning: "Windows Update for Business feature update deferral.",
  },
  {
    id: "DeferQualityUpdates",
    displayName: "Select when Quality Updates are received",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "DeferQualityUpdates", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "Numeric",
        index: 0,
        value: "DeferQualityUpdatesPeriodInDays",
        key: "WU",
        label: "After a quality update is released, defer receiving it for this many days:",
      },
      {
        kind: "EditText",
        index: 0,
        value: "PauseQualityUpdatesStartTime",
        key: "WU",
        label: "Pause Quality Updates starting",
      },
    ],
    meaning: "Windows Update for Business quality update deferral.",
  },
  {
    id: "DisableDualScan",
    displayName: "Do not allow update deferral policies to cause scans against Windows Update",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "DisableDualScan", enabled: 1, disabled: 0 },
    elements: [],
    meaning:
      "Stops dual scan on Windows 10 (1607 with the 2017 updates, 1703 serviced, 1709+); not supported on Windows 11.",
  },
  {
    id: "ManagePreviewBuilds",
    displayName: "Manage preview builds",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "ManagePreviewBuildsPolicyValue", enabled: 2, disabled: 1 },
    elements: [],
    meaning: "Windows Insider preview builds (Windows Update for Business).",
  },
  {
    id: "TargetReleaseVersion",
    displayName: "Select the target Feature Update version",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "TargetReleaseVersion", enabled: 1, disabled: 0 },
    elements: [
      {
        kind: "EditText",
        index: 0,
        value: "ProductVersion",
        key: "WU",
        label: "Which Windows product version would you like to receive feature updates for?",
      },
      {
        kind: "EditText",
        index: 1,
        value: "TargetReleaseVersionInfo",
        key: "WU",
        label: "Target Version for Feature Updates",
      },
    ],
    meaning: "Pins the feature update version (Windows Update for Business).",
  },
  {
    id: "ExcludeWUDriversInQualityUpdate",
    displayName: "Do not include drivers with Windows Updates",
    localisedNames: [],
    key: "WU",
    stateValue: { name: "ExcludeWUDriversInQualityUpdate", enabled: 1, disabled: 0 },
    elements: [],
    meaning: "Excludes drivers from quality updates.",
  },
];

/** Find a policy by the display name a report prints (English or a listed localised name), case-insensitively. */
export function findWuPolicyByName(displayName: string): WindowsUpdatePolicy | undefined {
  const wanted = displayName.trim().toLowerCase();
  return WU_POLICIES.find(
    (policy) =>
      policy.displayName.toLowerCase() === wanted ||
      policy.localisedNames.some((name) => name.toLowerCase() === wanted),
  );
}

export function findWuPolicy(id: string): WindowsUpdatePolicy | undefined {
  return WU_POLICIES.find((policy) => policy.id === id);
}

/** Values whose presence means "a WSUS policy reaches this computer" (GPO.LINKED, §1.2–1.3). */
export const WSUS_CORE_VALUES: readonly string[] = [
  "UseWUServer",
  "WUServer",
  "WUStatusServer",
  "NoAutoUpdate",
  "AUOptions",
];

/** Windows Update for Business deferral switches that cause dual scan / a Windows Update scan source (§1.6) [C]. */
export const DEFERRAL_SWITCHES: readonly string[] = ["DeferFeatureUpdates", "DeferQualityUpdates"];

/** AUOptions meanings (§1.3). */
export const AU_OPTIONS: Readonly<Record<number, string>> = {
  1: "Keep my computer up to date is disabled (manual registry only)",
  2: "Notify for download and auto install",
  3: "Auto download and notify for install",
  4: "Auto download and schedule the install",
  5: "Allow local admin to choose setting",
  7: "Auto Download, Notify to install, Notify to Restart (Windows Server 2016+)",
};
