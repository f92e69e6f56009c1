/**
 * wsus-audit.config.json: found in the current folder or given with --config, validated by
 * config.schema.json, then normalised into what the engine and the reports take.
 * Parse → validate → normalise; every problem names the file, the JSON pointer and what is wrong.
 * Whether the rule ids and parameters it names exist is checked when the rules load
 * (src/engine/load-rules.ts), against the same file and pointers.
 */
import type { ZipLimits } from "../bundle/zip/limits.js";
import { access, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Limits } from "../collectors/types.js";
import type { ConfiguredRuleSet } from "../engine/load-rules.js";
import type { Severity, Waiver } from "../engine/types.js";
// Imported (not read at run time) so the build copies it next to the code, where editors can find it too.
import schema from "./config.schema.json" with { type: "json" };

export const CONFIG_FILE_NAME = "wsus-audit.config.json";
export const CONFIG_SCHEMA: object = schema;

export interface BrandingConfig {
  company?: string;
  logo?: string;
  accentColor?: string;
  language?: "en";
  customer?: string;
  consultant?: string;
}

export interface WsusAuditConfig {
  /** Absolute path of the file, or undefined when there is none. */
  origin?: string;
  ruleFolders: string[];
  ruleSet: ConfiguredRuleSet;
  branding: BrandingConfig;
  limits: Partial<Limits>;
  /** Limits for zipped bundles (entries, expanded bytes, nesting depth). */
  zip?: Partial<ZipLimits>;
}

export interface ConfigProblem {
  file: string;
  /** JSON pointer into the file, "" for the whole file. */
  pointer: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0]!)
        : `${problems.length} problems in the configuration:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`,
    );
  }
}

function formatProblem(problem: ConfigProblem): string {
  return `${problem.file}${problem.pointer ? ` at ${problem.pointer}` : ""}: ${problem.message}`;
}

/**
 * Compiled on first use: most runs have no configuration, and compiling the schema cost every
 * run ~0.1–0.3 s of its start (issue 19 profiles).
 */
let compiled: ValidateFunction | undefined;
const validate = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true, strict: false }).compile(schema));

interface RawRuleSettings {
  enabled?: boolean;
  reason?: string;
  severity?: Severity;
  params?: Record<string, unknown>;
}

interface RawConfig {
  ruleFolders?: string[];
  rules?: Record<string, RawRuleSettings>;
  waivers?: Waiver[];
  branding?: BrandingConfig;
  limits?: Partial<Limits>;
  zip?: Partial<ZipLimits>;
}

export const EMPTY_CONFIG: WsusAuditConfig = Object.freeze({
  ruleFolders: [],
  ruleSet: {},
  branding: {},
  limits: {},
}) as WsusAuditConfig;

/** The configuration given with --config, else ./wsus-audit.config.json if present, else none. */
export async function loadConfig(explicitPath?: string, cwd = process.cwd()): Promise<WsusAuditConfig> {
  const path = resolve(cwd, explicitPath ?? CONFIG_FILE_NAME);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    if (explicitPath)
      throw new ConfigError([
        { file: explicitPath, pointer: "", message: "the configuration file does not exist" },
      ]);
    return { ruleFolders: [], ruleSet: {}, branding: {}, limits: {} };
  }
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError([
      { file: path, pointer: "", message: `cannot be read (${error.code ?? error.message})` },
    ]);
  });
  const config = parseConfigText(text, path);
  await checkRuleFolders(config, path);
  return config;
}

/** A rule folder that is not there is the configuration's mistake: say where it is named. */
async function checkRuleFolders(config: WsusAuditConfig, file: string): Promise<void> {
  const problems: ConfigProblem[] = [];
  for (const [index, folder] of config.ruleFolders.entries()) {
    const kind = await stat(folder).then(
      (info) => (info.isDirectory() ? "folder" : "file"),
      () => "missing",
    );
    if (kind !== "folder") {
      problems.push({
        file,
        pointer: `/ruleFolders/${index}`,
        message:
          kind === "missing"
            ? `the rule folder ${folder} does not exist`
            : `${folder} is a file, not a rule folder`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Parse, validate and normalise a configuration's text; `path` is used for messages and relative paths. */
export function parseConfigText(text: string, path: string): WsusAuditConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError([
      { file: path, pointer: "", message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const validator = validate();
  if (!validator(raw)) {
    // A bad property name yields a "propertyNames" error and a "pattern" one for the same key: keep the first.
    const errors = (validator.errors ?? []).filter(
      (error) => error.keyword === "propertyNames" || error.propertyName === undefined,
    );
    throw new ConfigError(errors.map((error) => ({ file: path, ...describe(error) })));
  }
  const problems = checkDates(raw as RawConfig, path);
  if (problems.length > 0) throw new ConfigError(problems);
  return normalise(raw as RawConfig, path);
}

function describe(error: ErrorObject): { pointer: string; message: string } {
  const pointer = error.instancePath;
  switch (error.keyword) {
    case "additionalProperties":
      return { pointer, message: `unknown property "${String(error.params["additionalProperty"])}"` };
    case "propertyNames": {
      const name = String(error.params["propertyName"]);
      const expected = pointer === "/rules" ? "a rule id (kebab-case)" : "a name starting with a letter";
      return { pointer: `${pointer}/${escapePointer(name)}`, message: `"${name}" is not ${expected}` };
    }
    case "pattern":
      if (pointer.endsWith("/expires")) return { pointer, message: "must be a date as YYYY-MM-DD" };
      if (pointer.endsWith("/accentColor"))
        return { pointer, message: "must be a colour as #rrggbb or #rgb" };
      if (pointer.endsWith("/rule"))
        return { pointer, message: "must be a rule id (kebab-case, see `wsus-audit rules list`)" };
      return { pointer, message: error.message ?? "invalid" };
    case "enum":
      return {
        pointer,
        message: `${error.message ?? "must be one of"}: ${JSON.stringify(error.params["allowedValues"])}`,
      };
    default:
      return { pointer, message: error.message ?? "invalid" };
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function checkDates(raw: RawConfig, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  (raw.waivers ?? []).forEach((waiver, index) => {
    if (waiver.expires === undefined) return;
    const date = new Date(`${waiver.expires}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== waiver.expires) {
      problems.push({
        file,
        pointer: `/waivers/${index}/expires`,
        message: `"${waiver.expires}" is not a calendar date`,
      });
    }
  });
  return problems;
}

/** Lookups by rule id go through maps without a prototype: a rule named "constructor" finds nothing inherited. */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function normalise(raw: RawConfig, origin: string): WsusAuditConfig {
  const base = dirname(origin);
  const ruleSet: ConfiguredRuleSet = {
    disabled: dictionary(),
    severity: dictionary(),
    params: dictionary(),
    waivers: (raw.waivers ?? []).map((waiver) => ({
      ...waiver,
      ...(waiver.match ? { match: Object.assign(dictionary<string>(), waiver.match) } : {}),
    })),
    file: origin,
    ruleIds: [],
  };
  for (const [id, settings] of Object.entries(raw.rules ?? {})) {
    ruleSet.ruleIds!.push(id);
    if (settings.enabled === false)
      ruleSet.disabled![id] = settings.reason ?? "turned off in the configuration";
    if (settings.severity) ruleSet.severity![id] = settings.severity;
    if (settings.params) ruleSet.params![id] = Object.assign(dictionary<unknown>(), settings.params);
  }
  const branding = { ...raw.branding };
  if (branding.logo) branding.logo = resolve(base, branding.logo);
  return {
    origin,
    ruleFolders: (raw.ruleFolders ?? []).map((folder) => resolve(base, folder)),
    ruleSet,
    branding,
    limits: raw.limits ?? {},
    ...(raw.zip ? { zip: raw.zip } : {}),
  };
}
