/**
 * Effective rights of an account on one object, from its DACL (knowledge/permissions.md §6):
 * ACEs are walked in stored order; an inherit-only ACE does not apply to the object itself;
 * a deny ACE removes bits that are not granted yet, an allow ACE grants bits not denied yet.
 * In canonical order (explicit deny, explicit allow, inherited deny, inherited allow) this means
 * an explicit DENY wins over an inherited allow, which is what Windows does.
 */
import { FULL_CONTROL, mapGenericRights, type ObjectType } from "./acl-rights.js";

export interface AceForEvaluation {
  /** Principal key (SID when known). */
  key: string;
  type: "allow" | "deny";
  mask: number;
  inherited: boolean;
  inheritOnly: boolean;
}

export interface EffectiveAccess {
  /** Rights granted after deny ACEs are applied (generic bits mapped). */
  granted: number;
  /** Rights taken away by deny ACEs that applied before an allow could grant them. */
  denied: number;
  /** Indexes (into the ACE list) of the ACEs that contributed. */
  allowAces: number[];
  denyAces: number[];
  fullControl: boolean;
}

export function effectiveAccess(
  aces: readonly AceForEvaluation[],
  candidates: ReadonlySet<string>,
  type: ObjectType,
): EffectiveAccess {
  let granted = 0;
  let denied = 0;
  const allowAces: number[] = [];
  const denyAces: number[] = [];
  aces.forEach((ace, index) => {
    if (ace.inheritOnly || !candidates.has(ace.key)) return;
    const mask = mapGenericRights(ace.mask, type);
    if (ace.type === "deny") {
      const removed = (mask & ~granted) >>> 0;
      if (removed !== 0) denyAces.push(index);
      denied = (denied | removed) >>> 0;
    } else {
      const added = (mask & ~denied) >>> 0;
      if (mask !== 0) allowAces.push(index);
      granted = (granted | added) >>> 0;
    }
  });
  const full = FULL_CONTROL[type];
  return { granted, denied, allowAces, denyAces, fullControl: (granted & full) === full };
}

/** Canonical order: explicit before inherited; within explicit, deny before allow. */
export function isCanonicalOrder(aces: readonly Pick<AceForEvaluation, "type" | "inherited">[]): boolean {
  let rank = 0;
  for (const ace of aces) {
    const current = ace.inherited ? 2 : ace.type === "deny" ? 0 : 1;
    if (current < rank) return false;
    rank = current;
  }
  return true;
}

/** What an ACE applies to, in the words of the Windows security dialog. */
export function appliesTo(flags: {
  objectInherit: boolean;
  containerInherit: boolean;
  inheritOnly: boolean;
  noPropagate: boolean;
}): string {
  const { objectInherit: oi, containerInherit: ci, inheritOnly: io } = flags;
  let text: string;
  if (!oi && !ci) text = "this object only";
  else if (oi && ci) text = io ? "subfolders and files only" : "this folder, subfolders and files";
  else if (ci) text = io ? "subfolders only" : "this folder and subfolders";
  else text = io ? "files only" : "this folder and files";
  return flags.noPropagate && (oi || ci) ? `${text} (one level only)` : text;
}
