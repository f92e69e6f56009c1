/**
 * The Computers chapter groups computers by the cause they share, as the summary counts them: the
 * copies of one cloned image are one group ("shares its client ID with other computers"), although
 * each row names the other computer its ID is shared with.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { computerGroups } from "../../src/report/computers-view.js";
import { ROOT } from "../helpers/cli.js";

test("a cloned image's computers are one group, each row keeping its own cause", async () => {
  const result = await auditBundle(join(ROOT, "samples", "client-cloned-image"));
  assert.ok(result.computers, "the sample holds the WSUS computer list");
  const shared = computerGroups(result.computers).groups.filter((group) => group.verdict === "duplicate-id");
  assert.equal(shared.length, 1, JSON.stringify(shared.map((group) => group.cause)));
  const group = shared[0]!;
  assert.equal(group.count, 2);
  assert.match(group.cause, /^shares its client ID with other computers/);
  const summary = result.computers.causes.find((cause) => cause.verdict === "duplicate-id");
  assert.equal(summary?.count, group.count, "the chapter and the summary count alike");
  const names = group.rows.map((row) => row.cause);
  assert.ok(
    names.every((cause) => /shares client ID [0-9a-f-]{36} with /.test(cause)),
    names.join("; "),
  );
});
