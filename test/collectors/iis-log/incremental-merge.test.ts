/**
 * The IIS logs merged as they are read (IisLogAccumulator, issue 19) give the `iisLog` fact that
 * merging every file's partial at the end (finalizeIisLog) gives: daily logs as IIS writes them
 * (UTF-8, CRLF, a #Fields block, a malformed line), read by the real collector, over a client limit
 * that fills across files, and bundles whose scope leaves files out (another site interleaved,
 * an earlier period, a file spanning two periods, another server, a file without requests).
 */
import { strict as assert } from "node:assert";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { evidenceFileFromBytes, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { IisLogAccumulator } from "../../../src/collectors/iis-log/accumulate.js";
import { collectW3c } from "../../../src/collectors/iis-log/collector.js";
import { finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";
import type { PartialW3c } from "../../../src/collectors/iis-log/partial.js";
import type { WsusIdentity } from "../../../src/collectors/iis-log/scope.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { ROOT } from "../../helpers/cli.js";

const FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken";
const WUA = "Windows-Update-Agent/10.0.10011.16384+Client-Protocol/2.50";
const BITS = "Microsoft+BITS/7.8";
const CONFIGURED: WsusIdentity = {
  site: { id: 1572271583, name: "WSUS Administration", bindingIps: [], ports: [8530, 8531] },
  server: "wsus01.contoso.local",
};

/** A small deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Day {
  date: string;
  clients: number;
  server?: string;
  port?: number;
  seed: number;
  /** Hours with requests (default: all day). */
  hours?: number[];
}

/** A day of a WSUS site: scans, reports, downloads, console 401s (some left pending at the end), 500s. */
function wsusDay({ date, clients, server = "10.1.0.5", port = 8530, seed, hours }: Day): string {
  const next = random(seed);
  const lines: string[] = [];
  const at = hours ?? Array.from({ length: 24 }, (_, h) => h);
  for (const hour of at) {
    for (let i = 0; i < 12; i++) {
      const client = `10.1.${Math.floor(next() * 4)}.${1 + Math.floor(next() * clients)}`;
      const t = `${date} ${String(hour).padStart(2, "0")}:${String(i * 5).padStart(2, "0")}:${String(Math.floor(next() * 60)).padStart(2, "0")}`;
      const pick = next();
      if (pick < 0.45)
        lines.push(
          `${t} ${server} POST /ClientWebService/client.asmx - ${port} - ${client} ${WUA} ${next() < 0.1 ? 500 : 200} 0 0 46`,
        );
      else if (pick < 0.7)
        lines.push(
          `${t} ${server} POST /ReportingWebService/ReportingWebService.asmx - ${port} - ${client} ${WUA} 200 0 0 15`,
        );
      else if (pick < 0.85)
        lines.push(
          `${t} ${server} GET /Content/3F/1234567890ABCDEF.cab - ${port} - ${client} ${BITS} ${next() < 0.2 ? 404 : 200} 0 0 9`,
        );
      else if (pick < 0.95)
        lines.push(
          `${t} ${server} POST /SimpleAuthWebService/SimpleAuth.asmx - ${port} - ${client} ${WUA} 401 ${next() < 0.5 ? 2 : 1} ${next() < 0.5 ? 5 : 1326} 3`,
        );
      else
        lines.push(
          `${t} ${server} POST /ApiRemoting30/WebService.asmx - ${port} - 10.1.9.${Math.floor(next() * 3)} - 401 2 5 0`,
        );
    }
  }
  lines.push(`${date} 23:59:59 ${server} GET /only-five-fields`);
  return [
    "#Software: Microsoft Internet Information Services 10.0",
    "#Version: 1.0",
    `#Date: ${date} 00:00:00`,
    `#Fields: ${FIELDS}`,
    ...lines,
    "",
  ].join("\r\n");
}

async function partialOf(path: string, text: string): Promise<PartialW3c> {
  const output = await collectW3c(await evidenceFileFromBytes(path, Buffer.from(text, "utf8")), {
    limits: DEFAULT_LIMITS,
  });
  assert.equal(output.status, "parsed", output.reason);
  return output.facts!;
}

type Read = { file: string; partial: PartialW3c }[];

function incrementally(read: Read, clientLimit: number, identity: WsusIdentity) {
  const accumulator = new IisLogAccumulator(5, clientLimit);
  for (const { file, partial } of read) accumulator.add(file, partial);
  return { facts: accumulator.finish(identity), unions: accumulator.unions };
}

/** Both ways, on the same partials; the facts as JSON too, so key order counts as in result.json. */
function assertSameFacts(read: Read, clientLimit: number, identity: WsusIdentity = {}) {
  const atEnd = finalizeIisLog(read, 5, clientLimit, identity);
  const { facts, unions } = incrementally(read, clientLimit, identity);
  assert.deepStrictEqual(facts, atEnd);
  assert.equal(JSON.stringify(facts), JSON.stringify(atEnd));
  return { facts, unions };
}

const dayOf = (n: number): string => `2026-10-${String(n).padStart(2, "0")}`;
const logName = (date: string): string => `u_ex${date.slice(2).replaceAll("-", "")}.log`;

describe("IIS logs merged as they are read", () => {
  it("28 daily logs: the facts of merging at the end, with one union held", async () => {
    const read: Read = [];
    for (let d = 1; d <= 28; d++) {
      const file = `iis/W3SVC1572271583/${logName(dayOf(d))}`;
      read.push({ file, partial: await partialOf(file, wsusDay({ date: dayOf(d), clients: 60, seed: d })) });
    }
    const { facts, unions } = assertSameFacts(read, 50_000, CONFIGURED);
    assert.equal(unions, 1);
    assert.equal(facts.files.length, 28);
    assert.ok(facts.clients.length > 200, `${facts.clients.length} clients`);
    assert.ok(facts.authFailureSamples.length > 0 && facts.rejected === 28);
  });

  it("a client limit filled across files keeps the same first clients and overflow", async () => {
    const read: Read = [];
    for (let d = 1; d <= 6; d++) {
      const file = `iis/W3SVC1572271583/${logName(dayOf(d))}`;
      read.push({
        file,
        partial: await partialOf(file, wsusDay({ date: dayOf(d), clients: 250, seed: 100 + d })),
      });
    }
    const { facts } = assertSameFacts(read, 300);
    assert.ok(facts.clients.length >= 299 && facts.clients.length <= 300, `${facts.clients.length} clients`);
    assert.ok(facts.clientOverflowRequests > 0);
  });

  it("files scope leaves out, interleaved with counted ones, give the facts of the counted ones", async () => {
    // in bundle order: the Default Web Site's folder, then the WSUS site's
    const files: [string, Day][] = [
      ["iis/W3SVC1/u_ex261001.log", { date: "2026-10-01", clients: 30, seed: 3, port: 80 }],
      ["iis/W3SVC1/u_ex261003.log", { date: "2026-10-03", clients: 30, seed: 7, port: 80 }],
      // a year ago, then this month: an earlier period, not counted
      ["iis/W3SVC1572271583/u_ex251001.log", { date: "2025-10-01", clients: 30, seed: 1 }],
      ["iis/W3SVC1572271583/u_ex251002.log", { date: "2025-10-02", clients: 30, seed: 2 }],
      ["iis/W3SVC1572271583/u_ex261001.log", { date: "2026-10-01", clients: 30, seed: 4 }],
      // another server's log in the WSUS site's folder
      [
        "iis/W3SVC1572271583/u_ex261002.log",
        { date: "2026-10-02", clients: 30, seed: 5, server: "10.9.9.9" },
      ],
      ["iis/W3SVC1572271583/u_ex261003.log", { date: "2026-10-03", clients: 30, seed: 6 }],
      ["iis/W3SVC1572271583/u_ex261008.log", { date: "2026-10-08", clients: 30, seed: 8, hours: [10, 11] }],
    ];
    const read: Read = [];
    for (const [file, day] of files) read.push({ file, partial: await partialOf(file, wsusDay(day)) });
    // a log of hours a year apart (copied logs appended): spans two periods
    const spanning = "iis/W3SVC1572271583/u_ex261009.log";
    read.push({
      file: spanning,
      partial: await partialOf(
        spanning,
        wsusDay({ date: "2025-09-01", clients: 10, seed: 9, hours: [3] }) +
          wsusDay({ date: "2026-10-09", clients: 10, seed: 10, hours: [4] }),
      ),
    });
    // a log with directives only
    const empty = "iis/W3SVC1572271583/u_ex261010.log";
    read.push({
      file: empty,
      partial: await partialOf(
        empty,
        `#Software: Microsoft Internet Information Services 10.0\r\n#Fields: ${FIELDS}\r\n`,
      ),
    });

    for (const identity of [{}, CONFIGURED, { server: "10.1.0.5" }]) {
      const { facts } = assertSameFacts(read, 50_000, identity);
      assert.ok(facts.scope!.notCounted.length > 0, JSON.stringify(facts.scope));
    }
    const { facts, unions } = assertSameFacts(read, 50_000, { ...CONFIGURED, server: "10.1.0.5" });
    assert.ok(unions >= 6, `${unions} unions`);
    assert.deepEqual(
      facts.scope!.notCounted.map((n) => [n.file, n.why]),
      [
        ["iis/W3SVC1/u_ex261001.log", "site"],
        ["iis/W3SVC1/u_ex261003.log", "site"],
        ["iis/W3SVC1572271583/u_ex261002.log", "server"],
        ["iis/W3SVC1572271583/u_ex251001.log", "time"],
        ["iis/W3SVC1572271583/u_ex251002.log", "time"],
      ],
    );
    assert.deepEqual(facts.scope!.spansPeriods, [spanning]);
  });

  it("a log spanning two periods, right after a log of the earlier one, is counted without it", async () => {
    const folder = "iis/W3SVC1572271583";
    const read: Read = [
      {
        file: `${folder}/u_ex260901.log`,
        partial: await partialOf("a", wsusDay({ date: "2026-09-01", clients: 20, seed: 1 })),
      },
      {
        file: `${folder}/u_ex260902.log`,
        partial: await partialOf(
          "b",
          wsusDay({ date: "2026-09-02", clients: 20, seed: 2, hours: [8] }) +
            wsusDay({ date: "2026-10-01", clients: 20, seed: 3, hours: [9] }),
        ),
      },
      {
        file: `${folder}/u_ex261001.log`,
        partial: await partialOf("c", wsusDay({ date: "2026-10-01", clients: 20, seed: 4 })),
      },
    ];
    const { facts } = assertSameFacts(read, 50_000, CONFIGURED);
    assert.deepEqual(
      facts.scope!.notCounted.map((n) => n.file),
      [`${folder}/u_ex260901.log`],
    );
    assert.deepEqual(facts.scope!.spansPeriods, [`${folder}/u_ex260902.log`]);
  });

  it("the repository's IIS logs, each sample's files together", async () => {
    for (const folder of ["samples/healthy/iis", "samples/clients-not-reporting/iis", "test/fixtures/iis"]) {
      const read: Read = [];
      for (const path of logsUnder(join(ROOT, folder))) {
        const file = await openEvidenceFile(path, relative(ROOT, path));
        const output = await collectW3c(file, { limits: DEFAULT_LIMITS });
        if (output.status === "parsed") read.push({ file: file.path, partial: output.facts! });
      }
      assert.ok(read.length > 0, folder);
      assertSameFacts(read, 50_000);
      assertSameFacts(read, 3);
    }
  });
});

function logsUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "HTTPERR" ? [] : logsUnder(path);
      return /^u?_?ex\d+.*\.log(\.gz)?$/i.test(name) || /\.log$/.test(name) ? [path] : [];
    });
}
