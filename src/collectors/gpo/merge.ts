/**
 * One coherent `gpo` fact from every Group Policy file of a bundle (see facts.ts for the shape). Which
 * evidence wins, and why:
 * - a computer's RSoP (gpresult) is what that machine got, and a .reg export is what one machine has:
 *   when either is present, the views are those machines and GPO definitions only explain links;
 * - otherwise one "gpo-definitions" view merges the GPOs in effect (Get-GPOReport, Registry.pol);
 *   values that several GPOs set differently (order unknown without the OU's link order) are conflicts.
 * A Registry.pol inside a GPMC backup belongs to the gpreport.xml of the same backup folder, and a
 * SYSVOL Registry.pol to the GPO whose GUID names its folder: both describe one GPO, not two.
 */
import { WSUS_CORE_VALUES, WU_POLICIES, findWuValue } from "../../knowledge/gpo-policies.js";
import type { BundleManifest } from "../../bundle/types.js";
import type {
  EffectiveSetting,
  GpoDefinition,
  GpoEvidenceKind,
  GpoFacts,
  GpoFragment,
  PolicyRecord,
  PolicyStateFact,
  PolicyView,
  RsopComputer,
  SettingRecord,
} from "./facts.js";
import { completeDefinition } from "./gpo-report.js";
import { parsePolicyUrl } from "./url.js";

type Fragment<K extends GpoFragment["kind"]> = Extract<GpoFragment, { kind: K }>;

export function mergeGpo(
  fragments: readonly { file: string; facts: GpoFragment }[],
  _manifest?: BundleManifest,
): GpoFacts {
  const all = fragments.map((fragment) => fragment.facts);
  const of = <K extends GpoFragment["kind"]>(kind: K) =>
    all.filter((fragment): fragment is Fragment<K> => fragment.kind === kind);
  const gpresults = of("gpresult-xml");
  const reports = of("gpo-report-xml");
  const pols = of("registry-pol");
  const regs = of("reg-export");
  const backups = of("gpo-backup-xml").flatMap(backupFolders);

  const computers = gpresults.flatMap((fragment) => fragment.computers);
  const gpos = dedupeGpos(reports.flatMap((fragment) => fragment.gpos));
  for (const pol of pols) attachPol(pol, gpos, backups);
  for (const backup of backups) applyBackupManifest(backup, gpos);

  const views: PolicyView[] = [...computers.map(rsopView), ...regs.map(regView)];
  let effectiveFrom: GpoFacts["effectiveFrom"] =
    computers.length > 0 && regs.length > 0
      ? "rsop+registry-export"
      : computers.length > 0
        ? "rsop"
        : regs.length > 0
          ? "registry-export"
          : "none";
  if (views.length === 0 && gpos.length > 0) {
    views.push(definitionsView(gpos));
    effectiveFrom = "gpo-definitions";
  }

  const kinds = [...new Set(all.map((fragment) => fragment.kind))].sort() as GpoEvidenceKind[];
  return {
    kinds,
    files: all.map((fragment) => ({
      file: fragment.file,
      kind: fragment.kind,
      note:
        fragment.kind === "gpo-report-xml" && fragment.complete
          ? "Get-GPOReport -All (complete list)"
          : undefined,
    })),
    linkEvidence: computers.length > 0 || reports.some((fragment) => fragment.gpos.length > 0),
    completeGpoList: reports.some((fragment) => fragment.complete),
    effectiveFrom,
    views,
    computers,
    gpos,
  };
}

/** The same GPO may come from an -All export and from a backup's gpreport.xml: keep one, remember both. */
function dedupeGpos(list: GpoDefinition[]): GpoDefinition[] {
  const byKey = new Map<string, GpoDefinition>();
  for (const gpo of list) {
    const key = (gpo.id ?? `name:${gpo.name}`).toUpperCase();
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.alsoFrom.includes(gpo.file) && seen.file !== gpo.file) seen.alsoFrom.push(gpo.file);
    } else byKey.set(key, gpo);
  }
  return [...byKey.values()];
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** The GPO a Registry.pol belongs to: same backup folder as a gpreport.xml, or SYSVOL …/{GUID}/Machine/. */
function attachPol(
  pol: Fragment<"registry-pol">,
  gpos: GpoDefinition[],
  backups: Fragment<"gpo-backup-xml">[],
): void {
  const backupRoot = /^(.*?)\/?DomainSysvol\//i.exec(pol.file)?.[1];
  const sysvolGuid = /(\{[0-9a-f-]{36}\})\/Machine\/[^/]+$/i.exec(pol.file)?.[1]?.toUpperCase();
  const owner = gpos.find(
    (gpo) =>
      (backupRoot !== undefined && dirOf(gpo.file).toLowerCase() === backupRoot.toLowerCase()) ||
      (sysvolGuid !== undefined && gpo.id?.toUpperCase() === sysvolGuid),
  );
  if (owner) {
    // The policy file holds the exact bytes clients receive: its values replace the ones mapped from the report.
    const fromPol = pol.settings.map((setting) => ({ ...setting, gpo: owner.name, gpoId: owner.id }));
    const polNames = new Set(fromPol.map((setting) => setting.name));
    owner.settings = [...owner.settings.filter((setting) => !polNames.has(setting.name)), ...fromPol];
    owner.alsoFrom.push(pol.file);
    completeDefinition(owner);
    return;
  }
  if (pol.side === "user") return;
  // A backup's manifests name the GPO (the backup folder GUID is the backup ID, not the GPO's).
  const manifests = backups.filter(
    (backup) => backupRoot !== undefined && folderOf(backup).toLowerCase() === backupRoot.toLowerCase(),
  );
  const manifestName = manifests.find((backup) => backup.gpoName)?.gpoName;
  const manifestId = manifests.find((backup) => backup.gpoId)?.gpoId;
  const standalone: GpoDefinition = {
    name: manifestName ?? sysvolGuid ?? (backupRoot ? `GPO backup ${backupRoot.split("/").pop()}` : pol.file),
    id: manifestId ?? sysvolGuid,
    domain: manifests.find((backup) => backup.domain)?.domain,
    file: pol.file,
    linkInfo: false,
    links: [],
    settings: pol.settings.map((setting) => ({
      ...setting,
      gpo: manifestName ?? setting.gpo,
      gpoId: manifestId ?? setting.gpoId,
    })),
    policies: [],
    setsWsus: false,
    inEffect: false,
    alsoFrom: [],
  };
  completeDefinition(standalone);
  gpos.push(standalone);
}

/** manifest.xml (Backup-GPO -All) describes the backup folders beside it: one manifest per folder. */
function backupFolders(backup: Fragment<"gpo-backup-xml">): Fragment<"gpo-backup-xml">[] {
  if (!backup.backups) return [backup];
  const dir = dirOf(backup.file);
  return backup.backups
    .filter((entry) => entry.backupId)
    .map((entry) => ({
      kind: "gpo-backup-xml",
      file: backup.file,
      folder: dir ? `${dir}/${entry.backupId}` : entry.backupId,
      ...entry,
    }));
}

function folderOf(backup: Fragment<"gpo-backup-xml">): string {
  return backup.folder ?? dirOf(backup.file);
}

/** Backup.xml flags and the manifests' file names on the GPO of the same backup folder. */
function applyBackupManifest(backup: Fragment<"gpo-backup-xml">, gpos: GpoDefinition[]): void {
  const root = folderOf(backup).toLowerCase();
  const owner = gpos.find(
    (gpo) =>
      (backup.gpoId !== undefined && gpo.id?.toUpperCase() === backup.gpoId.toUpperCase()) ||
      dirOf(gpo.file).toLowerCase() === root ||
      gpo.alsoFrom.some((file) => file.toLowerCase().startsWith(`${root}/`)),
  );
  if (!owner) return;
  if (!owner.alsoFrom.includes(backup.file)) owner.alsoFrom.push(backup.file);
  if (backup.options !== undefined || backup.registryCse !== undefined || backup.wmiFilter !== undefined) {
    owner.backup = {
      ...owner.backup,
      options: backup.options,
      registryCse: backup.registryCse,
      wmiFilter: backup.wmiFilter,
    };
  }
}

function toEffective(setting: SettingRecord): EffectiveSetting {
  const { deleted: _deleted, precedence: _precedence, value, ...rest } = setting;
  return { ...rest, value: value ?? "" };
}

/**
 * Later records win (file order); a deletion removes the value. Exact registry reads beat mapped
 * elements. Names are matched case-insensitively (registry semantics) and keyed by their canonical
 * spelling; a known value under the other key has no effect and goes to `misplaced`.
 */
function applySettings(
  target: Record<string, EffectiveSetting>,
  settings: SettingRecord[],
  misplaced: EffectiveSetting[] = [],
): void {
  for (const raw of settings) {
    const known = findWuValue(raw.name);
    const setting = known ? { ...raw, name: known.name } : raw;
    if (known && setting.key !== known.key && setting.key !== known.alsoUnder) {
      if (!setting.deleted) misplaced.push(toEffective(setting));
      continue;
    }
    if (setting.deleted) {
      delete target[setting.name];
      continue;
    }
    const existing = target[setting.name];
    if (existing && existing.from === "registry" && setting.from !== "registry") continue;
    target[setting.name] = toEffective(setting);
  }
}

function policyFacts(
  records: PolicyRecord[],
  settings: Record<string, EffectiveSetting>,
): Record<string, PolicyStateFact> {
  const result: Record<string, PolicyStateFact> = {};
  for (const policy of WU_POLICIES) {
    const record = records.find((entry) => entry.id === policy.id);
    if (record) {
      result[policy.id] = {
        policy: policy.displayName,
        state: record.state,
        derivedFrom: "policy",
        file: record.file,
        line: record.line,
        kind: record.kind,
        gpo: record.gpo,
        gpoId: record.gpoId,
      };
      continue;
    }
    result[policy.id] = stateFromRegistry(policy.id, settings);
  }
  return result;
}

/** The policy state a registry view implies (knowledge/gpo.md §1.2–1.3, §1.7). */
function stateFromRegistry(id: string, settings: Record<string, EffectiveSetting>): PolicyStateFact {
  const policy = WU_POLICIES.find((entry) => entry.id === id)!;
  const stateValue = policy.stateValue;
  const setting = stateValue ? settings[stateValue.name] : undefined;
  const origin = (from: EffectiveSetting) => ({
    file: from.file,
    line: from.line,
    kind: from.kind,
    gpo: from.gpo,
    gpoId: from.gpoId,
  });
  if (setting && stateValue) {
    const state = setting.value === stateValue.enabled ? "Enabled" : "Disabled";
    return { policy: policy.displayName, state, derivedFrom: "registry", ...origin(setting) };
  }
  // AUOptions without NoAutoUpdate: the client treats NoAutoUpdate as 0, so automatic updates are on [I].
  if (id === "AutoUpdateCfg" && settings.AUOptions) {
    return {
      policy: policy.displayName,
      state: "Enabled",
      derivedFrom: "registry",
      ...origin(settings.AUOptions),
    };
  }
  return { policy: policy.displayName, state: "Not configured", derivedFrom: "absent" };
}

function finishView(
  view: Omit<PolicyView, "wsusPolicyPresent" | "urls" | "policies">,
  records: PolicyRecord[],
): PolicyView {
  const update = view.settings.WUServer;
  const status = view.settings.WUStatusServer;
  return {
    ...view,
    policies: policyFacts(records, view.settings),
    wsusPolicyPresent: WSUS_CORE_VALUES.some((name) => view.settings[name] !== undefined),
    urls: {
      update: update ? parsePolicyUrl(String(update.value)) : undefined,
      status: status ? parsePolicyUrl(String(status.value)) : undefined,
    },
  };
}

function rsopView(computer: RsopComputer): PolicyView {
  const settings: Record<string, EffectiveSetting> = {};
  const misplaced: EffectiveSetting[] = [];
  applySettings(settings, computer.settings, misplaced);
  return finishView(
    {
      id: `rsop:${computer.name}`,
      kind: "rsop",
      label: computer.modelled
        ? `${computer.name} (GPMC Group Policy Modeling, simulated: ${computer.file})`
        : `computer ${computer.name} (gpresult ${computer.file})`,
      computer: computer.name,
      settings,
      misplaced,
      conflicts: [],
    },
    computer.policies,
  );
}

function regView(reg: Fragment<"reg-export">): PolicyView {
  const settings: Record<string, EffectiveSetting> = {};
  const misplaced: EffectiveSetting[] = [];
  applySettings(settings, reg.settings, misplaced);
  return finishView(
    {
      id: `reg:${reg.file}`,
      kind: "registry-export",
      label: `.reg export ${reg.file}`,
      settings,
      misplaced,
      conflicts: [],
    },
    [],
  );
}

/** Without a client's RSoP: the GPOs in effect, or every WSUS GPO when none of those is in effect. */
function definitionsView(gpos: GpoDefinition[]): PolicyView {
  let chosen = gpos.filter((gpo) => gpo.inEffect);
  if (!chosen.some((gpo) => gpo.setsWsus))
    chosen = [...chosen, ...gpos.filter((gpo) => gpo.setsWsus && !gpo.inEffect)];
  const settings: Record<string, EffectiveSetting> = {};
  const candidates = new Map<string, EffectiveSetting[]>();
  const misplaced: EffectiveSetting[] = [];
  for (const gpo of chosen) {
    const own: Record<string, EffectiveSetting> = {};
    applySettings(own, gpo.settings, misplaced);
    for (const setting of Object.values(own)) {
      const list = candidates.get(setting.name) ?? [];
      list.push(setting);
      candidates.set(setting.name, list);
      settings[setting.name] ??= setting;
    }
  }
  const conflicts = [...candidates.entries()]
    .filter(([, list]) => new Set(list.map((entry) => String(entry.value))).size > 1)
    .map(([name, list]) => ({ name, candidates: list }));
  const records = chosen.flatMap((gpo) => gpo.policies);
  return finishView(
    {
      id: "gpo-definitions",
      kind: "gpo-definitions",
      label: `GPO definitions (${chosen.map((gpo) => gpo.name).join(", ") || "none"})`,
      settings,
      misplaced,
      conflicts,
    },
    records,
  );
}
