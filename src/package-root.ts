import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder wsus-audit is installed in (the one holding its package.json, rules/, templates/ and
 * collect/). Found by walking up from this module rather than by a fixed "../..": the same code runs
 * from src/ (tsx), and from dist/ where the CLI is one bundled file (ADR 0028), at another depth.
 */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && isOurs(manifest)) return dir;
    if (dirname(dir) === dir)
      throw new Error(
        `wsus-audit's package.json was not found above ${start}: the installation is incomplete.`,
      );
  }
}

function isOurs(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "wsus-audit";
  } catch {
    return false;
  }
}

/** A path inside the installation, e.g. packagePath("rules", "rule.schema.json"). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
