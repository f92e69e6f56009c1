/**
 * A large estate: the NPS event export of the sample (four kinds of client) grown to 4,400 machines (Event Viewer CSV,
 * UTF-8 with BOM, CRLF, the message spanning lines). The reports keep the first rows of every long
 * list, say how many there are and where the full list is; the side files hold every row.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { boundResult, cutLongValues, cutSummary, MAX_VALUE_CHARS } from "../../src/report/bound-result.js";
import { renderJson } from "../../src/report/json.js";
import { writeReports } from "../../src/report/write.js";
import { tableRowCount } from "../../src/engine/evidence-rows.js";
import { grownNpsExport, tempDir } from "./helpers.js";

test("a 4,400-machine NPS export reports the first 1,000 rows of each list and writes every row to lists/", async () => {
  const folder = tempDir("bound");
  try {
    const bundle = join(folder, "bundle");
    mkdirSync(join(bundle, "nps"), { recursive: true });
    writeFileSync(join(bundle, "nps", "Security-NPS.csv"), grownNpsExport(4400));
    const full = await auditBundle(bundle);
    const machines = full.facts.nps!.machines.length;
    assert.ok(machines > 1000, `expected more than 1,000 machines, got ${machines}`);
    const longBlocks = full.findings.flatMap((finding) =>
      finding.evidence.filter((block) => tableRowCount(block.value) > 1000),
    );
    assert.ok(longBlocks.length > 0, "some finding should list more than 1,000 machines");

    const out = join(folder, "out");
    await writeReports(full, out, ["json", "html"]);
    const written = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as typeof full;

    assert.equal(written.facts.nps!.machines.length, 1000);
    assert.equal(written.facts.nps!.truncated.machines, full.facts.nps!.truncated.machines + machines - 1000);
    for (const [index, finding] of written.findings.entries()) {
      const original = full.findings[index]!;
      assert.equal(finding.fingerprint, original.fingerprint, "fingerprints come from the full evidence");
      for (const [at, block] of finding.evidence.entries()) {
        const before = original.evidence[at]!.value;
        const total = tableRowCount(before);
        if (!Array.isArray(before) || total <= 1000) {
          assert.deepEqual(block.value, before);
          continue;
        }
        assert.equal((block.value as unknown[]).length, 1000);
        assert.match(
          block.label,
          new RegExp(`first 1,000 of ${total.toLocaleString("en-US")}; all in lists/`),
        );
        const file = /all in (lists\/[^)]+\.csv)/.exec(block.label)![1]!;
        const rows = parse(readFileSync(join(out, file)), { bom: true, columns: true }) as Record<
          string,
          string
        >[];
        assert.equal(rows.length, total, `${file} holds every row`);
        assert.equal(rows[0]!["machine"], (before[0] as { machine: string }).machine);
      }
    }
    const machineList = parse(readFileSync(join(out, "lists", "nps-machines.csv")), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    assert.equal(machineList.length, machines);
    assert.deepEqual(Object.keys(machineList[0]!).slice(0, 4), ["machine", "os", "time", "state"]);
    assert.ok(readdirSync(join(out, "lists")).length >= 2);

    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.match(
      html,
      new RegExp(`\\(${machines + full.facts.nps!.truncated.machines}\\)`),
      "the client table counts every machine",
    );

    // Bounding is idempotent: render from result.json gives the same result.json.
    const again = boundResult(written);
    assert.equal(again.lists.length, 0);
    assert.equal(renderJson(again.result), renderJson(written));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a summary that lists every machine is cut at a separator, and a short one is left alone", () => {
  const names = Array.from(
    { length: 2000 },
    (_, i) => `PC-${String(i).padStart(5, "0")} (Windows 7, restricted)`,
  );
  const summary = `On ${names.length} NAP clients: ${names.join("; ")}.`;
  const cut = cutSummary(summary);
  assert.ok(cut.length < 4200);
  assert.match(cut, /restricted\) … \(cut at 4,000 characters; the evidence lists every item\)$/);
  assert.equal(cutSummary("On 2 NAP clients: PC-1; PC-2."), "On 2 NAP clients: PC-1; PC-2.");
});

test("a value over 8,192 characters is cut with its length, and a cut value stays as it is when bounded again", () => {
  const long = `${"x".repeat(9000)}… [cut: 1 characters in all]`; // evidence that looks like a note is still cut
  const cut = cutLongValues({ a: ["short", "y".repeat(20_000)], b: { c: long } }) as {
    a: string[];
    b: { c: string };
  };
  assert.equal(cut.a[0], "short");
  assert.equal(cut.a[1], `${"y".repeat(MAX_VALUE_CHARS)}… [cut: 20,000 characters in all]`);
  assert.match(cut.b.c, /^x{8192}… \[cut: 9,028 characters in all\]$/);
  // render reads a bounded result.json back: the stated lengths survive
  assert.deepEqual(cutLongValues(cut), cut);
  const untouched = { a: ["short"] };
  assert.equal(cutLongValues(untouched), untouched);
});

test("an HTTPERR log of 3,000 rejected clients keeps the 1,000 most rejected in result.json and all in lists/httperr-clients.csv", async () => {
  const folder = tempDir("bound-httperr");
  try {
    const bundle = join(folder, "bundle");
    mkdirSync(join(bundle, "HTTPERR"), { recursive: true });
    const lines = [
      "#Software: Microsoft HTTP API 2.0",
      "#Version: 1.0",
      "#Date: 2026-10-02 03:00:00",
      "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename",
    ];
    // client i is turned away (i % 7) + 1 times while WsusPool is stopped
    for (let i = 0; i < 3000; i++) {
      for (let n = 0; n <= i % 7; n++) {
        lines.push(
          `2026-10-02 03:${String(n).padStart(2, "0")}:00 10.30.${i >> 8}.${i & 255} 50300 10.20.0.5 8530 HTTP/1.1 POST /ClientWebService/client.asmx - 503 1 AppOffline WsusPool`,
        );
      }
    }
    writeFileSync(join(bundle, "HTTPERR", "httperr1.log"), lines.join("\r\n") + "\r\n");
    const full = await auditBundle(bundle);
    assert.equal(full.facts.httpErr!.clients.length, 3000);

    const out = join(folder, "out");
    await writeReports(full, out, ["json"]);
    const written = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as typeof full;
    const kept = written.facts.httpErr!.clients;
    assert.equal(kept.length, 1000);
    // 428 clients rejected 7 times, 428 six times, then the first of those rejected 5 times
    assert.deepEqual(
      [427, 428, 855, 856, 999].map((at) => kept[at]!.count),
      [7, 6, 6, 5, 5],
      "the most rejected clients are the ones kept",
    );
    const list = parse(readFileSync(join(out, "lists", "httperr-clients.csv")), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    assert.equal(list.length, 3000);
    assert.deepEqual(Object.keys(list[0]!), [
      "ip",
      "count",
      "first",
      "last",
      "reasons",
      "file",
      "line",
      "text",
    ]);
    assert.equal(list.at(-1)!["reasons"], "AppOffline 1");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("NPS accounting of 1,500 rejected computers keeps 1,000 RADIUS decisions in result.json and all in lists/nps-radius-machines.csv", async () => {
  const folder = tempDir("bound-radius");
  try {
    const bundle = join(folder, "bundle");
    mkdirSync(join(bundle, "NPS"), { recursive: true });
    const event = (fields: string, time: string): string =>
      `<Event><Timestamp data_type="4">${time}</Timestamp><Computer-Name data_type="1">NPS01</Computer-Name><Event-Source data_type="1">IAS</Event-Source>${fields}</Event>`;
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const pc = `PC${String(i).padStart(4, "0")}`;
      const cls = `<Class data_type="1">311 1 10.20.0.9 11/30/2026 07:02:11 ${i}</Class>`;
      const time = `11/30/2026 08:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.101`;
      lines.push(
        event(
          `<User-Name data_type="1">host/${pc}.contoso.local</User-Name><MS-Machine-Name data_type="1">${pc}.contoso.local</MS-Machine-Name>${cls}<Packet-Type data_type="0">1</Packet-Type><Reason-Code data_type="0">0</Reason-Code>`,
          time,
        ),
        // the reject names no account: only its Class pairs it with the request
        event(
          `${cls}<Packet-Type data_type="0">3</Packet-Type><Reason-Code data_type="0">16</Reason-Code>`,
          time,
        ),
      );
    }
    writeFileSync(join(bundle, "NPS", "IN2611.log"), lines.join("\r\n") + "\r\n");
    const full = await auditBundle(bundle);
    assert.equal(full.facts.nps!.radius.machines.length, 1500);

    const out = join(folder, "out");
    await writeReports(full, out, ["json"]);
    const written = JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as typeof full;
    assert.equal(written.facts.nps!.radius.machines.length, 1000);
    const list = parse(readFileSync(join(out, "lists", "nps-radius-machines.csv")), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    assert.equal(list.length, 1500);
    assert.deepEqual(
      [list[0]!["machine"], list[0]!["latest"], list[0]!["lastRejectCode"], list[0]!["rejects"]],
      ["PC0000", "reject", "16", "1"],
    );
    assert.match(list[0]!["lastRejectReason"]!, /\w/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
