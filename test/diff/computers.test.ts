/**
 * diff per computer on two real result.json files: the clients-not-reporting sample, and the same
 * site re-exported after some computers were fixed and one broke (the WSUS list edited in its
 * own PowerShell 5.1 Export-Csv format: #TYPE line, en-US dates, CRLF).
 */
import { strict as assert } from "node:assert";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";
import { diffResults, renderDiffHtml, renderDiffJson, renderDiffText } from "../../src/diff/index.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { writeResultJson } from "../../src/report/json.js";
import { readResultFile } from "../../src/result/read-result.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SAMPLE = join(ROOT, "samples", "clients-not-reporting");
const rules = await loadRules([join(ROOT, "rules/clients")], { facts: FACT_CATALOGUE });
const work = await mkdtemp(join(tmpdir(), "wsus-diff-computers-"));

async function resultFile(bundle: string, name: string) {
  const result = await auditBundle(bundle, { rules, now: new Date("2026-12-01T10:00:00Z") });
  const path = join(work, `${name}.json`);
  writeResultJson(result, path);
  return readResultFile(path);
}

/** The same site a month later: ws-0003 reports again, ws-0001 stopped, kiosk-015 registered, ws-0002 removed. */
async function afterBundle(): Promise<string> {
  const folder = join(work, "after");
  await cp(SAMPLE, folder, { recursive: true });
  const csv = join(folder, "wsus", "wsus-computers.csv");
  let text = await readFile(csv, "latin1");
  const line = (name: string) => text.split("\r\n").find((l) => l.includes(`"${name}.corp.fabrikam.local"`))!;
  const ws1 = line("ws-0001");
  text = text.replace(ws1, ws1.replaceAll("11/30/2026 8:12:4", "10/2/2026 8:12:4"));
  const ws3 = line("ws-0003");
  text = text.replace(ws3, ws3.replace('"9/2/2026 9:41:30 AM"', '"11/30/2026 7:55:09 AM"'));
  text = text.replace(`${line("ws-0002")}\r\n`, "");
  const kiosk15 = ws3
    .replace("c71e5d90-6f38-42b1-a0d4-9e8f2b6c3a03", "0d6e2f41-5b7a-4c93-8e1d-3a9c7b5f2e16")
    .replace("ws-0003.corp.fabrikam.local", "kiosk-015.corp.fabrikam.local")
    .replace("10.20.1.13", "10.30.4.15")
    .replace('"9/2/2026 9:41:30 AM"', '"11/30/2026 6:40:12 AM"');
  text = text.replace(/\r\n$/, `\r\n${kiosk15}\r\n`);
  await writeFile(csv, text, "latin1");
  return folder;
}

const before = await resultFile(SAMPLE, "before");
const after = await resultFile(await afterBundle(), "after");

describe("diff per computer", () => {
  it("says which computers started and stopped reporting, matched by name", () => {
    const diff = diffResults(before, after).computers!;
    assert.equal(diff.compared, true);
    assert.deepEqual(
      diff.started.map((c) => `${c.name}: ${c.before!.verdict} → ${c.after!.verdict}`),
      [
        "kiosk-015.corp.fabrikam.local: never-registered → reporting",
        "ws-0003.corp.fabrikam.local: sync-no-report → reporting",
      ],
    );
    assert.deepEqual(
      diff.stopped.map((c) => `${c.name}: ${c.before!.verdict} → ${c.after!.verdict}`),
      ["ws-0001.corp.fabrikam.local: reporting → stale"],
    );
    assert.equal(diff.stopped[0]!.after!.evidence, "wsus/wsus-computers.csv:3");
    assert.deepEqual(
      diff.gone.map((c) => c.name),
      ["ws-0002.corp.fabrikam.local"],
    );
    assert.deepEqual(diff.appeared, []);
    // the rest (ws-0004, kiosk-014, kiosk-016, newpc-77, muenchen-01, srv-file01 …) kept verdict and cause
    assert.equal(diff.unchanged, before.computers!.rows.length - 4);
    assert.ok(diff.unchanged >= 6, `${diff.unchanged} unchanged`);
    assert.deepEqual(diff.changed, []);
  });

  it("the reverse order swaps started and stopped", () => {
    const diff = diffResults(after, before).computers!;
    assert.deepEqual(
      diff.stopped.map((c) => c.name),
      ["kiosk-015.corp.fabrikam.local", "ws-0003.corp.fabrikam.local"],
    );
    assert.deepEqual(
      diff.started.map((c) => c.name),
      ["ws-0001.corp.fabrikam.local"],
    );
    assert.deepEqual(
      diff.appeared.map((c) => c.name),
      ["ws-0002.corp.fabrikam.local"],
    );
  });

  it("text, JSON and HTML outputs carry the per-computer changes, escaped in HTML", () => {
    const diff = diffResults(before, after);
    const text = renderDiffText(diff);
    const line = `Computers: 2 started reporting, 1 stopped reporting, 0 changed verdict or cause, 0 new in the lists, 1 no longer listed, ${diff.computers!.unchanged} unchanged`;
    assert.ok(text.includes(line), text);
    assert.match(text, /Stopped reporting \(1\)\n {2}ws-0001\.corp\.fabrikam\.local: reporting → stale/);
    const json = JSON.parse(renderDiffJson(diff)) as { computers: { started: { name: string }[] } };
    assert.deepEqual(
      json.computers.started.map((c) => c.name),
      ["kiosk-015.corp.fabrikam.local", "ws-0003.corp.fabrikam.local"],
    );
    const html = renderDiffHtml(diff);
    assert.match(html, /<h3>Started reporting \(2\)<\/h3>/);
    assert.match(
      html,
      /<td>ws-0001\.corp\.fabrikam\.local<\/td><td>reporting<br><code>wsus\/wsus-computers\.csv:3<\/code>/,
    );
    // the cause texts of the sample quote a GPO name: escaped, never markup
    assert.ok(html.includes("(&quot;WSUS - Clients&quot; link elsewhere)"), "cause escaped");
  });

  it("a result without a computer list is not compared, and says which side lacks it", async () => {
    const plain = structuredClone(after);
    delete plain.computers;
    const diff = diffResults(before, plain).computers!;
    assert.equal(diff.compared, false);
    assert.match(diff.note!, /the second audit has no per-computer answer/);
    assert.match(renderDiffText(diffResults(before, plain)), /Computers: computers not compared/);
    assert.equal(diffResults(plain, plain).computers, undefined);
  });
});
