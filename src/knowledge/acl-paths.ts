/**
 * Path patterns as the guide writes them, matched against the paths an ACL dump holds.
 * Tokens: `%windir%` / `%SystemRoot%` (any drive, Windows or WINNT), `%ProgramFiles%` (any drive),
 * `%SystemDrive%`, `*` (any characters inside one path segment: `Framework*` is Framework and
 * Framework64), `<version>` (a .NET Framework version folder with three numbers: v2.0.50727,
 * v4.0.30319 — v3.0/v3.5 hold no CONFIG nor ASP.NET folders). Matching is case-insensitive.
 * knowledge/permissions.md §1.
 */

const TOKENS: readonly [RegExp, string][] = [
  [/^%(windir|systemroot)%/i, "[a-z]:\\\\(?:windows|winnt)"],
  [/^%programfiles%/i, "[a-z]:\\\\program files"],
  [/^%systemdrive%/i, "[a-z]:"],
  [/^<version>/i, "v\\d+\\.\\d+\\.\\d+"],
  [/^\*/, "[^\\\\]*"],
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Regex source for a pattern (no anchors). */
export function patternSource(pattern: string): string {
  let source = "";
  let rest = pattern.replace(/\//g, "\\");
  while (rest.length > 0) {
    const token = TOKENS.find(([re]) => re.test(rest));
    if (token) {
      const match = token[0].exec(rest)!;
      source += token[1];
      rest = rest.slice(match[0].length);
    } else {
      source += escape(rest[0]!.toLowerCase());
      rest = rest.slice(1);
    }
  }
  return source;
}

export function isVariableSegment(segment: string): boolean {
  return segment.includes("*") || /<version>/i.test(segment);
}

export interface PatternMatcher {
  pattern: string;
  /** Matches a whole path key. */
  full: RegExp;
  /** Matches the variable stem (up to the last wildcard segment) at the start of a key; undefined if none. */
  stem?: RegExp;
  /** Literal remainder after the stem, with a leading backslash ("\\Temporary ASP.NET Files"), or "". */
  remainder: string;
}

export function compilePattern(pattern: string): PatternMatcher {
  const segments = pattern.replace(/\//g, "\\").split("\\");
  let last = -1;
  segments.forEach((segment, index) => {
    if (isVariableSegment(segment)) last = index;
  });
  const matcher: PatternMatcher = {
    pattern,
    full: new RegExp(`^${patternSource(pattern)}$`, "i"),
    remainder: "",
  };
  if (last >= 0) {
    matcher.stem = new RegExp(`^(${patternSource(segments.slice(0, last + 1).join("\\"))})(?:\\\\|$)`, "i");
    const rest = segments.slice(last + 1).join("\\");
    matcher.remainder = rest === "" ? "" : `\\${rest}`;
  }
  return matcher;
}

/** Replace environment tokens for display when no dumped path shows the real location. */
export function displayPattern(pattern: string, windir: string): string {
  return pattern
    .replace(/%(windir|systemroot)%/gi, windir)
    .replace(/%programfiles%/gi, "C:\\Program Files")
    .replace(/%systemdrive%/gi, windir.slice(0, 2));
}
