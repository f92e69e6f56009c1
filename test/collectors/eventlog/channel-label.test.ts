/**
 * The inventory names the log an export really holds (issue 15 Build 2): a System log is never
 * called "Application log", in any export format; an export that names no log (Event Viewer's CSV,
 * Get-EventLog) is called the Application log only when its WSUS events show it.
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { listBundleFolder } from "../../../src/bundle/discover.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";

const FIX = "test/fixtures/eventlog";
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The inventory label of one file alone in a bundle. */
async function labelOf(name: string, bytes: Buffer): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "evt-channel-"));
  dirs.push(dir);
  writeFileSync(join(dir, name), bytes);
  const { inventory } = await collectFacts(await listBundleFolder(dir));
  const entry = inventory.find((e) => e.path === name)!;
  assert.equal(entry.status, "parsed", entry.reason);
  return entry.label;
}

/** A fixture turned into the System log's export: its channel and provider replaced. */
function asSystemLog(name: string, replace: [RegExp, string][]): Buffer {
  let text = readFileSync(join(FIX, name), "utf8");
  for (const [pattern, by] of replace) text = text.replace(pattern, by);
  return Buffer.from(text, "utf8");
}

const SCM: [RegExp, string] = [/Windows Server Update Services/g, "Service Control Manager"];

it("wevtutil text of the System log is labelled the System log", async () => {
  const bytes = asSystemLog("wevtutil.txt", [[/Log Name: Application/g, "Log Name: System"], SCM]);
  assert.equal(await labelOf("system.txt", bytes), "System log, wevtutil text (wevtutil qe /f:text)");
});

it("XML of the System log (wevtutil qe /f:xml) is labelled the System log", async () => {
  const bytes = asSystemLog("wevtutil.xml", [
    [/<Channel>Application<\/Channel>/g, "<Channel>System</Channel>"],
    SCM,
  ]);
  assert.equal(
    await labelOf("system.xml", bytes),
    "System log, XML (Event Viewer Save As XML, wevtutil qe /f:xml)",
  );
});

it("Get-WinEvent's CSV of the System log (LogName column) is labelled the System log", async () => {
  const bytes = asSystemLog("get-winevent.csv", [[/"Application"/g, '"System"'], SCM]);
  assert.equal(
    await labelOf("system.csv", bytes),
    "System log, PowerShell Export-Csv (Get-WinEvent / Get-EventLog)",
  );
});

it("a real System log .evtx is labelled the System log", async () => {
  const dir = mkdtempSync(join(tmpdir(), "evt-channel-"));
  dirs.push(dir);
  copyFileSync(join(FIX, "omerbenamram-evtx_system.evtx"), join(dir, "System.evtx"));
  const { inventory } = await collectFacts(await listBundleFolder(dir));
  assert.equal(inventory.find((e) => e.path === "System.evtx")?.label, "System log, native .evtx");
});

it("Event Viewer's CSV names no log: without WSUS events it is not called the Application log", async () => {
  const text = readFileSync(join(FIX, "eventviewer-en-utf8.csv"), "utf8").replace(SCM[0], SCM[1]);
  assert.equal(
    await labelOf("events.csv", Buffer.from(text, "utf8")),
    "Event log (the export does not name its log), Event Viewer CSV (Save All Events As… CSV)",
  );
});

it("Event Viewer's CSV (UTF-16LE) with WSUS events is the Application log, and says how that is known", async () => {
  assert.equal(
    await labelOf("application.csv", readFileSync(join(FIX, "eventviewer-en.csv"))),
    "Application log (by its WSUS events; the export does not name its log), Event Viewer CSV (Save All Events As… CSV)",
  );
});
