import { test } from "node:test";
import assert from "node:assert/strict";
import type { Facts } from "../../../src/collectors/facts.js";
import type { IisLogFacts } from "../../../src/collectors/iis-log/facts.js";
import { wsusEndpoint } from "../../../src/checks/server-endpoint.js";
import { iisPoolSettings, iisPoolUnavailable, iisSilentClients } from "../../../src/checks/iis/facts.js";
import type { IisConfigFacts } from "../../../src/collectors/iis-config/facts.js";

const bundle = (wsus: Facts["bundle"]["wsus"] = {}): Facts["bundle"] => ({
  name: "t",
  manifest: {},
  wsus,
  sources: [],
  kinds: [],
});

function log(over: Partial<IisLogFacts>): IisLogFacts {
  return {
    files: [{ file: "iis/u_ex261005.log", lines: 0, records: 0, rejected: 0, fieldSets: [] }],
    window: { first: "2026-10-05T00:00:00Z", last: "2026-10-08T00:00:00Z", hours: 72 },
    requests: 0,
    rejected: 0,
    responses: [],
    authFailures: [],
    consoleHandshakes: 0,
    hourly: [],
    clients: [],
    clientLimit: 50000,
    clientOverflowRequests: 0,
    selfRequests: 0,
    ports: [],
    serverAddresses: [],
    samples: [],
    authFailureSamples: [],
    ...over,
  };
}

test("wsusEndpoint: the IIS binding beats s-port, which beats bundle.json", () => {
  const fromLog = log({
    ports: [
      { port: 8531, requests: 90, byVdir: { ClientWebService: 60, SimpleAuthWebService: 30 } },
      { port: 8530, requests: 40, byVdir: { Content: 40 } },
    ],
  });
  // SSL split: SOAP on 8531, /Content/ on 8530 (SSL port − 1) — both normal
  const e1 = wsusEndpoint({ bundle: bundle({ port: 80 }), iisLog: fromLog });
  assert.deepEqual([e1.portSource, e1.httpsPorts, e1.httpPorts], ["iisLog", [8531], [8530]]);
  const config = {
    file: "iis/applicationHost.config",
    sites: [],
    vdirs: [],
    wsusCompressionScheme: true,
    site: {
      name: "WSUS Administration",
      id: 1,
      bindings: [{ protocol: "http", ip: "*", port: 8530, host: "" }],
      httpPorts: [8530],
      httpsPorts: [],
    },
  } as IisConfigFacts;
  const e2 = wsusEndpoint({ bundle: bundle({ port: 80 }), iisLog: fromLog, iisConfig: config });
  assert.deepEqual([e2.portSource, e2.httpPorts, e2.httpsPorts], ["iisConfig", [8530], []]);
  const e3 = wsusEndpoint({
    bundle: bundle({ port: 8530 }),
    iisLog: log({ ports: [{ port: 8530, requests: 5, byVdir: { Content: 5 } }] }),
  });
  assert.equal(e3.portSource, "bundle"); // Content alone never decides the policy port
});

test("silent clients: a client whose scans all failed is explained by the 401/503 findings, not listed", () => {
  const svc = (ok: number) => ({
    first: "2026-10-05T01:00:00Z",
    last: "2026-10-07T20:00:00Z",
    requests: 6,
    ok,
  });
  const clients = [
    {
      ip: "10.1.0.21",
      requests: 12,
      first: "2026-10-05T01:00:00Z",
      last: "2026-10-07T20:00:00Z",
      services: { ClientWebService: svc(6) },
    },
    {
      ip: "10.1.0.22",
      requests: 6,
      first: "2026-10-05T01:00:00Z",
      last: "2026-10-07T20:00:00Z",
      services: { ClientWebService: svc(0) },
    },
    {
      ip: "10.1.0.23",
      requests: 9,
      first: "2026-10-05T01:00:00Z",
      last: "2026-10-07T20:00:00Z",
      services: { ClientWebService: svc(6), ReportingWebService: svc(3) },
    },
  ];
  const result = iisSilentClients({ bundle: bundle(), iisLog: log({ clients }) }, {});
  assert.deepEqual(
    result.clients.map((c) => c.ip),
    ["10.1.0.21"],
  );
  const short = iisSilentClients(
    {
      bundle: bundle(),
      iisLog: log({
        clients,
        window: { first: "2026-10-05T00:00:00Z", last: "2026-10-05T20:00:00Z", hours: 20 },
      }),
    },
    {},
  );
  assert.equal(short.evaluable, false);
});

test("pool settings: each issue names the threshold the rule used; absent attributes are IIS defaults", () => {
  const pool = {
    name: "WsusPool",
    found: true,
    identityType: "NetworkService",
    queueLength: 1000,
    privateMemoryKB: 1843200,
    virtualMemoryKB: 0,
    rapidFailProtection: true,
    idleTimeoutMinutes: 20,
    regularTimeIntervalMinutes: 1740,
    pingingEnabled: true,
    loadBalancerCapabilities: "HttpLevel",
    managedPipelineMode: "Integrated",
    explicit: ["recycling.periodicRestart.privateMemory"],
  };
  const config = {
    file: "a.config",
    sites: [],
    vdirs: [],
    wsusCompressionScheme: true,
    pool,
    site: { name: "WSUS Administration", id: 1, bindings: [], httpPorts: [], httpsPorts: [] },
  } as IisConfigFacts;
  const result = iisPoolSettings(
    { bundle: bundle(), iisConfig: config },
    { minPrivateMemoryKB: 7372800, minQueueLength: 2000 },
  );
  assert.equal(result.issues.length, 3);
  assert.match(result.issues[0]!.used, /below 7372800 KB/);
  assert.equal(result.issues[1]!.source, "IIS default (attribute absent)");
  const unlimited = iisPoolSettings(
    {
      bundle: bundle(),
      iisConfig: {
        ...config,
        pool: { ...pool, privateMemoryKB: 0, queueLength: 2000, rapidFailProtection: false },
      },
    },
    {},
  );
  assert.deepEqual(unlimited.issues, []);
});

test("pool outage: HTTPERR hours set against the W3C traffic of the same hour show the gap", () => {
  const httpErr = {
    files: [],
    window: {},
    entries: 40,
    samples: [],
    clients: [],
    clientOverflow: 0,
    reasons: [
      {
        reason: "AppOffline",
        queue: "WsusPool",
        status: 503,
        count: 40,
        first: "2026-10-06T03:00:02Z",
        last: "2026-10-06T03:44:00Z",
      },
    ],
    hourly: [{ hour: "2026-10-06T03:00:00Z", queue: "WsusPool", reason: "AppOffline", count: 40 }],
  };
  const hourly = [
    {
      hour: "2026-10-06T02:00:00Z",
      total: 50,
      s401_1: 0,
      s401_2: 0,
      s401_3: 0,
      s401_other: 0,
      s500: 0,
      s503: 0,
    },
  ];
  const result = iisPoolUnavailable(
    { bundle: bundle(), httpErr, iisLog: log({ hourly }) },
    { reasons: ["AppOffline", "QueueFull"], queue: "WsusPool" },
  );
  assert.deepEqual(
    [result.unavailable, result.httpErrTotal, result.w3c503Total, result.gapHours],
    [true, 40, 0, ["2026-10-06T03:00:00Z"]],
  );
});
