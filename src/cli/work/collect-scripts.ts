import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { packagePath } from "../../package-root.js";
import { EXIT, UserError } from "../errors.js";

/** Shipped in the package beside dist/: collect/*.ps1. */
const SCRIPTS_DIR = packagePath("collect");
export const COLLECT_SCRIPTS = ["Collect-WsusServerEvidence.ps1", "Collect-WsusClientEvidence.ps1"] as const;

export interface CollectScriptsArgs {
  out: string;
  quiet: boolean;
}

/**
 * Writes the collection scripts with Windows line endings. They are ASCII only, so Windows
 * PowerShell 5.1 (which reads a script without a BOM in the ANSI code page) reads them exactly.
 */
export async function runCollectScripts(args: CollectScriptsArgs): Promise<number> {
  const outDir = resolve(args.out);
  await mkdir(outDir, { recursive: true }).catch((error: Error) => {
    throw new UserError(`The folder ${outDir} cannot be created (${error.message}); choose another --out.`);
  });
  for (const name of COLLECT_SCRIPTS) {
    const text = await readFile(join(SCRIPTS_DIR, name), "utf8");
    const target = join(outDir, name);
    await writeFile(target, text.replace(/\r?\n/g, "\r\n"), "utf8").catch((error: Error) => {
      throw new UserError(`${target} cannot be written (${error.message}); choose another --out.`);
    });
    if (!args.quiet) console.log(`wrote ${target}`);
  }
  if (!args.quiet)
    console.log(
      [
        "",
        "On the WSUS server (elevated Windows PowerShell):",
        "  powershell.exe -ExecutionPolicy Bypass -File .\\Collect-WsusServerEvidence.ps1 -Days 7",
        "On each client that does not report in:",
        "  powershell.exe -ExecutionPolicy Bypass -File .\\Collect-WsusClientEvidence.ps1",
        "Then put the zips in one folder and run: wsus-audit audit <folder>",
      ].join("\n"),
    );
  return EXIT.ok;
}
