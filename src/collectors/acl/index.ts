/** The ACL evidence source: icacls and Get-Acl dumps, merged into one list of objects. */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput, EvidenceSource, Problem } from "../types.js";
import { decodeAclBytes, streamAclLines, textLines, type AclTextEncoding } from "./decode.js";
import type { AclFacts, AclFormat, AclFragment, AclNotKept, AclObject } from "./facts.js";
import {
  getAclJsonScore,
  getAclListScore,
  icaclsSaveScore,
  IcaclsSaveParser,
  parseGetAclJson,
  parseGetAclList,
  type AclParseResult,
} from "./get-acl.js";
import { IcaclsParser, icaclsScore, type IcaclsParseResult } from "./icacls.js";
import { readIcaclsUtf16 } from "./icacls-utf16.js";
import { AclKeeper, KEEP_LIMITS } from "./keep.js";
import { pathKey } from "./object.js";

/** Whole-read ACL dumps (Get-Acl, icacls /save): a bigger file is almost certainly not one. */
const MAX_ACL_BYTES = 512 * 1024 * 1024;
/** Bound for the merged fact: a recursive /T dump of a big tree is not useful beyond this. */
export const MAX_ACL_OBJECTS = 20_000;

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

interface ParsedDump {
  objects: AclObject[];
  errors: AclFragment["errors"];
  records: number;
  rejected: number;
  problems: Problem[];
  notKept?: AclNotKept;
  errorsNotKept?: number;
  failed?: string;
}

/** The collector's outcome for a parsed dump, worded the same for every format. */
function outcome(parsed: ParsedDump, encoding: AclTextEncoding, label: string): CollectorOutput<AclFragment> {
  const problems: Problem[] = [...parsed.problems];
  const note = ENCODING_NOTES[encoding];
  if (note) problems.unshift({ message: note, severity: "info" });
  if (parsed.notKept) {
    problems.push({
      message: `${parsed.notKept.objects.toLocaleString("en-US")} objects were counted per folder, not kept: the first ${KEEP_LIMITS.first.toLocaleString("en-US")} objects, those with a DENY or explicit entry and the folders are kept (up to ${KEEP_LIMITS.notable.toLocaleString("en-US")} and ${KEEP_LIMITS.folders.toLocaleString("en-US")}). Dump the folders the guide names on their own to evaluate them all.`,
      severity: "info",
    });
  }
  if (parsed.failed) {
    return { status: "failed", reason: parsed.failed, records: 0, rejected: parsed.rejected, problems };
  }
  if (parsed.objects.length === 0 && parsed.errors.length === 0 && !parsed.notKept) {
    return {
      status: "skipped",
      reason: `No ${label} objects could be read from this file.`,
      records: parsed.records,
      rejected: parsed.rejected,
      problems,
    };
  }
  const facts: AclFragment = { objects: parsed.objects, errors: parsed.errors };
  if (parsed.notKept) facts.notKept = parsed.notKept;
  if (parsed.errorsNotKept) facts.errorsNotKept = parsed.errorsNotKept;
  return { status: "parsed", facts, records: parsed.records, rejected: parsed.rejected, problems };
}

/** Whole-read formats: their objects pass the same keeper as a streamed icacls dump's. */
function kept(objects: AclObject[]): { objects: AclObject[]; notKept?: AclNotKept } {
  const keeper = new AclKeeper();
  for (const object of objects) if (keeper.wants(object.path, object.aces)) keeper.add(object);
  const notKept = keeper.summary();
  return notKept ? { objects: keeper.objects, notKept } : { objects: keeper.objects };
}

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
      return outcome(
        { ...parsed, ...kept(parsed.objects), errors: parsed.errors ?? [] },
        encoding,
        options.label,
      );
    },
  };
}

/** A line parser fed batches as they are read; objects go to the keeper. */
interface StreamedParser {
  push(lines: Iterable<{ text: string; number: number }>): void;
  end(): AclParseResult & { errors?: IcaclsParseResult["errors"]; errorsNotKept?: number };
}

/** The dump's lines, decoded as they are read, into the parser. */
async function readLines(
  file: EvidenceFile,
  parser: StreamedParser,
  maxLineLength: number,
): Promise<AclTextEncoding> {
  const { batches, encoding } = await streamAclLines(file, maxLineLength);
  for await (const batch of batches) parser.push(batch);
  return encoding;
}

/**
 * A line-based dump read as it streams: a recursive dump of a content store is hundreds of
 * megabytes. Objects pass the keeper as they are read (keep.ts); nothing is held to the whole-file
 * limit.
 */
function streamedAclCollector<P extends StreamedParser>(options: {
  kind: string;
  label: string;
  howToCollect: string;
  score: (head: string) => number;
  parser: (file: string, keeper: AclKeeper) => P;
  /** How the file reaches the parser (default: its decoded lines). */
  read?: (file: EvidenceFile, parser: P, maxLineLength: number) => Promise<AclTextEncoding>;
}): Collector<AclFragment> {
  return {
    kind: options.kind,
    source: "acl",
    label: options.label,
    howToCollect: options.howToCollect,
    detect: (probe: Probe) => (probe.head ? options.score(probe.head) : 0),
    collect: async (file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<AclFragment>> => {
      const keeper = new AclKeeper();
      const parser = options.parser(file.path, keeper);
      const encoding = await (options.read ?? readLines)(file, parser, context.limits.maxLineLength);
      const result = parser.end();
      const notKept = keeper.summary();
      return outcome(
        {
          ...result,
          objects: keeper.objects,
          errors: (result.errors ?? []).map((error) => ({
            ...error,
            key: pathKey(error.path),
            file: file.path,
          })),
          ...(notKept ? { notKept } : {}),
        },
        encoding,
        options.label,
      );
    },
  };
}

export const icaclsCollector = streamedAclCollector({
  kind: "icacls",
  label: "icacls output",
  howToCollect:
    'icacls "C:\\Program Files\\Update Services\\WebServices" >> acl.txt (repeat per path; from PowerShell or cmd)',
  score: icaclsScore,
  parser: (file, keeper) => new IcaclsParser(file, keeper, KEEP_LIMITS.errors),
  // the usual form of a big dump: its repeated blocks are matched as bytes (icacls-utf16.ts)
  read: async (file, parser, maxLineLength) => {
    if (file.encoding !== "utf-16le") return readLines(file, parser, maxLineLength);
    await readIcaclsUtf16(file, parser, maxLineLength);
    return "utf-16le";
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

export const icaclsSaveCollector = streamedAclCollector({
  kind: "icacls-save",
  label: "icacls /save ACL backup",
  howToCollect: 'icacls "<folder>" /save acl-save.txt',
  score: icaclsSaveScore,
  parser: (file, keeper) => new IcaclsSaveParser(file, keeper),
});

export function mergeAcl(fragments: readonly { file: string; facts: AclFragment }[]): AclFacts {
  const all = fragments.flatMap((fragment) => fragment.facts.objects);
  const errors = fragments.flatMap((fragment) => fragment.facts.errors);
  const notKept = fragments.flatMap(({ file, facts }) => (facts.notKept ? [{ file, ...facts.notKept }] : []));
  const errorsNotKept =
    fragments.reduce((sum, fragment) => sum + (fragment.facts.errorsNotKept ?? 0), 0) +
    Math.max(0, errors.length - KEEP_LIMITS.errors);
  const merged: AclFacts = {
    objects: all.slice(0, MAX_ACL_OBJECTS),
    errors: errors.slice(0, KEEP_LIMITS.errors),
    files: [...new Set(fragments.map((fragment) => fragment.file))],
    dropped: Math.max(0, all.length - MAX_ACL_OBJECTS),
  };
  if (notKept.length > 0) merged.notKept = notKept;
  if (errorsNotKept > 0) merged.errorsNotKept = errorsNotKept;
  return merged;
}

export const aclSource: EvidenceSource<AclFragment, AclFacts> = {
  name: "acl",
  collectors: [icaclsCollector, getAclListCollector, getAclJsonCollector, icaclsSaveCollector],
  merge: (fragments) => mergeAcl(fragments),
};
