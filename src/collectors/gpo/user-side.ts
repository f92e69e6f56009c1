/**
 * Windows Update values in a GPO's User Configuration (knowledge/gpo.md §1.2: Windows Update policies
 * are machine policies; Windows 10 ignores user-configuration Windows Update policies). Values set
 * there, e.g. as raw registry settings under HKCU\Software\Policies\Microsoft\Windows\WindowsUpdate,
 * never reach the update client. Loopback processing does not change that: it only chooses which
 * *user* settings apply to users logging on to a computer.
 */
import { WSUS_CORE_VALUES } from "../../knowledge/gpo-policies.js";
import type { Problem } from "../types.js";
import type { GpoDefinition, RsopComputer } from "./facts.js";
import { readRegistryExtension, registryExtensions } from "./registry-extension.js";
import { NS, kid, kidText, kids, type XNode } from "./xml-tree.js";

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

/**
 * gpresult: the WSUS core values that GPOs set in the user results of the same report (gpresult /x
 * without /scope computer writes both sides), grouped by the GPO that set them.
 */
export function rsopUserSideWsus(
  root: XNode,
  file: string,
  problems: Problem[],
): NonNullable<RsopComputer["userSideWsus"]> {
  const found = new Map<string, { gpo: string; names: string[]; line?: number }>();
  for (const user of kids(root, "UserResults", NS.rsop)) {
    const gpoNames = new Map(
      kids(user, "GPO", NS.rsop)
        .map((gpo) => [
          kidText(kid(gpo, "Path", NS.rsop), "Identifier", NS.types),
          kidText(gpo, "Name", NS.rsop),
        ])
        .filter((pair): pair is [string, string] => pair[0] !== undefined && pair[1] !== undefined)
        .map(([id, name]) => [id.toUpperCase(), name]),
    );
    for (const extension of registryExtensions(kids(user, "ExtensionData", NS.rsop))) {
      const read = readRegistryExtension(extension, { file, kind: "gpresult-xml", gpoNames, problems });
      for (const setting of read.settings) {
        const core = WSUS_CORE_VALUES.find((name) => name.toLowerCase() === setting.name.toLowerCase());
        if (!core || setting.deleted) continue;
        const gpo = setting.gpo ?? setting.gpoId ?? "(GPO not named)";
        const entry = found.get(gpo) ?? {
          gpo,
          names: [],
          ...(setting.line !== undefined ? { line: setting.line } : {}),
        };
        if (!entry.names.includes(core)) entry.names.push(core);
        found.set(gpo, entry);
      }
    }
  }
  return [...found.values()];
}
