/**
 * Get-Acl output: `Get-Acl <p> | Format-List` (Path / Owner / Group / Access / Audit / Sddl blocks),
 * `Get-Acl <p> | ConvertTo-Json` and `icacls <dir> /save` (name line, SDDL line).
 * knowledge/permissions.md §3, §2.6. The Sddl line is preferred: the Access column hides the
 * inheritance flags. Format-List wraps long values at the console width; continuation lines are
 * re-joined without a space.
 */
import { parseDotNetRights, type ObjectType } from "../../knowledge/acl-rights.js";
import { resolvePrincipal } from "../../knowledge/principals.js";
import type { Problem } from "../types.js";
import type { AclObject } from "./facts.js";
import { buildAclObject, cleanPath, makeAce, type AceInput } from "./object.js";
import { ProblemLog } from "./problems.js";
import type { AclObjectSink } from "./icacls.js";
import { parseSddl } from "./sddl.js";

export interface AclParseResult {
  objects: AclObject[];
  records: number;
  rejected: number;
  problems: Problem[];
}

type Line = { text: string; number: number };

const FIELD = /^([A-Za-z]+)\s*: ?(.*)$/;

export function getAclListScore(head: string): number {
  const hasPath = /^Path\s*: /m.test(head);
  const hasAccess = /^Access\s*: /m.test(head);
  const hasSddl = /^Sddl\s*: /m.test(head);
  return hasPath && (hasAccess || hasSddl) ? 90 : 0;
}

export function parseGetAclList(lines: Iterable<Line>, file: string): AclParseResult {
  const result: AclParseResult = { objects: [], records: 0, rejected: 0, problems: [] };
  const log = new ProblemLog();
  let record: Map<string, { values: string[]; line: number }> | undefined;
  let current: string | undefined;
  let valueColumn = 0;

  const finish = (): void => {
    if (record?.has("path")) emitRecord(record, file, result, log);
    else if (record && record.size > 0) {
      result.rejected++;
      const first = [...record.values()][0];
      log.add("no-path", {
        line: first?.line,
        message: "Get-Acl block without a Path line.",
        severity: "warning",
      });
    }
    record = undefined;
    current = undefined;
  };

  for (const line of lines) {
    const text = line.text;
    if (text.trim() === "") {
      // Format-List separates objects by blank lines; a blank inside a block ends it too.
      finish();
      continue;
    }
    const field = /^\S/.test(text) ? FIELD.exec(text) : null;
    if (field) {
      const name = field[1]!.toLowerCase();
      if (name === "path" && record?.has("path")) finish();
      record ??= new Map();
      valueColumn = text.indexOf(":") + 2;
      current = name;
      record.set(name, { values: [field[2] ?? ""], line: line.number });
      continue;
    }
    if (record && current && /^\s/.test(text)) {
      const entry = record.get(current)!;
      // Access lists one rule per line; other values are wrapped at the console width.
      if (current === "access") entry.values.push(text.trim());
      else
        entry.values[entry.values.length - 1] += text.slice(
          Math.min(valueColumn, text.length - text.trimStart().length),
        );
      continue;
    }
    result.rejected++;
    log.add("unreadable", {
      line: line.number,
      message: "Line is not part of a Get-Acl | Format-List block.",
      sample: text.trim(),
      severity: "warning",
    });
  }
  finish();
  result.problems = log.problems();
  return result;
}

function emitRecord(
  record: Map<string, { values: string[]; line: number }>,
  file: string,
  result: AclParseResult,
  log: ProblemLog,
): void {
  const path = record.get("path")!;
  const printedPath = path.values.join("").trim();
  const { objectType } = cleanPath(printedPath);
  const sddl = record.get("sddl");
  const owner = record.get("owner")?.values.join("").trim();
  const notes: string[] = [];
  if (/\.\.\.$/.test(printedPath) || (sddl && /\.\.\.$/.test(sddl.values.join("")))) {
    notes.push(
      "A value ends with '...': the console truncated it; re-run with a wider console or | Out-String -Width 4096.",
    );
  }
  let aces: AceInput[] = [];
  let isProtected: boolean | undefined;
  const sddlText = sddl?.values.join("").trim() ?? "";
  if (sddlText !== "") {
    const parsed = parseSddl(sddlText, sddl!.line);
    aces = parsed.aces;
    isProtected = parsed.protected;
    for (const bad of parsed.invalid) {
      result.rejected++;
      log.add("sddl", {
        line: sddl!.line,
        message: "Unreadable ACE in the Sddl value.",
        sample: bad,
        severity: "warning",
      });
    }
  } else {
    const access = record.get("access");
    notes.push("No Sddl value: inheritance flags are unknown; rights read from the Access column.");
    for (const [index, entry] of (access?.values ?? []).entries()) {
      if (entry.trim() === "") continue;
      const ace = parseAccessEntry(entry, objectType, (access?.line ?? 0) + index);
      if (ace) aces.push(ace);
      else {
        result.rejected++;
        log.add("access", {
          line: (access?.line ?? 0) + index,
          message: "Unreadable Access entry.",
          sample: entry,
          severity: "warning",
        });
      }
    }
  }
  result.records += aces.length;
  const input: Parameters<typeof buildAclObject>[0] = {
    printedPath,
    format: "get-acl-list",
    file,
    line: path.line,
    aces: aces.map(makeAce),
    notes,
  };
  if (owner) input.owner = owner;
  if (isProtected !== undefined) input.protected = isProtected;
  result.objects.push(buildAclObject(input));
}

/** `<identity> Allow  <rights>`: split from the right on the (never localized) Allow/Deny word. */
function parseAccessEntry(entry: string, objectType: ObjectType, line: number): AceInput | undefined {
  const match = /^(.*\S)\s+(Allow|Deny)\s+(.+)$/.exec(entry.trim());
  if (!match) return undefined;
  const mask = parseDotNetRights(match[3]!, objectType);
  if (mask === undefined) return undefined;
  // Numbers with generic bits are the inherit-only halves of OI/CI rules (knowledge §3.1).
  const generic = (mask & 0xf0000000) !== 0;
  return {
    principal: resolvePrincipal(match[1]!),
    type: match[2] === "Deny" ? "deny" : "allow",
    mask,
    printed: `${match[2]}  ${match[3]}`,
    inherited: false,
    objectInherit: generic,
    containerInherit: generic,
    inheritOnly: generic,
    noPropagate: false,
    flagsKnown: false,
    line,
  };
}

export function getAclJsonScore(head: string): number {
  const start = head.trimStart();
  if (!start.startsWith("{") && !start.startsWith("[")) return 0;
  if (/"Sddl"\s*:/.test(head) || /"AccessToString"\s*:/.test(head)) return 85;
  if (/"(FileSystemRights|RegistryRights)"\s*:/.test(head) && /"IdentityReference"\s*:/.test(head)) return 80;
  return 0;
}

interface JsonAcl {
  Path?: unknown;
  PSPath?: unknown;
  Owner?: unknown;
  Sddl?: unknown;
  Access?: unknown;
}

/** `Get-Acl … | ConvertTo-Json`: one object or an array; Sddl preferred, Access rules otherwise. */
export function parseGetAclJson(text: string, file: string): AclParseResult & { failed?: string } {
  const result: AclParseResult = { objects: [], records: 0, rejected: 0, problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ...result, failed: `Not valid JSON: ${(error as Error).message}` };
  }
  const log = new ProblemLog();
  const items = (Array.isArray(data) ? data : [data]) as JsonAcl[];
  let searchFrom = 0;
  for (const item of items) {
    if (typeof item !== "object" || item === null) continue;
    const printedPath = String(item.Path ?? item.PSPath ?? "");
    const at = printedPath ? text.indexOf(JSON.stringify(printedPath).slice(1, -1), searchFrom) : -1;
    if (at >= 0) searchFrom = at;
    const line = at >= 0 ? text.slice(0, at).split(/\r\n|\n|\r/).length : 1;
    if (printedPath === "") {
      result.rejected++;
      log.add("no-path", { line, message: "ACL object without Path.", severity: "warning" });
      continue;
    }
    const { objectType } = cleanPath(printedPath);
    const notes: string[] = [];
    let aces: AceInput[] = [];
    let isProtected: boolean | undefined;
    if (typeof item.Sddl === "string" && item.Sddl !== "") {
      const parsed = parseSddl(item.Sddl, line);
      aces = parsed.aces;
      isProtected = parsed.protected;
      result.rejected += parsed.invalid.length;
    } else if (Array.isArray(item.Access)) {
      for (const rule of item.Access as Record<string, unknown>[]) {
        const ace = jsonRule(rule, objectType, line);
        if (ace) aces.push(ace);
        else {
          result.rejected++;
          log.add("access", {
            line,
            message: "Unreadable access rule.",
            sample: JSON.stringify(rule),
            severity: "warning",
          });
        }
      }
    } else {
      notes.push("Neither Sddl nor Access rules were exported (ConvertTo-Json -Depth too low?).");
    }
    result.records += aces.length;
    const input: Parameters<typeof buildAclObject>[0] = {
      printedPath,
      format: "get-acl-json",
      file,
      line,
      aces: aces.map(makeAce),
      notes,
    };
    if (typeof item.Owner === "string") input.owner = item.Owner;
    if (isProtected !== undefined) input.protected = isProtected;
    result.objects.push(buildAclObject(input));
  }
  result.problems = log.problems();
  return result;
}

function jsonRule(rule: Record<string, unknown>, objectType: ObjectType, line: number): AceInput | undefined {
  const rightsValue = rule.FileSystemRights ?? rule.RegistryRights;
  const mask =
    typeof rightsValue === "number"
      ? rightsValue >>> 0
      : parseDotNetRights(String(rightsValue ?? ""), objectType);
  const identity = rule.IdentityReference;
  const name =
    typeof identity === "object" && identity !== null
      ? String((identity as { Value?: unknown }).Value ?? "")
      : String(identity ?? "");
  if (mask === undefined || name === "") return undefined;
  const type = rule.AccessControlType === 1 || rule.AccessControlType === "Deny" ? "deny" : "allow";
  const inheritance = flagValue(rule.InheritanceFlags, { ContainerInherit: 1, ObjectInherit: 2 });
  const propagation = flagValue(rule.PropagationFlags, { NoPropagateInherit: 1, InheritOnly: 2 });
  return {
    principal: resolvePrincipal(name),
    type,
    mask,
    printed: String(rightsValue),
    inherited: rule.IsInherited === true || rule.IsInherited === "True",
    containerInherit: (inheritance & 1) !== 0,
    objectInherit: (inheritance & 2) !== 0,
    noPropagate: (propagation & 1) !== 0,
    inheritOnly: (propagation & 2) !== 0,
    line,
  };
}

function flagValue(value: unknown, names: Record<string, number>): number {
  if (typeof value === "number") return value;
  return String(value ?? "")
    .split(",")
    .reduce((sum, part) => sum | (names[part.trim()] ?? 0), 0);
}

export function icaclsSaveScore(head: string): number {
  const lines = head.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "");
  if (lines.length < 2) return 0;
  const sddlLines = lines.slice(0, 20).filter((line) => /^D:[A-Z]*\(/.test(line.trim())).length;
  return sddlLines > 0 && /^D:[A-Z]*\(/.test(lines[1]!.trim()) ? 85 : 0;
}

/** `icacls <dir> /save f /T`: object name (relative to <dir>), then its DACL as SDDL. */
export function parseIcaclsSave(lines: Iterable<Line>, file: string): AclParseResult {
  const parser = new IcaclsSaveParser(file);
  parser.push(lines);
  return parser.end();
}

/**
 * icacls /save read as its lines arrive: a `/T` save of a content store is as long as its display
 * output (ADR 0024). Only the pending name line is held; objects go to the sink.
 */
export class IcaclsSaveParser {
  readonly result: AclParseResult = { objects: [], records: 0, rejected: 0, problems: [] };
  private readonly log = new ProblemLog();
  private name: Line | undefined;
  private readonly sink: AclObjectSink;

  constructor(
    private readonly file: string,
    sink?: AclObjectSink,
  ) {
    this.sink = sink ?? { wants: () => true, add: (object) => this.result.objects.push(object) };
  }

  push(lines: Iterable<Line>): void {
    const { result, log, file } = this;
    for (const line of lines) {
      const text = line.text.replaceAll("\u0000", "").trim();
      if (text === "") continue;
      const name = this.name;
      if (/^D:/.test(text) && name) {
        const parsed = parseSddl(text, line.number);
        result.records += parsed.aces.length;
        result.rejected += parsed.invalid.length;
        for (const bad of parsed.invalid)
          log.add("sddl", {
            line: line.number,
            message: "Unreadable ACE.",
            sample: bad,
            severity: "warning",
          });
        this.name = undefined;
        if (!this.sink.wants(name.text, parsed.aces)) continue;
        this.sink.add(
          buildAclObject({
            printedPath: name.text.trim(),
            format: "icacls-save",
            file,
            line: name.number,
            aces: parsed.aces.map(makeAce),
            protected: parsed.protected,
            notes: ["icacls /save names are relative to the folder it was run on."],
          }),
        );
        continue;
      }
      if (name) {
        result.rejected++;
        log.add("pair", {
          line: name.number,
          message: "Object name without an SDDL line after it.",
          sample: name.text,
          severity: "warning",
        });
      }
      this.name = { text, number: line.number };
    }
  }

  end(): AclParseResult {
    this.result.problems = this.log.problems();
    return this.result;
  }
}
