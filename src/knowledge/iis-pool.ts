/**
 * WsusPool settings: IIS defaults (used when applicationHost.config omits an attribute), the value
 * WSUS setup writes, and what the sources recommend. Source: ../shared/knowledge/iis.md §8.
 * Sources disagree on the private memory limit (0 vs ×4 = 7,372,800 KB vs 4–8 GB): rules take the
 * threshold as a parameter and say in the finding which value they used.
 */

export const WSUS_POOL_NAME = "WsusPool";

/** IIS defaults for an application pool `<add>` element (and `applicationPoolDefaults`). */
export const IIS_POOL_DEFAULTS = {
  queueLength: 1000,
  privateMemoryKB: 0,
  virtualMemoryKB: 0,
  regularTimeIntervalMinutes: 1740,
  idleTimeoutMinutes: 20,
  pingingEnabled: true,
  rapidFailProtection: true,
  rapidFailProtectionMaxCrashes: 5,
  rapidFailProtectionIntervalMinutes: 5,
  loadBalancerCapabilities: "HttpLevel",
  identityType: "ApplicationPoolIdentity",
  managedPipelineMode: "Integrated",
  autoStart: true,
  startMode: "OnDemand",
} as const;

export const WSUS_POOL_RECOMMENDED = {
  /** Microsoft BP and PLAN: 2000; community: 25000. */
  minQueueLength: 2000,
  /** Microsoft BP: 0 (no limit); PLAN: ×4 of 1,843,200 = 7,372,800 KB; CONN: 4–8 GB. Below 4 GB is too low. */
  minPrivateMemoryKB: 4 * 1024 * 1024,
  /** The value WSUS 4+ setup writes (≈1.76 GiB). */
  setupDefaultPrivateMemoryKB: 1_843_200,
  rapidFailProtection: false,
} as const;

/** appcmd commands (Windows PowerShell) that apply the recommended WsusPool settings (knowledge/iis.md §8). */
export const WSUS_POOL_APPCMD = [
  '& "$env:windir\\system32\\inetsrv\\appcmd.exe" set apppool "WsusPool" /queueLength:2000',
  '& "$env:windir\\system32\\inetsrv\\appcmd.exe" set apppool "WsusPool" /recycling.periodicRestart.privateMemory:0',
  '& "$env:windir\\system32\\inetsrv\\appcmd.exe" set apppool "WsusPool" /failure.rapidFailProtection:false',
  '& "$env:windir\\system32\\inetsrv\\appcmd.exe" recycle apppool "WsusPool"',
] as const;
