/** Builds an AclObject from a parsed path and ACE list: path key, canonical order, effective rights. */
import { appliesTo, effectiveAccess, isCanonicalOrder } from "../../knowledge/acl-effective.js";
import { describeRights, type ObjectType } from "../../knowledge/acl-rights.js";
import { principalKey, type PrincipalRef } from "../../knowledge/principals.js";
import type { AclAce, AclFormat, AclObject, AclPrincipalRights } from "./facts.js";

const PROVIDER_PREFIX = /^Microsoft\.PowerShell\.Core\\(FileSystem|Registry)::/i;

/** Removes the PowerShell provider prefix and tells files from registry keys. */
export function cleanPath(printed: string): { path: string; objectType: ObjectType } {
  const match = PROVIDER_PREFIX.exec(printed);
  const path = printed.replace(PROVIDER_PREFIX, "").trim();
  const registry =
    match?.[1]?.toLowerCase() === "registry" || /^(HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(\\|:|$)/i.test(path);
  return { path, objectType: registry ? "registry" : "file" };
}

/** Lower case, backslashes, no `\\?\` prefix, no trailing backslash (except a drive root). */
export function pathKey(path: string): string {
  let key = path
    .trim()
    .replace(/\//g, "\\")
    .replace(/^\\\\\?\\/, "");
  const unc = key.startsWith("\\\\");
  key = key.replace(/\\{2,}/g, "\\");
  if (unc) key = `\\${key}`;
  if (key.length > 3 && key.endsWith("\\")) key = key.slice(0, -1);
  return key.toLowerCase();
}

export interface AceInput {
  principal: PrincipalRef;
  type: "allow" | "deny";
  mask: number;
  printed: string;
  inherited: boolean;
  objectInherit: boolean;
  containerInherit: boolean;
  inheritOnly: boolean;
  noPropagate: boolean;
  flagsKnown?: boolean;
  line?: number;
}

export function makeAce(input: AceInput): AclAce {
  return { ...input, flagsKnown: input.flagsKnown ?? true, appliesTo: appliesTo(input) };
}

export function buildAclObject(input: {
  printedPath: string;
  format: AclFormat;
  file: string;
  line: number;
  aces: AclAce[];
  owner?: string;
  protected?: boolean;
  notes?: string[];
}): AclObject {
  const { path, objectType } = cleanPath(input.printedPath);
  const notes = [...(input.notes ?? [])];
  const canonical = isCanonicalOrder(input.aces);
  if (input.aces.length === 0) notes.push("No DACL entries were printed for this object.");
  if (!canonical) notes.push("The ACEs are not in canonical order; rights were evaluated in stored order.");
  const object: AclObject = {
    path,
    key: pathKey(path),
    objectType,
    format: input.format,
    file: input.file,
    line: input.line,
    aces: input.aces,
    canonical,
    effective: effectiveByPrincipal(input.aces, objectType),
    notes,
  };
  if (input.owner !== undefined) object.owner = input.owner;
  if (input.protected !== undefined) object.protected = input.protected;
  return object;
}

/**
 * icacls objects printed with one ACE list (a /T dump repeats its inherited list on thousands of files):
 * the list's ACEs, order check and effective rights are worked out once, each object gets its own
 * copy of the ACEs with its lines. Builds exactly what buildAclObject builds from the same input.
 */
export class SharedAceList {
  private readonly made: AclAce[];
  private readonly canonical: boolean;
  private readonly effective = new Map<ObjectType, AclPrincipalRights[]>();

  constructor(aces: readonly AceInput[]) {
    this.made = aces.map(makeAce);
    this.canonical = isCanonicalOrder(this.made);
  }

  build(input: {
    printedPath: string;
    format: AclFormat;
    file: string;
    line: number;
    lines: readonly number[];
  }): AclObject {
    const { path, objectType } = cleanPath(input.printedPath);
    let effective = this.effective.get(objectType);
    if (!effective) this.effective.set(objectType, (effective = effectiveByPrincipal(this.made, objectType)));
    const notes: string[] = [];
    if (this.made.length === 0) notes.push("No DACL entries were printed for this object.");
    if (!this.canonical)
      notes.push("The ACEs are not in canonical order; rights were evaluated in stored order.");
    return {
      path,
      key: pathKey(path),
      objectType,
      format: input.format,
      file: input.file,
      line: input.line,
      aces: this.made.map((ace, index) => withLine(ace, input.lines[index])),
      canonical: this.canonical,
      // read-only once built (checks evaluate the ACEs, the report prints it): one array for all
      effective,
      notes,
    };
  }
}

/**
 * A copy of an icacls ACE on another line: a literal of the fixed shape in makeAce's key order
 * (parseIcaclsAce's keys, then flagsKnown and appliesTo) is several times faster than a spread.
 */
function withLine(ace: AclAce, line: number | undefined): AclAce {
  return {
    principal: ace.principal,
    type: ace.type,
    mask: ace.mask,
    printed: ace.printed,
    inherited: ace.inherited,
    objectInherit: ace.objectInherit,
    containerInherit: ace.containerInherit,
    inheritOnly: ace.inheritOnly,
    noPropagate: ace.noPropagate,
    line,
    flagsKnown: ace.flagsKnown,
    appliesTo: ace.appliesTo,
  };
}

/** The effective rights of every principal named on the object, each on its own (no group expansion). */
export function effectiveByPrincipal(aces: readonly AclAce[], objectType: ObjectType): AclPrincipalRights[] {
  const keyed = aces.map((ace) => ({ ...ace, key: principalKey(ace.principal) }));
  const keys = [...new Set(keyed.map((ace) => ace.key))];
  return keys.map((key) => {
    const own = keyed.filter((ace) => ace.key === key);
    const first = own[0]!;
    const access = effectiveAccess(keyed, new Set([key]), objectType);
    const rights: AclPrincipalRights = {
      principal: first.principal.name,
      printedAs: [...new Set(own.map((ace) => ace.principal.raw))],
      mask: access.granted,
      has: describeRights(access.granted, objectType),
      deniedMask: access.denied,
      fullControl: access.fullControl,
      explicit: own.some((ace) => !ace.inherited),
      inherited: own.some((ace) => ace.inherited),
      hasDeny: own.some((ace) => ace.type === "deny" && !ace.inheritOnly),
      appliesTo: [...new Set(own.map((ace) => ace.appliesTo))],
    };
    if (first.principal.sid) rights.sid = first.principal.sid;
    return rights;
  });
}
