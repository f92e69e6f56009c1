/** The ACL evidence source: icacls and Get-Acl dumps, merged into one list of objects. */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, EvidenceSource, Problem } from "../types.js";
import { decodeAclBytes, textLines, type AclTextEncoding } from "./decode.js";
import type { AclFacts, AclFormat, AclFragment } from "./facts.js";
import {
  getAclJsonScore,
  getAclListScore,
  icaclsSaveScore,
  parseGetAclJson,
  parseGetAclList,
  parseIcaclsSave,
  type AclParseResult,
} from "./get-acl.js";
import { icaclsScore, parseIcacls } from "./icacls.js";
import { pathKey } from "./object.js";

/** ACL dumps are read whole (they are small); a bigger file is almost certainly not one. */
const MAX_ACL_BYTES = 512 * 1024 * 1024;
/** Bound for the merged fact: a recursive /T dump of a big tree is not useful beyond this. */
export const MAX_ACL_OBJECTS = 20000;

const ENCODING_NOTES: Record<AclTextEncoding, string | undefined> = {
  "utf-16le": undefined,
  "utf-16be": undefined,
  "utf-8": undefined,
  "windows-1252": undefined,
  cp850: "Decoded with the OEM code page 850 (icacls output redirected from cmd).",
};

type Parse = (
  text: string,
  file: string,
) => AclParseResult & { errors?: AclFragment["errors"]; failed?: string };

function aclCollector(options: {
  kind: string;
  format: AclFormat;
  label: string;
  howToCollect: string;
  score: (head: string) => number;
  parse: Parse;
}): Collector<AclFragment> {
  return {
    kind: options.kind,
    source: "acl",
    label: options.label,
    readsWhole: true,
    howToCollect: options.howToCollect,
    detect: (probe: Probe) => (probe.head ? options.score(probe.head) : 0),
    collect: async (
      file: EvidenceFile,
      _context: CollectorContext,
    ): Promise<CollectorOutput<AclFragment>> => {
      if (file.size > MAX_ACL_BYTES) {
        return {
          status: "skipped",
          reason: `File is ${file.size} bytes; an ACL dump of the WSUS paths is far smaller. Dump only the paths the guide names.`,
          records: 0,
          rejected: 0,
          problems: [],
        };
      }
      const { text, encoding } = decodeAclBytes(await file.readBytes());
      const parsed = options.parse(text, file.path);
      const problems: Problem[] = [...parsed.problems];
      const note = ENCODING_NOTES[encoding];
      if (note) problems.unshift({ message: note, severity: "info" });
      if (parsed.failed) {
        return { status: "failed", reason: parsed.failed, records: 0, rejected: parsed.rejected, problems };
      }
      const errors = parsed.errors ?? [];
      if (parsed.objects.length === 0 && errors.length === 0) {
        return {
          status: "skipped",
          reason: `No ${options.label} objects could be read from this file.`,
          records: parsed.records,
          rejected: parsed.rejected,
          problems,
        };
      }
      return {
        status: "parsed",
        facts: { objects: parsed.objects, errors },
        records: parsed.records,
        rejected: parsed.rejected,
        problems,
      };
    },
  };
}

export const icaclsCollector = aclCollector({
  kind: "icacls",
  format: "icacls",
  label: "icacls output",
  howToCollect:
    'icacls "C:\\Program Files\\Update Services\\WebServices" >> acl.txt (repeat per path; from PowerShell or cmd)',
  score: icaclsScore,
  parse: (text, file) => {
    const result = parseIcacls(textLines(text), file);
    return {
      ...result,
      errors: result.errors.map((error) => ({ ...error, key: pathKey(error.path), file })),
    };
  },
});

export const getAclListCollector = aclCollector({
  kind: "get-acl-list",
  format: "get-acl-list",
  label: "Get-Acl | Format-List output",
  howToCollect: "Get-Acl -Path '<path>' | Format-List | Out-File -Width 4096 acl-getacl.txt",
  score: getAclListScore,
  parse: (text, file) => parseGetAclList(textLines(text), file),
});

export const getAclJsonCollector = aclCollector({
  kind: "get-acl-json",
  format: "get-acl-json",
  label: "Get-Acl | ConvertTo-Json output",
  howToCollect:
    "Get-Acl -Path '<path>' | Select-Object Path, Owner, Sddl | ConvertTo-Json | Out-File acl.json",
  score: getAclJsonScore,
  parse: (text, file) => parseGetAclJson(text, file),
});

export const icaclsSaveCollector = aclCollector({
  kind: "icacls-save",
  format: "icacls-save",
  label: "icacls /save ACL backup",
  howToCollect: 'icacls "<folder>" /save acl-save.txt',
  score: icaclsSaveScore,
  parse: (text, file) => parseIcaclsSave(textLines(text), file),
});

export function mergeAcl(fragments: readonly { file: string; facts: AclFragment }[]): AclFacts {
  const all = fragments.flatMap((fragment) => fragment.facts.objects);
  return {
    objects: all.slice(0, MAX_ACL_OBJECTS),
    errors: fragments.flatMap((fragment) => fragment.facts.errors),
    files: [...new Set(fragments.map((fragment) => fragment.file))],
    dropped: Math.max(0, all.length - MAX_ACL_OBJECTS),
  };
}

export const aclSource: EvidenceSource<AclFragment, AclFacts> = {
  name: "acl",
  collectors: [icaclsCollector, getAclListCollector, getAclJsonCollector, icaclsSaveCollector],
  merge: (fragments) => mergeAcl(fragments),
};
