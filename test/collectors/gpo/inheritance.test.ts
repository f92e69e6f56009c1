/**
 * Block inheritance and Group Policy Modeling, as Windows records them in gpresult /x
 * (knowledge/gpo.md §2.1): the reason a GPO did not apply and the remediation that fits it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GpoFragment, RsopComputer } from "../../../src/collectors/gpo/facts.js";
import { auditBundle } from "../../../src/pipeline/audit-bundle.js";
import { canonicalToDistinguishedName } from "../../../src/knowledge/ad-paths.js";
import { FIXTURES, collectFixture } from "./helpers.js";

function computerOf(facts: GpoFragment | undefined): RsopComputer {
  assert.ok(facts && facts.kind === "gpresult-xml");
  return facts.computers[0]!;
}

async function bundleOf(fixture: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wsus-gpo-inheritance-"));
  await mkdir(join(dir, "gpo"));
  await copyFile(join(FIXTURES, fixture), join(dir, "gpo", fixture));
  return dir;
}

test("a GPO linked above an OU that blocks inheritance is 'Blocked inheritance'; an enforced link passes the block", async () => {
  const computer = computerOf((await collectFixture("gpresult-blocked-inheritance.xml")).facts);
  assert.equal(computer.modelled, false);
  assert.equal(computer.dataType, "LoggedData");
  assert.deepEqual(
    computer.searchedSoms.map((som) => som.path),
    [
      "Local",
      "Berlin-HQ",
      "corp.fabrikam.local",
      "corp.fabrikam.local/Clients",
      "corp.fabrikam.local/Clients/Kiosk",
    ],
    "sorted by processing order (Local, Site, Domain, OUs)",
  );
  const byName = Object.fromEntries(computer.gpos.map((gpo) => [gpo.name, gpo]));
  assert.equal(byName["WSUS - Clients"]!.applied, false);
  assert.equal(byName["WSUS - Clients"]!.reason, "Blocked inheritance");
  assert.equal(byName["WSUS - Clients"]!.blockedAt, "corp.fabrikam.local/Clients/Kiosk");
  assert.equal(byName["Default Domain Policy"]!.applied, true, "enforced link");
  assert.equal(byName["Default Domain Policy"]!.blockedAt, undefined);
  assert.equal(byName["Local Group Policy"]!.reason, "Not applied (no reason recorded)", "never blocked");
});

test("the RSoP block-inheritance case names blocked inheritance and remediates with an enforced link or removing the block", async () => {
  const result = await auditBundle(await bundleOf("gpresult-blocked-inheritance.xml"));
  const finding = result.findings.find((f) => f.ruleId === "gpo-wsus-policy-not-applied");
  assert.ok(finding, "GPO.LINKED fires");
  assert.match(finding.summary, /WSUS - Clients — GPO not applied: Blocked inheritance/);
  const commands = finding.remediation.flatMap((step) => step.commands);
  assert.ok(
    commands.includes(
      'Set-GPLink -Name "WSUS - Clients" -Target "DC=corp,DC=fabrikam,DC=local" -Enforced Yes',
    ),
    commands.join("\n"),
  );
  assert.ok(
    commands.includes(
      'Set-GPInheritance -Target "OU=Kiosk,OU=Clients,DC=corp,DC=fabrikam,DC=local" -IsBlocked No',
    ),
  );
  assert.ok(
    !commands.some((command) => command.startsWith("New-GPLink")),
    "linking the GPO again would not fix a block",
  );
});

test("GPMC modelling output (PlanningData, no computer name) is labelled as a simulation, not a client", async () => {
  const output = await collectFixture("gpmodeling-kiosk.xml");
  assert.equal(output.status, "parsed");
  const computer = computerOf(output.facts);
  assert.equal(computer.modelled, true);
  assert.equal(computer.name, "(modelled computer in corp.fabrikam.local/Clients/Kiosk)");
  assert.match(
    output.problems.map((p) => p.message).join("\n"),
    /Group Policy Modeling.*no client logged it/,
  );
  const result = await auditBundle(await bundleOf("gpmodeling-kiosk.xml"));
  const finding = result.findings.find((f) => f.ruleId === "gpo-wsus-policy-not-applied");
  const rows = finding?.evidence.find((block) => block.id === "failing")?.value as { target: string }[];
  assert.ok(rows.every((row) => /GPMC Group Policy Modeling, simulated/.test(row.target)));
});

test("canonical container paths become the distinguished names PowerShell's -Target takes", () => {
  assert.equal(canonicalToDistinguishedName("corp.example"), "DC=corp,DC=example");
  assert.equal(
    canonicalToDistinguishedName("corp.example/Clients/Sales, East"),
    "OU=Sales\\, East,OU=Clients,DC=corp,DC=example",
  );
  assert.equal(canonicalToDistinguishedName("Default-First-Site-Name"), undefined, "a site is not a DN path");
});
