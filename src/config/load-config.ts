/**
 * wsus-audit.config.json: found in the current folder or given with --config, validated by
 * config.schema.json, then normalised into what the engine and the reports take.
 * Parse → validate → normalise; every problem names the file and the JSON pointer.
 */
import { access, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Ajv } from "ajv";
import type { Limits } from "../collectors/types.js";
import type { RuleSetConfig } from "../engine/rule-set-config.js";

export const CONFIG_FILE_NAME = "wsus-audit.config.json";

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
  ruleSet: RuleSetConfig;
  branding: BrandingConfig;
  limits: Partial<Limits>;
}

export class ConfigError extends Error {}

const schema = JSON.parse(await readFile(new URL("./config.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

export async function loadConfig(explicitPath?: string, cwd = process.cwd()): Promise<WsusAuditConfig> {
  const path = explicitPath ? resolve(cwd, explicitPath) : resolve(cwd, CONFIG_FILE_NAME);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    if (explicitPath) throw new ConfigError(`The configuration file ${explicitPath} does not exist.`);
    return { ruleFolders: [], ruleSet: {}, branding: {}, limits: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(path, "utf8")).replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => {
      const extra = e.keyword === "additionalProperties" ? ` "${String(e.params["additionalProperty"])}"` : "";
      return `${path} at ${e.instancePath || "/"}: ${e.message}${extra}`;
    });
    throw new ConfigError(problems.join("\n"));
  }
  return normalise(raw as RawConfig, path);
}

interface RawConfig {
  ruleFolders?: string[];
  rules?: Record<string, { enabled?: boolean; reason?: string; severity?: RuleSetConfig["severity"] extends Record<string, infer S> | undefined ? S : never; params?: Record<string, unknown> }>;
  waivers?: RuleSetConfig["waivers"];
  branding?: BrandingConfig;
  limits?: Partial<Limits>;
}

function normalise(raw: RawConfig, origin: string): WsusAuditConfig {
  const base = dirname(origin);
  const ruleSet: RuleSetConfig = { disabled: {}, severity: {}, params: {}, waivers: raw.waivers ?? [] };
  for (const [id, settings] of Object.entries(raw.rules ?? {})) {
    if (id === "__proto__") continue;
    if (settings.enabled === false) ruleSet.disabled![id] = settings.reason ?? "turned off in the configuration";
    if (settings.severity) ruleSet.severity![id] = settings.severity;
    if (settings.params) ruleSet.params![id] = settings.params;
  }
  const branding = { ...raw.branding };
  if (branding.logo) branding.logo = resolve(base, branding.logo);
  return {
    origin,
    ruleFolders: (raw.ruleFolders ?? []).map((folder) => resolve(base, folder)),
    ruleSet,
    branding,
    limits: raw.limits ?? {},
  };
}
