/**
 * Issue 20 case 8: a branding logo at /dev/zero (or any device or huge file) was read until memory
 * ran out. A logo is now looked at before it is read and never read past MAX_LOGO_BYTES; what is
 * not a logo is the user's mistake, said in one sentence with exit 2 before the audit starts.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BrandingError, logoDataUri, MAX_LOGO_BYTES } from "../../src/report/branding.js";
import { runSourceCli } from "../helpers/source-cli.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("branding logo (issue 20 case 8)", () => {
  it("refuses a device, a named pipe, a folder and a file over the limit without reading them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-logo-"));
    const fifo = join(dir, "logo.png");
    execFileSync("mkfifo", [fifo]);
    const huge = join(dir, "huge.png");
    await writeFile(huge, Buffer.concat([PNG_SIGNATURE, Buffer.alloc(MAX_LOGO_BYTES)]));
    for (const [path, message] of [
      ["/dev/zero", /is not a file \(a device, pipe or folder\)/],
      [fifo, /is not a file/],
      [dir, /is not a file/],
      [huge, /is 2\.0 MB; a logo may be at most 2 MB/],
    ] as const) {
      assert.throws(
        () => logoDataUri(path, () => undefined),
        (error: Error) => {
          assert.ok(error instanceof BrandingError);
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  it("refuses a file that is not an image; warns (no logo) when the file is missing; embeds a real PNG", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-logo-"));
    await writeFile(join(dir, "notes.txt"), "not an image");
    assert.throws(
      () => logoDataUri(join(dir, "notes.txt"), () => undefined),
      /is not a PNG, JPEG or SVG image/,
    );
    const warnings: string[] = [];
    assert.equal(
      logoDataUri(join(dir, "missing.png"), (w) => warnings.push(w)),
      undefined,
    );
    assert.match(warnings[0]!, /could not be read \(ENOENT\); the report has no logo/);
    await writeFile(join(dir, "logo.png"), Buffer.concat([PNG_SIGNATURE, Buffer.alloc(16)]));
    assert.match(
      logoDataUri(join(dir, "logo.png"), () => undefined)!,
      /^data:image\/png;base64,iVBORw0KGgo/,
    );
  });

  it("the CLI says so in one sentence with exit 2, before auditing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wsus-logo-cli-"));
    const config = join(dir, "wsus-audit.config.json");
    await writeFile(config, JSON.stringify({ branding: { logo: "/dev/zero" } }));
    const run = await runSourceCli([
      "audit",
      "samples/healthy",
      "--config",
      config,
      "--out",
      join(dir, "out"),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^using configuration \S+wsus-audit\.config\.json\nwsus-audit: The logo \/dev\/zero is not a file \(a device, pipe or folder\)\.\n$/,
    );
  });
});
