/**
 * The WebAssembly fast path (src/collectors/iis-log/wasm/fast-lines.as.ts) must never change a fact:
 * for any log, the scanner with it and the scanner without it (JavaScript alone, the reference)
 * give the same snapshot. Logs are drawn from the shapes IIS writes and the ways they go wrong:
 * #Fields in other orders or without fields the fast path needs, repeated and changing dates,
 * leap seconds, malformed times, sub-status and win32 codes of ten digits, 401s on ApiRemoting30,
 * IPv6 and '-' addresses, stems in other spellings, trailing spaces, CRLF and LF, empty lines —
 * fed in pieces cut anywhere, as read.ts feeds them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { W3cScanner, type ScannerOptions } from "../../../src/collectors/iis-log/w3c-scanner.js";
import { replayParameters } from "../../property/replay.js";

const FIELD_SETS = [
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
  "time c-ip cs-method cs-uri-stem sc-status date s-port sc-win32-status sc-substatus cs(User-Agent) s-ip cs-username",
  "date time c-ip cs-method cs-uri-stem sc-status",
  "time s-ip cs-method cs-uri-stem s-port c-ip sc-status sc-substatus sc-win32-status",
] as const;

type Values = Record<string, string>;

const valueArb = fc.record({
  date: fc.constantFrom("2026-10-01", "2026-10-01", "2026-10-02", "2026-13-01", "26-10-01", "-"),
  time: fc.oneof(
    fc.constantFrom("08:00:00", "08:00:01", "08:00:59", "08:00:60", "08:01:00", "09:59:59", "10:00:00"),
    fc.constantFrom("23:59:59", "00:00:01", "8:00:00", "08:0x:00", "08:00:00.123", "-"),
  ),
  "s-ip": fc.constantFrom("10.0.0.5", "10.0.0.5", "10.0.0.6", "-", "fe80::1"),
  "cs-method": fc.constantFrom("POST", "GET", "HEAD"),
  "cs-uri-stem": fc.constantFrom(
    "/ClientWebService/client.asmx",
    "/ClientWebService/client.asmx",
    "/clientwebservice/client.asmx",
    "/ReportingWebService/ReportingWebService.asmx",
    "/SimpleAuthWebService/SimpleAuth.asmx",
    "/Content/AB/0123456789ABCDEF.cab",
    "/selfupdate/wuident.cab",
    "/ApiRemoting30/WebService.asmx",
    "/",
    "/a",
    "/iisstart.htm",
    "-",
  ),
  "cs-uri-query": fc.constantFrom("-", "x=1"),
  "s-port": fc.constantFrom("8530", "8530", "8531", "80", "-", "12345678901"),
  "cs-username": fc.constantFrom("-", "-", "CONTOSO\\admin"),
  "c-ip": fc.constantFrom(
    "10.1.0.1",
    "10.1.0.2",
    "10.1.0.3",
    "10.1.0.4",
    "10.1.0.5",
    "-",
    "2001:db8::7",
    "256.1.1.1",
  ),
  "cs(User-Agent)": fc.constantFrom(
    "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.71",
    "Microsoft-Delivery-Optimization/10.0",
    "-",
  ),
  "cs(Referer)": fc.constant("-"),
  "sc-status": fc.constantFrom("200", "200", "200", "304", "401", "500", "503", "404", "99", "1000", "-"),
  "sc-substatus": fc.constantFrom("0", "0", "1", "2", "3", "-", "1234567890"),
  "sc-win32-status": fc.constantFrom("0", "0", "5", "64", "1326", "2148074254", "-"),
  "time-taken": fc.constantFrom("15", "250"),
});

const lineArb = fc.oneof(
  { weight: 20, arbitrary: valueArb.map((values): LineSpec => ({ kind: "data", values })) },
  { weight: 1, arbitrary: fc.nat(FIELD_SETS.length - 1).map((i): LineSpec => ({ kind: "fields", i })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("2026-10-01", "2026-10-02").map((d): LineSpec => ({ kind: "date", d })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "garbage", " ", "#Remark: x").map((t): LineSpec => ({ kind: "raw", t })),
  },
);

type LineSpec =
  | { kind: "data"; values: Values }
  | { kind: "fields"; i: number }
  | { kind: "date"; d: string }
  | { kind: "raw"; t: string };

function render(lines: LineSpec[], startFields: number, trailing: boolean[], crlf: boolean): Buffer {
  let fields: readonly string[] = FIELD_SETS[startFields]!.split(" ");
  const out = ["#Software: Microsoft Internet Information Services 10.0", `#Fields: ${fields.join(" ")}`];
  lines.forEach((line, n) => {
    if (line.kind === "fields") {
      fields = FIELD_SETS[line.i]!.split(" ");
      out.push(`#Fields: ${fields.join(" ")}`);
    } else if (line.kind === "date") out.push(`#Date: ${line.d} 00:00:00`);
    else if (line.kind === "raw") out.push(line.t);
    else
      out.push(
        fields.map((f) => line.values[f] ?? "-").join(" ") + (trailing[n % trailing.length] ? " " : ""),
      );
  });
  return Buffer.from(out.join(crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n"), "latin1");
}

/** What read.ts does: pieces into the input area, the unfinished line carried to the front. */
function feed(scanner: W3cScanner, bytes: Buffer, cuts: number[]): void {
  const area = scanner.inputArea(bytes.length + 2);
  let filled = 0;
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length]) {
    if (cut <= from) continue;
    bytes.copy(area, filled, from, cut);
    filled += cut - from;
    from = cut;
    const rest = scanner.scanArea(0, filled);
    area.copyWithin(0, rest, filled);
    filled -= rest;
  }
  if (filled > 0) {
    area[filled] = 10;
    scanner.scanArea(0, filled + 1);
  }
}

function snapshots(bytes: Buffer, cuts: number[], options: ScannerOptions) {
  const fast = new W3cScanner({ ...options, fastPath: true });
  const reference = new W3cScanner({ ...options, fastPath: false });
  feed(fast, bytes, cuts);
  feed(reference, bytes, cuts);
  return { fast: fast.snapshot(), reference: reference.snapshot() };
}

test("the fast path gives exactly the JavaScript path's aggregates, for any log fed in any pieces", () => {
  fc.assert(
    fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: 300 }),
      fc.nat(FIELD_SETS.length - 1),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
      fc.boolean(),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
      fc.record({ maxSamples: fc.integer({ min: 0, max: 3 }), clientLimit: fc.integer({ min: 1, max: 6 }) }),
      (lines, startFields, trailing, crlf, cuts, options) => {
        const { fast, reference } = snapshots(render(lines, startFields, trailing, crlf), cuts, options);
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 400, ...replayParameters() },
  );
});

test("new clients and their user agents, recorded by either path in any order, give the same clients", () => {
  // one field set, day, hour and response, so most lines take the fast path from the start; 401s
  // (always JavaScript's) interleave, so either path may record a client's first or better user agent
  const lineArb = fc.record({
    second: fc.integer({ min: 0, max: 3599 }),
    stem: fc.constantFrom(
      "/ClientWebService/client.asmx",
      "/Content/AB/0123456789ABCDEF.cab",
      "/ReportingWebService/ReportingWebService.asmx",
      "/SimpleAuthWebService/SimpleAuth.asmx",
    ),
    ip: fc.constantFrom(...Array.from({ length: 9 }, (_, i) => `10.2.${i}.${i * 31}`), "-"),
    agent: fc.constantFrom(
      "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.71",
      "Windows-Update-Agent/7.6.7601.24436+Client-Protocol/1.81",
      "Microsoft-Delivery-Optimization/10.0",
      "Microsoft+BITS/7.8",
      "-",
    ),
    status: fc.constantFrom("200", "200", "200", "200", "200", "200", "401"),
  });
  fc.assert(
    fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: 400 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
      fc.record({ maxSamples: fc.integer({ min: 0, max: 1 }), clientLimit: fc.integer({ min: 1, max: 12 }) }),
      (lines, cuts, options) => {
        const text = [
          "#Software: Microsoft Internet Information Services 10.0",
          `#Fields: ${FIELD_SETS[0]}`,
          ...lines.map((l) => {
            const time = `08:${String(Math.floor(l.second / 60)).padStart(2, "0")}:${String(l.second % 60).padStart(2, "0")}`;
            const sub = l.status === "401" ? "2" : "0";
            return `2026-10-01 ${time} 10.0.0.5 POST ${l.stem} - 8530 - ${l.ip} ${l.agent} - ${l.status} ${sub} 0 15`;
          }),
        ].join("\r\n");
        const { fast, reference } = snapshots(Buffer.from(`${text}\r\n`, "latin1"), cuts, options);
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 300, ...replayParameters() },
  );
});

test("on the benchmark's generated traffic the fast path counts almost every line, and the same way", () => {
  const log = execFileSync(
    process.execPath,
    ["bench/gen-iis-log.mjs", "--mb", "2", "--clients", "200", "--days", "1", "--out", "-"],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const fast = new W3cScanner({ maxSamples: 5, clientLimit: 50_000 });
  let handedBack = 0;
  const scan = fast.scan.bind(fast);
  fast.scan = (buf, start, end) => {
    handedBack++;
    return scan(buf, start, end);
  };
  feed(fast, log, [0.3, 0.7]);
  const reference = new W3cScanner({ maxSamples: 5, clientLimit: 50_000, fastPath: false });
  feed(reference, log, [0.3, 0.7]);
  assert.deepEqual(fast.snapshot(), reference.snapshot());
  // new clients, sampled lines, 401s and directives go to JavaScript; the rest does not
  assert.ok(handedBack < fast.lines / 20, `${handedBack} of ${fast.lines} lines handed back`);
});

test("the AssemblyScript source takes every layout number from the one table (memory-layout.ts)", () => {
  // the generated import is held to memory-layout.ts by test/scripts/generate.test.ts
  const source = readFileSync("src/collectors/iis-log/wasm/fast-lines.as.ts", "utf8");
  assert.match(source, /from "\.\/layout\.generated\.as";/);
  const own = [...source.matchAll(/^const ([A-Z][A-Z_0-9]*) = (-?\d+);/gm)].map((m) => m[1]);
  assert.deepEqual(own, ["UA_MAX", "TOO_LONG"], "layout constants declared in the AssemblyScript source");
});

test("lines naming their site and computer (central logging), read whole or for one site: the same aggregates and per-name counts", () => {
  // the fast path takes only lines of the first site and computer (or of the site read for)
  const SCOPED = [
    "date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
    "date time s-sitename s-ip cs-method cs-uri-stem s-port c-ip cs(User-Agent) sc-status",
    "s-computername date time s-ip cs-method cs-uri-stem s-port c-ip cs(User-Agent) sc-status sc-substatus",
  ];
  const lineArb = fc.record({
    site: fc.constantFrom("W3SVC1572271583", "W3SVC1572271583", "W3SVC1572271583", "W3SVC1", "w3svc1", "-"),
    computer: fc.constantFrom("WSUS01", "WSUS01", "WSUS01", "WEB01", "-"),
    second: fc.integer({ min: 0, max: 7199 }),
    stem: fc.constantFrom("/ClientWebService/client.asmx", "/Content/AB/0123456789ABCDEF.cab", "/owa/", "/"),
    ip: fc.constantFrom("10.2.0.1", "10.2.0.2", "10.2.0.3"),
    status: fc.constantFrom("200", "200", "200", "500", "401"),
    fields: fc.nat(SCOPED.length - 1),
    directive: fc.boolean(),
  });
  fc.assert(
    fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: 300 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
      fc.constantFrom(undefined, "W3SVC1572271583", "w3svc1"),
      (lines, cuts, keepSite) => {
        let fields = SCOPED[0]!.split(" ");
        const out = ["#Software: Microsoft Internet Information Services 10.0", `#Fields: ${SCOPED[0]}`];
        for (const l of lines.sort((a, b) => a.second - b.second)) {
          if (l.directive && l.second % 7 === 0) {
            fields = SCOPED[l.fields]!.split(" ");
            out.push(`#Fields: ${fields.join(" ")}`);
          }
          const h = Math.floor(l.second / 3600);
          const time = `0${8 + h}:${String(Math.floor(l.second / 60) % 60).padStart(2, "0")}:${String(l.second % 60).padStart(2, "0")}`;
          const values: Values = {
            date: "2026-10-01",
            time,
            "s-sitename": l.site,
            "s-computername": l.computer,
            "s-ip": "10.0.0.5",
            "cs-method": "POST",
            "cs-uri-stem": l.stem,
            "cs-uri-query": "-",
            "s-port": "8530",
            "cs-username": "-",
            "c-ip": l.ip,
            "cs(User-Agent)": "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.71",
            "sc-status": l.status,
            "sc-substatus": "0",
            "sc-win32-status": "0",
            "time-taken": "15",
          };
          out.push(fields.map((f) => values[f] ?? "-").join(" "));
        }
        const options = { maxSamples: 2, clientLimit: 10, ...(keepSite ? { keepSite } : {}) };
        const { fast, reference } = snapshots(
          Buffer.from(`${out.join("\r\n")}\r\n`, "latin1"),
          cuts,
          options,
        );
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 300, ...replayParameters() },
  );
});
