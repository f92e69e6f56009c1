/**
 * The fast HTTPERR reader (issue 19) gives the same facts as the reader it replaced
 * (reference-collector.ts): on the real-format files of the repository, on a busy server's log and
 * on random logs mixing the awkward lines HTTP.sys and hand edits produce.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evidenceFileFromBytes, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
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
