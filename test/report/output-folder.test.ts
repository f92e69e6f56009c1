/**
 * Issue 20 cases 7 and 9: reports were written in place and old ones never removed (Ctrl-C while
 * re-auditing left a new report.html beside the old result.json and report.pdf; two audits into
 * one folder mixed bundles), and `--out` at a file or an unwritable place was an internal error
 * (`--out /proc/x` spun for minutes). The set is now staged beside the target and swapped in whole.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { AuditResult } from "../../src/result/types.js";
import { writeReports } from "../../src/report/index.js";
import { OutputError, swapFileSystem } from "../../src/report/output-folder.js";
import { runSourceCli } from "../helpers/source-cli.js";
import { loadFixture } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function stamped(name: "failing" | "healthy", generatedAt: string): AuditResult {
  return { ...loadFixture(name), generatedAt };
}

async function generatedAt(folder: string): Promise<string> {
  return (JSON.parse(await readFile(join(folder, "result.json"), "utf8")) as AuditResult).generatedAt;
}

async function freshParent(): Promise<string> {
  return mkdtemp(join(tmpdir(), "wsus-out-"));
}

describe("reports replace the previous set as a whole (issue 20 case 7)", () => {
  it("removes reports of the previous run that this run did not write", async () => {
    const out = join(await freshParent(), "contoso");
    await writeReports(stamped("failing", "2026-11-01T00:00:00.000Z"), out, ["html", "json", "csv", "md"]);
    await writeReports(stamped("healthy", "2026-11-02T00:00:00.000Z"), out, ["json", "md"]);
    assert.deepEqual((await readdir(out)).sort(), ["report.md", "result.json"]);
    assert.equal(await generatedAt(out), "2026-11-02T00:00:00.000Z");
  });

  it("a report open in a viewer (Windows locks it) is named; the other reports are still replaced", async () => {
    const out = join(await freshParent(), "contoso");
    await writeReports(stamped("failing", "2026-11-01T00:00:00.000Z"), out, ["html", "json", "md"]);
    const oldHtml = await readFile(join(out, "report.html"), "utf8");
    const { rename, rm } = swapFileSystem;
    // What Windows does while a viewer holds report.html: the folder cannot be renamed, nor the file removed.
    const locked = (path: string) =>
      Object.assign(new Error(`EBUSY: resource busy or locked, '${path}'`), { code: "EBUSY" });
    swapFileSystem.rename = async (from, to) => {
      if (String(from) === out) throw locked(String(from));
      return rename(from, to);
    };
    swapFileSystem.rm = async (path, options) => {
      if (String(path) === join(out, "report.html")) throw locked(String(path));
      return rm(path, options);
    };
    try {
      const outcome = await writeReports(stamped("healthy", "2026-11-02T00:00:00.000Z"), out, [
        "html",
        "json",
      ]);
      assert.deepEqual(outcome.written, [join(out, "result.json")]);
      assert.equal(outcome.notWritten.length, 1);
      assert.equal(outcome.notWritten[0]!.file, join(out, "report.html"));
      assert.match(outcome.notWritten[0]!.reason, /open in another program .* previous run's report/);
    } finally {
      Object.assign(swapFileSystem, { rename, rm });
    }
    assert.equal(await generatedAt(out), "2026-11-02T00:00:00.000Z", "result.json is the new one");
    assert.equal(await readFile(join(out, "report.html"), "utf8"), oldHtml, "the locked file is untouched");
    assert.deepEqual(
      (await readdir(out)).sort(),
      ["report.html", "result.json"],
      "report.md of the old set is gone",
    );
    assert.deepEqual(
      (await readdir(join(out, ".."))).filter((name) => name.startsWith(".contoso")),
      [],
      "no staging folder or lock is left",
    );
  });

  it("a run that fails part-way leaves the previous complete set and no staging folder", async () => {
    const parent = await freshParent();
    const out = join(parent, "contoso");
    await writeReports(stamped("failing", "2026-11-01T00:00:00.000Z"), out, ["json", "md", "csv"]);
    const before = await readFile(join(out, "report.md"), "utf8");
    await assert.rejects(
      writeReports(stamped("healthy", "2026-11-02T00:00:00.000Z"), out, ["json", "md", "csv"], {
        onFileWritten: (file) => {
          if (file === "report.md") throw new Error("interrupted");
        },
      }),
      /interrupted/,
    );
    assert.equal(await generatedAt(out), "2026-11-01T00:00:00.000Z");
    assert.equal(await readFile(join(out, "report.md"), "utf8"), before);
    assert.deepEqual(await readdir(parent), ["contoso"]);
  });

  it("a process killed while writing leaves the previous set; the next run takes over its lock", async () => {
    const parent = await freshParent();
    const out = join(parent, "contoso");
    await writeReports(stamped("failing", "2026-11-01T00:00:00.000Z"), out, ["json", "md", "csv"]);
    const script = `
      import { writeReports } from ${JSON.stringify(join(ROOT, "src/report/index.ts"))};
      import { readFileSync } from "node:fs";
      const result = JSON.parse(readFileSync(${JSON.stringify(join(ROOT, "test/fixtures/report/healthy.json"))}, "utf8"));
      await writeReports({ ...result, generatedAt: "2026-11-02T00:00:00.000Z" }, ${JSON.stringify(out)}, ["json", "md", "csv"], {
        onFileWritten: (file) => { if (file === "report.md") process.kill(process.pid, "SIGKILL"); },
      });`;
    const signal = await new Promise<string | null>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: ROOT,
        stdio: "ignore",
      });
      child.on("close", (_code, killedBy) => resolve(killedBy));
    });
    assert.equal(signal, "SIGKILL");
    assert.equal(await generatedAt(out), "2026-11-01T00:00:00.000Z");
    assert.deepEqual((await readdir(out)).sort(), ["findings.csv", "report.md", "result.json"]);
    // the killed run's lock and staging folder are left behind; the next run cleans them up
    assert.ok((await readdir(parent)).length > 1);
    await writeReports(stamped("healthy", "2026-11-03T00:00:00.000Z"), out, ["json"]);
    assert.equal(await generatedAt(out), "2026-11-03T00:00:00.000Z");
    assert.deepEqual(await readdir(parent), ["contoso"]);
  });

  it("a second run into the same folder refuses while the first is writing; nothing mixes", async () => {
    const out = join(await freshParent(), "contoso");
    let second: Promise<unknown> | undefined;
    let refusal: unknown;
    await writeReports(stamped("failing", "2026-11-01T00:00:00.000Z"), out, ["json", "md", "csv"], {
      onFileWritten: (file) => {
        if (file === "result.json")
          second = writeReports(stamped("healthy", "2026-11-02T00:00:00.000Z"), out, [
            "json",
            "md",
            "csv",
          ]).catch((error: unknown) => (refusal = error));
      },
    });
    await second;
    assert.ok(refusal instanceof OutputError, String(refusal));
    assert.match(refusal.message, /Another wsus-audit run \(process \d+\) is writing reports to .*contoso/);
    assert.equal(await generatedAt(out), "2026-11-01T00:00:00.000Z");
    const md = await readFile(join(out, "report.md"), "utf8");
    assert.match(
      md,
      new RegExp(loadFixture("failing").findings[0]!.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
    );
  });

  it("refuses a folder holding the user's own files and leaves them alone", async () => {
    const out = await freshParent();
    await writeFile(join(out, "notes.txt"), "mine");
    await assert.rejects(
      writeReports(loadFixture("healthy"), out, ["json"]),
      /holds files that are not wsus-audit reports \(notes\.txt\); choose a new or empty folder with --out/,
    );
    assert.deepEqual(await readdir(out), ["notes.txt"]);
  });
});

describe("--out the user cannot write to (issue 20 case 9)", () => {
  it("--out at an existing file: one sentence, exit 2", async () => {
    const parent = await freshParent();
    const file = join(parent, "report.txt");
    await writeFile(file, "x");
    const run = await runSourceCli([
      "audit",
      "samples/healthy",
      "--out",
      file,
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /report\.txt is a file, not a folder: give --out the name of a folder for the reports\./,
    );
    assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
    assert.equal(await readFile(file, "utf8"), "x");
  });

  it("--out under /proc (nothing can be written there) ends at once with exit 2", async () => {
    const started = Date.now();
    const run = await runSourceCli([
      "audit",
      "samples/healthy",
      "--out",
      "/proc/wsus-audit-x",
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot be written beside \/proc\/wsus-audit-x|cannot be created/);
    assert.doesNotMatch(run.stderr, /internal error|This is a bug/);
    assert.ok(Date.now() - started < 60_000);
  });

  it("a path through a file is refused the same way", async () => {
    const parent = await freshParent();
    await writeFile(join(parent, "file"), "x");
    await mkdir(join(parent, "ok"));
    await assert.rejects(
      writeReports(loadFixture("healthy"), join(parent, "file", "sub"), ["json"]),
      OutputError,
    );
  });

  it("the reports folder is as open as any new folder (mkdtemp's private 0700 is not kept)", async () => {
    const parent = await freshParent();
    const out = join(parent, "reports");
    await writeReports(loadFixture("healthy"), out, ["json"]);
    const mask = process.umask();
    assert.equal((await stat(out)).mode & 0o777, 0o777 & ~mask);
  });
});

/**
 * The tests run as root, to whom every folder is writable: the CLI runs as `nobody` here (or as
 * the user the tests run as, when that is not root) against folders only root may write to.
 */
describe("--out at a folder the user cannot write to (issue 20 case 9)", () => {
  const nobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

  async function lockedDown(): Promise<string> {
    const parent = await freshParent();
    await chmod(parent, 0o755);
    return parent;
  }

  function audit(out: string) {
    return runSourceCli(["audit", "samples/healthy", "--out", out, "--format", "json", "--quiet"], nobody);
  }

  it("an existing folder that cannot be written: one sentence, exit 2, the previous reports untouched", async () => {
    const parent = await freshParent();
    await chmod(parent, 0o777); // the parent is writable: only the folder itself is protected
    const out = join(parent, "reports");
    await mkdir(out);
    await writeFile(join(out, "result.json"), "previous");
    await chmod(out, 0o555);
    const run = await audit(out);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /The output folder \S+reports cannot be written \(permission denied\); choose a folder you can write to with --out\./,
    );
    assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
    // before the fix the folder was swapped for a new one and the old set left beside it
    assert.deepEqual(await readdir(parent), ["reports"]);
    assert.equal(await readFile(join(out, "result.json"), "utf8"), "previous");
  });

  it("a new folder whose parent cannot be written: one sentence, exit 2, before the audit", async () => {
    const parent = await lockedDown();
    for (const out of [join(parent, "reports"), join(parent, "deeper", "reports")]) {
      const run = await audit(out);
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /Reports cannot be written beside \S+reports \(permission denied\); choose a folder you can write to with --out\./,
      );
      assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
      assert.deepEqual(await readdir(parent), []);
    }
  });

  it("batch: an --out it cannot write to, or a file, is one sentence and exit 2 (it was an internal error)", async () => {
    const parent = await lockedDown();
    const run = await runSourceCli(
      ["batch", "samples/healthy", "--out", join(parent, "reports"), "--format", "json", "--quiet"],
      nobody,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /Reports cannot be written to \S+reports \(permission denied\); choose a folder you can write to with --out\./,
    );
    assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
    await writeFile(join(parent, "file"), "x");
    const file = await runSourceCli([
      "batch",
      "samples/healthy",
      "--out",
      join(parent, "file"),
      "--format",
      "json",
      "--quiet",
    ]);
    assert.equal(file.code, 2, file.stderr);
    assert.match(file.stderr, /file is a file, not a folder/);
  });

  it("diff --out a place it cannot write to: one sentence, exit 2 (it was an internal error)", async () => {
    const parent = await lockedDown();
    const result = join(ROOT, "test/fixtures/report/healthy.json");
    const run = await runSourceCli(
      ["diff", result, result, "--format", "html", "--out", join(parent, "changes.html")],
      nobody,
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /changes\.html could not be written \(permission denied\); choose a place you can write to with --out\./,
    );
    assert.doesNotMatch(run.stderr, /internal error|This is a bug|\n\s+at /);
    assert.deepEqual(await readdir(parent), []);
  });
});
