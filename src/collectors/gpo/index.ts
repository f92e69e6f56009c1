/** Group Policy evidence: four export formats feeding the one `gpo` fact. */
import type { EvidenceSource } from "../types.js";
import type { GpoFacts, GpoFragment } from "./facts.js";
import { gpoBackupCollector } from "./gpo-backup.js";
import { gpoReportCollector } from "./gpo-report.js";
import { gpresultCollector } from "./gpresult.js";
import { mergeGpo } from "./merge.js";
import { regFileCollector } from "./reg-file.js";
import { registryPolCollector } from "./registry-pol.js";

export const gpoSource: EvidenceSource<GpoFragment, GpoFacts> = {
  name: "gpo",
  collectors: [
    gpresultCollector,
    gpoReportCollector,
    registryPolCollector,
    regFileCollector,
    gpoBackupCollector,
  ],
  merge: (fragments, manifest) => mergeGpo(fragments, manifest),
};
