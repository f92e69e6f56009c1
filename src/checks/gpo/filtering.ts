/**
 * Whether a GPO's security filtering and WMI filter let the client computers apply it, judged from
 * what a GPO report or backup holds: the ACL and the WMI filter's *name* (knowledge/gpo.md §3.1). Only
 * a client's gpresult shows the result for a computer, so the ACL is judged only as far as it can be:
 *
 * - judgeable "blocked": a Deny for a group every computer is in (Authenticated Users, Everyone,
 *   Domain Computers); nobody but users, administrators or domain controllers holding "Apply Group
 *   Policy"; or the MS16-072 case, where the holders of Apply cannot read the GPO.
 * - judgeable "reaches": Read and Apply for a group every computer is in, and no Deny for a group.
 * - "uncertain": Apply held by named groups or accounts (membership unknown), a Deny for a named group,
 *   permissions GPMC printed as "Custom", or a WMI filter (the report names it, not its query).
 */
import type { GpoDefinition, GpoSecurity, GpoTrustee } from "../../collectors/gpo/facts.js";

export type ReachKind = "reaches" | "blocked" | "uncertain";

export interface GpoReach {
  kind: ReachKind;
  /** One sentence a consultant understands, naming the trustees or the filter. */
  note: string;
  /** The fix code of GPO.LINKED rows: security (grant Apply), read (MS16-072), wmi; "" when reaching. */
  fix: "" | "security" | "read" | "wmi";
}

type Scope = "computers" | "domain-controllers" | "no-computers" | "named";

const EVERY_COMPUTER_SIDS = new Set(["S-1-5-11", "S-1-1-0"]);
const DOMAIN_COMPUTERS = 515;
const DC_SIDS = new Set(["S-1-5-9"]);
const DC_RIDS = new Set([498, 516, 521]);
/** Built-in domain groups and accounts that hold users or administrators, never client computers by default. */
const USER_RIDS = new Set([500, 501, 502, 512, 513, 514, 517, 518, 519, 520]);
const NO_COMPUTER_SIDS = new Set(["S-1-5-18", "S-1-3-0", "S-1-5-4", "S-1-5-7", "S-1-5-10"]);

function scopeOf(trustee: GpoTrustee): Scope {
  const sid = trustee.sid?.toUpperCase();
  if ((sid && EVERY_COMPUTER_SIDS.has(sid)) || trustee.rid === DOMAIN_COMPUTERS) return "computers";
  if ((sid && DC_SIDS.has(sid)) || (trustee.rid !== undefined && DC_RIDS.has(trustee.rid)))
    return "domain-controllers";
  if (
    (trustee.rid !== undefined && USER_RIDS.has(trustee.rid)) ||
    (sid && (NO_COMPUTER_SIDS.has(sid) || sid.startsWith("S-1-5-32-")))
  )
    return "no-computers";
  return "named";
}

const names = (list: GpoTrustee[]): string => list.map((trustee) => trustee.name).join(", ");

/** What the ACL alone says about the computers; undefined when the evidence holds no ACL. */
export function securityReach(security: GpoSecurity | undefined): GpoReach | undefined {
  if (!security || (security.trustees.length === 0 && !security.custom?.length)) return undefined;
  const trustees = security.trustees;
  const deniedAll = trustees.filter((t) => scopeOf(t) === "computers" && (t.denyRead || t.denyApply));
  if (deniedAll.length > 0)
    return {
      kind: "blocked",
      fix: "security",
      note: `security filtering denies ${deniedAll.some((t) => t.denyApply) ? "Apply Group Policy" : "Read"} to ${names(deniedAll)}: every computer account is a member, so no computer applies the GPO`,
    };
  const computersRead = trustees.some((t) => scopeOf(t) === "computers" && t.read);
  const appliers = trustees.filter((t) => t.apply);
  const effective = appliers.filter((t) => t.read || computersRead);
  const deniedGroups = trustees.filter((t) => scopeOf(t) === "named" && (t.denyRead || t.denyApply));
  if (effective.some((t) => scopeOf(t) === "computers")) {
    if (deniedGroups.length === 0)
      return { kind: "reaches", fix: "", note: `Apply Group Policy: ${names(effective)}` };
    return {
      kind: "uncertain",
      fix: "security",
      note: `security filtering denies it to ${names(deniedGroups)}: computers in ${deniedGroups.length > 1 ? "these groups" : "that group"} do not apply the GPO, and the report does not show whether the clients are members`,
    };
  }
  const named = effective.filter((t) => scopeOf(t) === "named");
  if (named.length > 0)
    return {
      kind: "uncertain",
      fix: "security",
      note: `security filtering: only ${names(named)} may apply it; whether the clients' computer accounts are members the report does not show`,
    };
  if (security.custom?.length)
    return {
      kind: "uncertain",
      fix: "security",
      note: `GPMC printed custom permissions for ${security.custom.join(", ")} and the report has no SDDL to read them`,
    };
  const unreadable = appliers.filter((t) => scopeOf(t) === "computers" || scopeOf(t) === "named");
  if (unreadable.length > 0)
    return {
      kind: "blocked",
      fix: "read",
      note: `${names(unreadable)} hold${unreadable.length > 1 ? "" : "s"} Apply Group Policy but cannot read the GPO, and neither Authenticated Users nor Domain Computers may read it (the MS16-072 case): no computer applies it`,
    };
  const dcOnly = appliers.filter((t) => scopeOf(t) === "domain-controllers");
  return {
    kind: "blocked",
    fix: "security",
    note:
      appliers.length === 0
        ? "security filtering: no trustee holds Apply Group Policy, so no computer applies the GPO"
        : `security filtering: only ${names(appliers)} may apply it, which ${dcOnly.length === appliers.length ? "holds only domain controllers" : "hold no client computer"}`,
  };
}

/** Security filtering, then the WMI filter: the first that keeps the clients out, or is unknown, decides. */
export function gpoReach(gpo: GpoDefinition): GpoReach {
  const security = securityReach(gpo.security);
  if (security?.kind === "blocked") return security;
  const wmiFilter = gpo.wmiFilter ?? gpo.backup?.wmiFilter;
  const wmi: GpoReach | undefined = wmiFilter
    ? {
        kind: "uncertain",
        fix: "wmi",
        note: `WMI filter "${wmiFilter}": the report names the filter, not its query (msWMI-Parm2 of the filter's msWMI-Som object in AD; run it on a client with Get-CimInstance -Query), so whether it lets the clients in shows only there or in a client's gpresult`,
      }
    : undefined;
  if (security?.kind === "uncertain")
    return wmi ? { ...security, note: `${security.note}; ${wmi.note}` } : security;
  if (wmi) return wmi;
  return (
    security ?? {
      kind: "reaches",
      fix: "",
      note: "the report holds no security descriptor: security filtering not judged",
    }
  );
}
