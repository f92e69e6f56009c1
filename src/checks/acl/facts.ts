/**
 * Dynamic facts over the `acl` evidence. `networkServiceAccess` evaluates the guide's path list
 * (given by the rule as parameters) against the dumped DACLs: the effective rights of NETWORK
 * SERVICE and the groups in its token, deny wins over allow, inherit-only ACEs ignored.
 * A listed path that the dump does not hold is reported as missing, never as passed.
 */
import type { AclFacts, AclObject, AclReadError } from "../../collectors/acl/facts.js";
import { pathKey } from "../../collectors/acl/object.js";
import type { Facts } from "../../collectors/facts.js";
import { effectiveAccess, type AceForEvaluation } from "../../knowledge/acl-effective.js";
import { compilePattern, displayPattern } from "../../knowledge/acl-paths.js";
import { describeRights, FULL_CONTROL, missingRights, rightNames } from "../../knowledge/acl-rights.js";
import { principalBySid, principalKey } from "../../knowledge/principals.js";
import type { FactDefinition } from "../../engine/fact-definition.js";

export interface PathSpec {
  /** Pattern (see src/knowledge/acl-paths.ts); `%WSUSContent%` is the content folder from bundle.json. */
  path: string;
  label?: string;
  /** Absent is not a finding (the guide's C:\temp "only if it exists"). */
  optional?: boolean;
}

export type PathStatus = "ok" | "fail" | "missing" | "absent" | "unresolved";

export interface PathRow {
  index: number;
  label: string;
  path: string;
  status: PathStatus;
  /** What the principal effectively has now. */
  has: string;
  needs: string;
  /** Named rights missing from Full Control. */
  missing: string;
  /** The principal's ACEs (and its groups') on the object, as printed. */
  aces: string;
  /** Why the row has its status, in one sentence. */
  detail: string;
  file: string;
  line: number | null;
}

export interface DenyRow {
  path: string;
  principal: string;
  /** Argument for icacls /remove:d: `*S-1-5-20`, or the quoted name when the SID is unknown. */
  principalArg: string;
  printed: string;
  inherited: boolean;
  /** Where the DENY has to be removed: the object itself, or the folder it is inherited from. */
  fixPath: string;
  file: string;
  line: number | null;
}

export interface NetworkServiceAccess {
  principal: string;
  required: string;
  checked: PathRow[];
  failing: PathRow[];
  missing: PathRow[];
  denied: DenyRow[];
  checkedCount: number;
  failingCount: number;
  missingCount: number;
  /** Where the WSUSContent path comes from. */
  contentDir: { path: string; source: string };
}

const DEFAULT_MEMBER_OF = ["S-1-1-0", "S-1-5-11", "S-1-5-6", "S-1-5-32-545"];

export function networkServiceAccess(facts: Facts, params: Record<string, unknown>): NetworkServiceAccess {
  const principal = String(params.principal ?? "S-1-5-20").toUpperCase();
  const memberOf = Array.isArray(params.memberOf)
    ? params.memberOf.map((sid) => String(sid).toUpperCase())
    : DEFAULT_MEMBER_OF;
  const specs = (Array.isArray(params.paths) ? params.paths : []) as PathSpec[];
  const acl: AclFacts = facts.acl ?? { objects: [], errors: [], files: [], dropped: 0 };
  const candidates = new Set([principal, ...memberOf]);
  const windir = detectWindir(acl.objects);
  const contentDir = resolveContentDir(facts, acl);

  const rows: PathRow[] = [];
  const denied: DenyRow[] = [];
  for (const spec of specs) {
    const label = spec.label ?? spec.path;
    const patterns = /%WSUSContent%/i.test(spec.path) ? contentDir.candidates : [spec.path];
    const found = findObjects(acl, patterns);
    for (const object of found.objects) {
      const row = evaluate(object, candidates, principal, label);
      rows.push(row.row);
      denied.push(
        ...row.denies.map((deny) => ({
          ...deny,
          fixPath: denyFixPath(deny, object, acl.objects, candidates),
        })),
      );
    }
    for (const expected of found.missing) {
      const error = acl.errors.find((e) => e.key === expected.toLowerCase());
      rows.push(missingRow(spec, label, expected, error, windir, notKeptIn(acl, expected)));
    }
  }
  rows.forEach((row, index) => (row.index = index + 1));
  const failing = rows.filter((row) => row.status === "fail");
  const missing = rows.filter((row) => row.status === "missing" || row.status === "unresolved");
  return {
    principal: principalBySid(principal)?.name ?? principal,
    required: String(params.required ?? "FullControl"),
    checked: rows,
    failing,
    missing,
    denied: dedupeDenies(denied),
    checkedCount: rows.filter((row) => row.status === "ok" || row.status === "fail").length,
    failingCount: failing.length,
    missingCount: missing.length,
    contentDir: { path: contentDir.display, source: contentDir.source },
  };
}

function detectWindir(objects: readonly AclObject[]): string {
  for (const object of objects) {
    const match = /^([a-z]:\\(?:windows|winnt))(?:\\|$)/i.exec(object.path);
    if (match?.[1]) return match[1];
  }
  return "C:\\Windows";
}

function resolveContentDir(
  facts: Facts,
  acl: AclFacts,
): { candidates: string[]; display: string; source: string } {
  const configured = facts.bundle.wsus.contentDir?.trim().replace(/[\\/]+$/, "");
  if (configured) {
    // The registry's ContentDir does not include the WSUSContent leaf; bundle.json may or may not.
    const withLeaf = /\\WSUSContent$/i.test(configured) ? configured : `${configured}\\WSUSContent`;
    return { candidates: [withLeaf], display: withLeaf, source: "bundle.json wsus.contentDir" };
  }
  const dumped = acl.objects.find((object) => /\\wsuscontent$/i.test(object.key));
  if (dumped) {
    return {
      candidates: [dumped.path],
      display: dumped.path,
      source: "the WSUSContent folder found in the ACL dump (bundle.json has no wsus.contentDir)",
    };
  }
  return {
    candidates: ["C:\\WSUS\\WSUSContent"],
    display: "C:\\WSUS\\WSUSContent",
    source:
      "the guide's default C:\\WSUS\\WSUSContent (bundle.json has no wsus.contentDir and the dump holds no WSUSContent folder)",
  };
}

/** Objects matching any of the patterns, plus the concrete paths expected but not dumped. */
function findObjects(
  acl: AclFacts,
  patterns: readonly string[],
): { objects: AclObject[]; missing: string[] } {
  const objects: AclObject[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const pattern of patterns) {
    const matcher = compilePattern(pattern);
    for (const object of acl.objects) {
      if (!seen.has(object.key) && object.objectType === "file" && matcher.full.test(object.key)) {
        seen.add(object.key);
        objects.push(object);
      }
    }
    if (!matcher.stem) continue;
    // Every instance of the variable part present in the dump (e.g. each Framework*\<version>) needs the leaf too.
    const stems = new Map<string, string>();
    for (const object of [...acl.objects, ...acl.errors]) {
      const match = matcher.stem.exec(object.key);
      if (match?.[1] && !stems.has(match[1])) stems.set(match[1], object.path.slice(0, match[1].length));
    }
    for (const [stem, printed] of stems) {
      const expected = `${stem}${matcher.remainder.toLowerCase()}`;
      if (!seen.has(expected)) {
        seen.add(expected);
        missing.push(`${printed}${matcher.remainder}`);
      }
    }
  }
  // A plain path (no wildcard) that no object matches is missing as a whole.
  if (objects.length === 0 && missing.length === 0) missing.push(patterns[0] ?? "");
  return { objects, missing };
}

/** SDDL prints aliases (NS, BA); show the account name instead. */
function shown(principal: { raw: string; name: string }): string {
  return /^[A-Z]{2}$/.test(principal.raw) ? principal.name : principal.raw;
}

function aceKey(object: AclObject): AceForEvaluation[] {
  return object.aces.map((ace) => ({
    key: principalKey(ace.principal),
    type: ace.type,
    mask: ace.mask,
    inherited: ace.inherited,
    inheritOnly: ace.inheritOnly,
  }));
}

function evaluate(
  object: AclObject,
  candidates: ReadonlySet<string>,
  principal: string,
  label: string,
): { row: PathRow; denies: Omit<DenyRow, "fixPath">[] } {
  const aces = aceKey(object);
  const access = effectiveAccess(aces, candidates, object.objectType);
  const full = FULL_CONTROL[object.objectType];
  const relevant = object.aces.filter((ace, i) => candidates.has(aces[i]!.key) && !ace.inheritOnly);
  const unresolved = object.aces.filter((ace) => ace.principal.unresolvedBuiltin && !ace.inheritOnly);
  const principalName = principalBySid(principal)?.name ?? principal;
  let has = describeRights(access.granted, object.objectType);
  const denies = access.denyAces.map((i) => object.aces[i]!);
  if (denies.length > 0) {
    has += ` — DENY ${rightNames(access.denied, object.objectType).join(", ")} by ${denies
      .map((ace) => `${shown(ace.principal)} (${ace.inherited ? "inherited" : "explicit"})`)
      .join(", ")}`;
  }
  let status: PathStatus = access.fullControl ? "ok" : "fail";
  let detail = access.fullControl
    ? `${principalName} has Full Control.`
    : `${principalName} lacks ${missingRights(access.granted, full, object.objectType).join(", ")}.`;
  const unresolvedDeny = unresolved.some((ace) => ace.type === "deny");
  if (
    (access.fullControl && unresolvedDeny) ||
    (!access.fullControl && relevant.length === 0 && unresolved.length > 0)
  ) {
    status = "unresolved";
    detail = `Account name(s) ${unresolved.map((ace) => ace.principal.raw).join(", ")} could not be mapped to a SID (display language not known); dump the ACL as SDDL (Get-Acl) to decide.`;
  }
  if (object.aces.some((ace) => !ace.flagsKnown))
    detail += " Inheritance flags were not in the dump (Get-Acl Access column).";
  const row: PathRow = {
    index: 0,
    label,
    path: object.path,
    status,
    has,
    needs: describeRights(full, object.objectType),
    missing: missingRights(access.granted, full, object.objectType).join(", "),
    aces: relevant.map((ace) => `${shown(ace.principal)}:${ace.printed}`).join("; ") || "none",
    detail,
    file: object.file,
    line: object.line,
  };
  return {
    row,
    denies: denies.map((ace) => ({
      path: object.path,
      principal: ace.principal.name,
      principalArg: ace.principal.sid ? `*${ace.principal.sid}` : shown(ace.principal),
      printed: `${shown(ace.principal)}:${ace.printed}`,
      inherited: ace.inherited,
      file: object.file,
      line: ace.line ?? object.line,
    })),
  };
}

/** An explicit DENY is removed on the object; an inherited one on the nearest dumped ancestor that has it explicitly. */
function denyFixPath(
  deny: Omit<DenyRow, "fixPath">,
  object: AclObject,
  objects: readonly AclObject[],
  candidates: ReadonlySet<string>,
): string {
  if (!deny.inherited) return object.path;
  const ancestors = objects
    .filter((other) => object.key.startsWith(`${other.key}\\`) && other.key !== object.key)
    .sort((a, b) => b.key.length - a.key.length);
  for (const ancestor of ancestors) {
    const explicitDeny = ancestor.aces.some(
      (ace) => ace.type === "deny" && !ace.inherited && candidates.has(principalKey(ace.principal)),
    );
    if (explicitDeny) return ancestor.path;
  }
  const parent = object.path.replace(/\\[^\\]+$/, "");
  return parent === object.path ? object.path : parent;
}

function dedupeDenies(rows: DenyRow[]): DenyRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.fixPath.toLowerCase()}\u0000${row.principalArg}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A big recursive dump counts the files it does not keep (collectors/acl/keep.ts): a listed path
 * may be among them, so "not in the dump" would be untrue. The files counted in its parent folder
 * (or in all, when that folder was not listed by name).
 */
function notKeptIn(acl: AclFacts, expected: string): number {
  if (!acl.notKept) return 0;
  // the parent as a pattern: %windir% and its kin match the folder on any drive
  const parent = compilePattern(expected.replace(/[\\/][^\\/]*$/, "")).full;
  let count = 0;
  for (const dump of acl.notKept) {
    const folders = dump.byFolder.filter((entry) => parent.test(pathKey(entry.folder)));
    count +=
      folders.length > 0 ? folders.reduce((sum, entry) => sum + entry.objects, 0) : dump.inOtherFolders;
  }
  return count;
}

function missingRow(
  spec: PathSpec,
  label: string,
  expected: string,
  error: AclReadError | undefined,
  windir: string,
  notKept = 0,
): PathRow {
  const path = displayPattern(expected, windir);
  const optional = spec.optional === true;
  const detail = error
    ? `icacls could not read it: ${error.message}`
    : notKept > 0
      ? `Not among the objects kept from the ACL dump: ${notKept.toLocaleString("en-US")} objects with only inherited entries in that folder were counted, not kept; dump this path on its own to evaluate it.`
      : optional
        ? "Not in the ACL dump; the guide needs it only where it exists."
        : "Not in the ACL dump: this path was not evaluated.";
  return {
    index: 0,
    label,
    path,
    status: optional ? "absent" : "missing",
    has: "not in the dump",
    needs: "Full Control (F)",
    missing: "",
    aces: "",
    detail,
    file: error?.file ?? "",
    line: error?.line ?? null,
  };
}

const PATH_ROW =
  "{ index, label, path, status: 'ok'|'fail'|'missing'|'absent'|'unresolved', has, needs, missing, aces, detail, file, line }";

export const aclFacts: FactDefinition[] = [
  {
    name: "networkServiceAccess",
    description:
      "Effective rights of NETWORK SERVICE (and the groups in its token) on each path of a list, from the ACL dumps. " +
      "Deny wins over allow, inherit-only ACEs are ignored, localized names and SIDs are one principal. " +
      "Paths not in the dump are `missing` (not evaluated), never passed.",
    sources: ["acl"],
    params: {
      paths: {
        type: "object[]",
        required: true,
        description:
          "[{ path, label?, optional? }]: patterns with %windir%, %ProgramFiles%, Framework*, <version>, %WSUSContent% (bundle.json wsus.contentDir).",
      },
      principal: { type: "string", description: "SID of the account, default S-1-5-20 (NETWORK SERVICE)." },
      memberOf: {
        type: "string[]",
        description:
          "SIDs of groups in its token whose ACEs count too (default Everyone, Authenticated Users, SERVICE, Users).",
      },
      required: { type: "string", description: "The right required; only FullControl is supported." },
    },
    returns: `{ principal, required, checked: PathRow[], failing: PathRow[], missing: PathRow[], denied: { path, principal, principalArg, printed, inherited, fixPath, file, line }[], checkedCount, failingCount, missingCount, contentDir: { path, source } }; PathRow = ${PATH_ROW}`,
    example: {
      principal: "NT AUTHORITY\\NETWORK SERVICE",
      required: "FullControl",
      failingCount: 1,
      missingCount: 0,
      checkedCount: 6,
      failing: [
        {
          index: 5,
          label: "WSUSContent",
          path: "D:\\WSUS\\WSUSContent",
          status: "fail",
          has: "Modify (M)",
          needs: "Full Control (F)",
          missing: "WRITE_DAC, WRITE_OWNER",
          aces: "NT AUTHORITY\\NETWORK SERVICE:(I)(OI)(CI)(M)",
          detail: "NT AUTHORITY\\NETWORK SERVICE lacks WRITE_DAC, WRITE_OWNER.",
          file: "acl/icacls.txt",
          line: 12,
        },
      ],
      contentDir: { path: "D:\\WSUS\\WSUSContent", source: "bundle.json wsus.contentDir" },
    },
    compute: (facts, params) => networkServiceAccess(facts, params),
  },
];
