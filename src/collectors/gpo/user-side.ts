/**
 * Windows Update values in a GPO's User Configuration (knowledge/gpo.md §1.2: Windows Update policies
 * are machine policies; Windows 10 ignores user-configuration Windows Update policies). Values set
 * there, e.g. as raw registry settings under HKCU\Software\Policies\Microsoft\Windows\WindowsUpdate,
 * never reach the update client. Loopback processing does not change that: it only chooses which
 * *user* settings apply to users logging on to a computer.
 */
import { WSUS_CORE_VALUES } from "../../knowledge/gpo-policies.js";
import type { Problem } from "../types.js";
import type { GpoDefinition } from "./facts.js";
import { readRegistryExtension, registryExtensions } from "./registry-extension.js";
import { NS, kid, kids, type XNode } from "./xml-tree.js";

/** The WSUS core values the GPO's `<User>` side sets, or undefined when it sets none. */
export function userSideWsus(
  gpoNode: XNode,
  file: string,
  problems: Problem[],
): GpoDefinition["userSideWsus"] {
  const user = kid(gpoNode, "User", NS.settings);
  const names = new Set<string>();
  let line: number | undefined;
  for (const extension of registryExtensions(kids(user, "ExtensionData", NS.settings))) {
    const read = readRegistryExtension(extension, { file, kind: "gpo-report-xml", problems });
    for (const setting of read.settings) {
      const core = WSUS_CORE_VALUES.find((name) => name.toLowerCase() === setting.name.toLowerCase());
      if (!core || setting.deleted) continue;
      names.add(core);
      line ??= setting.line;
    }
  }
  return names.size > 0 ? { names: [...names], ...(line !== undefined ? { line } : {}) } : undefined;
}
