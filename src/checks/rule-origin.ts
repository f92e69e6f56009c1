/**
 * A rule's origin as a customer's report and result.json show it: "shipped" for the rules that
 * come with wsus-audit, else the rule's folder relative to the configuration file that added it
 * (or, for a folder given with --rules, named from that folder down). Never a path of the machine
 * the audit ran on: reports travel to customers, and "../<checkout>/rules/…" says nothing to them.
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { SHIPPED_RULES_DIR } from "./catalogue.js";

const inside = (folder: string, file: string): boolean => {
  const path = relative(folder, file);
  return path !== "" && !path.startsWith("..") && !isAbsolute(path);
};

const slashes = (path: string): string => path.split(sep).join("/");

export function ruleOriginLabeller(
  folders: readonly string[],
  configFile?: string,
): (file: string) => string {
  const shipped = resolve(SHIPPED_RULES_DIR);
  const configDir = configFile ? dirname(resolve(configFile)) : undefined;
  const roots = folders.map((folder) => resolve(folder));
  return (file) => {
    const path = resolve(file);
    if (inside(shipped, path)) return "shipped";
    if (configDir && inside(configDir, path)) return slashes(relative(configDir, dirname(path)));
    const root = roots.find((folder) => inside(folder, path));
    if (!root) return basename(dirname(path));
    return slashes([basename(root), relative(root, dirname(path))].filter(Boolean).join(sep));
  };
}
