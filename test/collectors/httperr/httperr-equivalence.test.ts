/**
 * The fast HTTPERR reader (issue 19) gives the same facts as the reader it replaced
 * (reference-collector.ts): on the real-format files of the repository, on a busy server's log and
 * on random logs mixing the awkward lines HTTP.sys and hand edits produce. Second pass (lines read
 * in place, clients by IPv4 number): the same on random reads cut anywhere (inside a character,
 * between CR and LF), UTF-16LE, lone CRs, lines longer than the limit, and client addresses in
 * every spelling (leading zeros, out of range, IPv6).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import {
  evidenceFileFrom,
  evidenceFileFromBytes,
  openEvidenceFile,
} from "../../../src/bundle/evidence-file.js";
import type { EvidenceFile } from "../../../src/bundle/types.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectHttpErr } from "../../../src/collectors/httperr/collector.js";
import { mergeHttpErr } from "../../../src/collectors/httperr/index.js";
import { referenceCollectHttpErr } from "./reference-collector.js";

const context = { limits: DEFAULT_LIMITS };

async function both(open: () => Promise<EvidenceFile>): Promise<void> {
  const fast = await collectHttpErr(await open(), context);
  const reference = await referenceCollectHttpErr(await open(), context);
  assert.deepEqual(fast, reference);
  if (fast.facts && reference.facts) {
    assert.deepEqual(
      mergeHttpErr([{ file: "httperr1.log", facts: fast.facts }]),
      mergeHttpErr([{ file: "httperr1.log", facts: reference.facts }]),
    );
  }
}

test("HTTPERR fast reader equals the reference on the repository's HTTPERR files", async () => {
  for (const path of [
    "test/fixtures/iis/httperr1.log",
    "samples/healthy/iis/HTTPERR/httperr1.log",
    "samples/iis-pool-outage/HTTPERR/httperr1.log",
    "test/fixtures/hostile/bundle/httperr/httperr1.log",
  ]) {
    await both(() => openEvidenceFile(path, "httperr1.log"));
  }
});

const HEADER =
  "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: 2026-10-01 00:00:00\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename\r\n";

/** A busy server: 10,000 clients, idle timers, 503s of a stopped pool, over a day boundary. */
function busyLog(lines: number): string {
  const out = [HEADER];
  let t = Date.UTC(2026, 9, 1, 22);
  for (let i = 0; i < lines; i++) {
    t += (i * 7919) % 997;
    const d = new Date(t).toISOString();
    const ip = `10.30.${(i * 31) % 40}.${(i * 17) % 250} ${49152 + (i % 1000)} 10.20.0.5 8530`;
    const kind = i % 10;
    const rest =
      kind < 6
        ? "- - - - - - Timer_ConnectionIdle -"
        : kind < 8
          ? "HTTP/1.1 POST /ClientWebService/client.asmx - 503 1 AppOffline WsusPool"
          : kind < 9
            ? "HTTP/1.1 GET /Content/3A/3A6F.cab - - 1 Connection_Dropped WsusPool"
            : "HTTP/1.1 POST /ReportingWebService/ReportingWebService.asmx - - 1 Timer_MinBytesPerSecond -";
    out.push(`${d.slice(0, 10)} ${d.slice(11, 19)} ${ip} ${rest}\r\n`);
  }
  return out.join("");
}

test("HTTPERR fast reader equals the reference on a busy server's log read from disk in many chunks", async () => {
  // ~6 MB: read in 64 KB chunks, more than the chunks after which clients' last lines are copied
  const folder = mkdtempSync(join(tmpdir(), "httperr-"));
  try {
    const path = join(folder, "httperr1.log");
    writeFileSync(path, busyLog(60_000));
    await both(() => openEvidenceFile(path, "httperr1.log"));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

const awkwardLine = fc.oneof(
  fc.constantFrom(
    "",
    "   ",
    "\t",
    "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename",
    "#Fields: time c-ip s-reason sc-status",
    "#Date: 2026-10-03 00:00:00",
    "# Date : 2026-10-04",
    "#Remark: anything",
  ),
  fc
    .record({
      date: fc.constantFrom(
        "2026-10-01",
        "2026-10-02",
        "2026-02-30",
        "2026-1-1",
        "",
        "2026-10-0x",
        "10/01/2026",
      ),
      time: fc.constantFrom(
        "03:04:05",
        "23:59:59",
        "24:00:00",
        "3:04:05",
        "03:04",
        "03:04:05.123",
        "",
        "ab:cd:ef",
      ),
      ip: fc.constantFrom("10.1.0.22", "10.1.0.23", "-", "", "fe80::1%4"),
      status: fc.constantFrom("503", "400", "-", "5031", "50", ""),
      reason: fc.constantFrom(
        "AppOffline",
        "QueueFull",
        "Timer_ConnectionIdle",
        "Timer_MinBytesPerSecond",
        "",
        "-",
      ),
      queue: fc.constantFrom("WsusPool", "-", "", "DefaultAppPool"),
      tail: fc.constantFrom("", " ", "  ", " extra"),
    })
    .map(
      (v) =>
        `${v.date} ${v.time} ${v.ip} 50300 10.1.0.5 8530 HTTP/1.1 POST /ClientWebService/client.asmx ${v.status} 1 ${v.reason} ${v.queue}${v.tail}`,
    ),
  fc
    .record({
      time: fc.constantFrom("03:04:05", "11:00:00", "bad"),
      reason: fc.constantFrom("QueueFull", ""),
    })
    .map((v) => `${v.time} 10.1.0.24 ${v.reason} 503`),
);

test("HTTPERR fast reader equals the reference on random logs with awkward lines", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(awkwardLine, { maxLength: 60 }),
      fc.constantFrom("\r\n", "\n"),
      async (lines, eol) => {
        const bytes = Buffer.from(lines.join(eol), "utf8");
        await both(() => evidenceFileFromBytes("httperr1.log", bytes));
      },
    ),
    { numRuns: 300 },
  );
});

/** An EvidenceFile over `bytes` that hands them out in the given pieces (a read may end anywhere). */
async function inPieces(bytes: Buffer, cuts: number[]): Promise<EvidenceFile> {
  const points = [...new Set(cuts.map((at) => at % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces = [0, ...points].map((from, i) => bytes.subarray(from, [...points, bytes.length][i]));
  return evidenceFileFrom({ path: "httperr1.log", size: bytes.length, openRaw: () => Readable.from(pieces) });
}

/** Client addresses the fast reader keys by number (canonical IPv4) and by text (everything else). */
const clientAddress = fc.constantFrom(
  "10.1.0.22",
  "10.1.0.23",
  "010.1.0.22",
  "10.1.0.022",
  "192.168.10.7",
  "255.255.255.255",
  "0.0.0.0",
  "256.1.1.1",
  "10.1.0",
  "10.1.0.22.5",
  "10.1.0.2x",
  "fe80::1%4",
  "2001:db8::7",
);

const clientLine = fc
  .record({
    hour: fc.integer({ min: 0, max: 23 }),
    ip: clientAddress,
    reason: fc.constantFrom(
      "AppOffline",
      "QueueFull",
      "Timer_MinBytesPerSecond",
      "Connection_Dropped",
      "Timer_ConnectionIdle",
    ),
    queue: fc.constantFrom("WsusPool", "-"),
    path: fc.constantFrom("/ClientWebService/client.asmx", "/Content/ÄÖ/ü.cab", "/x"),
  })
  .map(
    (v) =>
      `2026-10-01 ${String(v.hour).padStart(2, "0")}:04:05 ${v.ip} 50300 10.1.0.5 8530 HTTP/1.1 POST ${v.path} 503 1 ${v.reason} ${v.queue}`,
  );

test("HTTPERR fast reader equals the reference on logs cut into random reads, in UTF-8, UTF-16LE, with lone CRs and cut long lines", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof({ weight: 3, arbitrary: clientLine }, { weight: 1, arbitrary: awkwardLine }), {
        maxLength: 80,
      }),
      fc.constantFrom("\r\n", "\n", "\r"),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.constantFrom("utf-8", "utf-16le"),
      fc.boolean(),
      fc.constantFrom(DEFAULT_LIMITS.maxLineLength, 40, 120),
      fc.option(fc.nat(), { nil: undefined }),
      async (lines, eol, cuts, encoding, bom, maxLineLength, strayCrAt) => {
        let text = `#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename${eol}${lines.join(eol)}`;
        if (strayCrAt !== undefined) {
          const at = strayCrAt % (text.length + 1);
          text = `${text.slice(0, at)}\r${text.slice(at)}`;
        }
        const body = encoding === "utf-8" ? Buffer.from(text, "utf8") : Buffer.from(text, "utf16le");
        const mark = encoding === "utf-8" ? [0xef, 0xbb, 0xbf] : [0xff, 0xfe];
        const bytes = bom || encoding === "utf-16le" ? Buffer.concat([Buffer.from(mark), body]) : body;
        const limited = { limits: { ...DEFAULT_LIMITS, maxLineLength } };
        const fast = await collectHttpErr(await inPieces(bytes, cuts), limited);
        const reference = await referenceCollectHttpErr(await inPieces(bytes, []), limited);
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 400 },
  );
});

test("HTTPERR fast reader equals the reference on a 12 MB log read from disk in 256 KiB reads (past the clients' line copies)", async () => {
  const folder = mkdtempSync(join(tmpdir(), "httperr-"));
  try {
    const path = join(folder, "httperr1.log");
    writeFileSync(path, busyLog(120_000));
    await both(() => openEvidenceFile(path, "httperr1.log"));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("HTTPERR fast reader equals the reference on a gzipped copy (read through the stream, not the file's path)", async () => {
  const bytes = gzipSync(Buffer.from(busyLog(20_000), "utf8"));
  await both(() => evidenceFileFromBytes("httperr1.log.gz", bytes));
  const output = await collectHttpErr(await evidenceFileFromBytes("httperr1.log.gz", bytes), context);
  assert.equal(output.status, "parsed");
  assert.equal(output.records, 20_000);
});
