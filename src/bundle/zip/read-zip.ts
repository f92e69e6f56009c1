/**
 * One zip archive read with yauzl: the central directory is listed once (names checked, links and
 * encrypted entries flagged, every entry counted against the shared budget), then any entry can be
 * streamed as often as needed. Nothing is extracted.
 */
import { PassThrough, type Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { checkEntryName, isLinkEntry } from "./entry-name.js";
import { ZipRefusedError, ZipUnreadableError, type ZipBudget } from "./limits.js";

export type ZipEntryKind = "file" | "directory" | "link" | "encrypted" | "unsupported-compression";

export interface ZipEntryInfo {
  /** Normalised path inside this archive (forward slashes, no leading ./). */
  path: string;
  kind: ZipEntryKind;
  uncompressedSize: number;
  entry: Entry;
}

export interface OpenedZip {
  entries: ZipEntryInfo[];
  /** A stream of the entry's uncompressed bytes; errors (corrupt data, size lies) arrive on it. */
  openEntry(entry: Entry): Readable;
  close(): void;
}

const OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: true,
} as const;

/** `display` names the archive in messages, e.g. "bundles/contoso.zip" or "contoso.zip › logs.zip". */
export async function openZip(
  source: { file: string } | { buffer: Buffer },
  display: string,
  budget: ZipBudget,
): Promise<OpenedZip> {
  let zip: ZipFile;
  try {
    zip =
      "file" in source
        ? await yauzl.openPromise(source.file, OPTIONS)
        : await yauzl.fromBufferPromise(source.buffer, OPTIONS);
  } catch (error) {
    throw new ZipUnreadableError(
      `The archive ${display} cannot be read as a zip file: ${(error as Error).message.replace(/\.+$/, "")}.`,
    );
  }
  try {
    budget.checkAnnounced(zip.entryCount);
    const entries: ZipEntryInfo[] = [];
    for await (const entry of eachEntry(zip, display)) {
      budget.addEntry(entry.uncompressedSize);
      entries.push(describe(entry, display));
    }
    return {
      entries,
      openEntry: (entry) => streamEntry(zip, entry),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function* eachEntry(zip: ZipFile, display: string): AsyncGenerator<Entry> {
  try {
    yield* zip.eachEntry();
  } catch (error) {
    if (error instanceof ZipRefusedError) throw error;
    throw new ZipUnreadableError(
      `The archive ${display} is corrupt: ${(error as Error).message.replace(/\.+$/, "")}.`,
    );
  }
}

function describe(entry: Entry, display: string): ZipEntryInfo {
  const rawName = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileName as unknown as Buffer,
    entry.extraFields,
    true,
  );
  const checked = checkEntryName(rawName);
  if (!checked.ok) {
    throw new ZipRefusedError(
      `The archive ${display} was refused: the entry "${printable(rawName)}" ${checked.reason} (a zip-slip attempt or a broken archive).`,
    );
  }
  let kind: ZipEntryKind = "file";
  if (checked.isDirectory) kind = "directory";
  else if (isLinkEntry(entry.versionMadeBy, entry.externalFileAttributes)) kind = "link";
  else if (entry.isEncrypted()) kind = "encrypted";
  else if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) kind = "unsupported-compression";
  return { path: checked.path, kind, uncompressedSize: entry.uncompressedSize, entry };
}

function streamEntry(zip: ZipFile, entry: Entry): Readable {
  const out = new PassThrough();
  zip.openReadStream(entry, (error, stream) => {
    if (error || !stream) {
      out.destroy(error ?? new Error("the entry could not be opened"));
      return;
    }
    stream.on("error", (streamError) => out.destroy(streamError));
    // A reader that stops early (head probes) destroys `out`; stop reading the entry too.
    out.on("close", () => {
      stream.unpipe(out);
      stream.destroy();
    });
    stream.pipe(out);
  });
  return out;
}

function printable(name: string): string {
  // Control characters in a hostile name would garble the terminal; show them as "?".
  return Array.from(name, (c) => (c.charCodeAt(0) < 32 ? "?" : c))
    .join("")
    .slice(0, 200);
}
