/**
 * Batch arguments → bundles. A folder holding bundle.json, or only files, is one bundle; any other
 * folder holds bundles (each subfolder and each .zip in it). A .zip is one bundle. A glob's matches
 * are bundles themselves. A path that is none of these is still listed, as a bundle that failed.
 */
import { access, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { isZipFile } from "../../bundle/open-bundle.js";
import { expandGlob, hasGlob } from "./glob.js";

export interface BundleInput {
  /** Absolute path of the folder or zip. */
  path: string;
  /** Display name: the folder or zip name without .zip. */
  name: string;
  /** Set when the argument cannot be a bundle; the batch reports it and goes on. */
  problem?: string;
}

export async function expandInputs(args: readonly string[], cwd = process.cwd()): Promise<BundleInput[]> {
  const found: BundleInput[] = [];
  for (const arg of args) {
    if (hasGlob(arg) && !(await exists(resolve(cwd, arg)))) {
      const matches = await expandGlob(arg, cwd);
      for (const match of matches) {
        const input = await asBundle(match);
        if (input) found.push(input);
      }
      if (matches.length === 0)
        found.push({ path: resolve(cwd, arg), name: arg, problem: `no folder or .zip matches ${arg}` });
      continue;
    }
    found.push(...(await fromPath(resolve(cwd, arg))));
  }
  const seen = new Set<string>();
  return found.filter((input) => (seen.has(input.path) ? false : (seen.add(input.path), true)));
}

async function fromPath(path: string): Promise<BundleInput[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [{ path, name: nameOf(path), problem: `${path} does not exist` }];
  if (info.isFile()) {
    return (await isZipFile(path))
      ? [{ path, name: nameOf(path) }]
      : [{ path, name: nameOf(path), problem: `${path} is neither a folder nor a .zip` }];
  }
  if (await exists(join(path, "bundle.json"))) return [{ path, name: nameOf(path) }];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const children: BundleInput[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory() || (entry.isFile() && /\.zip$/i.test(entry.name)))
      children.push({ path: child, name: nameOf(child) });
  }
  // A folder of evidence files with no subfolder is a single bundle.
  if (children.length === 0 && entries.some((entry) => entry.isFile())) return [{ path, name: nameOf(path) }];
  return children;
}

async function asBundle(path: string): Promise<BundleInput | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory() || (info?.isFile() && (await isZipFile(path)))) return { path, name: nameOf(path) };
  return undefined;
}

function nameOf(path: string): string {
  return basename(path.replace(/[\\/]+$/, "")).replace(/\.zip$/i, "");
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
