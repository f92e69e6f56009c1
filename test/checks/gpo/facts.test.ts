import { test } from "node:test";
import assert from "node:assert/strict";
import type { Facts } from "../../../src/collectors/facts.js";
import type { GpoFacts } from "../../../src/collectors/gpo/facts.js";
import {
  gpoDualScan,
  gpoLinkage,
  gpoPolicyCheck,
  gpoPort,
  gpoServerUrlForm,
  gpoServerUrlHost,
  gpoStatusServer,
  policyServerUrls,
} from "../../../src/checks/gpo/facts.js";
import { mergeGpo } from "../../../src/collectors/gpo/merge.js";
import { readFileSync } from "node:fs";
import { ROW_OPERATORS } from "../../../src/engine/operators.js";
import { selectRows, type RowPredicate } from "../../../src/engine/row-predicate.js";
import { ROOT } from "../../helpers/cli.js";
import { collectBytes, mergeFixtures, utf16le } from "../../collectors/gpo/helpers.js";

function factsOf(gpo: GpoFacts, wsus: Facts["bundle"]["wsus"] = {}): Facts {
  return { bundle: { name: "t", manifest: {}, wsus, sources: ["gpo"], kinds: gpo.kinds }, gpo };
}
/** The rows the shipped rule's first condition selects: the facts observe, the rule decides. */
function selectedBy<T>(ruleId: string, observations: { rows: T[] }): T[] {
  const rule = JSON.parse(readFileSync(`${ROOT}rules/gpo/${ruleId}.json`, "utf8")) as {
    conditions: { all: { value: RowPredicate }[] };
  };
  return selectRows(observations.rows, rule.conditions.all[0]!.value, ROW_OPERATORS) as T[];
}

const SYSVOL = "gpo/sysvol/Policies/{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}/Machine/Registry.pol";

test("policyServerUrls: effective WUServer / WUStatusServer parsed, with provenance", async () => {
  const facts = factsOf(await mergeFixtures([["gpresult-pc0042.xml", "gpo/pc0042-rsop.xml"]]));
  const urls = policyServerUrls(facts);
  assert.equal(urls.length, 2);
  const update = urls.find((url) => url.role === "update")!;
  assert.deepEqual(
    {
      raw: update.raw,
      scheme: update.scheme,
      host: update.host,
      port: update.port,
      path: update.path,
      valid: update.valid,
      problems: update.problems,
    },
    {
      raw: "http://wsus01.corp.fabrikam.local:8530",
      scheme: "http",
      host: "wsus01.corp.fabrikam.local",
      port: 8530,
      path: "",
      valid: true,
      problems: [],
    },
  );
  assert.equal(update.provenance.file, "gpo/pc0042-rsop.xml");
  assert.equal(update.provenance.gpo, "WSUS - Clients");
  assert.ok((update.provenance.line ?? 0) > 1);
});

test("healthy client with all four formats: every GPO check evaluable and nothing fails (no double firing)", async () => {
  const gpo = await mergeFixtures([
    ["gpresult-pc0042.xml", "gpo/pc0042-rsop.xml"],
    ["gporeport-all.xml", "gpo/gpos-all.xml"],
    ["Machine/Registry.pol", SYSVOL],
  ]);
  const facts = factsOf(gpo, { server: "wsus01.corp.fabrikam.local", port: 8530, ssl: false });
  const checks = {
    linked: gpoLinkage(facts),
    host: gpoServerUrlHost(facts),
  };
  for (const [name, check] of Object.entries(checks)) {
    assert.equal(check.evaluable, true, `${name}: ${check.reason}`);
    assert.deepEqual(check.failing, [], name);
  }
  const selections: [string, { evaluable: boolean; reason: string; rows: unknown[] }][] = [
    ["gpo-automatic-updates-not-enabled", gpoPolicyCheck(facts, { policy: "AutoUpdateCfg" })],
    [
      "gpo-intranet-location-not-enabled",
      gpoPolicyCheck(facts, { policy: "CorpWuURL", requiredValues: { UseWUServer: 1 } }),
    ],
    ["gpo-status-server-differs", gpoStatusServer(facts)],
    ["gpo-status-server-not-set", gpoStatusServer(facts)],
    ["gpo-server-url-malformed", gpoServerUrlForm(facts)],
    ["gpo-dual-scan", gpoDualScan(facts)],
    ["gpo-dual-scan-scan-source-missing", gpoDualScan(facts)],
  ];
  for (const [rule, observations] of selections) {
    assert.equal(observations.evaluable, true, `${rule}: ${observations.reason}`);
    assert.ok(observations.rows.length > 0, rule);
    assert.deepEqual(selectedBy(rule, observations), [], rule);
  }
  const port = gpoPort(facts);
  assert.equal(port.evaluable, true, port.reason);
  assert.ok(port.urls.length > 0);
  for (const url of port.urls)
    assert.ok(url.sitePorts.includes(url.port), `${url.value} uses a port the site listens on`);
  assert.equal(checks.linked.scope, "rsop", "the client's RSoP decides, not the GPO report");
});

test("GPO.PORT: URL without port against 8530 fails with file and line; unknown port is not evaluable", async () => {
  const gpo = await mergeFixtures([["handwritten-template.reg", "gpo/template.reg"]]);
  // The template has no scheme: no effective port, so PORT cannot judge it; SERVER_URL does.
  assert.equal(gpoPort(factsOf(gpo, { port: 8530 })).evaluable, false);
  const form = selectedBy("gpo-server-url-malformed", gpoServerUrlForm(factsOf(gpo)));
  assert.equal(form.length, 1);
  assert.deepEqual(
    [form[0]!.file, form[0]!.line, form[0]!.value, form[0]!.problems],
    ["gpo/template.reg", 4, "wsus01:8530", ["no-scheme"]],
  );

  const report = await mergeFixtures([["gporeport-all.xml", "gpo/all.xml"]]);
  const facts = factsOf(report, { port: 8530 });
  const defs = facts.gpo!.views[0]!;
  defs.settings["WUServer"] = { ...defs.settings["WUServer"]!, value: "http://wsus01.corp.fabrikam.local" };
  const port = gpoPort(facts);
  assert.equal(port.evaluable, true);
  const differing = port.urls.filter((url) => !url.sitePorts.includes(url.port));
  assert.equal(differing.length, 1);
  assert.deepEqual(
    [differing[0]!.port, differing[0]!.portInUrl, differing[0]!.sitePorts],
    [80, false, [8530]],
  );
  assert.equal(differing[0]!.gpo, "WSUS - Clients");
  assert.equal(differing[0]!.expected, "http://wsus01.corp.fabrikam.local:8530");
  assert.match(differing[0]!.problem ?? "", /no port in the URL, so the client uses 80/);
  assert.equal(gpoPort(factsOf(report)).evaluable, false, "no port known: not evaluated rather than passed");
});

test("GPO.LINKED: not evaluable from Registry.pol or .reg; decided by the report when no RSoP", async () => {
  const polOnly = factsOf(await mergeFixtures([["Machine/Registry.pol", SYSVOL], ["pc0042-wu-policy.reg"]]));
  assert.equal(gpoLinkage(polOnly).evaluable, false);
  const de = factsOf(await mergeFixtures([["gporeport-de.xml"]]));
  const linkage = gpoLinkage(de);
  assert.equal(linkage.evaluable, true);
  assert.equal(linkage.scope, "gpo-reports");
  assert.deepEqual(linkage.failing, []);
});

test("GPO.LINKED from a gpresult where the WSUS GPO is denied: the reason and the GPO are cited", async () => {
  const gpo = await mergeFixtures([
    ["gpresult-pc0042.xml", "gpo/pc0042-rsop.xml"],
    ["gporeport-all.xml", "gpo/all.xml"],
  ]);
  // Remove the WSUS values from the client's view: as if "WSUS - Clients" had not applied.
  const view = gpo.views[0]!;
  view.settings = {};
  view.wsusPolicyPresent = false;
  const computer = gpo.computers[0]!;
  computer.gpos = computer.gpos.map((entry) =>
    entry.name === "WSUS - Clients"
      ? { ...entry, applied: false, reason: "Denied (Security)" as const }
      : entry,
  );
  const linkage = gpoLinkage(factsOf(gpo));
  assert.equal(linkage.evaluable, true);
  const denied = linkage.failing.filter((row) => row.setting === "GPO not applied");
  // Only GPOs the reports show as setting WSUS values (matched by GUID: the report calls {…0004} "WSUS - Old");
  // the WMI-filtered and empty GPOs set no WSUS value and are left out.
  assert.deepEqual(
    denied.map((row) => [row.gpo, row.value, row.fix]),
    [
      ["WSUS - Clients", "Denied (Security)", "security"],
      ["Old WSUS settings", "Disabled (Link)", "enable-link"],
    ],
  );
  assert.equal(denied[0]!.file, "gpo/pc0042-rsop.xml");
  // Settings checks step back: GPO.LINKED explains it.
  assert.equal(gpoPolicyCheck(factsOf(gpo), { policy: "CorpWuURL" }).evaluable, false);
});

test("GPO.DUAL_SCAN by build: no mitigation vs DisableDualScan only", async () => {
  const gpo = await mergeFixtures([["gporeport-all.xml"]]);
  const facts = factsOf(gpo);
  const unmitigated = selectedBy("gpo-dual-scan", gpoDualScan(facts));
  assert.equal(unmitigated.filter((row) => row.problem === "Windows Update for Business deferral").length, 2);
  assert.deepEqual(selectedBy("gpo-dual-scan-scan-source-missing", gpoDualScan(facts)), []);
  const settings = gpo.views[0]!.settings;
  settings["DisableDualScan"] = { ...settings["UseWUServer"]!, key: "WU", name: "DisableDualScan", value: 1 };
  assert.deepEqual(selectedBy("gpo-dual-scan", gpoDualScan(facts)), []);
  assert.ok(selectedBy("gpo-dual-scan-scan-source-missing", gpoDualScan(facts)).length > 0);
});

test("registry semantics: names are case-insensitive, a value under the wrong key has no effect", async () => {
  const reg =
    'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]\r\n"wuserver"="http://wsus01:8530"\r\n"WUStatusServer"="http://wsus01:8530"\r\n"UseWUServer"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU]\r\n"NoAutoUpdate"=dword:00000000\r\n';
  const output = await collectBytes("gpo/odd.reg", utf16le(reg));
  assert.ok(output.facts);
  const gpo = mergeGpo([{ file: "gpo/odd.reg", facts: output.facts }]);
  const view = gpo.views[0]!;
  assert.equal(view.settings["WUServer"]?.value, "http://wsus01:8530");
  assert.equal(view.settings["UseWUServer"], undefined);
  assert.deepEqual(
    view.misplaced.map((entry) => [entry.name, entry.line]),
    [["UseWUServer", 6]],
  );
  const intranet = selectedBy(
    "gpo-intranet-location-not-enabled",
    gpoPolicyCheck(factsOf(gpo), { policy: "CorpWuURL", requiredValues: { UseWUServer: 1 } }),
  );
  assert.ok(intranet.some((row) => /wrong key/.test(row.problem ?? "") && row.line === 6));
});

test("GPO.DUAL_SCAN from GPO reports: a deferral GPO linked to other OUs than the WSUS GPO does not count", async () => {
  const gpo = await mergeFixtures([["gporeport-all.xml"]]);
  const rings = gpo.gpos.find((entry) => entry.name === "Hardening - Update rings")!;
  rings.links = [{ somPath: "corp.fabrikam.local/Servers", enabled: true, enforced: false }];
  assert.deepEqual(selectedBy("gpo-dual-scan", gpoDualScan(factsOf(gpo))), []);
  rings.links = [{ somPath: "corp.fabrikam.local", enabled: true, enforced: false }];
  assert.ok(
    selectedBy("gpo-dual-scan", gpoDualScan(factsOf(gpo))).length > 0,
    "linked at the domain root: reaches the clients' OU",
  );
});
