/**
 * The manifests of a GPMC backup folder (knowledge/gpo.md §2.3): bkupInfo.xml (`BackupInst`) and
 * Backup.xml (`GroupPolicyBackupScheme`), and the manifest.xml that `Backup-GPO -All` writes beside the
 * backup folders (`Backups`, one `BackupInst` per folder). They name the GPO a backup's registry.pol belongs to (the
 * backup folder GUID is not the GPO GUID) and record its status flags and client-side extensions.
 * They carry no links.
 */
import type { Collector, CollectorOutput } from "../types.js";
import type { GpoFragment } from "./facts.js";
import { kid, kidText, kids, type XNode } from "./xml-tree.js";
import { parseGpoXml } from "./failure.js";

const NS_MANIFEST = "http://www.microsoft.com/GroupPolicy/GPOOperations/Manifest";
const NS_BACKUP = "http://www.microsoft.com/GroupPolicy/GPOOperations";
const REGISTRY_CSE = "{35378EAC-683F-11D2-A89A-00C04FBBCFA2}";

export function parseGpoBackup(text: string, file: string): CollectorOutput<GpoFragment> {
  const { root, failure } = parseGpoXml(text);
  if (failure) return failure;
  if (root?.name === "BackupInst" && root.ns === NS_MANIFEST)
    return parsed({ kind: "gpo-backup-xml", file, ...backupInstance(root) });
  if (root?.name === "Backups" && root.ns === NS_MANIFEST) {
    const backups = kids(root, "BackupInst", NS_MANIFEST).map(backupInstance);
    if (backups.length === 0) {
      return {
        status: "skipped",
        reason: "the Backup-GPO manifest lists no backup",
        records: 0,
        rejected: 0,
        problems: [],
      };
    }
    return { ...parsed({ kind: "gpo-backup-xml", file, backups }), records: backups.length };
  }
  if (root?.name === "GroupPolicyBackupScheme" && root.ns === NS_BACKUP) {
    const core = kid(kid(root, "GroupPolicyObject", NS_BACKUP), "GroupPolicyCoreSettings", NS_BACKUP);
    const options = kidText(core, "Options", NS_BACKUP);
    const machineCses = kidText(core, "MachineExtensionGuids", NS_BACKUP) ?? "";
    return parsed({
      kind: "gpo-backup-xml",
      file,
      gpoName: kidText(core, "DisplayName", NS_BACKUP),
      gpoId: kidText(core, "ID", NS_BACKUP),
      domain: kidText(core, "Domain", NS_BACKUP),
      options: options !== undefined && /^\d+$/.test(options) ? Number(options) : undefined,
      registryCse: machineCses.toUpperCase().includes(REGISTRY_CSE),
      wmiFilter: kidText(core, "WMIFilter", NS_BACKUP) || undefined,
    });
  }
  const reason =
    "the root element is neither BackupInst (bkupInfo.xml), Backups (manifest.xml) nor GroupPolicyBackupScheme (Backup.xml)";
  return {
    status: "failed",
    reason,
    records: 0,
    rejected: 0,
    problems: [{ severity: "error", message: reason }],
  };
}

function backupInstance(node: XNode) {
  return {
    gpoName: kidText(node, "GPODisplayName", NS_MANIFEST),
    gpoId: kidText(node, "GPOGuid", NS_MANIFEST),
    domain: kidText(node, "GPODomain", NS_MANIFEST),
    backupId: kidText(node, "ID", NS_MANIFEST),
  };
}

function parsed(facts: GpoFragment): CollectorOutput<GpoFragment> {
  return { status: "parsed", facts, records: 1, rejected: 0, problems: [] };
}

export const gpoBackupCollector: Collector<GpoFragment> = {
  kind: "gpo-backup-xml",
  source: "gpo",
  label: "GPMC backup manifest (bkupInfo.xml / Backup.xml / manifest.xml)",
  readsWhole: true,
  howToCollect: "Backup-GPO -Name '<WSUS GPO>' -Path C:\\Temp\\gpo-backup (copy the whole backup folder)",
  detect(probe) {
    const head = probe.head;
    if (/<(BackupInst|Backups)[\s>]/.test(head) && head.includes(NS_MANIFEST)) return 90;
    if (/<GroupPolicyBackupScheme[\s>]/.test(head) && head.includes(NS_BACKUP)) return 90;
    return 0;
  },
  async collect(file) {
    return parseGpoBackup(await file.readText(), file.path);
  },
};
