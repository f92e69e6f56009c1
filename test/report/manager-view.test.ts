/**
 * The manager's first page from a result: one tile per area with a status that follows the
 * coverage (a problem, nothing found, partly checked, not checked), the three most important open
 * findings with who acts and the effort, and what is left to collect.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { managerView } from "../../src/report/html/manager-view.js";
import { labelsFor } from "../../src/report/labels.js";
import { actionFor } from "../../src/knowledge/actions.js";
import type { AuditResult } from "../../src/result/types.js";
import { loadFixture } from "./helpers.js";

const labels = labelsFor("en");
const anchors = (finding: { ruleId: string }) => ({ anchor: `a-${finding.ruleId}`, number: "F?" });

test("tiles follow the coverage of each area", () => {
  const result = loadFixture("failing");
  const view = managerView(result, labels, anchors);
  assert.deepEqual(
    view.tiles.map((tile) => tile.name),
    ["Group Policy", "Permissions", "IIS web services", "Server health", "NAP", "Clients"],
  );
  const failedAreas = new Set(
    result.coverage.filter((entry) => entry.status === "failed").map((entry) => entry.check.split(".")[0]),
  );
  const iis = view.tiles[2]!;
  assert.equal(iis.status, failedAreas.has("IIS") ? "problem" : iis.status);
  for (const tile of view.tiles)
    if (tile.status === "problem") assert.match(tile.statusText, /^(1 problem|\d+ problems)$/);
  assert.ok(
    view.tiles.some((tile) => tile.status === "problem"),
    "the failing fixture has a problem tile",
  );
  // Nothing evaluated in an area: "not checked", never "no problem found".
  const blind: AuditResult = {
    ...result,
    coverage: result.coverage.map((entry) => ({ ...entry, status: "not-evaluated" as const })),
  };
  assert.ok(managerView(blind, labels, anchors).tiles.every((tile) => tile.status === "not-checked"));
});

test("a partly checked area says so; a failed check makes it a problem", () => {
  const result = loadFixture("failing");
  const gpoChecks = result.coverage.filter((entry) => entry.check.startsWith("GPO."));
  assert.ok(gpoChecks.length >= 2);
  const partly: AuditResult = {
    ...result,
    coverage: result.coverage.map((entry, index) =>
      entry.check.startsWith("GPO.")
        ? { ...entry, status: index % 2 === 0 ? ("passed" as const) : ("not-evaluated" as const) }
        : entry,
    ),
  };
  const gpo = managerView(partly, labels, anchors).tiles[0]!;
  assert.equal(gpo.status, "partly");
  assert.match(gpo.statusText, /^No problem in \d+ of \d+ checks; the rest not checked$/);
});

test("the three actions: most severe first, each with who acts and the effort", () => {
  const result = loadFixture("failing");
  const view = managerView(result, labels, anchors);
  assert.ok(view.actions.length > 0 && view.actions.length <= 3);
  const rank = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  for (let i = 1; i < view.actions.length; i += 1)
    assert.ok(rank[view.actions[i - 1]!.severity] <= rank[view.actions[i]!.severity]);
  for (const action of view.actions) {
    assert.ok((Object.values(labels.owners) as string[]).includes(action.owner), action.owner);
    assert.ok((Object.values(labels.efforts) as string[]).includes(action.effort), action.effort);
  }
});

test("who acts: the heaviest effort of a finding's checks; the area when no check is listed", () => {
  assert.deepEqual(actionFor(["GPO.PORT"], "gpo"), { owner: "gpo", effort: "change-window" });
  assert.deepEqual(actionFor(["GPO.AU_CONFIGURED"], "gpo"), { owner: "gpo", effort: "minutes" });
  assert.deepEqual(actionFor(["IIS.401_1", "IIS.POOL_SETTINGS"], "iis"), {
    owner: "wsus",
    effort: "change-window",
  });
  assert.deepEqual(actionFor(["NPS.WSC_DOWN"], "nps"), { owner: "network", effort: "hours" });
});
