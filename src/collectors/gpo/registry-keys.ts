/** Recognising the two Windows Update policy keys in the spellings the formats use. */
import type { WuKey } from "../../knowledge/gpo-policies.js";

const HIVE_PREFIX = /^(?:HKEY_LOCAL_MACHINE|HKLM|MACHINE)\\/i;
const WU_PATH = "software\\policies\\microsoft\\windows\\windowsupdate";

/**
 * WU, AU, or undefined for any other key. Registry.pol and XML reports write the path without a hive;
 * .reg files start with HKEY_LOCAL_MACHINE. Comparison ignores case (registry keys are case-insensitive).
 */
export function classifyKey(keyPath: string): WuKey | undefined {
  const path = keyPath.trim().replace(HIVE_PREFIX, "").replace(/\\+$/, "").toLowerCase();
  if (path === WU_PATH) return "WU";
  if (path === `${WU_PATH}\\au`) return "AU";
  return undefined;
}

export function keyPathFor(key: WuKey): string {
  return key === "WU"
    ? "Software\\Policies\\Microsoft\\Windows\\WindowsUpdate"
    : "Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU";
}
