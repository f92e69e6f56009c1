/**
 * A run over a huge log keeps memory flat: the collectors stream and fold lines into bounded
 * aggregates. A ~50 MB and a ~200 MB generated IIS W3C log are collected in child processes; the peak
 * RSS growth of the larger may exceed the smaller's only by a small constant, and the facts do not grow
 * with the log. By hand, the 10 GB check: WSUS_AUDIT_HUGE_LOG_MB=10240 node scripts/run-tests.mjs
 * test/security/memory (needs 10 GB free in the temp folder; see docs/guarantees.md).
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const MB = 1024 * 1024;
const LARGE_MB = Number(process.env["WSUS_AUDIT_HUGE_LOG_MB"] ?? 200);
const SMALL_MB = 50;
const CHILD = fileURLToPath(new URL("./memory/measure-collect.ts", import.meta.url));

/** A realistic WSUS site log: 5,000 clients, the web services, mostly 200s with some 401s and 500s. */
async function writeLog(path: string, megabytes: number): Promise<number> {
  const out = createWriteStream(path);
  const header =
    "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-11-17 00:00:00\r\n" +
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
  out.write(header);
  const stems = [
    "/ClientWebService/client.asmx",
    "/ReportingWebService/ReportingWebService.asmx",
    "/SimpleAuthWebService/SimpleAuth.asmx",
    "/Content/4E/5C2E.cab",
  ];
  let written = header.length;
  let lines = 0;
  const target = megabytes * MB;
  while (written < target) {
    const block: string[] = [];
    for (let i = 0; i < 10_000; i++, lines++) {
      const second = lines % 86_400;
      const time = `${String(Math.floor(second / 3600)).padStart(2, "0")}:${String(Math.floor(second / 60) % 60).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}`;
      const status = lines % 97 === 0 ? "401 1 1326" : lines % 89 === 0 ? "500 0 0" : "200 0 0";
      block.push(
        `2026-11-17 ${time} 10.0.0.5 POST ${stems[lines % stems.length]} - 8530 - 10.0.${Math.floor((lines % 5000) / 250)}.${lines % 250} Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50 - ${status} ${lines % 900}`,
      );
    }
    const text = `${block.join("\r\n")}\r\n`;
    written += text.length;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve(undefined))),
  );
  return lines;
}

interface Measure {
  growth: number;
  peak: number;
  seconds: number;
  records: number;
  rejected: number;
  factsBytes: number;
}

function measure(bundle: string): Measure {
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, bundle], {
    encoding: "utf8",
    maxBuffer: 16 * MB,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Measure;
}

describe("memory stays flat over large logs", () => {
  it(`IIS W3C: ${SMALL_MB} MB vs ${LARGE_MB} MB, peak RSS growth bounded and facts bounded`, async () => {
    const root = await mkdtemp(join(tmpdir(), "wsus-memory-"));
    try {
      const results: { lines: number; measured: Measure }[] = [];
      for (const size of [SMALL_MB, LARGE_MB]) {
        const bundle = join(root, `b${size}`);
        mkdirSync(join(bundle, "iis"), { recursive: true });
        const lines = await writeLog(join(bundle, "iis", "u_ex261117.log"), size);
        results.push({ lines, measured: measure(bundle) });
        await rm(bundle, { recursive: true, force: true });
      }
      const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
      const report = results
        .map(
          (r) =>
            `${r.lines} lines: +${Math.round(r.measured.growth / MB)} MB peak, ${r.measured.seconds}s, facts ${r.measured.factsBytes} B`,
        )
        .join("; ");
      // Every line is read (nothing lost on the way).
      assert.equal(small.measured.records + small.measured.rejected, small.lines, report);
      assert.equal(large.measured.records + large.measured.rejected, large.lines, report);
      assert.equal(large.measured.rejected, 0, report);
      // Flat: the 4x larger log may cost at most 64 MB more at peak (buffers, worker warm-up), never 4x.
      assert.ok(large.measured.growth < small.measured.growth + 64 * MB, report);
      assert.ok(large.measured.growth < 512 * MB, report);
      // The facts are aggregates: they do not grow with the number of lines.
      assert.ok(large.measured.factsBytes < small.measured.factsBytes * 1.5 + 65_536, report);
      console.log(`# memory: ${report}`);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
