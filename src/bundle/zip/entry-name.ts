/**
 * Zip entry names are untrusted. We never extract evidence to disk, but the names become the
 * paths the report cites and the names of temporary files, so any name that could escape a
 * folder (zip-slip) refuses the archive: `..` segments, absolute paths, drive letters, UNC
 * paths, NUL characters. Backslashes are separators written by .NET's ZipFile and PowerShell 5.1
 * Compress-Archive; they are checked as separators, so `..\..\x` is refused like `../../x`.
 */
export type EntryNameCheck = { ok: true; path: string; isDirectory: boolean } | { ok: false; reason: string };

export function checkEntryName(rawName: string): EntryNameCheck {
  if (rawName.includes("\0")) return { ok: false, reason: "contains a NUL character" };
  const name = rawName.replace(/\\/g, "/");
  if (name === "") return { ok: false, reason: "has an empty name" };
  if (name.startsWith("/")) return { ok: false, reason: "is an absolute path" };
  if (/^[A-Za-z]:/.test(name)) return { ok: false, reason: "starts with a drive letter" };
  const segments = name.split("/");
  if (segments.includes(".."))
    return { ok: false, reason: "contains a `..` segment that would escape the bundle" };
  if (segments.some((segment) => segment.includes(":"))) {
    return { ok: false, reason: "contains a colon (drive-relative path or NTFS alternate data stream)" };
  }
  const isDirectory = name.endsWith("/");
  const path = segments.filter((segment) => segment !== "" && segment !== ".").join("/");
  if (path === "")
    return isDirectory ? { ok: true, path, isDirectory } : { ok: false, reason: "has an empty name" };
  return { ok: true, path, isDirectory };
}

/** Host systems in "version made by" whose external attributes hold a Unix mode in the high 16 bits. */
const UNIX_HOSTS = new Set([3, 19]);
/** MS-DOS/FAT, NTFS, VFAT: the low byte holds DOS attributes; 0x400 is a reparse point (link). */
const DOS_HOSTS = new Set([0, 11, 14]);
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;

/** A symbolic link (or Windows reparse point) stored as an entry: never followed. */
export function isLinkEntry(versionMadeBy: number, externalFileAttributes: number): boolean {
  const host = versionMadeBy >>> 8;
  const mode = externalFileAttributes >>> 16;
  if (UNIX_HOSTS.has(host) && (mode & S_IFMT) === S_IFLNK) return true;
  if (DOS_HOSTS.has(host) && (externalFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0) return true;
  return false;
}
