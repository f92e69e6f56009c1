/**
 * The `gpo` fact: what rules see of the Group Policy evidence (knowledge/gpo.md).
 *
 * Four formats feed it: gpresult /x (RSoP of one computer), Get-GPOReport XML (one GPO or -All, also
 * the gpreport.xml of GPMC backups), Registry.pol (PReg) and .reg exports. Each file yields a
 * `GpoFragment`; `mergeGpo()` combines them into one `GpoFacts`:
 *
 * - `views`: the policy views rules evaluate, each a coherent set of effective Windows Update values.
 *   Which evidence wins (reasoned in merge.ts):
 *   1. machine views: one per computer in a gpresult (what that machine got: winning instances,
 *      precedence 1) and one per .reg export (a machine's effective values, source unknown);
 *   2. only when no machine view exists: one "gpo-definitions" view merged from the GPO reports and
 *      Registry.pol files whose GPO is in effect (computer side enabled and an enabled link, or link
 *      unknown), or every GPO that sets WSUS values when none is in effect.
 * - `computers`, `gpos`: what each format says about linkage and filtering (GPO.LINKED).
 */
import type { RegType, WuKey } from "../../knowledge/gpo-policies.js";

export type GpoEvidenceKind =
  "gpresult-xml" | "gpo-report-xml" | "registry-pol" | "reg-export" | "gpo-backup-xml";

/** Where a value came from: every evidence row carries these. */
export interface SettingOrigin {
  /** Bundle-relative file. */
  file: string;
  /** 1-based line (XML, .reg) or record number (Registry.pol). */
  line?: number;
  kind: GpoEvidenceKind;
  /** GPO display name when the format names it. */
  gpo?: string;
  /** GPO GUID when the format gives it. */
  gpoId?: string;
  /** ADMX policy display name as the report printed it (XML formats). */
  policy?: string;
}

/** One registry value of the WU/AU policy keys, as a file sets (or deletes) it. */
export interface SettingRecord extends SettingOrigin {
  /** WU = …\Policies\Microsoft\Windows\WindowsUpdate, AU = …\WindowsUpdate\AU. */
  key: WuKey;
  /** The key path exactly as the file wrote it. */
  keyPath: string;
  /** Value name, exact (a trailing space makes another value). */
  name: string;
  type: RegType;
  /** Numbers for DWORD/QWORD, strings for SZ; null when deleted. */
  value: string | number | null;
  /** `**del.<name>` in Registry.pol, `"name"=-` in .reg. */
  deleted: boolean;
  /** RSoP precedence (1 = the winning instance) when gpresult gives it. */
  precedence?: number;
  /** How the value was obtained: read as a registry value, or mapped from an ADMX policy element. */
  from: "registry" | "policy-element" | "policy-state";
}

export type PolicyStateName = "Enabled" | "Disabled" | "Not configured";

/** One ADMX policy as an XML report shows it (`<Policy><Name/><State/>…`). */
export interface PolicyRecord extends SettingOrigin {
  /** ADMX id from src/knowledge/gpo-policies.ts. */
  id: string;
  /** Display name as printed (may be localised). */
  displayName: string;
  state: PolicyStateName;
  precedence?: number;
  /** The elements as printed: label and raw value text (evidence). */
  elements: { kind: string; label: string; value: string }[];
}

export interface GpoLink {
  /** Canonical SOM path, e.g. corp.example/Workstations. */
  somPath: string;
  enabled: boolean;
  enforced: boolean;
  /** gpresult: AppliedOrder (> 0 = applied). */
  appliedOrder?: number;
}

/** A GPO as Get-GPOReport describes it (definition and links), possibly completed by a Registry.pol. */
export interface GpoDefinition {
  name: string;
  id?: string;
  domain?: string;
  file: string;
  line?: number;
  /** `Computer/Enabled`; undefined when the report omits it. */
  computerEnabled?: boolean;
  userEnabled?: boolean;
  /** Whether the source can tell links: true for GPO reports, false for Registry.pol alone. */
  linkInfo: boolean;
  links: GpoLink[];
  wmiFilter?: string;
  /** Security filtering: who may read and apply the GPO (Get-GPOReport's SecurityDescriptor). */
  security?: GpoSecurity;
  /**
   * Windows Update values this GPO sets in its User Configuration: Windows Update reads only machine
   * policy, so they never reach the client, with or without loopback processing.
   */
  userSideWsus?: { names: string[]; line?: number };
  settings: SettingRecord[];
  policies: PolicyRecord[];
  /** Sets at least one of UseWUServer, WUServer, WUStatusServer, NoAutoUpdate, AUOptions. */
  setsWsus: boolean;
  /** Computer side enabled and at least one enabled link (or no link information at all). */
  inEffect: boolean;
  /** Other files describing the same GPO (a backup's registry.pol next to its gpreport.xml). */
  alsoFrom: string[];
  /**
   * From a GPMC backup's Backup.xml: GPO status flags (`Options`; 1/2/3 disable user/computer/both
   * sides — that Options holds exactly these flags is inferred) and whether the Registry client-side
   * extension is in the machine extension list (without it clients do not process registry.pol [I]).
   */
  backup?: { options?: number; registryCse?: boolean; wmiFilter?: string };
}

/** One trustee of a GPO's ACL, reduced to what Group Policy processing needs. */
export interface GpoTrustee {
  /** SID when the evidence gives it (SDDL alias resolved, or the report's SID). */
  sid?: string;
  /** Domain-relative RID (515 = Domain Computers) when the SID is a domain account or group. */
  rid?: number;
  /** As GPMC printed it (CORP\WSUS Clients), else the well-known name, else the SID. */
  name: string;
  read: boolean;
  apply: boolean;
  denyRead: boolean;
  denyApply: boolean;
}

/** A GPO's ACL as far as security filtering goes: from the exact SDDL or from GPMC's grouped permissions. */
export interface GpoSecurity {
  from: "sddl" | "permissions";
  trustees: GpoTrustee[];
  /** Trustees GPMC printed as "Custom" (no SDDL to read them exactly): not judged. */
  custom?: string[];
  line?: number;
}

export type DenialReason =
  | "Denied (Security)"
  | "Denied (WMI Filter)"
  | "Not Applied (Empty)"
  | "Disabled (Link)"
  | "Disabled (GPO)"
  | "Blocked inheritance"
  | "Not applied (no reason recorded)";

/** One GPO in a gpresult computer list (applied or not). */
export interface RsopGpo {
  name: string;
  id?: string;
  applied: boolean;
  /** Derived from the flags (knowledge/gpo.md §2.1) when not applied. */
  reason?: DenialReason;
  enabled?: boolean;
  accessDenied?: boolean;
  filterAllowed?: boolean;
  isValid?: boolean;
  link?: GpoLink;
  securityFilter: string[];
  /** "Blocked inheritance": the OU whose Block Inheritance keeps this GPO's (not enforced) link out. */
  blockedAt?: string;
  line: number;
}

/** A container Group Policy searched for the computer (`SearchedSOM`), in processing order. */
export interface SearchedSom {
  /** Canonical path, e.g. corp.example/Workstations; "Local" for the local GPO. */
  path: string;
  /** Local, Site, Domain or OU. */
  type: string;
  order?: number;
  /** This OU has Block Inheritance set. */
  blocksInheritance: boolean;
  /** A block below this container keeps its (not enforced) links out. */
  blocked: boolean;
}

export interface RsopComputer {
  /** e.g. CORP\PC0042$ */
  name: string;
  domain?: string;
  site?: string;
  /** The computer's own container (canonical path). */
  som?: string;
  /**
   * LoggedData: what the client logged (gpresult, Get-GPResultantSetOfPolicy). PlanningData: GPMC
   * Group Policy Modeling, a simulation for a container: no client wrote it.
   */
  dataType?: string;
  modelled: boolean;
  /** The containers searched, sorted by processing order (Local, Site, Domain, OUs). */
  searchedSoms: SearchedSom[];
  file: string;
  line: number;
  gpos: RsopGpo[];
  /** Registry client-side extension status; settings may be stale when it failed. */
  registryExtension?: { status?: string; error?: number };
  /** WSUS values GPOs set in the report's user results: Windows Update never reads them. */
  userSideWsus?: { gpo: string; names: string[]; line?: number }[];
  /** Winning settings (precedence 1) of the Registry extension, WU/AU keys only. */
  settings: SettingRecord[];
  policies: PolicyRecord[];
}

/** A policy server URL (WUServer / WUStatusServer) taken apart. */
export interface PolicyUrl {
  raw: string;
  scheme?: string;
  host?: string;
  /** Explicit port, or undefined when the URL names none. */
  port?: number;
  /** Port the client really uses: explicit, else 80/443 from the scheme. */
  effectivePort?: number;
  /** Path after the authority ("" when none, "/" for a lone trailing slash). */
  path: string;
  /** Parses as scheme://host[:port] with nothing that makes clients fail. */
  valid: boolean;
  /** Codes: empty, whitespace, no-scheme, bad-scheme, no-host, bad-port, path, query, trailing-slash. */
  problems: string[];
}

/** One effective value in a view, with where it came from. */
export interface EffectiveSetting extends SettingOrigin {
  key: WuKey;
  keyPath: string;
  name: string;
  type: RegType;
  value: string | number;
  from: SettingRecord["from"];
}

export interface PolicyStateFact extends Partial<SettingOrigin> {
  policy: string;
  state: PolicyStateName;
  /** "policy": the report printed the state; "registry": derived from the policy's registry value. */
  derivedFrom: "policy" | "registry" | "absent";
}

/** A coherent set of effective values that rules evaluate (one computer, one .reg, or the GPO definitions). */
export interface PolicyView {
  id: string;
  kind: "rsop" | "registry-export" | "gpo-definitions";
  /** For the report: "computer CORP\PC0042$ (gpresult)", ".reg export x.reg", "GPO definitions". */
  label: string;
  computer?: string;
  /** Effective (non-deleted) values by value name: WUServer, WUStatusServer, UseWUServer, AUOptions … */
  settings: Record<string, EffectiveSetting>;
  /** Policy states by ADMX id: AutoUpdateCfg ("Configure Automatic Updates"), CorpWuURL ("Specify intranet …") … */
  policies: Record<string, PolicyStateFact>;
  /** At least one WSUS core value (WSUS_CORE_VALUES) is set: a WSUS policy reaches this view. */
  wsusPolicyPresent: boolean;
  /** Known values written under the other key (e.g. UseWUServer under WindowsUpdate instead of \AU): no effect. */
  misplaced: EffectiveSetting[];
  /** Values set differently by several GPOs whose order is unknown (definitions view only). */
  conflicts: { name: string; candidates: EffectiveSetting[] }[];
  /** The update and statistics server URLs, parsed. */
  urls: { update?: PolicyUrl; status?: PolicyUrl };
}

export interface GpoFacts {
  kinds: GpoEvidenceKind[];
  files: { file: string; kind: GpoEvidenceKind; note?: string }[];
  /** A gpresult or a GPO report is present: linkage can be judged. */
  linkEvidence: boolean;
  /** Some GPO report is a complete `Get-GPOReport -All` export. */
  completeGpoList: boolean;
  /** Which evidence the views come from (see the header). */
  effectiveFrom: "rsop" | "registry-export" | "rsop+registry-export" | "gpo-definitions" | "none";
  views: PolicyView[];
  computers: RsopComputer[];
  gpos: GpoDefinition[];
}

/** What one file contributes before merge. */
export type GpoFragment =
  | { kind: "gpresult-xml"; file: string; computers: RsopComputer[] }
  | { kind: "gpo-report-xml"; file: string; complete: boolean; gpos: GpoDefinition[] }
  | {
      kind: "registry-pol";
      file: string;
      side: "machine" | "user" | "unknown";
      settings: SettingRecord[];
      otherValues: number;
    }
  | { kind: "reg-export"; file: string; settings: SettingRecord[]; otherValues: number }
  | {
      kind: "gpo-backup-xml";
      file: string;
      /** The backup folder this describes, when it is not the file's own folder (manifest.xml entries). */
      folder?: string;
      /** `Backup-GPO -All`'s manifest.xml: one entry per backup folder beside it. */
      backups?: { gpoName?: string; gpoId?: string; domain?: string; backupId?: string }[];
      gpoName?: string;
      gpoId?: string;
      domain?: string;
      backupId?: string;
      options?: number;
      registryCse?: boolean;
      wmiFilter?: string;
    };
