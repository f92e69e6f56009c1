/**
 * Well-known security principals: SID, SDDL alias and the display names Windows prints for them
 * in English, German, French, Italian, Spanish and Russian. icacls and Get-Acl print the name in the
 * system's display language, so the same account appears under several names; rules compare SIDs.
 * Sources: knowledge/permissions.md §5 (Microsoft's well-known SID list and its localized service
 * name table; de/fr group names from real captures). Names the knowledge marks unverified are left
 * out on purpose: an unknown name under a built-in authority is reported as unresolved instead.
 */
import { SDDL_ALIASES } from "./sddl-aliases.js";

export interface WellKnownPrincipal {
  sid: string;
  /** Two-letter SDDL alias, when the SID has one. */
  sddl?: string;
  /** The English display name, used as the canonical name in facts and reports. */
  name: string;
  /** Every display name seen for it (including `name`), with and without the authority prefix. */
  names: readonly string[];
}

export const NETWORK_SERVICE_SID = "S-1-5-20";

export const WELL_KNOWN_PRINCIPALS: readonly WellKnownPrincipal[] = [
  {
    sid: "S-1-5-20",
    sddl: "NS",
    name: "NT AUTHORITY\\NETWORK SERVICE",
    names: [
      "NT AUTHORITY\\NETWORK SERVICE",
      "NT-AUTORITÄT\\NETZWERKDIENST",
      "AUTORITE NT\\SERVICE RÉSEAU",
      "NT AUTHORITY\\SERVIZIO DI RETE",
      "NT AUTHORITY\\SERVICIO DE RED",
      "NETWORK SERVICE",
      "NETZWERKDIENST",
      "SERVICE RÉSEAU",
      "NetworkService",
    ],
  },
  {
    sid: "S-1-5-19",
    sddl: "LS",
    name: "NT AUTHORITY\\LOCAL SERVICE",
    names: [
      "NT AUTHORITY\\LOCAL SERVICE",
      "NT-AUTORITÄT\\LOKALER DIENST",
      "AUTORITE NT\\SERVICE LOCAL",
      "NT AUTHORITY\\SERVIZIO LOCALE",
      "LOCAL SERVICE",
      "LOKALER DIENST",
    ],
  },
  {
    sid: "S-1-5-18",
    sddl: "SY",
    name: "NT AUTHORITY\\SYSTEM",
    names: [
      "NT AUTHORITY\\SYSTEM",
      "NT-AUTORITÄT\\SYSTEM",
      "AUTORITE NT\\SYSTEM",
      "AUTORITE NT\\Système",
      "NT AUTHORITY\\СИСТЕМА",
      "SYSTEM",
    ],
  },
  {
    sid: "S-1-5-32-544",
    sddl: "BA",
    name: "BUILTIN\\Administrators",
    names: [
      "BUILTIN\\Administrators",
      "VORDEFINIERT\\Administratoren",
      "BUILTIN\\Administrateurs",
      "BUILTIN\\Administradores",
      "BUILTIN\\Администраторы",
    ],
  },
  {
    sid: "S-1-5-32-545",
    sddl: "BU",
    name: "BUILTIN\\Users",
    names: ["BUILTIN\\Users", "VORDEFINIERT\\Benutzer", "BUILTIN\\Utilisateurs"],
  },
  {
    sid: "S-1-5-32-568",
    sddl: "IS",
    name: "BUILTIN\\IIS_IUSRS",
    names: ["BUILTIN\\IIS_IUSRS", "IIS_IUSRS"],
  },
  { sid: "S-1-5-17", name: "NT AUTHORITY\\IUSR", names: ["NT AUTHORITY\\IUSR", "IUSR"] },
  {
    sid: "S-1-5-11",
    sddl: "AU",
    name: "NT AUTHORITY\\Authenticated Users",
    names: ["NT AUTHORITY\\Authenticated Users", "AUTORITE NT\\Utilisateurs authentifiés"],
  },
  { sid: "S-1-1-0", sddl: "WD", name: "Everyone", names: ["Everyone", "Jeder", "Tout le monde"] },
  {
    sid: "S-1-5-6",
    sddl: "SU",
    name: "NT AUTHORITY\\SERVICE",
    names: ["NT AUTHORITY\\SERVICE"],
  },
  { sid: "S-1-3-0", sddl: "CO", name: "CREATOR OWNER", names: ["CREATOR OWNER", "CREATEUR PROPRIETAIRE"] },
  { sid: "S-1-3-4", sddl: "OW", name: "OWNER RIGHTS", names: ["OWNER RIGHTS"] },
  { sid: "S-1-5-4", sddl: "IU", name: "NT AUTHORITY\\INTERACTIVE", names: ["NT AUTHORITY\\INTERACTIVE"] },
  { sid: "S-1-5-2", sddl: "NU", name: "NT AUTHORITY\\NETWORK", names: ["NT AUTHORITY\\NETWORK"] },
  {
    sid: "S-1-5-7",
    sddl: "AN",
    name: "NT AUTHORITY\\ANONYMOUS LOGON",
    names: ["NT AUTHORITY\\ANONYMOUS LOGON"],
  },
  {
    sid: "S-1-15-2-1",
    name: "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES",
    names: ["APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES"],
  },
  {
    sid: "S-1-15-2-2",
    name: "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES",
    names: ["APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES"],
  },
  {
    sid: "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
    name: "NT SERVICE\\TrustedInstaller",
    names: ["NT SERVICE\\TrustedInstaller"],
  },
];

/**
 * The NT authority (where NETWORK SERVICE lives) in any display language carries "NT" as a word:
 * NT AUTHORITY, NT-AUTORITÄT, AUTORITE NT … A name under it that is not in the table above is
 * "unresolved": it may be NETWORK SERVICE in a language we do not know. NT SERVICE\<name> are
 * per-service accounts, never NETWORK SERVICE.
 */
const NT_AUTHORITY_HINT = /(^|[\s-])NT([\s-]|$)/i;

/** Uppercase, accents removed, runs of spaces collapsed: "AUTORITÉ NT\Système" ≡ "AUTORITE NT\SYSTEME". */
export function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toUpperCase();
}

const BY_NAME = new Map<string, WellKnownPrincipal>();
const BY_SID = new Map<string, WellKnownPrincipal>();
const BY_ALIAS = new Map<string, WellKnownPrincipal>();
for (const principal of WELL_KNOWN_PRINCIPALS) {
  BY_SID.set(principal.sid.toUpperCase(), principal);
  if (principal.sddl) BY_ALIAS.set(principal.sddl, principal);
  for (const name of principal.names) BY_NAME.set(foldName(name), principal);
}

const SID_PATTERN = /^\*?S-1(-\d+)+$/i;

export interface PrincipalRef {
  /** As printed in the evidence. */
  raw: string;
  /** The SID when the evidence printed it or the name is a known well-known account. */
  sid?: string;
  /** Canonical (English) name for well-known accounts, else the name as printed. */
  name: string;
  /** true when `sid` is known. */
  resolved: boolean;
  /** An unknown name under a built-in authority (e.g. another display language): may be any well-known account. */
  unresolvedBuiltin?: boolean;
}

/** Normalise a principal as icacls / Get-Acl print it (name or bare SID) to one identity. */
export function resolvePrincipal(raw: string): PrincipalRef {
  const printed = raw.trim();
  if (SID_PATTERN.test(printed)) {
    const sid = printed.replace(/^\*/, "").toUpperCase();
    const known = BY_SID.get(sid);
    return { raw: printed, sid, name: known?.name ?? sid, resolved: true };
  }
  const known = BY_NAME.get(foldName(printed));
  if (known) return { raw: printed, sid: known.sid, name: known.name, resolved: true };
  const ref: PrincipalRef = { raw: printed, name: printed, resolved: false };
  const domain = printed.includes("\\") ? foldName(printed.split("\\")[0] ?? "") : "";
  if (domain !== "" && domain !== "NT SERVICE" && NT_AUTHORITY_HINT.test(domain))
    ref.unresolvedBuiltin = true;
  return ref;
}

/** SDDL trustee: a two-letter alias (NS, BA, AC, DA …, the whole table) or a SID string. */
export function resolveSddlTrustee(trustee: string): PrincipalRef {
  const alias = BY_ALIAS.get(trustee.toUpperCase());
  if (alias) return { raw: trustee, sid: alias.sid, name: alias.name, resolved: true };
  const other = SDDL_ALIASES[trustee.toUpperCase()];
  if (other?.sid) return { raw: trustee, sid: other.sid, name: other.name, resolved: true };
  // Domain-relative (DA, DU …): the group is known, its SID depends on the domain.
  if (other) return { raw: trustee, name: `${other.name} (domain RID ${other.rid})`, resolved: false };
  return resolvePrincipal(trustee);
}

export function principalBySid(sid: string): WellKnownPrincipal | undefined {
  return BY_SID.get(sid.toUpperCase());
}

/** The key two principals share when they are the same account: the SID if known, else the folded name. */
export function principalKey(ref: PrincipalRef): string {
  return ref.sid ?? foldName(ref.raw);
}
