import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { evidenceFileFromBytes, openEvidenceFile, makeProbe } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import { collectW3c, detectW3c } from "../../../src/collectors/iis-log/collector.js";
import { finalizeIisLog } from "../../../src/collectors/iis-log/merge.js";
import type { IisLogFacts } from "../../../src/collectors/iis-log/facts.js";

const FIX = "test/fixtures/iis";

async function collect(name: string) {
  const file = await openEvidenceFile(`${FIX}/${name}`, `iis/${name}`);
  const output = await collectW3c(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed", output.reason);
  const facts: IisLogFacts = finalizeIisLog([{ file: file.path, partial: output.facts! }], 5, 50_000);
  return { output, facts };
}

const count = (facts: IisLogFacts, vdir: string, status: number, substatus?: number) =>
  facts.responses
    .filter(
      (r) => r.vdir === vdir && r.status === status && (substatus === undefined || r.substatus === substatus),
    )
    .reduce((n, r) => n + r.count, 0);

test("maps fields by name when #Fields changes order mid-file, and rejects a line that does not match its header", async () => {
  const { output, facts } = await collect("u_ex261001-fields-change.log");
  assert.equal(output.records, 6);
  assert.equal(output.rejected, 1);
  const bad = output.problems.find((p) => p.severity === "error");
  assert.equal(bad?.line, 8);
  assert.match(bad!.message, /14 values where its #Fields directive lists 15/);
  // second block: sc-status sc-win32-status sc-substatus in another order
  const row = facts.responses.find((r) => r.status === 401 && r.vdir === "ClientWebService");
  assert.deepEqual([row?.substatus, row?.win32], [2, 5]);
  assert.equal(count(facts, "ReportingWebService", 200), 1);
  assert.equal(count(facts, "SelfUpdate", 401, 1), 1);
  assert.deepEqual(
    facts.ports.map((p) => p.port),
    [8530, 8531],
  );
  assert.deepEqual(facts.window, { first: "2026-10-01T08:00:01Z", last: "2026-10-01T09:00:07Z", hours: 1.0 });
  assert.equal(facts.files[0]!.fieldSets.length, 2);
});

test("reads a .gz log transparently and gives the same facts as the plain file", async () => {
  const plain = await collect("u_ex261001-fields-change.log");
  const gz = await collect("u_ex261001-fields-change.log.gz");
  assert.deepEqual(
    { ...gz.facts, files: [] },
    { ...plain.facts, files: [], samples: gz.facts.samples, authFailureSamples: gz.facts.authFailureSamples },
  );
  assert.equal(gz.facts.samples[0]!.file, "iis/u_ex261001-fields-change.log.gz");
  assert.equal(gz.output.rejected, 1);
});

test("a .gz cut short: the requests before the cut are read, and the file says it is damaged", async () => {
  const header =
    "#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n";
  const lines = Array.from(
    { length: 20_000 },
    (_, i) =>
      `2026-11-18 10:${String(Math.floor(i / 400) % 60).padStart(2, "0")}:00 10.0.0.1 POST /ClientWebService/client.asmx - 8530 - 10.1.${i % 200}.${i % 250} Windows-Update-Agent/10.0 200 0 0 ${i % 97}\r\n`,
  );
  const gz = gzipSync(Buffer.from(header + lines.join("")));
  const file = await evidenceFileFromBytes(
    "iis/u_ex261118.log.gz",
    gz.subarray(0, Math.floor(gz.length * 0.6)),
  );
  const output = await collectW3c(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed");
  assert.ok(output.records > 0 && output.records < 20_000, `${output.records} requests read`);
  assert.equal(output.rejected, 0, "the line the cut went through is not counted as a malformed request");
  const damage = output.problems[0]!;
  assert.equal(damage.severity, "error");
  assert.match(
    damage.message,
    new RegExp(
      `^the gzip data is cut short \\(unexpected end of file\\) after [\\d,]+ bytes of log text: the ${output.records.toLocaleString("en-US")} requests before that point were read, the rest of the file was not; copy the file again`,
    ),
  );
});

test("a .gz damaged before its first request fails with the reason, not as a bug", async () => {
  const gz = await readFile(`${FIX}/u_ex261001-fields-change.log.gz`);
  const corrupt = Buffer.from(gz);
  for (let i = 30; i < 60; i++) corrupt[i] = 0xff;
  const output = await collectW3c(await evidenceFileFromBytes("iis/u_ex261001.log.gz", corrupt), {
    limits: DEFAULT_LIMITS,
  });
  assert.equal(output.status, "failed");
  assert.match(
    output.reason!,
    /^the gzip data is corrupt \(.+\) before any request line could be read: copy the file again/,
  );
});

test("LF line endings give the same aggregates as CRLF", async () => {
  const crlf = await collect("u_ex261001-fields-change.log");
  const lf = await collect("u_ex261001-fields-change-lf.log");
  assert.deepEqual(lf.facts.responses, crlf.facts.responses);
  assert.deepEqual(lf.facts.clients, crlf.facts.clients);
});

test("per client: first/last contact per WSUS service, '+' in the user agent restored to spaces", async () => {
  const { facts } = await collect("u_ex261001-fields-change.log");
  const c21 = facts.clients.find((c) => c.ip === "10.1.0.21")!;
  assert.equal(c21.userAgent, "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50");
  assert.deepEqual(c21.services["ClientWebService"], {
    first: "2026-10-01T08:00:01Z",
    last: "2026-10-01T08:00:01Z",
    requests: 1,
    ok: 1,
  });
  const c23 = facts.clients.find((c) => c.ip === "10.1.0.23")!;
  assert.equal(c23.services["Content"]?.ok, 1);
  assert.equal(c23.services["ClientWebService"]?.ok, 0);
  // self-requests are excluded: s-ip 10.1.0.5 never appears as a client
  assert.equal(
    facts.clients.some((c) => c.ip === "10.1.0.5"),
    false,
  );
});

test("reads the guide's IIS 6 example line without a header (en dash as empty)", async () => {
  const { output, facts } = await collect("guide-example-line.log");
  assert.equal(output.records, 1);
  assert.equal(
    output.problems.some((p) => p.severity === "info" && /default field set/.test(p.message)),
    true,
  );
  assert.deepEqual(
    facts.authFailures.map((r) => [r.vdir, r.status, r.substatus, r.win32, r.count]),
    [["SelfUpdate", 401, 1, 0, 1]],
  );
  assert.deepEqual(
    facts.ports.map((p) => p.port),
    [8530],
  );
  assert.equal(facts.clients[0]!.ip, "10.10.1.43");
  assert.equal(facts.authFailureSamples[0]!.line, 1);
});

test("reads plaso's genuine IIS 6 log (trailing space after #Fields) and the block without a date field", async () => {
  const iis6 = await collect("plaso-iis6.log");
  assert.equal(iis6.output.records, 12);
  assert.equal(iis6.output.rejected, 0);
  assert.equal(iis6.facts.files[0]!.software, "Microsoft Internet Information Services 6.0");
  assert.equal(count(iis6.facts, "(other)", 404) + count(iis6.facts, "some", 404), 3);
  const noDate = await collect("plaso-iis_without_date.log");
  assert.equal(noDate.output.records, 11);
  assert.equal(noDate.facts.window.first, "2013-07-30T00:00:00Z");
  assert.equal(noDate.facts.window.last, "2013-07-30T00:00:13Z");
});

test("the console's handshake on ApiRemoting30 is not a failure; a logon failure and an unanswered 401.2 are", async () => {
  const { facts } = await collect("u_ex261002-console.log");
  assert.equal(facts.consoleHandshakes, 2);
  const failures = facts.authFailures.map((r) => [r.vdir, r.substatus, r.win32, r.count]);
  assert.deepEqual(failures, [
    ["ApiRemoting30", 1, 2148074252, 1],
    ["ApiRemoting30", 2, 5, 2],
  ]);
  assert.deepEqual(
    facts.authFailureSamples.map((s) => s.line),
    [8, 9, 10],
  );
});

test("detects W3C logs by content, leaves HTTPERR logs and other text alone", async () => {
  const probe = async (name: string) => detectW3c(await makeProbe(await openEvidenceFile(`${FIX}/${name}`)));
  assert.equal(await probe("u_ex261001-fields-change.log"), 95);
  assert.equal(await probe("guide-example-line.log"), 60);
  assert.equal(await probe("httperr1.log"), 0);
  assert.equal(await probe("PROVENANCE.md"), 0);
  assert.ok((await stat(`${FIX}/u_ex261001-fields-change.log.gz`)).size > 0);
});
