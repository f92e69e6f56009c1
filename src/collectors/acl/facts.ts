/**
 * The `acl` fact: every object (folder, file, registry key) found in the bundle's ACL dumps,
 * with its ACEs as printed and the effective rights of each principal on the object itself.
 * Formats: icacls display output, icacls /save, Get-Acl | Format-List, Get-Acl | ConvertTo-Json,
 * Get-Acl | Export-Clixml. Every object carries its file and line.
 */
import type { ObjectType } from "../../knowledge/acl-rights.js";
import type { PrincipalRef } from "../../knowledge/principals.js";

export type AclFormat = "icacls" | "icacls-save" | "get-acl-list" | "get-acl-json" | "get-acl-clixml";

export interface AclAce {
  principal: PrincipalRef;
  type: "allow" | "deny";
  /** Access mask as printed (generic bits kept; unsigned). */
  mask: number;
  /** The rights exactly as printed: "(I)(OI)(CI)(F)", "A;OICIID;FA", "Modify, Synchronize". */
  printed: string;
  inherited: boolean;
  objectInherit: boolean;
  containerInherit: boolean;
  inheritOnly: boolean;
  noPropagate: boolean;
  /** false when the format hides the inheritance flags (Get-Acl's Access column without Sddl). */
  flagsKnown: boolean;
  /** "this folder, subfolders and files", "this object only" … */
  appliesTo: string;
  line?: number;
}

/** The effective rights one principal has on the object itself (inherit-only ACEs ignored, deny wins). */
export interface AclPrincipalRights {
  /** Canonical (English) name for well-known accounts, else as printed. */
  principal: string;
  /** The names as printed in the evidence (e.g. "NT-AUTORITÄT\NETZWERKDIENST"). */
  printedAs: string[];
  sid?: string;
  /** Effective mask after deny ACEs (generic rights mapped). */
  mask: number;
  /** Human form of `mask`: "Full Control (F)", "Modify (M)", "no access" … */
  has: string;
  /** Rights removed by DENY entries (0 when none). */
  deniedMask: number;
  fullControl: boolean;
  /** Whether the principal has explicit / inherited ACEs on this object. */
  explicit: boolean;
  inherited: boolean;
  hasDeny: boolean;
  appliesTo: string[];
}

export interface AclObject {
  /** The path as printed (PowerShell provider prefix removed). */
  path: string;
  /** Lower-case, backslashes, no trailing backslash: for matching. */
  key: string;
  objectType: ObjectType;
  format: AclFormat;
  file: string;
  line: number;
  owner?: string;
  /** SDDL "P": inheritance disabled on this object. */
  protected?: boolean;
  aces: AclAce[];
  /** false when ACEs are not in Windows' canonical order (evaluated in stored order anyway). */
  canonical: boolean;
  effective: AclPrincipalRights[];
  /** Things a consultant should know about this object's dump (no ACEs, flags unknown, truncated …). */
  notes: string[];
}

/** An object icacls could not read (`<path>: <message>`): absent, access denied … */
export interface AclReadError {
  path: string;
  key: string;
  /** The localized Windows message as printed (never matched on). */
  message: string;
  file: string;
  line: number;
}

/** Objects a dump held and the fact did not keep (files whose every entry is inherited; see keep.ts). */
export interface AclNotKept {
  objects: number;
  /** Counted per folder (the path up to its last backslash), for the first folders met. */
  byFolder: { folder: string; objects: number }[];
  /** Objects in folders past that list. */
  inOtherFolders: number;
}

export interface AclFragment {
  objects: AclObject[];
  errors: AclReadError[];
  /** Set when the dump held more objects than were kept. */
  notKept?: AclNotKept;
  /** Error lines counted, not kept. */
  errorsNotKept?: number;
}

export interface AclFacts {
  /** Every object of every ACL dump, in file order. When the same path was dumped twice, both appear. */
  objects: AclObject[];
  /** Objects the dump tried to read and could not. */
  errors: AclReadError[];
  /** Bundle-relative paths of the files that contributed. */
  files: string[];
  /** Objects dropped because the bundle held more than the cap (see merge). */
  dropped: number;
  /** Objects read and counted, not kept, per file (big recursive dumps; see collectors/acl/keep.ts). */
  notKept?: (AclNotKept & { file: string })[];
  /** Error lines read and counted, not kept. */
  errorsNotKept?: number;
}
