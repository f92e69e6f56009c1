/**
 * The package as a consultant gets it: `npm pack`, then `npm install -g --offline <tarball>` into a
 * fresh prefix, then the installed `wsus-audit` audits a sample to PDF with the browser already on
 * the machine. Offline on purpose: the dependencies travel inside the tarball (bundleDependencies)
 * and puppeteer-core downloads no browser, so a laptop without a network installs it too.
 * `npm test` builds dist/ first; the pack skips its own build (--ignore-scripts) to save a minute.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../helpers/cli.js";
import { requireChromium, tempDir } from "../report/helpers.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const done = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
    shell: process.platform === "win32",
  });
  const stderr = (done.stderr ?? "") + (done.error ? `\n${done.error.message}` : "");
  return { code: done.status ?? -1, stdout: done.stdout ?? "", stderr };
}

describe("the packed tarball", () => {
  it("installs globally offline with no browser download and audits a sample to PDF", () => {
    const browser = requireChromium();
    assert.ok(existsSync(join(ROOT, "dist/wsus-audit.js")), "dist/ is built (npm run build)");
    const work = tempDir("package");

    const packed = run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((file) => file.path);
    for (const needed of [
      "LICENSE",
      "README.md",
      "dist/wsus-audit.js",
      "docs/rules.md",
      "rules/rule.schema.json",
      "collect/Collect-WsusServerEvidence.ps1",
      "collect/Collect-WsusClientEvidence.ps1",
    ])
      assert.ok(files.includes(needed), `the package holds ${needed}`);
    assert.deepEqual(
      files.filter((file) => file.startsWith("dist/")),
      ["dist/wsus-audit.js"],
      "dist/ ships the one bundled CLI: no modules built for profiling, no source maps pointing at src/",
    );
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      license: string;
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.license, "MIT");
    assert.match(readFileSync(join(ROOT, "LICENSE"), "utf8"), /^MIT License/);
    assert.equal(
      manifest.dependencies["puppeteer"],
      undefined,
      "puppeteer (which downloads Chrome) is not a dependency",
    );

    const prefix = join(work, "prefix");
    const browserCache = join(work, "browser-cache");
    const installed = run(
      npm,
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        "--offline",
        "--no-audit",
        "--no-fund",
        join(work, info!.filename),
      ],
      work,
      { PUPPETEER_CACHE_DIR: browserCache },
    );
    if (/ENOTCACHED/.test(installed.stderr))
      assert.fail(
        `npm wanted a package from the registry although the tarball bundles its dependencies (a dependency was missing from node_modules when it was packed: run npm ci first):\n${installed.stderr}`,
      );
    assert.equal(installed.code, 0, installed.stderr);
    assert.equal(existsSync(browserCache), false, "no browser was downloaded");

    const bin =
      process.platform === "win32" ? join(prefix, "wsus-audit.cmd") : join(prefix, "bin", "wsus-audit");
    const cwd = join(work, "consultant");
    mkdirSync(cwd);
    const audit = run(
      bin,
      ["audit", join(ROOT, "samples/quickstart"), "--format", "pdf,json", "--browser", browser],
      cwd,
    );
    assert.equal(audit.code, 0, audit.stderr);
    const pdf = readFileSync(join(cwd, "reports", "quickstart", "report.pdf"));
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.ok(existsSync(join(cwd, "reports", "quickstart", "result.json")));

    const scripts = run(bin, ["collect-scripts", "--out", join(work, "collect")], cwd);
    assert.equal(scripts.code, 0, scripts.stderr);
    assert.ok(existsSync(join(work, "collect", "Collect-WsusServerEvidence.ps1")));
  });
});
