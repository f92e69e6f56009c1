/**
 * Limits for reading zipped bundles. A zip is untrusted input: its central directory decides how
 * many entries and bytes we would read, so both are bounded before anything is opened.
 */
import { BundleError } from "../discover.js";

export interface ZipLimits {
  /** Entries (files and folders, nested archives included) across the whole archive. */
  maxEntries: number;
  /** Sum of the uncompressed sizes of every entry, nested archives included. */
  maxTotalBytes: number;
  /** How deep zips inside zips are opened; deeper ones are listed but not read. */
  maxNestingDepth: number;
  /** A nested zip up to this size is read in memory; a larger one goes to a temporary file. */
  maxNestedInMemoryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 20 * 1024 ** 3,
  maxNestingDepth: 3,
  maxNestedInMemoryBytes: 64 * 1024 ** 2,
};

/** The archive is refused as a whole: hostile or over a limit. The message says why. */
export class ZipRefusedError extends BundleError {
  override name = "BundleError";
}

/** The archive cannot be read at all (not a zip, truncated, corrupt central directory). */
export class ZipUnreadableError extends BundleError {
  override name = "BundleError";
}

/** Running totals shared by an archive and every archive nested in it. */
export class ZipBudget {
  entries = 0;
  bytes = 0;

  constructor(
    readonly limits: ZipLimits,
    private readonly archive: string,
  ) {}

  /** The central directory announces its entry count: refuse before listing a hostile one. */
  checkAnnounced(entryCount: number): void {
    if (this.entries + entryCount > this.limits.maxEntries) this.refuseEntries();
  }

  addEntry(uncompressedSize: number): void {
    this.entries += 1;
    this.bytes += uncompressedSize;
    if (this.entries > this.limits.maxEntries) this.refuseEntries();
    if (this.bytes > this.limits.maxTotalBytes) {
      throw new ZipRefusedError(
        `The archive ${this.archive} was refused: its entries would expand to more than ${formatSize(this.limits.maxTotalBytes)} (the limit; raise it with "zip" in wsus-audit.config.json if the bundle is genuine).`,
      );
    }
  }

  private refuseEntries(): never {
    throw new ZipRefusedError(
      `The archive ${this.archive} was refused: it holds more than ${this.limits.maxEntries.toLocaleString("en-US")} entries (the limit; raise it with "zip" in wsus-audit.config.json if the bundle is genuine).`,
    );
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(bytes % 1024 ** 2 === 0 ? 0 : 1)} MB`;
  return `${bytes} bytes`;
}
