import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePolicyUrl, sameHost } from "../../../src/collectors/gpo/url.js";

test("policy URLs are taken apart the way the field mistakes show up", () => {
  const cases: [string, Partial<ReturnType<typeof parsePolicyUrl>>][] = [
    [
      "http://wsus01.corp.example:8530",
      {
        scheme: "http",
        host: "wsus01.corp.example",
        port: 8530,
        effectivePort: 8530,
        path: "",
        valid: true,
        problems: [],
      },
    ],
    ["https://wsus01.corp.example", { scheme: "https", port: undefined, effectivePort: 443, valid: true }],
    ["HTTP://WSUS01:8530", { scheme: "http", host: "WSUS01", port: 8530, valid: true }],
    ["wsus01:8530", { scheme: undefined, host: "wsus01", port: 8530, valid: false, problems: ["no-scheme"] }],
    ["$WSUSSERVER:8530", { valid: false, problems: ["no-scheme"] }],
    ["http://wsus01:8530/", { path: "/", valid: true, problems: ["trailing-slash"] }],
    ["http://wsus01:8530/ClientWebService", { path: "/ClientWebService", valid: false, problems: ["path"] }],
    ["http://wsus01 :8530", { valid: false }],
    ["http://wsus01:85x0", { valid: false, problems: ["bad-port"] }],
    ["ftp://wsus01", { valid: false, problems: ["bad-scheme"] }],
    ["", { valid: false, problems: ["empty"] }],
    ["http://192.168.9.117:8530", { host: "192.168.9.117", port: 8530, valid: true }],
  ];
  for (const [raw, expected] of cases) {
    const parsed = parsePolicyUrl(raw);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(parsed[key as keyof typeof parsed], value, `${raw}: ${key}`);
    }
  }
  assert.ok(parsePolicyUrl("http://wsus01 :8530").problems.includes("whitespace"));
});

test("same host: case-insensitive, short name vs FQDN, never an IP against a name", () => {
  assert.equal(sameHost("WSUS01", "wsus01.corp.example"), true);
  assert.equal(sameHost("wsus01.corp.example", "wsus01.corp.example."), true);
  assert.equal(sameHost("wsus01.corp.example", "wsus01.other.example"), false);
  assert.equal(sameHost("wsus10", "wsus01.corp.example"), false);
  assert.equal(sameHost("192.168.9.117", "wsus01"), false);
});
