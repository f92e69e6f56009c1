/**
 * Output folder names for bundles: safe on Windows, macOS and Linux whatever the bundle is called,
 * never one of the index files, and distinct (case-insensitively) when two bundles share a name.
 */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const RESERVED = new Set(["index.html", "index.json", "index.csv"]);
const MAX_LENGTH = 80;

export function safeFolderName(name: string): string {
  let safe = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/^[. ]+|[. ]+$/g, "")
    .slice(0, MAX_LENGTH)
    .replace(/[. ]+$/g, "");
  if (safe === "") safe = "bundle";
  if (WINDOWS_DEVICES.test(safe) || RESERVED.has(safe.toLowerCase())) safe = `_${safe}`;
  return safe;
}

/** One folder name per bundle, in order: "contoso", "contoso-2", … */
export function assignFolderNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = safeFolderName(name);
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
