/**
 * The contract of test/fixtures/file-sink.mjs that `npm run generate` relies on: a fixture
 * generator run as a script writes its files; imported, it only lists them and writes nothing.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "file-sink-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, "sub", "evidence.txt");
const generator = join(dir, "generate.mjs");
writeFileSync(
  generator,
  [
    `import { fileSink } from ${JSON.stringify(pathToFileURL(join(ROOT, "test/fixtures/file-sink.mjs")).href)};`,
    "const sink = fileSink(import.meta.url);",
    "export const FILES = sink.files;",
    `sink.write(${JSON.stringify(out)}, Buffer.from([0xff, 0xfe, 0x41, 0x00]));`,
    "",
  ].join("\n"),
);

describe("fixture generators' file sink", () => {
  it("run as a script, a generator writes its files (folders included)", () => {
    execFileSync(process.execPath, [generator]);
    assert.deepEqual([...readFileSync(out)], [0xff, 0xfe, 0x41, 0x00]);
    rmSync(join(dir, "sub"), { recursive: true });
  });

  it("imported, it lists its files with their bytes and writes nothing", async () => {
    const module = (await import(pathToFileURL(generator).href)) as {
      FILES: { path: string; bytes: Uint8Array }[];
    };
    assert.deepEqual(
      module.FILES.map((file) => ({ path: file.path, bytes: [...file.bytes] })),
      [{ path: out, bytes: [0xff, 0xfe, 0x41, 0x00] }],
    );
    assert.equal(existsSync(out), false);
  });
});
