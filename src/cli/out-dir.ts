/**
 * Where one audit's reports go. Never inside the evidence: a later audit of the same folder would
 * read report.html and result.json as evidence. The path logic is the platform's own (path.win32 on
 * Windows: drive letters, UNC shares, case-insensitive names) and injectable so it is tested anywhere.
 */
import path from "node:path";
import { UserError } from "./errors.js";

type PathApi = typeof path.posix;

export interface OutDirChoice {
  outDir: string;
  /** Set when the folder asked for (or the default) was inside the evidence and another was taken. */
  note?: string;
}

function bundleName(api: PathApi, bundle: string): string {
  return api.basename(bundle).replace(/\.zip$/i, "") || "bundle";
}

function isInside(api: PathApi, child: string, parent: string): boolean {
  const relation =
    api === path.win32
      ? api.relative(parent.toLowerCase(), child.toLowerCase())
      : api.relative(parent, child);
  return relation === "" || (!relation.startsWith("..") && !api.isAbsolute(relation));
}

/**
 * `--out` when given, else ./reports/<bundle name>; either one inside a bundle folder becomes
 * reports/<bundle name> beside that folder. A zip is a file: nothing can be inside it.
 */
export function chooseOutDir(
  bundle: string,
  out: string | undefined,
  cwd: string = process.cwd(),
  api: PathApi = path,
): OutDirChoice {
  const source = api.resolve(cwd, bundle);
  const name = bundleName(api, source);
  const wanted = api.resolve(cwd, out ?? api.join("reports", name));
  if (/\.zip$/i.test(source) || !isInside(api, wanted, source)) return { outDir: wanted };
  const parent = api.dirname(source);
  // A drive or share root has nothing beside it: reports/<name> under the root is still inside.
  if (parent === source)
    throw new UserError(
      `The reports would land inside the evidence (${wanted} is in ${source}); give --out a folder outside it.`,
    );
  const outDir = api.join(parent, "reports", name);
  return {
    outDir,
    note: `${out ? `--out ${wanted}` : `./reports/${name}`} is inside the evidence folder ${source}; the reports go to ${outDir} so that no later audit reads them as evidence.`,
  };
}
