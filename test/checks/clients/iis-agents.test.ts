import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { AGENT_DEFAULTS, roleOf, windowDays } from "../../../src/checks/clients/iis-agents.js";
import type { ClientSummary } from "../../../src/collectors/iis-log/facts.js";

const WUA = "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50";

function client(ip: string, scans: number, userAgent: string | undefined, hours = 47): ClientSummary {
  const first = "2026-10-01T00:10:00Z";
  const last = new Date(Date.parse(first) + hours * 3_600_000).toISOString();
  return {
    ip,
    requests: scans,
    first,
    last,
    ...(userAgent ? { userAgent } : {}),
    services: { ClientWebService: { first, last, requests: scans, ok: scans } },
  };
}

describe("one model of a WSUS client in the IIS logs", () => {
  it("takes a Windows Update Agent for a client, and probes, crawlers and browsers for none", () => {
    assert.equal(roleOf(client("10.1.0.21", 12, WUA), AGENT_DEFAULTS).role, "agent");
    assert.equal(roleOf(client("10.1.0.250", 5760, undefined), AGENT_DEFAULTS).role, "probe");
    assert.equal(
      roleOf(
        client("66.249.66.1", 3, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        AGENT_DEFAULTS,
      ).role,
      "browser-or-crawler",
    );
    assert.equal(roleOf(client("10.1.0.9", 4, "Microsoft BITS/7.8"), AGENT_DEFAULTS).role, "other");
  });

  it("sets apart an address that carries the scans of many agents (load balancer without X-Forwarded-For)", () => {
    const role = roleOf(client("10.1.0.5", 9000, WUA), AGENT_DEFAULTS);
    assert.equal(role.role, "shared");
    assert.match(role.why, /many agents behind one address/);
  });

  it("counts two whole daily log files as two days, not 47.9 hours", () => {
    assert.equal(windowDays("2026-10-01T00:00:04Z", "2026-10-02T23:59:58Z"), 2);
    assert.equal(windowDays("2026-10-01T06:00:00Z", "2026-10-01T12:00:00Z"), 1);
    assert.equal(windowDays(undefined, "2026-10-01T12:00:00Z"), 0);
  });
});
