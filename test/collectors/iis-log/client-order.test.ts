/**
 * The clients of the iisLog fact come in address order: dotted quads by their four numbers, anything
 * else by localeCompare. finalizeIisLog computes one sort key per client; this holds it to the
 * per-comparison definition on addresses IIS writes (IPv4, IPv6) and ones it should not (octets over
 * 255, leading zeros, signs, words).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { emptyPartial, finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";
import type { PartialClient } from "../../../src/collectors/iis-log/partial.js";

function definitionOrder(a: string, b: string): number {
  const octets = (ip: string): number[] | null => {
    const split = ip.split(".").map(Number);
    return split.length === 4 && split.every(Number.isFinite) ? split : null;
  };
  const pa = octets(a);
  const pb = octets(b);
  if (pa && pb) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    return 0;
  }
  return a.localeCompare(b);
}

const client = (ip: string): PartialClient => ({
  ip,
  requests: 1,
  first: 1_759_305_600,
  last: 1_759_305_600,
  userAgentRank: 0,
  services: [],
});

const addressArb = fc.oneof(
  fc.tuple(fc.nat(260), fc.nat(260), fc.nat(260), fc.nat(300)).map((o) => o.join(".")),
  fc.constantFrom(
    "10.0.0.9",
    "10.0.0.10",
    "010.0.0.9",
    "10.0.0.-1",
    "10.0.0.1e2",
    "2001:db8::7",
    "host",
    "-",
  ),
);

test("clients are ordered by address exactly as the per-comparison definition orders them", () => {
  fc.assert(
    fc.property(fc.uniqueArray(addressArb, { maxLength: 40 }), (ips) => {
      const partial = { ...emptyPartial(), clients: ips.map(client) };
      const facts = finalizeIisLog([{ file: "u_ex261001.log", partial }], 5, 50_000);
      // loopback is the server talking to itself: not a client
      const expected = ips.filter((ip) => ip !== "127.0.0.1").sort(definitionOrder);
      assert.deepEqual(
        facts.clients.map((c) => c.ip),
        expected,
      );
    }),
    { numRuns: 300 },
  );
});

test("numeric, not text, order: 9 before 10 in every octet", () => {
  const partial = {
    ...emptyPartial(),
    clients: ["10.0.0.10", "9.1.1.1", "10.0.0.9", "10.0.10.1", "10.0.9.200"].map(client),
  };
  const facts = finalizeIisLog([{ file: "u_ex261001.log", partial }], 5, 50_000);
  assert.deepEqual(
    facts.clients.map((c) => c.ip),
    ["9.1.1.1", "10.0.0.9", "10.0.0.10", "10.0.9.200", "10.0.10.1"],
  );
});
