/**
 * A small glob for bundle arguments (Windows shells do not expand them): `*`, `?` and `[…]` within
 * a path segment, `**` for any depth. Matches are returned sorted; hidden entries only when the
 * pattern names them.
 */
import { readdir } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

export async function expandGlob(pattern: string, cwd = process.cwd()): Promise<string[]> {
  const segments = pattern.replace(/\\/g, "/").split("/");
  const firstGlob = segments.findIndex(hasGlob);
  const fixed = segments.slice(0, firstGlob).join("/");
  const base = fixed === "" ? (isAbsolute(pattern) ? "/" : cwd) : resolve(cwd, fixed);
  const matches = new Set<string>();
  await walk(base, segments.slice(firstGlob), matches);
  return [...matches].sort();
}

async function walk(folder: string, rest: string[], matches: Set<string>): Promise<void> {
  if (rest.length === 0) {
    matches.add(folder);
    return;
  }
  const [segment, ...tail] = rest as [string, ...string[]];
  if (segment === "**") {
    await walk(folder, tail, matches);
    for (const entry of await list(folder))
      if (entry.isDirectory() && !entry.name.startsWith("."))
        await walk(join(folder, entry.name), rest, matches);
    return;
  }
  if (!hasGlob(segment)) {
    await walk(join(folder, segment), tail, matches);
    return;
  }
  const regex = segmentRegex(segment);
  for (const entry of await list(folder)) {
    if (entry.name.startsWith(".") && !segment.startsWith(".")) continue;
    if (!regex.test(entry.name)) continue;
    if (tail.length > 0 && !entry.isDirectory()) continue;
    await walk(join(folder, entry.name), tail, matches);
  }
}

async function list(folder: string) {
  return readdir(folder, { withFileTypes: true }).catch(() => []);
}

function segmentRegex(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end === -1) source += "\\[";
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  // Windows file names are case-insensitive; so are the patterns consultants type for them.
  return new RegExp(`^${source}$`, "i");
}
