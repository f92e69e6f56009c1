/**
 * A GPO's security filtering as Get-GPOReport (and a backup's gpreport.xml) records it: the
 * `SecurityDescriptor` of the GPO, as SDDL and as GPMC's grouped permissions (knowledge/gpo.md §3.1:
 * "ACL only (trustees with Apply Group Policy), not the result for a computer").
 *
 * A computer processes a GPO only when its account may both read the GPO and holds the "Apply Group
 * Policy" extended right, with no deny on either (MS-GPOL; since MS16-072 user policy is read in the
 * computer's context too). The SDDL is exact and not localised, so it is read first; GPMC's grouped
 * names ("Apply Group Policy", "Read", "Custom") are the fallback and give the trustees' names.
 */
import { SDDL_ALIASES } from "../../knowledge/sddl-aliases.js";
import { principalBySid } from "../../knowledge/principals.js";
import type { GpoSecurity, GpoTrustee } from "./facts.js";
import { NS, kid, kidText, kids, type XNode } from "./xml-tree.js";

const NS_SECURITY = "http://www.microsoft.com/GroupPolicy/Types/Security";
/** The "Apply Group Policy" extended right (controlAccessRight on the groupPolicyContainer). */
const APPLY_GROUP_POLICY = "edacfd8f-ffb3-11d1-b41d-00a0c968f939";
const RIGHT_READ_PROPERTY = 0x10;
const RIGHT_CONTROL_ACCESS = 0x100;
const GENERIC_ALL = 0x10000000;
const GENERIC_READ = 0x80000000;
const DS_RIGHTS: Record<string, number> = {
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  RP: RIGHT_READ_PROPERTY,
  WP: 0x20,
  DT: 0x40,
  LO: 0x80,
  CR: RIGHT_CONTROL_ACCESS,
  SD: 0x10000,
  RC: 0x20000,
  WD: 0x40000,
  WO: 0x80000,
  GA: GENERIC_ALL,
  GX: 0x20000000,
  GW: 0x40000000,
  GR: GENERIC_READ,
};

/** The GPO's security filtering, from the `<SecurityDescriptor>` of a `<GPO>` node; undefined when absent. */
export function readGpoSecurity(gpoNode: XNode): GpoSecurity | undefined {
  const descriptor = kid(gpoNode, "SecurityDescriptor", NS.settings);
  if (!descriptor) return undefined;
  const names = trusteeNames(descriptor);
  const sddl = kidText(descriptor, "SDDL", NS_SECURITY);
  const fromSddl = sddl ? trusteesFromSddl(sddl, names) : undefined;
  if (fromSddl) return { from: "sddl", trustees: fromSddl, line: descriptor.line };
  const fromPermissions = trusteesFromPermissions(descriptor);
  if (fromPermissions) return { from: "permissions", ...fromPermissions, line: descriptor.line };
  return undefined;
}

/** SID → name as GPMC printed it (CORP\WSUS Clients), from `Permissions/TrusteePermissions`. */
function trusteeNames(descriptor: XNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of permissionEntries(descriptor)) {
    const trustee = kid(entry, "Trustee");
    const sid = kidText(trustee, "SID", NS.types);
    const name = kidText(trustee, "Name", NS.types);
    if (sid && name) names.set(sid.toUpperCase(), name);
  }
  return names;
}

function permissionEntries(descriptor: XNode): XNode[] {
  return kids(kid(descriptor, "Permissions", NS_SECURITY), "TrusteePermissions");
}

interface SidRef {
  sid?: string;
  /** Domain-relative RID (Domain Computers = 515) when the SDDL used an alias or a domain SID. */
  rid?: number;
  name: string;
}

function sidRef(trustee: string, names: Map<string, string>): SidRef {
  const alias = SDDL_ALIASES[trustee.toUpperCase()];
  if (alias?.sid) return { sid: alias.sid, name: names.get(alias.sid) ?? alias.name };
  if (alias?.rid !== undefined) {
    const printed = [...names.entries()].find(([sid]) => sid.endsWith(`-${alias.rid}`))?.[1];
    return { rid: alias.rid, name: printed ?? alias.name };
  }
  const sid = trustee.toUpperCase();
  const rid = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid)?.[1];
  return {
    sid,
    ...(rid !== undefined ? { rid: Number(rid) } : {}),
    name: names.get(sid) ?? principalBySid(sid)?.name ?? sid,
  };
}

function inheritOnly(flags: string): boolean {
  const tokens: string[] = flags.toUpperCase().match(/.{2}/g) ?? [];
  return tokens.includes("IO");
}

function rightsOf(field: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(field)) return Number.parseInt(field.slice(2), 16) >>> 0;
  if (field.length % 2 !== 0) return undefined;
  let mask = 0;
  for (const token of field.toUpperCase().match(/.{2}/g) ?? []) {
    const right = DS_RIGHTS[token];
    if (right === undefined) return undefined;
    mask |= right;
  }
  return mask >>> 0;
}

/**
 * Read and Apply per trustee from the DACL. Inherit-only ACEs (IO) do not apply to the GPO itself;
 * an object ACE grants the extended right only for the Apply Group Policy GUID (or all rights).
 */
function trusteesFromSddl(sddl: string, names: Map<string, string>): GpoTrustee[] | undefined {
  const dacl = /D:[A-Z_]*((?:\([^()]*\))*)/.exec(sddl.replace(/\s+/g, ""));
  if (!dacl) return undefined;
  const byKey = new Map<string, GpoTrustee>();
  for (const match of (dacl[1] ?? "").matchAll(/\(([^()]*)\)/g)) {
    const [type = "", flags = "", rightsField = "", objectGuid = "", , trustee = ""] = (match[1] ?? "").split(
      ";",
    );
    const kind = type.toUpperCase();
    if (!["A", "D", "OA", "OD"].includes(kind) || inheritOnly(flags) || trustee === "") continue;
    const rights = rightsOf(rightsField);
    if (rights === undefined) continue;
    const objectAce = kind.startsWith("O") && objectGuid !== "";
    const read = !objectAce && (rights & (RIGHT_READ_PROPERTY | GENERIC_READ | GENERIC_ALL)) !== 0;
    const apply =
      (rights & GENERIC_ALL) !== 0 ||
      ((rights & RIGHT_CONTROL_ACCESS) !== 0 &&
        (!objectAce || objectGuid.toLowerCase() === APPLY_GROUP_POLICY));
    if (!read && !apply) continue;
    const ref = sidRef(trustee, names);
    const key = ref.sid ?? `rid:${ref.rid}`;
    const entry = byKey.get(key) ?? { ...ref, read: false, apply: false, denyRead: false, denyApply: false };
    if (kind.endsWith("D")) {
      entry.denyRead ||= read;
      entry.denyApply ||= apply;
    } else {
      entry.read ||= read;
      entry.apply ||= apply;
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** GPMC's grouped permissions when the report has no SDDL; a "Custom" entry cannot be judged. */
function trusteesFromPermissions(
  descriptor: XNode,
): { trustees: GpoTrustee[]; custom: string[] } | undefined {
  const entries = permissionEntries(descriptor);
  if (entries.length === 0) return undefined;
  const trustees: GpoTrustee[] = [];
  const custom: string[] = [];
  for (const entry of entries) {
    const trustee = kid(entry, "Trustee");
    const sid = kidText(trustee, "SID", NS.types)?.toUpperCase();
    const name = kidText(trustee, "Name", NS.types) ?? sid ?? "(unnamed trustee)";
    const deny = /deny/i.test(kidText(kid(entry, "Type"), "PermissionType") ?? "");
    const access = kidText(kid(entry, "Standard"), "GPOGroupedAccessEnum") ?? "Custom";
    if (/^custom$/i.test(access)) {
      custom.push(name);
      continue;
    }
    const apply = /apply group policy/i.test(access);
    const rid = sid ? /^S-1-5-21-\d+-\d+-\d+-(\d+)$/.exec(sid)?.[1] : undefined;
    trustees.push({
      ...(sid ? { sid } : {}),
      ...(rid !== undefined ? { rid: Number(rid) } : {}),
      name,
      read: !deny,
      apply: !deny && apply,
      denyRead: deny && !apply,
      denyApply: deny && apply,
    });
  }
  return { trustees, custom };
}
