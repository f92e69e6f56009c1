/**
 * Behind a load balancer the IIS log's c-ip is the balancer; the client is the X-Forwarded-For
 * custom field (IIS 8.5+, logged under the header's name, here as a real site writes it: last
 * column, upper or mixed case, `a,+b` lists, `a:port`). Logs are IIS 10 W3C text, CRLF.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectW3c } from "../../../src/collectors/iis-log/collector.js";
import { finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";
import { firstForwardedAddress, forwardedForColumn } from "../../../src/collectors/iis-log/forwarded-for.js";
import { W3cScanner } from "../../../src/collectors/iis-log/w3c-scanner.js";
import type { IisLogFacts } from "../../../src/collectors/iis-log/facts.js";
import { iisAgents } from "../../../src/checks/clients/iis-agents.js";
import type { Facts } from "../../../src/collectors/facts.js";

const FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const WUA = "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50";
const LB = "10.0.5.10";

/**
 * Two daily logs of a site behind one balancer: 240 agents scan every 22 h and report, 3 agents scan
 * and never report; the balancer probes wusserverversion.xml every minute (no user agent, no
 * forwarded-for). With `xff` the site logs the header in a last column named as given.
 */
function siteLogs(xff: string | undefined): string {
  const head = (day: string) =>
    [
      "#Software: Microsoft Internet Information Services 10.0",
      "#Version: 1.0",
      `#Date: ${day} 00:00:00`,
      `#Fields: ${FIELDS}${xff ? ` ${xff}` : ""}`,
    ].join("\r\n");
  const line = (day: string, time: string, stem: string, ua: string, status: string, forwarded: string) =>
    `${day} ${time} 10.0.0.20 POST ${stem} - 8530 - ${LB} ${ua} - ${status} 0 0 15${xff ? ` ${forwarded}` : ""}`;
  const out: string[] = [];
  for (const day of ["2026-11-29", "2026-11-30"]) {
    out.push(head(day));
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      const t = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:07`;
      out.push(
        `${day} ${t} 10.0.0.20 GET /ClientWebService/wusserverversion.xml - 8530 - ${LB} - - 200 0 0 1${xff ? " -" : ""}`,
      );
    }
    const hourOf = (n: number) => (day === "2026-11-29" ? n % 24 : (n + 22) % 24);
    for (let n = 1; n <= 243; n++) {
      const ip = `10.20.${7 + Math.floor(n / 200)}.${n % 200}`;
      const t = `${String(hourOf(n)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:11`;
      // a chain of proxies for some, a port for others: the first entry is the client
      const forwarded = n % 3 === 0 ? `${ip},+10.0.5.1` : n % 3 === 1 ? `${ip}:5${n}12` : ip;
      out.push(line(day, t, "/SimpleAuthWebService/SimpleAuth.asmx", WUA, "200", forwarded));
      out.push(line(day, t, "/ClientWebService/client.asmx", WUA, "200", forwarded));
      if (n <= 240)
        out.push(line(day, t, "/ReportingWebService/ReportingWebService.asmx", WUA, "200", forwarded));
    }
  }
  return out.join("\r\n") + "\r\n";
}

async function facts(xff: string | undefined): Promise<IisLogFacts> {
  const file = await evidenceFileFromBytes(
    "iis/W3SVC1/u_ex261130_x.log",
    Buffer.from(siteLogs(xff), "latin1"),
  );
  const output = await collectW3c(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed", output.reason);
  assert.equal(output.rejected, 0);
  return finalizeIisLog([{ file: file.path, partial: output.facts! }], 5, 50_000);
}

test("the first X-Forwarded-For address is the client; the balancer's own probes stay on c-ip", async () => {
  const log = await facts("X-FORWARDED-FOR");
  const ips = log.clients.map((c) => c.ip);
  assert.equal(ips.length, 244);
  assert.ok(ips.includes("10.20.7.3"), "a,+b: the first entry");
  assert.ok(ips.includes("10.20.7.1"), "a:port: the port is cut");
  assert.ok(!ips.some((ip) => ip.includes(":") || ip.includes(",")));
  const probe = log.clients.find((c) => c.ip === LB)!;
  assert.equal(probe.userAgent, undefined);
  assert.equal(probe.services["ClientWebService"]!.requests, 288);
  assert.deepEqual(log.forwardedFor, { field: "X-FORWARDED-FOR", requests: 243 * 2 * 2 + 240 * 2 });
});

test("with X-Forwarded-For the silent agents behind the balancer are judged one by one", async () => {
  const view = iisAgents({ iisLog: await facts("X-Forwarded-For") } as Facts, {});
  assert.equal(view.evaluable, true, view.reason);
  assert.equal(view.forwardedForLogged, true);
  assert.deepEqual(
    view.clients.map((c) => c.ip),
    ["10.20.8.41", "10.20.8.42", "10.20.8.43"],
  );
  assert.equal(view.shared.length, 0);
  assert.deepEqual(
    view.notClients.map((c) => [c.ip, c.role]),
    [[LB, "probe"]],
  );
});

test("without it, the balancer's address carries every agent: not evaluated, with the reason, never passed", async () => {
  const log = await facts(undefined);
  assert.equal(log.forwardedFor, undefined);
  const view = iisAgents({ iisLog: log } as Facts, {});
  assert.equal(view.evaluable, false);
  assert.deepEqual(
    view.shared.map((s) => s.ip),
    [LB],
  );
  assert.match(view.reason, /10\.0\.5\.10.*no X-Forwarded-For field.*cannot be judged one by one/);
});

test("the WebAssembly fast path and JavaScript give the same clients for a forwarded-for log", () => {
  const bytes = Buffer.from(siteLogs("cs(X-Forwarded-For)"), "latin1");
  const snap = (fastPath: boolean) => {
    const scanner = new W3cScanner({ maxSamples: 5, clientLimit: 50_000, fastPath });
    const area = scanner.inputArea(bytes.length + 2);
    bytes.copy(area, 0);
    scanner.scanArea(0, bytes.length);
    return scanner.snapshot();
  };
  const fast = snap(true);
  assert.deepEqual(fast, snap(false));
  assert.equal(fast.clients.length, 244);
});

test("forwarded-for values: forms IIS logs, and values that name no address", () => {
  assert.equal(forwardedForColumn(["date", "c-ip", "X-Forwarded-For"]), 2);
  assert.equal(forwardedForColumn(["date", "cs(x-forwarded-for)"]), 1);
  assert.equal(forwardedForColumn(["date", "c-ip", "cs(User-Agent)"]), -1);
  const first = (value: string): string | undefined => {
    const buf = Buffer.from(value, "latin1");
    const range = new Int32Array(2);
    return firstForwardedAddress(buf, 0, buf.length, range)
      ? buf.toString("latin1", range[0], range[1])
      : undefined;
  };
  assert.equal(first("203.0.113.7"), "203.0.113.7");
  assert.equal(first("203.0.113.7:51234"), "203.0.113.7");
  assert.equal(first("203.0.113.7,+10.0.5.1"), "203.0.113.7");
  assert.equal(first("[2001:db8::7]:443"), "2001:db8::7");
  assert.equal(first("2001:db8::7,+10.0.5.1"), "2001:db8::7");
  assert.equal(first("-"), undefined);
  assert.equal(first("unknown,+10.0.5.1"), undefined);
  assert.equal(first("fxpt.casepoint.com"), undefined);
});
