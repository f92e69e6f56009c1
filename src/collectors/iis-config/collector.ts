/**
 * Collector for IIS applicationHost.config (%windir%\System32\inetsrv\config\applicationHost.config).
 * Finds the WSUS site, its bindings, the nine WSUS vDirs with their effective authentication and SSL
 * settings, and the WsusPool settings, resolving IIS defaults where attributes are absent
 * (knowledge/iis-vdirs.md §5, knowledge/iis.md §8).
 */
import { XMLParser } from "fast-xml-parser";
import { assertNoStrayLessThan, XML_ENTITIES } from "../xml-guard.js";
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EXPECTED_VDIRS, IIS_AUTH_DEFAULTS } from "../../knowledge/iis-vdirs.js";
import { IIS_POOL_DEFAULTS, WSUS_POOL_NAME } from "../../knowledge/iis-pool.js";
import type { AppPoolConfig, IisConfigFacts, SiteBinding, VdirConfig } from "./facts.js";

type Node = Record<string, unknown>;
const REPEATED = new Set(["site", "application", "virtualDirectory", "binding", "add", "location", "scheme"]);

export function detectIisConfig(probe: Probe): number {
  const head = probe.head;
  if (!/<configuration[\s>]/.test(head)) return 0;
  if (/<system\.applicationHost[\s>]/.test(head)) return 95;
  return 0;
}

export async function collectIisConfig(
  file: EvidenceFile,
  _context: CollectorContext,
): Promise<CollectorOutput<IisConfigFacts>> {
  let root: Node;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      parseAttributeValue: false,
      processEntities: XML_ENTITIES,
      htmlEntities: false,
      allowBooleanAttributes: true,
      isArray: (name) => REPEATED.has(name),
    });
    const text = await file.readText();
    assertNoStrayLessThan(text);
    root = parser.parse(text) as Node;
  } catch (error) {
    return {
      status: "failed",
      reason: `not well-formed XML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      records: 0,
      rejected: 1,
      problems: [],
    };
  }
  const config = child(root, "configuration");
  const host = child(config, "system.applicationHost");
  if (!host) {
    return {
      status: "skipped",
      reason: "no <system.applicationHost> section: not an applicationHost.config",
      records: 0,
      rejected: 0,
      problems: [],
    };
  }
  const facts = readConfig(config!, host, file.path);
  return {
    status: "parsed",
    facts,
    records: facts.sites.length + facts.vdirs.filter((v) => v.kind !== "missing").length,
    rejected: 0,
    problems: facts.site
      ? []
      : [
          {
            severity: "warning",
            message:
              'no WSUS site found (no site named "WSUS Administration" and none with a ClientWebService application)',
          },
        ],
  };
}

function readConfig(config: Node, host: Node, path: string): IisConfigFacts {
  const sites = list(child(host, "sites")?.site);
  const wsusSite =
    sites.find((s) => str(s.name).toLowerCase() === "wsus administration") ??
    sites.find((s) => list(s.application).some((a) => /^\/clientwebservice$/i.test(str(a.path))));
  const locations = list(config.location).map((l) => ({ path: normPath(str(l.path)), node: l }));
  const globalWeb = child(config, "system.webServer");
  const siteName = wsusSite ? str(wsusSite.name) : "";
  const apps = wsusSite ? list(wsusSite.application) : [];
  const rootApp = apps.find((a) => str(a.path) === "/");
  const pools = list(child(host, "applicationPools")?.add);
  const poolDefaults = child(child(host, "applicationPools"), "applicationPoolDefaults");

  const vdirs: VdirConfig[] = EXPECTED_VDIRS.map(({ name }) => {
    const app = apps.find((a) => str(a.path).toLowerCase() === `/${name.toLowerCase()}`);
    const rootVdir = rootApp
      ? list(rootApp.virtualDirectory).find((v) => str(v.path).toLowerCase() === `/${name.toLowerCase()}`)
      : undefined;
    const kind: VdirConfig["kind"] = app ? "application" : rootVdir ? "virtualDirectory" : "missing";
    const physicalPath = app
      ? str(list(app.virtualDirectory).find((v) => str(v.path) === "/")?.physicalPath) || undefined
      : rootVdir
        ? str(rootVdir.physicalPath) || undefined
        : undefined;
    const pool = app
      ? str(app.applicationPool) || undefined
      : rootApp
        ? str(rootApp.applicationPool) || undefined
        : undefined;
    const chain = [
      { by: "server", web: globalWeb, sysWeb: child(config, "system.web") },
      ...locations
        .filter(
          (l) =>
            l.path === "" ||
            l.path === siteName.toLowerCase() ||
            l.path === `${siteName}/${name}`.toLowerCase(),
        )
        .sort((a, b) => a.path.length - b.path.length)
        .map((l) => ({
          by: `location "${str(l.node.path)}"`,
          web: child(l.node, "system.webServer"),
          sysWeb: child(l.node, "system.web"),
        })),
    ];
    const effective = {
      anonymousEnabled: IIS_AUTH_DEFAULTS.anonymousEnabled as boolean,
      anonymousUserName: IIS_AUTH_DEFAULTS.anonymousUserName as string,
      windowsEnabled: IIS_AUTH_DEFAULTS.windowsEnabled as boolean,
      basicEnabled: IIS_AUTH_DEFAULTS.basicEnabled as boolean,
      sslFlags: IIS_AUTH_DEFAULTS.sslFlags as string,
      impersonation: false,
    };
    const setBy: string[] = [];
    for (const step of chain) {
      const security = child(step.web, "security");
      const auth = child(security, "authentication");
      const anonymous = child(auth, "anonymousAuthentication");
      const windows = child(auth, "windowsAuthentication");
      const basic = child(auth, "basicAuthentication");
      const access = child(security, "access");
      const identity = child(step.sysWeb, "identity");
      const before = JSON.stringify(effective);
      if (anonymous?.enabled !== undefined) effective.anonymousEnabled = bool(anonymous.enabled);
      if (anonymous?.userName !== undefined) effective.anonymousUserName = str(anonymous.userName);
      if (windows?.enabled !== undefined) effective.windowsEnabled = bool(windows.enabled);
      if (basic?.enabled !== undefined) effective.basicEnabled = bool(basic.enabled);
      if (access?.sslFlags !== undefined) effective.sslFlags = normSslFlags(str(access.sslFlags));
      if (identity?.impersonate !== undefined) effective.impersonation = bool(identity.impersonate);
      const touched =
        [
          anonymous?.enabled,
          anonymous?.userName,
          windows?.enabled,
          basic?.enabled,
          access?.sslFlags,
          identity?.impersonate,
        ].some((value) => value !== undefined) || before !== JSON.stringify(effective);
      if (touched && step.by !== "server") setBy.push(step.by);
    }
    const flags = effective.sslFlags.split(",").map((f) => f.trim().toLowerCase());
    return {
      name,
      path: app ? str(app.path) : rootVdir ? str(rootVdir.path) : `/${name}`,
      kind,
      ...(physicalPath ? { physicalPath } : {}),
      ...(pool ? { pool } : {}),
      ...effective,
      requireSsl: flags.includes("ssl"),
      clientCertificates: flags.includes("sslrequirecert")
        ? "require"
        : flags.includes("sslnegotiatecert")
          ? "accept"
          : "ignore",
      setBy,
    };
  });

  const bindings: SiteBinding[] = wsusSite
    ? list(child(wsusSite, "bindings")?.binding).map((b) => {
        const [ip = "*", port = "0", hostName = ""] = str(b.bindingInformation).split(":");
        return { protocol: str(b.protocol).toLowerCase(), ip, port: Number(port) || 0, host: hostName };
      })
    : [];
  const webServicePool = vdirs.find((v) => v.name === "ClientWebService")?.pool ?? WSUS_POOL_NAME;
  const compression = list(child(globalWeb, "httpCompression")?.scheme);
  return {
    file: path,
    sites: sites.map((s) => ({ name: str(s.name), id: Number(s.id) || 0 })),
    ...(wsusSite
      ? {
          site: {
            name: siteName,
            id: Number(wsusSite.id) || 0,
            bindings,
            httpPorts: uniq(bindings.filter((b) => b.protocol === "http").map((b) => b.port)),
            httpsPorts: uniq(bindings.filter((b) => b.protocol === "https").map((b) => b.port)),
            ...(str(child(wsusSite, "logFile")?.directory)
              ? { logDirectory: str(child(wsusSite, "logFile")?.directory) }
              : {}),
            ...(rootApp && str(rootApp.applicationPool) ? { rootPool: str(rootApp.applicationPool) } : {}),
          },
        }
      : {}),
    vdirs,
    pool: readPool(pools, poolDefaults, webServicePool),
    wsusCompressionScheme: compression.some((s) => /suscomp\.dll/i.test(str(s.dll))),
  };
}

function readPool(pools: Node[], defaults: Node | undefined, name: string): AppPoolConfig {
  const pool = pools.find((p) => str(p.name).toLowerCase() === name.toLowerCase());
  const explicit: string[] = [];
  // pool attribute ← applicationPoolDefaults ← IIS default
  const pick = (path: string[], fallback: string): string => {
    for (const [source, label] of [
      [pool, "pool"],
      [defaults, "defaults"],
    ] as const) {
      let node: Node | undefined = source;
      for (const part of path.slice(0, -1)) node = child(node, part);
      const value = node?.[path[path.length - 1]!];
      if (value !== undefined) {
        if (label === "pool") explicit.push(path.join("."));
        return str(value);
      }
    }
    return fallback;
  };
  const d = IIS_POOL_DEFAULTS;
  return {
    name: pool ? str(pool.name) : name,
    found: pool !== undefined,
    identityType: pick(["processModel", "identityType"], d.identityType),
    ...(pick(["processModel", "userName"], "") ? { userName: pick(["processModel", "userName"], "") } : {}),
    queueLength: Number(pick(["queueLength"], String(d.queueLength))),
    privateMemoryKB: Number(
      pick(["recycling", "periodicRestart", "privateMemory"], String(d.privateMemoryKB)),
    ),
    virtualMemoryKB: Number(pick(["recycling", "periodicRestart", "memory"], String(d.virtualMemoryKB))),
    rapidFailProtection: bool(pick(["failure", "rapidFailProtection"], String(d.rapidFailProtection))),
    idleTimeoutMinutes: minutes(pick(["processModel", "idleTimeout"], "00:20:00")),
    regularTimeIntervalMinutes: minutes(pick(["recycling", "periodicRestart", "time"], "1.05:00:00")),
    pingingEnabled: bool(pick(["processModel", "pingingEnabled"], String(d.pingingEnabled))),
    loadBalancerCapabilities: pick(["failure", "loadBalancerCapabilities"], d.loadBalancerCapabilities),
    managedPipelineMode: pick(["managedPipelineMode"], d.managedPipelineMode),
    explicit: uniq(explicit),
  };
}

/** IIS time spans: "hh:mm:ss" or "d.hh:mm:ss". */
export function minutes(span: string): number {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)$/.exec(span.trim());
  if (!m) return Number.NaN;
  return Number(m[1] ?? 0) * 1440 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 60;
}

/** IIS stores names; scripts may write the numeric form (Ssl=8, SslNegotiateCert=32, SslRequireCert=64, Ssl128=256). */
export function normSslFlags(value: string): string {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    const names = [
      [8, "Ssl"],
      [32, "SslNegotiateCert"],
      [64, "SslRequireCert"],
      [256, "Ssl128"],
    ] as const;
    const set = names.filter(([bit]) => (n & bit) !== 0).map(([, name]) => name);
    return set.length ? set.join(", ") : "None";
  }
  return v === "" ? "None" : v;
}

function normPath(path: string): string {
  return path.replace(/^\/+|\/+$/g, "").toLowerCase();
}

function child(node: unknown, name: string): Node | undefined {
  if (!node || typeof node !== "object") return undefined;
  const value = (node as Node)[name];
  if (Array.isArray(value)) return value[0] as Node | undefined;
  return value && typeof value === "object" ? (value as Node) : value === "" ? {} : undefined;
}

function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === "object") as Node[];
  return value && typeof value === "object" ? [value as Node] : [];
}

function str(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

function bool(value: unknown): boolean {
  return str(value).trim().toLowerCase() === "true";
}

function uniq<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export const applicationHostCollector: Collector<IisConfigFacts> = {
  kind: "iis-applicationhost-config",
  source: "iisConfig",
  label: "IIS applicationHost.config",
  readsWhole: true,
  howToCollect:
    "Copy %windir%\\System32\\inetsrv\\config\\applicationHost.config. It holds no secrets in clear text but may hold encrypted passwords: review before sharing.",
  detect: detectIisConfig,
  collect: collectIisConfig,
};
