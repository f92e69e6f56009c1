/**
 * SDDL security descriptors as Get-Acl's `Sddl` and `icacls /save` write them:
 * `O:<sid>G:<sid>D:<flags>(ace)(ace)…S:…`, ACE = `(type;flags;rights;object;inherit_object;sid)`.
 * knowledge/permissions.md §4. In the rights field `WD` is WRITE_DAC; in the trustee field it is Everyone.
 */
import { SDDL_RIGHTS } from "../../knowledge/acl-rights.js";
import { resolveSddlTrustee } from "../../knowledge/principals.js";
import type { AceInput } from "./object.js";

export interface ParsedSddl {
  owner?: string;
  group?: string;
  /** DACL flag P: inheritance from the parent is blocked. */
  protected: boolean;
  /** false when the descriptor has no D: part (DACL not captured). */
  hasDacl: boolean;
  aces: AceInput[];
  /** ACE strings that could not be read. */
  invalid: string[];
}

export function parseSddl(sddl: string, line?: number): ParsedSddl {
  const text = sddl.replace(/\s+/g, "");
  const result: ParsedSddl = { protected: false, hasDacl: false, aces: [], invalid: [] };
  const owner = /O:([^:()]+?)(?=[GDS]:|$)/.exec(text);
  const group = /G:([^:()]+?)(?=[DS]:|$)/.exec(text);
  if (owner?.[1]) result.owner = resolveSddlTrustee(owner[1]).name;
  if (group?.[1]) result.group = resolveSddlTrustee(group[1]).name;
  const dacl = /D:([A-Z_]*)((?:\([^()]*\))*)/.exec(text);
  if (!dacl) return result;
  result.hasDacl = true;
  result.protected = /P/.test((dacl[1] ?? "").replace(/NO_ACCESS_CONTROL/, ""));
  for (const match of (dacl[2] ?? "").matchAll(/\(([^()]*)\)/g)) {
    const ace = parseSddlAce(match[1] ?? "", line);
    if (ace === "skip") continue;
    if (ace) result.aces.push(ace);
    else result.invalid.push(`(${match[1] ?? ""})`);
  }
  return result;
}

/** One ACE string without parentheses; "skip" for audit/alarm entries that do not grant or deny. */
export function parseSddlAce(body: string, line?: number): AceInput | undefined | "skip" {
  const fields = body.split(";");
  if (fields.length < 6) return undefined;
  const [type = "", flags = "", rights = "", , , trustee = ""] = fields;
  const kind = type.toUpperCase();
  if (kind === "AU" || kind === "AL" || kind === "ML" || kind === "OU" || kind === "OL") return "skip";
  if (kind !== "A" && kind !== "D" && kind !== "OA" && kind !== "OD" && kind !== "XA" && kind !== "XD")
    return undefined;
  const mask = parseSddlRights(rights);
  if (mask === undefined || trustee === "") return undefined;
  const flagTokens: string[] = flags.toUpperCase().match(/.{1,2}/g) ?? [];
  const input: AceInput = {
    principal: resolveSddlTrustee(trustee),
    type: kind.endsWith("D") ? "deny" : "allow",
    mask,
    printed: `(${body})`,
    inherited: flagTokens.includes("ID"),
    objectInherit: flagTokens.includes("OI"),
    containerInherit: flagTokens.includes("CI"),
    inheritOnly: flagTokens.includes("IO"),
    noPropagate: flagTokens.includes("NP"),
  };
  if (line !== undefined) input.line = line;
  return input;
}

export function parseSddlRights(rights: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number.parseInt(rights.slice(2), 16) >>> 0;
  if (/^\d+$/.test(rights)) return Number(rights) >>> 0;
  if (rights.length % 2 !== 0) return undefined;
  let mask = 0;
  for (const token of rights.toUpperCase().match(/.{2}/g) ?? []) {
    const value = SDDL_RIGHTS[token];
    if (value === undefined) return undefined;
    mask |= value;
  }
  return mask >>> 0;
}
