/**
 * A large domain's GPOs hold thousands of administrative-template policies, and only the Windows
 * Update ones are read (registry-extension.ts). Parsing the others into a tree was most of the
 * time and memory of a -All report (ADR 0024), so they are cut out of a GPO's text before it is
 * parsed: a Registry `<qN:Policy>` whose display name (its first child, `<qN:Name>`) is not a read
 * policy is replaced by its line breaks only, so every later element keeps its line number.
 *
 * Conservative: only the exact form GPMC writes is cut (`<qN:Policy>` then `<qN:Name>text</qN:Name>`,
 * the prefix bound to the Registry namespace and to nothing else in the GPO); anything else is left
 * for the parser, which reads it as before.
 */
import { breaksIn } from "./gpo-slices.js";
import { isReadPolicyName } from "./registry-extension.js";
import { NS } from "./xml-tree.js";

const PREFIX_DECLARATION = /xmlns:([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g;

/** The GPO's text with the policies no reader needs replaced by their line breaks. */
export function cutUnreadPolicies(text: string): string {
  const prefixes = registryOnlyPrefixes(text);
  if (prefixes.length === 0) return text;
  const parts: string[] = [];
  let kept = 0;
  for (const prefix of prefixes) {
    const open = `<${prefix}:Policy>`;
    const close = `</${prefix}:Policy>`;
    const name = displayNamePattern(prefix);
    for (let start = text.indexOf(open, kept); start >= 0; start = text.indexOf(open, kept)) {
      const end = text.indexOf(close, start);
      if (end < 0) break;
      const after = end + close.length;
      name.lastIndex = start + open.length;
      const displayName = name.exec(text)?.[1];
      if (displayName !== undefined && !displayName.includes("&") && !isReadPolicyName(displayName)) {
        parts.push(text.slice(kept, start), "\n".repeat(breaksIn(text, start, after)));
        kept = after;
      } else {
        parts.push(text.slice(kept, after));
        kept = after;
      }
    }
    // several Registry prefixes in one GPO (Computer and User sides): the next one is searched from
    // the start again over the text cut so far
    if (prefixes.length > 1 && prefix !== prefixes[prefixes.length - 1]) {
      parts.push(text.slice(kept));
      text = parts.join("");
      parts.length = 0;
      kept = 0;
    }
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join("");
}

/** `<qN:Name>…</qN:Name>` right after `<qN:Policy>`, compiled once per prefix (GPMC uses a handful). */
const displayNames = new Map<string, RegExp>();
function displayNamePattern(prefix: string): RegExp {
  let pattern = displayNames.get(prefix);
  if (!pattern) {
    pattern = new RegExp(`\\s*<${prefix}:Name>([^<]*)</${prefix}:Name>`, "y");
    if (displayNames.size < 64) displayNames.set(prefix, pattern);
  }
  return pattern;
}

/** Prefixes every declaration of which (in this GPO) binds the Registry namespace. */
function registryOnlyPrefixes(text: string): string[] {
  const bindings = new Map<string, boolean>();
  for (const match of text.matchAll(PREFIX_DECLARATION)) {
    const [, prefix, uri] = match;
    const registry = uri === NS.registry;
    bindings.set(prefix!, (bindings.get(prefix!) ?? true) && registry);
  }
  return [...bindings].filter(([, registry]) => registry).map(([prefix]) => prefix);
}
