/**
 * Dynamic facts for the IIS checks (IIS.*): computed from iisLog, httpErr and iisConfig with the
 * thresholds the rule file passes as params. Each returns plain rows a finding can show as a table,
 * with file:line where the evidence has lines. Knowledge: knowledge/iis.md, knowledge/iis-vdirs.md.
 */
import type { Facts } from "../../collectors/facts.js";
import type { VdirConfig } from "../../collectors/iis-config/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { policyServerUrls } from "../gpo/facts.js";
import { wsusEndpoint } from "../server-endpoint.js";
import { EXPECTED_VDIRS, SSL_VDIRS, WEB_SERVICE_VDIRS } from "../../knowledge/iis-vdirs.js";
import { statusMeaning, win32Name } from "../../knowledge/iis-status.js";

const lower = (values: unknown): string[] | undefined =>
  Array.isArray(values) ? values.map((v) => String(v).toLowerCase()) : undefined;
const num = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

// ------------------------------------------------------------------ 401.x

export function iisAuthFailures(facts: Facts, params: Record<string, unknown>) {
  const log = facts.iisLog;
  const substatus = num(params["substatus"], -2);
  const vdirs = lower(params["vdirs"]);
  const inScope = (row: { vdir: string; status: number; substatus: number }): boolean =>
    row.status === 401 &&
    (substatus === -2 || row.substatus === substatus) &&
    (!vdirs || vdirs.includes(row.vdir.toLowerCase()));
  const rows = (log?.authFailures ?? []).filter(inScope).map((row) => ({
    ...row,
    meaning: statusMeaning(row.status, row.substatus)?.meaning ?? "",
    win32Name: win32Name(row.win32),
  }));
  return {
    total: rows.reduce((n, r) => n + r.count, 0),
    vdirs: [...new Set(rows.map((r) => r.vdir))],
    rows,
    samples: (log?.authFailureSamples ?? []).filter(inScope),
    consoleHandshakes: log?.consoleHandshakes ?? 0,
    window: log?.window ?? { hours: 0 },
  };
}

// ------------------------------------------------------------------ error rates (404 on Content, 500)

export function iisErrorRate(facts: Facts, params: Record<string, unknown>) {
  const log = facts.iisLog;
  const status = num(params["status"], 500);
  const vdirs = lower(params["vdirs"]);
  const inVdirs = (vdir: string): boolean => !vdirs || vdirs.includes(vdir.toLowerCase());
  const responses = (log?.responses ?? []).filter((r) => inVdirs(r.vdir));
  const rows = responses
    .filter((r) => r.status === status)
    .map((r) => ({
      ...r,
      meaning: statusMeaning(r.status, r.substatus)?.meaning ?? "",
      win32Name: win32Name(r.win32),
    }));
  const errors = rows.reduce((n, r) => n + r.count, 0);
  const requests = responses.reduce((n, r) => n + r.count, 0);
  const rate = requests > 0 ? errors / requests : 0;
  return {
    errors,
    requests,
    // exact, so a rule's threshold compares what was measured; `percent` is the rounded display
    rate,
    percent: `${(rate * 100).toFixed(2)} %`,
    rows,
    samples: (log?.samples ?? []).filter((s) => s.status === status && inVdirs(s.vdir)),
    window: log?.window ?? { hours: 0 },
  };
}

// ------------------------------------------------------------------ pool outages

export function iisPoolUnavailable(facts: Facts, params: Record<string, unknown>) {
  const reasons = lower(params["reasons"]) ?? [];
  const queue = String(params["queue"] ?? "WsusPool").toLowerCase();
  const minHttpErr = num(params["minHttpErr"], 1);
  const minW3c503 = num(params["minW3c503"], 1);
  const httpErrRows = (facts.httpErr?.reasons ?? []).filter(
    (r) => reasons.includes(r.reason.toLowerCase()) && r.queue.toLowerCase() === queue,
  );
  const httpErrTotal = httpErrRows.reduce((n, r) => n + r.count, 0);
  const w3c503 = (facts.iisLog?.responses ?? []).filter((r) => r.status === 503);
  const w3c503Total = w3c503.reduce((n, r) => n + r.count, 0);
  // hours with pool errors in HTTPERR, next to the W3C traffic of the same hour (a gap = 0 requests)
  const w3cByHour = new Map((facts.iisLog?.hourly ?? []).map((h) => [h.hour, h]));
  const errByHour = new Map<string, number>();
  for (const h of facts.httpErr?.hourly ?? []) {
    if (reasons.includes(h.reason.toLowerCase()) && h.queue.toLowerCase() === queue) {
      errByHour.set(h.hour, (errByHour.get(h.hour) ?? 0) + h.count);
    }
  }
  for (const h of facts.iisLog?.hourly ?? [])
    if (h.s503 > 0 && !errByHour.has(h.hour)) errByHour.set(h.hour, 0);
  const hours = [...errByHour.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hour, httpErr]) => ({
      hour,
      httpErr,
      w3cRequests: w3cByHour.get(hour)?.total ?? 0,
      w3c503: w3cByHour.get(hour)?.s503 ?? 0,
    }));
  const gapHours = facts.iisLog
    ? hours.filter((h) => h.httpErr > 0 && h.w3cRequests === 0).map((h) => h.hour)
    : [];
  return {
    unavailable: httpErrTotal >= minHttpErr || w3c503Total >= minW3c503,
    httpErrTotal,
    httpErr: httpErrRows,
    w3c503Total,
    w3c503,
    hours,
    gapHours,
    samples: [
      ...(facts.httpErr?.samples ?? [])
        .filter((s) => reasons.includes(s.reason.toLowerCase()) && s.queue.toLowerCase() === queue)
        .map((s) => ({ file: s.file, line: s.line, text: s.text })),
      ...(facts.iisLog?.samples ?? [])
        .filter((s) => s.status === 503)
        .map((s) => ({ file: s.file, line: s.line, text: s.text })),
    ],
  };
}

// ------------------------------------------------------------------ WsusPool settings

export function iisPoolSettings(facts: Facts, params: Record<string, unknown>) {
  const pool = facts.iisConfig?.pool;
  const minPrivateMemoryKB = num(params["minPrivateMemoryKB"], 4 * 1024 * 1024);
  const minQueueLength = num(params["minQueueLength"], 2000);
  const rapidFailMustBeOff = params["rapidFailMustBeOff"] !== false;
  if (!pool || !pool.found || !facts.iisConfig?.site) {
    return {
      evaluable: false,
      reason: "applicationHost.config holds no WsusPool application pool",
      issues: [],
      pool,
    };
  }
  const origin = (attr: string): string =>
    pool.explicit.includes(attr) ? "set in applicationHost.config" : "IIS default (attribute absent)";
  const issues: { setting: string; value: string; used: string; source: string }[] = [];
  if (pool.privateMemoryKB > 0 && pool.privateMemoryKB < minPrivateMemoryKB) {
    issues.push({
      setting: "Private Memory Limit (recycling/periodicRestart/@privateMemory)",
      value: `${pool.privateMemoryKB} KB`,
      used: `set and below ${minPrivateMemoryKB} KB (0 = no limit is Microsoft's best-practice value; ×4 of 1,843,200 = 7,372,800 KB and 4–8 GB are the other published values)`,
      source: origin("recycling.periodicRestart.privateMemory"),
    });
  }
  if (pool.queueLength < minQueueLength) {
    issues.push({
      setting: "Queue Length (@queueLength)",
      value: String(pool.queueLength),
      used: `below ${minQueueLength} (Microsoft's recommendation; some community guides use 25000)`,
      source: origin("queueLength"),
    });
  }
  if (rapidFailMustBeOff && pool.rapidFailProtection) {
    issues.push({
      setting: "Rapid-Fail Protection (failure/@rapidFailProtection)",
      value: "on",
      used: "on (community guidance turns it off so crashes do not stop the pool; Microsoft's best-practice page does not address it)",
      source: origin("failure.rapidFailProtection"),
    });
  }
  return { evaluable: true, reason: `WsusPool read from ${facts.iisConfig.file}`, issues, pool };
}

// ------------------------------------------------------------------ vDir authentication

type Mismatch = {
  vdir: string;
  setting: string;
  expected: string;
  actual: string;
  confidence: string;
  setBy: string;
};

export function iisVdirAuth(facts: Facts) {
  const config = facts.iisConfig;
  if (!config?.site)
    return {
      evaluable: false,
      reason: "no WSUS site in the IIS configuration",
      mismatches: [] as Mismatch[],
      checked: 0,
    };
  const mismatches: Mismatch[] = [];
  const row = (
    v: VdirConfig,
    setting: string,
    expected: string,
    actual: string,
    confidence: string,
  ): Mismatch => ({
    vdir: v.name,
    setting,
    expected,
    actual,
    confidence,
    setBy: v.setBy.join(", ") || "server defaults",
  });
  for (const v of config.vdirs) {
    const expected = EXPECTED_VDIRS.find((e) => e.name === v.name)!;
    if (v.kind === "missing") {
      // Inventory, DssAuthWebService and ServerSyncWebService are not called by clients
      if (expected.callers !== "downstream servers" && v.name !== "Inventory") {
        mismatches.push(row(v, "present", "a virtual directory or application", "missing", "C"));
      }
      continue;
    }
    if (expected.anonymous?.expected && !v.anonymousEnabled) {
      mismatches.push(
        row(v, "Anonymous authentication", "enabled", "disabled", expected.anonymous.confidence),
      );
    }
    if (v.name === "ApiRemoting30" && !v.windowsEnabled) {
      mismatches.push(row(v, "Windows authentication", "enabled", "disabled", expected.windows.confidence));
    }
    // Windows auth next to anonymous usually still works (iis-vdirs.md note 2), except on SelfUpdate
    if (v.name === "SelfUpdate" && v.windowsEnabled) {
      mismatches.push(
        row(v, "Windows authentication", "disabled (mixed settings break self-update)", "enabled", "C"),
      );
    }
    if (v.basicEnabled)
      mismatches.push(row(v, "Basic authentication", "disabled", "enabled", expected.basic.confidence));
    if (v.impersonation)
      mismatches.push(row(v, "ASP.NET impersonation", "disabled (500.24 otherwise)", "enabled", "C"));
  }
  return {
    evaluable: true,
    reason: `site "${config.site.name}" in ${config.file}`,
    mismatches,
    checked: config.vdirs.length,
  };
}

// ------------------------------------------------------------------ anonymous identity

export function iisAnonIdentity(facts: Facts) {
  const config = facts.iisConfig;
  if (!config?.site)
    return {
      evaluable: false,
      reason: "no WSUS site in the IIS configuration",
      accounts: [],
    };
  // Content is left out (note 4: pool identity there is the baseline); "" = pool identity is not a named account
  const named = config.vdirs.filter(
    (v) =>
      v.kind !== "missing" &&
      v.anonymousEnabled &&
      WEB_SERVICE_VDIRS.includes(v.name as never) &&
      v.anonymousUserName !== "",
  );
  const byAccount = new Map<string, string[]>();
  for (const v of named) {
    const key = v.anonymousUserName.toLowerCase();
    byAccount.set(key, [...(byAccount.get(key) ?? []), v.name]);
  }
  const accounts = [...byAccount.entries()].map(([, vdirs]) => ({
    account: named.find((v) => v.name === vdirs[0])!.anonymousUserName,
    vdirs: vdirs.join(", "),
    count: vdirs.length,
  }));
  return {
    evaluable: named.length > 1,
    reason: `${named.length} web-service vDirs name an anonymous account`,
    accounts,
  };
}

// ------------------------------------------------------------------ SSL

export function iisSslConfig(facts: Facts) {
  const config = facts.iisConfig;
  if (!config?.site)
    return { evaluable: false, reason: "no WSUS site in the IIS configuration", problems: [], policy: [] };
  const endpoint = wsusEndpoint(facts);
  const problems: { problem: string; detail: string }[] = [];
  const present = config.vdirs.filter((v) => v.kind !== "missing");
  for (const v of present) {
    if (!SSL_VDIRS.includes(v.name as never) && v.requireSsl) {
      problems.push({
        problem: `${v.name} requires SSL`,
        detail: `${v.name} must never require SSL (sslFlags "${v.sslFlags}")`,
      });
    }
    if (v.requireSsl && v.clientCertificates !== "ignore") {
      problems.push({
        problem: `${v.name} ${v.clientCertificates}s client certificates`,
        detail: `client certificates must be Ignore (sslFlags "${v.sslFlags}"); scans fail with 0x80072f0c otherwise`,
      });
    }
  }
  const sslVdirs = present.filter((v) => SSL_VDIRS.includes(v.name as never));
  const requiring = sslVdirs.filter((v) => v.requireSsl).map((v) => v.name);
  const urls = facts.gpo ? policyServerUrls(facts).filter((u) => u.role === "update" && u.scheme) : [];
  const policy = urls.map((u) => ({ setting: u.setting, view: u.view, value: u.raw }));
  for (const url of urls) {
    if (url.scheme === "https") {
      if (config.site.httpsPorts.length === 0) {
        problems.push({
          problem: "policy URL is https but the site has no https binding",
          detail: `${url.setting} = ${url.raw} (${url.view}); bindings: ${endpoint.detail}`,
        });
      } else if (url.effectivePort !== undefined && !config.site.httpsPorts.includes(url.effectivePort)) {
        problems.push({
          problem: "policy URL's https port is not bound",
          detail: `${url.setting} = ${url.raw} uses ${url.effectivePort}; https is bound on ${config.site.httpsPorts.join(", ")}`,
        });
      }
      const notRequiring = sslVdirs.filter((v) => !v.requireSsl).map((v) => v.name);
      if (notRequiring.length > 0) {
        problems.push({
          problem: "SSL not required on all five web services",
          detail: `the policy URL is https but ${notRequiring.join(", ")} do not require SSL`,
        });
      }
    } else if (url.scheme === "http" && requiring.length > 0) {
      problems.push({
        problem: "web services require SSL but the policy URL is http",
        detail: `${url.setting} = ${url.raw} (${url.view}); ${requiring.join(", ")} require SSL, so clients get 403.4`,
      });
    }
  }
  return {
    evaluable: true,
    reason: `site "${config.site.name}" in ${config.file}`,
    problems: dedupe(problems),
    policy,
  };
}

function dedupe<T extends { problem: string; detail: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.detail) ? false : (seen.add(r.detail), true)));
}

// ------------------------------------------------------------------ clients not reporting

export function iisSilentClients(facts: Facts, params: Record<string, unknown>) {
  const log = facts.iisLog;
  const minWindowHours = num(params["minWindowHours"], 48);
  const minObservedHours = num(params["minObservedHours"], 24);
  const staleAfterHours = num(params["staleAfterHours"], 72);
  const windowHours = log?.window.hours ?? 0;
  const end = log?.window.last ? Date.parse(log.window.last) : NaN;
  if (!log || windowHours < minWindowHours || !Number.isFinite(end)) {
    return {
      evaluable: false,
      reason: `the IIS logs cover ${windowHours} hours; at least ${minWindowHours} hours (two detection cycles of 22 h) are needed to tell a silent client from one between cycles`,
      windowHours,
      count: 0,
      clients: [],
    };
  }
  const rows: {
    ip: string;
    problem: string;
    firstScan: string;
    lastContact: string;
    reportingPosts: number;
    userAgent: string;
  }[] = [];
  for (const c of log.clients) {
    const cws = c.services["ClientWebService"];
    const reporting = c.services["ReportingWebService"];
    const lastContact = Date.parse(c.last);
    // a client whose scans all failed (401/500/503 on ClientWebService) is explained by those findings
    if (cws && cws.ok > 0 && !reporting && end - Date.parse(cws.first) >= minObservedHours * 3600_000) {
      rows.push({
        ip: c.ip,
        problem: "scans (ClientWebService) but never posts to ReportingWebService",
        firstScan: cws.first,
        lastContact: c.last,
        reportingPosts: 0,
        userAgent: c.userAgent ?? "",
      });
    } else if (end - lastContact >= staleAfterHours * 3600_000) {
      rows.push({
        ip: c.ip,
        problem: `last seen ${Math.round((end - lastContact) / 3600_000)} hours before the end of the log window`,
        firstScan: cws?.first ?? "",
        lastContact: c.last,
        reportingPosts: reporting?.requests ?? 0,
        userAgent: c.userAgent ?? "",
      });
    }
  }
  return {
    evaluable: true,
    reason: `log window ${log.window.first} – ${log.window.last} (${windowHours} hours), ${log.clients.length} client addresses`,
    windowHours,
    count: rows.length,
    clients: rows,
  };
}

// ------------------------------------------------------------------ catalogue

const STRINGS = { type: "string[]", description: "canonical WSUS vDir names (case-insensitive)" } as const;

export const iisFacts: FactDefinition[] = [
  {
    name: "iisAuthFailures",
    description:
      "401 responses that are real authentication failures, by vDir × sub-status × win32 (ApiRemoting30 console handshakes excluded), with sample lines.",
    sources: ["iisLog"],
    params: {
      substatus: { type: "number", description: "401 sub-status (1, 2, 3 …)", required: true },
      vdirs: { ...STRINGS, description: "only these vDirs (default: all)" },
    },
    returns:
      "{ total: number; vdirs: string[]; rows: AuthFailureCount[]; samples: EvidenceLine[]; consoleHandshakes: number; window }",
    example: {
      total: 3,
      vdirs: ["SelfUpdate"],
      rows: [{ vdir: "SelfUpdate", status: 401, substatus: 1, win32: 1326, count: 3, clients: 1 }],
      samples: [],
      consoleHandshakes: 0,
    },
    compute: (facts, params) => iisAuthFailures(facts, params),
  },
  {
    name: "iisErrorRate",
    description:
      "Responses of one status on some vDirs: their count (errors), all responses of those vDirs (requests) and the share (rate, exact; percent, rounded for display). Rules compare errors and rate with their thresholds.",
    sources: ["iisLog"],
    params: {
      status: { type: "number", description: "HTTP status (404, 500 …)", required: true },
      vdirs: { ...STRINGS, description: "only these vDirs (default: all)" },
    },
    returns:
      "{ errors: number; requests: number; rate: number; percent: string; rows: ResponseCount[]; samples: EvidenceLine[] }",
    example: {
      errors: 40,
      requests: 400,
      rate: 0.1,
      percent: "10.00 %",
      rows: [],
      samples: [],
    },
    compute: (facts, params) => iisErrorRate(facts, params),
  },
  {
    name: "iisPoolUnavailable",
    description:
      "WsusPool down or overloaded: HTTPERR entries of the pool's queue with the given reasons, W3C 503s, and the hours they fall in (with the W3C traffic of the same hour: 0 = a gap).",
    sources: ["iisLog", "httpErr"],
    params: {
      reasons: {
        type: "string[]",
        description: "HTTPERR s-reason values that mean the pool was unavailable",
        required: true,
      },
      queue: { type: "string", description: "application pool (s-queuename)" },
      minHttpErr: { type: "number", description: "HTTPERR entries needed" },
      minW3c503: { type: "number", description: "W3C 503 responses needed" },
    },
    returns:
      "{ unavailable: boolean; httpErrTotal; httpErr: HttpErrReasonCount[]; w3c503Total; w3c503: ResponseCount[]; hours: { hour, httpErr, w3cRequests, w3c503 }[]; gapHours: string[]; samples }",
    example: {
      unavailable: true,
      httpErrTotal: 120,
      w3c503Total: 0,
      hours: [{ hour: "2026-10-02T03:00:00Z", httpErr: 120, w3cRequests: 0, w3c503: 0 }],
      gapHours: ["2026-10-02T03:00:00Z"],
    },
    compute: (facts, params) => iisPoolUnavailable(facts, params),
  },
  {
    name: "iisPoolSettings",
    description:
      "WsusPool as configured (pool: privateMemoryKB, queueLength, rapidFailProtection …), which the rule compares with its thresholds; issues lists the settings outside them, in words, for the finding (give it the rule's thresholds).",
    sources: ["iisConfig"],
    params: {
      minPrivateMemoryKB: {
        type: "number",
        description: "a private memory limit set below this (KB) is too low",
      },
      minQueueLength: { type: "number", description: "a queue length below this is too small" },
      rapidFailMustBeOff: { type: "boolean", description: "flag rapid-fail protection when on" },
    },
    returns:
      "{ evaluable: boolean; reason: string; issues: { setting, value, used, source }[]; pool?: AppPoolConfig }",
    example: {
      evaluable: true,
      issues: [
        {
          setting: "Queue Length (@queueLength)",
          value: "1000",
          used: "below 2000",
          source: "IIS default (attribute absent)",
        },
      ],
    },
    compute: (facts, params) => iisPoolSettings(facts, params),
  },
  {
    name: "iisVdirAuth",
    description:
      "WSUS vDirs whose effective authentication differs from the expected table (knowledge/iis-vdirs.md).",
    sources: ["iisConfig"],
    returns:
      "{ evaluable: boolean; reason: string; mismatches: { vdir, setting, expected, actual, confidence, setBy }[]; checked: number }",
    example: {
      evaluable: true,
      mismatches: [
        {
          vdir: "ClientWebService",
          setting: "Anonymous authentication",
          expected: "enabled",
          actual: "disabled",
        },
      ],
    },
    compute: (facts) => iisVdirAuth(facts),
  },
  {
    name: "iisAnonIdentity",
    description:
      "The named anonymous accounts of the WSUS web-service vDirs (Content excluded; pool identity is not a named account).",
    sources: ["iisConfig"],
    returns: "{ evaluable: boolean; reason: string; accounts: { account, vdirs, count }[] }",
    example: {
      evaluable: true,
      accounts: [{ account: "IUSR", vdirs: "ClientWebService, SimpleAuthWebService", count: 2 }],
    },
    compute: (facts) => iisAnonIdentity(facts),
  },
  {
    name: "iisSslConfig",
    description:
      "SSL set-up of the WSUS site against the policy URL (when Group Policy evidence is present) and the five-SSL-vDir rule.",
    sources: ["iisConfig"],
    returns:
      "{ evaluable: boolean; reason: string; problems: { problem, detail }[]; policy: { setting, view, value }[] }",
    example: {
      evaluable: true,
      problems: [{ problem: "policy URL is https but the site has no https binding", detail: "…" }],
    },
    compute: (facts) => iisSslConfig(facts),
  },
  {
    name: "iisSilentClients",
    description:
      "Clients that scan but never post to ReportingWebService, or were last seen long before the end of the log window.",
    sources: ["iisLog"],
    params: {
      minWindowHours: { type: "number", description: "shorter log windows are not evaluated" },
      minObservedHours: {
        type: "number",
        description: "a client's first scan must be at least this long before the window end",
      },
      staleAfterHours: {
        type: "number",
        description: "last contact this long before the window end = stale",
      },
    },
    returns:
      "{ evaluable: boolean; reason: string; windowHours: number; count: number; clients: { ip, problem, firstScan, lastContact, reportingPosts, userAgent }[] }",
    example: {
      evaluable: true,
      windowHours: 72,
      count: 1,
      clients: [
        { ip: "10.1.2.3", problem: "scans (ClientWebService) but never posts to ReportingWebService" },
      ],
    },
    compute: (facts, params) => iisSilentClients(facts, params),
  },
];
