/** A bundle is a folder or a .zip: list it the same way either way. */
import { open, stat } from "node:fs/promises";
import { listBundleFolder, type OpenedBundle } from "./discover.js";
import { listZipBundle, type ZipLimits } from "./zip-bundle.js";

export type { OpenedBundle } from "./discover.js";

export interface ListBundleOptions {
  /** Limits for zipped bundles (entries, expanded bytes, nesting); maxEntries also bounds a folder's files. */
  zip?: Partial<ZipLimits>;
}

export async function listBundle(path: string, options: ListBundleOptions = {}): Promise<OpenedBundle> {
  if (await isZipFile(path)) return listZipBundle(path, { ...(options.zip ? { limits: options.zip } : {}) });
  return listBundleFolder(path, options.zip?.maxEntries);
}

/** A file named .zip, or any file starting with a zip signature (e.g. a bundle saved without extension). */
export async function isZipFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  if (/\.zip$/i.test(path)) return true;
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return (
      bytesRead === 4 &&
      head[0] === 0x50 &&
      head[1] === 0x4b &&
      (head[2] === 3 || head[2] === 5) &&
      (head[3] === 4 || head[3] === 6)
    );
  } finally {
    await handle.close();
  }
}
