import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { W3cScanner } from "../../../src/collectors/iis-log/w3c-scanner.js";
import { scanFileRange } from "../../../src/collectors/iis-log/read.js";
import { scanFileParallel } from "../../../src/collectors/iis-log/parallel.js";
import { finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";

const options = { maxSamples: 5, clientLimit: 50_000 };
const dir = mkdtempSync(join(tmpdir(), "iis-parallel-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function serial(path: string, file = "x.log") {
  const scanner = new W3cScanner(options);
  await scanFileRange(path, 0, statSync(path).size, scanner, { maxLineLength: 65536 });
  return finalizeIisLog([{ file, partial: scanner.snapshot() }], 5, 50_000);
}

test("byte ranges on worker threads give exactly the serial facts, line numbers included", async () => {
  const path = join(dir, "gen.log");
  // the shared generator: WSUS traffic with 401.1, 500 and nightly 503 bursts, directive block per day
  execFileSync(process.execPath, [
    "bench/gen-iis-log.mjs",
    "--mb",
    "3",
    "--clients",
    "300",
    "--days",
    "3",
    "--out",
    path,
  ]);
  // a console handshake split across the middle of the file must still be recognised
  const size = statSync(path).size;
  const expected = await serial(path);
  let progress = 0;
  const merged = await scanFileParallel(path, size, 3, options, 65536, (bytes) => (progress = bytes));
  assert.ok(merged);
  const parallel = finalizeIisLog([{ file: "x.log", partial: merged }], 5, 50_000);
  assert.deepEqual(parallel, expected);
  assert.equal(progress, size);
  assert.ok(expected.requests > 15_000);
  assert.ok(expected.authFailures.some((r) => r.vdir === "SelfUpdate" && r.substatus === 1));
});

test("a console handshake straddling two ranges is still a handshake", async () => {
  const head = readFileSync("test/fixtures/iis/u_ex261002-console.log", "latin1").split("\r\n").slice(0, 4);
  const filler = Array.from(
    { length: 2000 },
    (_, i) =>
      `2026-10-02 09:${String(Math.floor(i / 40)).padStart(2, "0")}:00 10.1.0.5 POST /ClientWebService/client.asmx - 8530 - 10.1.0.${30 + (i % 50)} Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50 - 200 0 0 90`,
  );
  const handshake = [
    "2026-10-02 10:00:00 10.1.0.5 POST /ApiRemoting30/WebService.asmx - 8530 - 10.1.0.9 Mozilla/4.0 - 401 2 5 1",
    "2026-10-02 10:00:00 10.1.0.5 POST /ApiRemoting30/WebService.asmx - 8530 - 10.1.0.9 Mozilla/4.0 - 401 1 2148074254 0",
    "2026-10-02 10:00:01 10.1.0.5 POST /ApiRemoting30/WebService.asmx - 8530 FABRIKAM\\wsusadmin 10.1.0.9 Mozilla/4.0 - 200 0 0 140",
  ];
  // size the file so that the two ranges split exactly between the 401.1 and the authenticated 200
  const prefix = [...head, ...filler, handshake[0], handshake[1]].join("\r\n") + "\r\n";
  const p = Buffer.byteLength(prefix);
  let suffix =
    [handshake[2], ...filler.slice(0, 1500).map((l) => l.replace("2026-10-02 09:", "2026-10-02 11:"))].join(
      "\r\n",
    ) + "\r\n";
  const padding = p - 10 - Buffer.byteLength(suffix) - 2;
  assert.ok(padding > 12);
  suffix += `#Remark: ${"x".repeat(padding - 9)}\r\n`;
  const text = prefix + suffix;
  const path = join(dir, "handshake.log");
  writeFileSync(path, text);
  assert.equal(Buffer.byteLength(text), 2 * p - 10);
  const merged = await scanFileParallel(path, Buffer.byteLength(text), 2, options, 65536);
  const facts = finalizeIisLog([{ file: "h.log", partial: merged! }], 5, 50_000);
  assert.equal(facts.consoleHandshakes, 2);
  assert.deepEqual(facts.authFailures, []);
  assert.deepEqual(facts, await serial(path, "h.log"));
});

test("a range that starts inside a block without `date` falls back to one serial pass", async () => {
  const lines = [
    "#Software: Microsoft Internet Information Services 6.0",
    "#Version: 1.0",
    "#Date: 2013-07-30 00:00:00",
    "#Fields: time s-ip cs-method cs-uri-stem s-port c-ip sc-status sc-substatus sc-win32-status",
  ];
  for (let i = 0; i < 3000; i++)
    lines.push(
      `${String(Math.floor(i / 3600) % 24).padStart(2, "0")}:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} 10.0.0.1 GET /Content/AB/x.cab 80 10.0.0.${i % 200} 200 0 0`,
    );
  const path = join(dir, "nodate.log");
  writeFileSync(path, lines.join("\n") + "\n");
  assert.equal(await scanFileParallel(path, statSync(path).size, 2, options, 65536), undefined);
});
