/**
 * Bundle discovery and the whole run, on real folders: random trees (nested folders, odd and non-ASCII
 * names, empty files, symbolic links, a broken bundle.json), holding real evidence damaged at random.
 * - every file is in the inventory exactly once (links and the manifest included, each with a status);
 * - the audit finishes and its HTML and JSON reports render, listing every file.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { listBundle } from "../../src/bundle/open-bundle.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { collectFacts } from "../../src/pipeline/collect-facts.js";
import { renderHtml, renderJson } from "../../src/report/index.js";
import { loadableRuleFolders } from "../security/helpers.js";
import { applyDamage, damageArb } from "./damage.js";
import { RUNS, realFixtures } from "./fixtures.js";
import { replayParameters } from "./replay.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const fixtures = await realFixtures();

/** Names as customers' zips and shares produce them; "/" is the only character Linux refuses. */
const segment = fc.oneof(
  fc.constantFrom(
    "eventlog",
    "IIS Logs",
    "W3SVC1",
    "GPO",
    "Ereignisanzeige",
    "journal d'événements",
    "日志",
    ".hidden",
    "a b",
    "x.y.z",
  ),
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
    .filter((name) => !name.includes("/") && name !== "." && name !== ".." && !name.includes("\0")),
);

const entryArb = fc.record({
  folders: fc.array(segment, { maxLength: 3 }),
  name: segment,
  content: fc.oneof(
    fc.record({ fixture: fc.nat(fixtures.length - 1), damage: damageArb }),
    fc.constant({ empty: true as const }),
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ random: bytes })),
  ),
});

type Entry = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(content: Entry["content"]): Buffer {
  if ("empty" in content) return Buffer.alloc(0);
  if ("random" in content) return Buffer.from(content.random);
  return applyDamage(fixtures[content.fixture]!.bytes.subarray(0, 200_000), content.damage);
}

/** Writes the tree; returns the bundle-relative paths of the files that exist (later duplicates win). */
async function writeTree(
  root: string,
  entries: Entry[],
  manifest: string | undefined,
  links: boolean,
): Promise<Set<string>> {
  const paths = new Set<string>();
  for (const entry of entries) {
    const relative = [...entry.folders, entry.name].join("/");
    // A file and a folder cannot share a name: skip entries that collide with what exists.
    if ([...paths].some((path) => path.startsWith(`${relative}/`) || relative.startsWith(`${path}/`)))
      continue;
    try {
      mkdirSync(join(root, ...entry.folders), { recursive: true });
      writeFileSync(join(root, relative), bytesOf(entry.content));
      paths.add(relative);
    } catch {
      // A name the file system refuses (too long in bytes): not part of the bundle.
    }
  }
  if (manifest !== undefined) {
    writeFileSync(join(root, "bundle.json"), manifest);
    paths.add("bundle.json");
  }
  if (links) {
    symlinkSync("/etc/passwd", join(root, "link-outside"));
    paths.add("link-outside");
  }
  return paths;
}

const manifestArb = fc.option(
  fc.oneof(
    fc.constant('{"customer":"Contoso","wsus":{"server":"wsus01","port":8530}}'),
    fc.constant('{"wsus":{"port":"eighty"}}'),
    fc.constant("[1,2,3]"),
    fc.string({ maxLength: 200 }),
  ),
  { nil: undefined },
);

describe("bundle discovery and the run survive any folder", () => {
  it("every file of a random tree is in the inventory exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 8 }),
        manifestArb,
        fc.boolean(),
        async (entries, manifest, links) => {
          const root = await mkdtemp(join(tmpdir(), "wsus-bundle-prop-"));
          try {
            const expected = await writeTree(root, entries, manifest, links);
            const listing = await listBundle(root);
            const { inventory } = await collectFacts(listing);
            const listed = inventory.map((entry) => entry.path).sort();
            assert.deepEqual(listed, [...expected].sort());
            for (const entry of inventory) {
              assert.doesNotMatch(entry.reason ?? "", /internal error/, entry.path);
              if (entry.status !== "parsed")
                assert.ok(entry.reason, `${entry.path}: ${entry.status} says why`);
            }
            const link = inventory.find((entry) => entry.path === "link-outside");
            if (link) assert.match(link.reason ?? "", /symbolic link: not followed/);
          } finally {
            await rm(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it("the audit finishes and the HTML and JSON reports render, listing every file", async () => {
    const rules = await loadRules(await loadableRuleFolders(), { facts: FACT_CATALOGUE });
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 5 }),
        manifestArb,
        async (entries, manifest) => {
          const root = await mkdtemp(join(tmpdir(), "wsus-run-prop-"));
          try {
            const expected = await writeTree(root, entries, manifest, false);
            const result = await auditBundle(root, { rules, now: new Date("2026-11-20T00:00:00Z") });
            assert.equal(result.inventory.length, expected.size);
            assert.deepEqual(
              result.diagnostics.filter((d) => /this is a bug/i.test(d.message)),
              [],
            );
            const html = renderHtml(result);
            assert.match(html, /<\/html>\s*$/i);
            const json = JSON.parse(renderJson(result)) as { inventory: { path: string }[] };
            assert.deepEqual(json.inventory.map((entry) => entry.path).sort(), [...expected].sort());
          } finally {
            await rm(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: Math.max(3, Math.ceil(RUNS / 3)), ...replayParameters() },
    );
  });
});
