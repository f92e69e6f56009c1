/**
 * One zip archive read with yauzl: the central directory is listed once (names checked, links and
 * encrypted entries flagged, every entry counted against the shared budget), then any entry can be
 * streamed as often as needed. Nothing is extracted.
 */
import { PassThrough, type Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { checkEntryName, isLinkEntry } from "./entry-name.js";
import { SettlingFileReader } from "./file-reader.js";
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
  /** Closes the archive once every read of it has settled. */
  close(): Promise<void>;
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
      "file" in source ? await openFile(source.file) : await yauzl.fromBufferPromise(source.buffer, OPTIONS);
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
      close: () => closeZip(zip),
    };
  } catch (error) {
    await closeZip(zip);
    throw error;
  }
}

async function openFile(path: string): Promise<ZipFile> {
  const { reader, size } = await SettlingFileReader.open(path);
  try {
    return await yauzl.fromRandomAccessReaderPromise(reader, size, OPTIONS);
  } catch (error) {
    reader.close(() => undefined);
    throw error;
  }
}

/** A stream a reader opened and then abandoned without reading or destroying it must not hang the run. */
const CLOSE_GRACE_MS = 10_000;

/** Resolves once the archive's file is closed, which waits for every entry read still in flight. */
function closeZip(zip: ZipFile): Promise<void> {
  if (!zip.isOpen) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, CLOSE_GRACE_MS);
    zip.once("close", done);
    zip.once("error", done);
    zip.close();
  });
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
