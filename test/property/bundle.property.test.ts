/**
 * Bundle discovery and the whole run, on real folders: random trees (nested folders, odd and non-ASCII
 * names, empty files, symbolic links, a broken bundle.json), holding real evidence damaged at random.
 * - every file is in the inventory exactly once (links and the manifest included, each with a status);
 * - the audit finishes and its HTML and JSON reports render, listing every file.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import fc from "fast-check";
import { displayName } from "../../src/bundle/discover.js";
import { listBundle } from "../../src/bundle/open-bundle.js";
import { listZipBundle } from "../../src/bundle/zip-bundle.js";
import { loadRules } from "../../src/engine/load-rules.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { collectFacts } from "../../src/pipeline/collect-facts.js";
import {
  REPORT_FILES,
  renderHtml,
  renderJson,
  writeReports,
  type ReportFormat,
} from "../../src/report/index.js";
import type { AuditResult } from "../../src/result/types.js";
import { makeZip } from "../helpers/zip-writer.js";
import { loadableRuleFolders } from "../security/helpers.js";
import { applyDamage, damageArb } from "./damage.js";
import { RUNS, realFixtures } from "./fixtures.js";
import { replayParameters } from "./replay.js";
import { FACT_CATALOGUE } from "../../src/checks/catalogue.js";

const fixtures = await realFixtures();
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

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

/**
 * Issue 20, the layers around the readers: odd file types and names, zip entries read in any
 * order while the archive closes, and report sets interrupted at any point.
 */
const oddItemArb = fc.record({
  kind: fc.constantFrom("file", "fifo", "socket", "device", "raw-name"),
  folder: fc.constantFrom("", "logs", "logs/deeper"),
  // cp1252 bytes that are not UTF-8 (what unzip leaves of an old Windows zip), or a plain name
  name: fc.oneof(
    fc.constantFrom("Überprüfung", "a b", "x.y", "日志"),
    fc
      .uint8Array({ minLength: 1, maxLength: 6 })
      .map((bytes) =>
        Buffer.from(
          bytes.map((byte) => (byte % 2 === 0 ? 0x80 + (byte % 0x7f) : 0x61 + (byte % 26))),
        ).toString("latin1"),
      ),
  ),
  content: fc.nat(fixtures.length - 1),
});

describe("bundle-level properties (issue 20)", () => {
  it("FIFOs, sockets, devices and names that are not UTF-8: every one listed once, none opened, the run ends", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(oddItemArb, { minLength: 1, maxLength: 6 }), async (items) => {
        const root = await mkdtemp(join(tmpdir(), "wsus-odd-prop-"));
        const servers: Server[] = [];
        try {
          const expected = new Map<string, string>();
          for (const [index, item] of items.entries()) {
            const folder = join(root, item.folder);
            mkdirSync(folder, { recursive: true });
            const plain = `${index}-${item.kind}`;
            const shown = (name: string) => (item.folder ? `${item.folder}/${name}` : name);
            if (item.kind === "fifo") {
              execFileSync("mkfifo", [join(folder, plain)]);
              expected.set(shown(plain), "named pipe");
            } else if (item.kind === "device" && process.getuid?.() === 0) {
              // a character device like /dev/zero: read, it never ends (only root may make one)
              execFileSync("mknod", [join(folder, plain), "c", "1", "5"]);
              expected.set(shown(plain), "device");
            } else if (item.kind === "socket" || item.kind === "device") {
              const server = createServer();
              await new Promise<void>((done) => server.listen(join(folder, plain), done));
              servers.push(server);
              expected.set(shown(plain), "socket");
            } else if (item.kind === "raw-name") {
              const raw = Buffer.concat([Buffer.from(`${index}-`), Buffer.from(item.name, "latin1")]);
              writeFileSync(
                Buffer.concat([Buffer.from(`${folder}/`), raw]),
                fixtures[item.content]!.bytes.subarray(0, 50_000),
              );
              expected.set(shown(displayName(raw)), "file");
            } else {
              writeFileSync(
                join(folder, `${plain}-${item.name}`),
                fixtures[item.content]!.bytes.subarray(0, 50_000),
              );
              expected.set(shown(`${plain}-${item.name}`), "file");
            }
          }
          const { inventory } = await collectFacts(await listBundle(root));
          assert.deepEqual(inventory.map((entry) => entry.path).sort(), [...expected.keys()].sort());
          for (const entry of inventory) {
            const kind = expected.get(entry.path)!;
            if (kind === "file") {
              // opened through its raw bytes, whatever the name: never "Unreadable file"
              assert.notEqual(entry.label, "Unreadable file", `${entry.path}: ${entry.reason}`);
              assert.doesNotMatch(entry.reason ?? "", /internal error/, entry.path);
            } else {
              assert.equal(entry.status, "skipped", entry.path);
              assert.match(entry.reason ?? "", new RegExp(kind), entry.path);
            }
          }
        } finally {
          await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it("zip entries of every size class, glanced at and read whole in any order, the archive closed at any point", async () => {
    const sizes = [0, 1, 4095, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1024 * 1024];
    const entrySpecArb = fc.record({
      size: fc.constantFrom(...sizes),
      method: fc.constantFrom(0 as const, 8 as const),
    });
    const opArb = fc.record({ entry: fc.nat(), whole: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(entrySpecArb, { minLength: 1, maxLength: 6 }),
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        fc.nat(),
        async (specs, ops, closeAt) => {
          const dir = await mkdtemp(join(tmpdir(), "wsus-zip-prop-"));
          try {
            const data = specs.map(({ size }) => randomBytes(size));
            const zipPath = join(dir, "site.zip");
            writeFileSync(
              zipPath,
              makeZip(specs.map((spec, i) => ({ name: `e${i}.bin`, data: data[i]!, method: spec.method }))),
            );
            const listing = await listZipBundle(zipPath);
            assert.equal(listing.files.length, specs.length);
            const closeIndex = closeAt % (ops.length + 1);
            const settled: Promise<unknown>[] = [];
            let closing: Promise<void> | undefined;
            for (const [index, op] of ops.entries()) {
              if (index === closeIndex) closing = listing.dispose?.();
              const file = listing.files[op.entry % listing.files.length]!;
              const expected = data[Number(file.path.slice(1, -4))]!;
              settled.push(
                op.whole
                  ? file.readBytes().then(
                      (bytes) => {
                        assert.ok(bytes.equals(expected), `${file.path} read whole`);
                      },
                      (error: unknown) => assert.ok(closing && error instanceof Error, String(error)),
                    )
                  : glanceAt(file).catch((error: unknown) =>
                      assert.ok(closing && error instanceof Error, String(error)),
                    ),
              );
            }
            await Promise.all(settled);
            await (closing ?? listing.dispose?.());
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000, ...replayParameters() },
    );
  });

  it("a report set interrupted at any file leaves the previous complete set, or nothing", async () => {
    const formatsArb = fc.subarray(["json", "md", "csv", "html"] as ReportFormat[], { minLength: 1 });
    const runArb = fc.record({ formats: formatsArb, failAfter: fc.option(fc.nat(4), { nil: undefined }) });
    const base = JSON.parse(
      readFileSync(new URL("../fixtures/report/healthy.json", import.meta.url), "utf8"),
    ) as AuditResult;
    await fc.assert(
      fc.asyncProperty(fc.array(runArb, { minLength: 1, maxLength: 4 }), async (runs) => {
        const parent = await mkdtemp(join(tmpdir(), "wsus-set-prop-"));
        const out = join(parent, "reports");
        try {
          let complete: { stamp: string; files: string[] } | undefined;
          for (const [index, run] of runs.entries()) {
            const stamp = `2026-11-${String(index + 1).padStart(2, "0")}T00:00:00.000Z`;
            let written = 0;
            const interrupted = run.failAfter !== undefined && run.failAfter < run.formats.length;
            await writeReports({ ...base, generatedAt: stamp }, out, run.formats, {
              onFileWritten: () => {
                if (interrupted && written++ === run.failAfter) throw new Error("interrupted");
              },
            }).then(
              () => {
                assert.ok(!interrupted, "an interrupted run reports its failure");
                complete = { stamp, files: run.formats.map((format) => REPORT_FILES[format]).sort() };
              },
              (error: Error) => assert.match(error.message, /interrupted/),
            );
            // what is there is one whole set: the last complete run's files, each from that run
            if (!complete) assert.equal(existsSync(out), false);
            else {
              assert.deepEqual(readdirSync(out).sort(), complete.files);
              for (const file of complete.files)
                assert.ok(
                  readFileSync(join(out, file), "utf8").includes(complete.stamp.slice(0, 10)) ||
                    file === "findings.csv",
                  file,
                );
            }
            assert.deepEqual(readdirSync(parent), complete ? ["reports"] : []);
          }
        } finally {
          await rm(parent, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, ...replayParameters() },
    );
  });

  it("a run killed after any report file leaves the previous complete set", async () => {
    const base = join(ROOT, "test/fixtures/report/healthy.json");
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(["json", "md", "csv", "html"] as ReportFormat[], { minLength: 1 }),
        fc.nat(3),
        async (formats, killAfter) => {
          const parent = await mkdtemp(join(tmpdir(), "wsus-kill-prop-"));
          const out = join(parent, "reports");
          try {
            const before = JSON.parse(readFileSync(base, "utf8")) as AuditResult;
            await writeReports({ ...before, generatedAt: "2026-11-01T00:00:00.000Z" }, out, ["json", "md"]);
            const script = `
              import { writeReports } from ${JSON.stringify(join(ROOT, "src/report/index.ts"))};
              import { readFileSync } from "node:fs";
              const result = JSON.parse(readFileSync(${JSON.stringify(base)}, "utf8"));
              let written = 0;
              await writeReports({ ...result, generatedAt: "2026-11-02T00:00:00.000Z" }, ${JSON.stringify(out)}, ${JSON.stringify(formats)}, {
                onFileWritten: () => { if (written++ === ${killAfter}) process.kill(process.pid, "SIGKILL"); },
              });`;
            const signal = await new Promise<string | null>((resolve) => {
              const child = spawn(
                process.execPath,
                ["--import", "tsx", "--input-type=module", "-e", script],
                {
                  cwd: ROOT,
                  stdio: "ignore",
                },
              );
              child.on("close", (_code, killedBy) => resolve(killedBy));
            });
            const killed = killAfter < formats.length;
            assert.equal(signal, killed ? "SIGKILL" : null);
            const stampOf = () =>
              (JSON.parse(readFileSync(join(out, "result.json"), "utf8")) as AuditResult).generatedAt;
            if (killed) {
              // the previous set, whole: nothing of the killed run is in it
              assert.equal(stampOf(), "2026-11-01T00:00:00.000Z");
              assert.deepEqual(readdirSync(out).sort(), ["report.md", "result.json"]);
            } else {
              assert.deepEqual(readdirSync(out).sort(), formats.map((format) => REPORT_FILES[format]).sort());
              if (formats.includes("json")) assert.equal(stampOf(), "2026-11-02T00:00:00.000Z");
            }
          } finally {
            await rm(parent, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: Math.max(2, Math.ceil(RUNS / 8)), ...replayParameters() },
    );
  });
});

async function glanceAt(file: { open(): NodeJS.ReadableStream }): Promise<void> {
  for await (const chunk of file.open()) {
    void chunk;
    break;
  }
}
