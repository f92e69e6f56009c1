/** A bundle is a folder (or, see zip-bundle.ts, a .zip): list it the same way either way. */
import { listBundleFolder, type BundleListing } from "./discover.js";

export interface OpenedBundle extends BundleListing {
  /** Releases resources (zip file handles, temporary files) when the audit is done. */
  dispose?: () => Promise<void>;
}

export async function listBundle(path: string): Promise<OpenedBundle> {
  return listBundleFolder(path);
}
