/**
 * icacls display output (knowledge/permissions.md §2): a block per object, the path as typed, one
 * space, the first ACE; further ACEs on lines indented to the path width; blocks separated by an
 * empty line; a localized "Successfully processed …" summary after each call. Error lines are
 * `<path>: <message>`. The path may contain spaces, so the path/ACE split uses the continuation
 * indent when the block has one, and known principal names otherwise.
 */
import { ICACLS_RIGHTS } from "../../knowledge/acl-rights.js";
import { resolvePrincipal } from "../../knowledge/principals.js";
import type { Problem } from "../types.js";
import type { AclObject } from "./facts.js";
import { buildAclObject, makeAce, type AceInput, type SharedAceList } from "./object.js";
import { ProblemLog } from "./problems.js";

export interface IcaclsError {
  path: string;
  message: string;
  line: number;
}

export interface IcaclsSummary {
  processed: number;
  failed: number;
  line: number;
}

export interface IcaclsParseResult {
  objects: AclObject[];
  errors: IcaclsError[];
  summaries: IcaclsSummary[];
  /** Error lines counted beyond the parser's maxErrors. */
  errorsNotKept?: number;
  records: number;
  rejected: number;
  problems: Problem[];
}

/** `(I)(OI)(CI)(IO)(NP)(DENY)(rights)` at the end of a line; the principal is before the last `:(`. */
const ACE_TAIL = /:((?:\((?:I|OI|CI|IO|NP|DENY)\))*\([A-Za-z,]+\))\s*$/;
const SUMMARY_PATTERNS: readonly RegExp[] = [
  /^Successfully processed (\d+) files?; Failed processing (\d+) files?/i,
  /^(\d+) Dateien erfolgreich verarbeitet, bei (\d+) Dateien ist ein Verarbeitungsfehler aufgetreten/i,
  /^(\d+) fichiers? correctement trait[ée]s?\s*;\s*[ée]chec du traitement de (\d+) fichiers?/i,
];
const BLANK = /^\s*$/;

/** A line that ends in a visible character is not blank: decided without scanning its indentation. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const last = text.charCodeAt(text.length - 1);
  // below U+1680 the only white space is ASCII ≤ 32 and U+00A0
  if (last > 32 && last !== 0xa0 && last < 0x1680) return false;
  return BLANK.test(text);
}
const PROCESSED_LINE = /^(processed file|fichier trait[ée]|verarbeitete Datei)\s*:/i;

/** Does this text look like icacls display output? (for detect()) */
export function icaclsScore(head: string): number {
  const lines = head.split(/\r\n|\n|\r/).slice(0, 400);
  const aceLines = lines.filter((line) => ACE_TAIL.test(line)).length;
  const firstLines = lines.filter((line) => /^\S/.test(line) && ACE_TAIL.test(line)).length;
  const summary = lines.some((line) => summaryOf(line) !== undefined);
  if (firstLines === 0) return 0;
  if (summary || aceLines >= 2) return 85;
  return 60;
}

/**
 * Where parsed objects go. `wants` is asked before an object is built (building computes effective
 * rights: the cost of a 1,000,000-path dump); a refused object is only counted by the sink.
 */
export interface AclObjectSink {
  wants(path: string, aces: readonly AceInput[]): boolean;
  add(object: AclObject): void;
}

type Line = { text: string; number: number };

/**
 * An ACE list the UTF-16 scanner (icacls-utf16.ts) has seen printed before: its entries (labels
 * left out, as parseBlock leaves them out), each one's line after the path line, and the built form.
 */
export interface RepeatedAceList {
  aces: readonly AceInput[];
  lineOffsets: readonly number[];
  shared: SharedAceList;
}

/** A whole dump in memory (tests, small files): every object kept. */
export function parseIcacls(lines: Iterable<Line>, file: string): IcaclsParseResult {
  const parser = new IcaclsParser(file);
  parser.push(lines);
  return parser.end();
}

/**
 * icacls output read as its lines arrive (push a batch at a time): only the block being read is
 * held; objects go to the sink (default: result.objects).
 */
export class IcaclsParser {
  readonly result: IcaclsParseResult = {
    objects: [],
    errors: [],
    summaries: [],
    records: 0,
    rejected: 0,
    problems: [],
  };
  private readonly log = new ProblemLog();
  private block: Line[] = [];
  private readonly sink: AclObjectSink;

  constructor(
    private readonly file: string,
    sink?: AclObjectSink,
    /** Error lines kept; the rest are counted in result.errorsNotKept. */
    private readonly maxErrors = Number.POSITIVE_INFINITY,
  ) {
    this.sink = sink ?? { wants: () => true, add: (object) => this.result.objects.push(object) };
  }

  push(lines: Iterable<Line>): void {
    const { result, log } = this;
    for (const line of lines) {
      const text = line.text.includes("\u0000") ? line.text.replaceAll("\u0000", "") : line.text;
      // the per-line tests allocate nothing: a million-path dump is ten million lines
      if (isBlank(text)) {
        this.flush();
        continue;
      }
      // Output pasted into a ticket or mail loses its indentation: an ACE line whose principal is an
      // account (not a path followed by one) still continues the block.
      const continuation = /^\s/.test(text) || (this.block.length > 0 && isBarePrincipalAce(text));
      if (continuation && this.block.length > 0 && ACE_TAIL.test(text)) {
        this.block.push(text === line.text ? line : { text, number: line.number });
        continue;
      }
      this.flush();
      const summary = summaryOf(text);
      if (summary) {
        result.summaries.push({ ...summary, line: line.number });
        if (summary.failed > 0) {
          log.add("failed-files", {
            line: line.number,
            message: `icacls reported ${summary.failed} object(s) it could not process (see the error lines).`,
            sample: text.trim(),
            severity: "info",
          });
        }
        continue;
      }
      if (PROCESSED_LINE.test(text.trim())) continue;
      if (!continuation && ACE_TAIL.test(text)) {
        this.block.push({ text, number: line.number });
        continue;
      }
      const error = /^(\S.*?):\s+([^(]+)$/.exec(text.trim());
      if (error && !continuation && /[\\/.]/.test(error[1] ?? "")) {
        if (result.errors.length < this.maxErrors)
          result.errors.push({ path: error[1]!.trim(), message: error[2]!.trim(), line: line.number });
        else result.errorsNotKept = (result.errorsNotKept ?? 0) + 1;
        log.add("error-line", {
          line: line.number,
          message: "icacls could not read this object.",
          sample: text.trim(),
          severity: "info",
        });
        continue;
      }
      result.rejected++;
      log.add("unreadable", {
        line: line.number,
        message: "Line is neither a path with ACEs, an ACE, an error nor a summary line.",
        sample: text.trim(),
        severity: "warning",
      });
    }
  }

  /** No object is open: the next line starts one (where the UTF-16 scanner may read a block itself). */
  get idle(): boolean {
    return this.block.length === 0;
  }

  /**
   * An object the UTF-16 scanner matched byte for byte against an ACE list it has parsed: the path,
   * one space, the list's first ACE; the others each on a line indented to the path's width; an
   * empty line. Counted, kept and built exactly as push() would have, without decoding the ACEs.
   */
  pushRepeated(path: string, list: RepeatedAceList, firstLine: number): void {
    this.result.records += list.aces.length;
    if (!this.sink.wants(path, list.aces)) return;
    this.sink.add(
      list.shared.build({
        printedPath: path,
        format: "icacls",
        file: this.file,
        line: firstLine,
        lines: list.lineOffsets.map((offset) => firstLine + offset),
      }),
    );
  }

  end(): IcaclsParseResult {
    this.flush();
    this.result.problems = this.log.problems();
    return this.result;
  }

  private flush(): void {
    if (this.block.length > 0) parseBlock(this.block, this.file, this.result, this.log, this.sink);
    this.block = [];
  }
}

/** Domains with a space in their name (NT AUTHORITY …); every other domain name has none. */
const SPACED_AUTHORITY =
  /^(NT AUTHORITY|NT SERVICE|IIS APPPOOL|APPLICATION PACKAGE AUTHORITY|NT VIRTUAL MACHINE|Window Manager|Font Driver Host|Mandatory Label|AUTORITE NT|NT-AUTORIT\u00c4T)\\/i;

/** `NT AUTHORITY\SYSTEM:(I)(F)` at the start of a line: an ACE, not `<path> <principal>:(…)`. */
function isBarePrincipalAce(text: string): boolean {
  const match = ACE_TAIL.exec(text);
  if (!match) return false;
  const principal = text.slice(0, match.index).trim();
  if (/^([A-Za-z]:[\\/]|\\\\|\.)/.test(principal)) return false;
  return (
    resolvePrincipal(principal).resolved ||
    SPACED_AUTHORITY.test(principal) ||
    /^[^\s\\]+\\[^\\]+$/.test(principal) ||
    /^[^\s\\]+$/.test(principal)
  );
}

function summaryOf(text: string): { processed: number; failed: number } | undefined {
  const trimmed = text.trim();
  for (const pattern of SUMMARY_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match) return { processed: Number(match[1]), failed: Number(match[2]) };
  }
  // Other display languages: two integers, no ACE, no path (knowledge/permissions.md §2.5).
  const numbers = trimmed.match(/\b\d+\b/g);
  if (numbers?.length === 2 && !trimmed.includes(":(") && !/[\\/]/.test(trimmed)) {
    return { processed: Number(numbers[0]), failed: Number(numbers[1]) };
  }
  return undefined;
}

function parseBlock(
  block: Line[],
  file: string,
  result: IcaclsParseResult,
  log: ProblemLog,
  sink: AclObjectSink,
): void {
  const first = block[0];
  if (!first) return;
  const split = splitPathLine(first.text, block[1]?.text);
  if (!split) {
    result.rejected++;
    log.add("path-split", {
      line: first.number,
      message: "Could not tell the path from the first ACE on this line.",
      sample: first.text.trim(),
      severity: "warning",
    });
    return;
  }
  const aces: AceInput[] = [];
  const lines: number[] = [];
  for (let index = 0; index < block.length; index++) {
    const number = block[index]!.number;
    const text = index === 0 ? split.ace : block[index]!.text.trim();
    const parsed = cachedAce(text, index);
    if (parsed === "label") continue;
    if (!parsed) {
      result.rejected++;
      log.add("ace", {
        line: number,
        message: "Unreadable ACE.",
        sample: text,
        severity: "warning",
      });
      continue;
    }
    result.records++;
    aces.push(parsed);
    lines.push(number);
  }
  if (!sink.wants(split.path, aces)) return;
  sink.add(
    buildAclObject({
      printedPath: split.path,
      format: "icacls",
      file,
      line: first.number,
      aces: aces.map((ace, index) => makeAce({ ...ace, line: lines[index] })),
    }),
  );
}

/**
 * A recursive dump repeats the same few ACE texts on every object: each distinct text is parsed
 * once (the parse of 100,000 objects' ACEs was the reader's largest cost). The line is set per use.
 */
const aceCache = new Map<string, AceInput | "label" | undefined>();
const ACE_CACHE_LIMIT = 4096;

/** The previous object's ACE texts by position: consecutive objects of a /T dump mostly repeat them. */
const previousTexts: string[] = [];
const previousAces: (AceInput | "label" | undefined)[] = [];

function cachedAce(text: string, position = -1): AceInput | "label" | undefined {
  // equal content compares faster than hashing a new string for the map
  if (position >= 0 && previousTexts[position] === text) return previousAces[position];
  const parsed = lookupAce(text);
  if (position >= 0) {
    previousTexts[position] = text;
    previousAces[position] = parsed;
  }
  return parsed;
}

/** One ACE text parsed (each distinct text once): undefined when it is not an ACE. */
export function lookupAce(text: string): AceInput | "label" | undefined {
  if (aceCache.has(text)) return aceCache.get(text);
  const parsed = parseIcaclsAce(text, 0);
  if (aceCache.size >= ACE_CACHE_LIMIT) aceCache.clear();
  aceCache.set(text, parsed);
  return parsed;
}

/**
 * Splits "C:\Program Files\X NT AUTHORITY\NETWORK SERVICE:(F)" into path and ACE. The continuation
 * indent (path length + 1) decides when available; otherwise the shortest principal that is a known
 * account, a SID, or DOMAIN\name with a domain without spaces.
 */
export function splitPathLine(
  line: string,
  continuation?: string,
): { path: string; ace: string } | undefined {
  if (continuation !== undefined) {
    const indent = continuation.length - continuation.trimStart().length;
    if (indent >= 2 && line.charAt(indent - 1) === " " && /^\s*$/.test(continuation.slice(0, indent))) {
      const path = line.slice(0, indent - 1).trimEnd();
      const ace = line.slice(indent).trim();
      if (path !== "" && ace !== "" && cachedAce(ace)) return { path, ace };
    }
  }
  const colon = line.lastIndexOf(":(");
  if (colon < 0) return undefined;
  const spaces: number[] = [];
  for (let i = colon - 1; i > 0; i--) if (line.charAt(i) === " ") spaces.push(i);
  const candidates = spaces.map((at) => ({
    path: line.slice(0, at).trimEnd(),
    ace: line.slice(at + 1).trim(),
  }));
  const principalOf = (ace: string): string => ace.slice(0, ace.lastIndexOf(":("));
  const known = candidates.find((c) => c.path !== "" && resolvePrincipal(principalOf(c.ace)).resolved);
  if (known) return known;
  const domainName = candidates.find((c) => {
    const principal = principalOf(c.ace);
    return c.path !== "" && /^[^\s\\]+\\[^\\]+$/.test(principal);
  });
  if (domainName) return domainName;
  const single = candidates.find((c) => c.path !== "" && !principalOf(c.ace).includes("\\"));
  return single;
}

/** One ACE as icacls prints it; "label" for mandatory-label entries, which are not DACL entries. */
export function parseIcaclsAce(text: string, line: number): AceInput | "label" | undefined {
  const match = ACE_TAIL.exec(text);
  if (!match || match.index === 0) return undefined;
  const principalText = text.slice(0, match.index).trim();
  if (/^Mandatory Label\\/i.test(principalText)) return "label";
  const tokens = [...(match[1] ?? "").matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? "");
  const rights = tokens.pop() ?? "";
  const flags = new Set(tokens.map((token) => token.toUpperCase()));
  let mask = 0;
  for (const token of rights.split(",")) {
    const value = ICACLS_RIGHTS[token.trim().toUpperCase()];
    if (value === undefined) return undefined;
    mask |= value;
  }
  return {
    principal: resolvePrincipal(principalText),
    type: flags.has("DENY") ? "deny" : "allow",
    mask: mask >>> 0,
    printed: match[1] ?? "",
    inherited: flags.has("I"),
    objectInherit: flags.has("OI"),
    containerInherit: flags.has("CI"),
    inheritOnly: flags.has("IO"),
    noPropagate: flags.has("NP"),
    line,
  };
}
