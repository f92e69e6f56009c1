/**
 * Issue 20 cases 2–4: what a customer's folder holds besides files. A named pipe made the audit
 * wait forever; a name that is not UTF-8 (cp1252 left by `unzip` from an old Windows zip) ended
 * the run with "ENOENT lstat"; an unreadable sub-folder was an "internal error". Each now ends in a
 * report with the odd entry in the inventory and its reason.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import fsPromises, { chmod, copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { displayName } from "../../src/bundle/discover.js";
import { auditBundle } from "../../src/pipeline/audit-bundle.js";
import { renderHtml } from "../../src/report/html/render.js";

const IIS_LOG = fileURLToPath(
  new URL("../../samples/iis-silent-clients/W3SVC1572271583/u_ex261005.log", import.meta.url),
);

async function bundleWithLog(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "wsus-odd-"));
  await mkdir(join(root, "W3SVC1"));
  await copyFile(IIS_LOG, join(root, "W3SVC1", "u_ex261005.log"));
  return root;
}

const entryOf = (result: Awaited<ReturnType<typeof auditBundle>>, path: string) =>
  result.inventory.find((entry) => entry.path === path);

describe("files that are not regular files (issue 20 case 2)", () => {
  it(
    "lists a named pipe and a socket as skipped instead of waiting on them",
    { timeout: 60_000 },
    async () => {
      const root = await bundleWithLog();
      execFileSync("mkfifo", [join(root, "collect.pipe")]);
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(join(root, "agent.sock"), resolve));
      try {
        const result = await auditBundle(root);
        assert.equal(entryOf(result, "collect.pipe")?.status, "skipped");
        assert.match(entryOf(result, "collect.pipe")!.reason!, /named pipe \(FIFO\), not a file/);
        assert.equal(entryOf(result, "agent.sock")?.status, "skipped");
        assert.match(entryOf(result, "agent.sock")!.reason!, /a socket, not a file/);
        assert.equal(entryOf(result, "W3SVC1/u_ex261005.log")?.status, "parsed");
      } finally {
        server.close();
      }
    },
  );

  it("does not read a named pipe called bundle.json", { timeout: 60_000 }, async () => {
    const root = await bundleWithLog();
    execFileSync("mkfifo", [join(root, "bundle.json")]);
    const result = await auditBundle(root);
    assert.equal(entryOf(result, "bundle.json")?.status, "skipped");
  });
});

describe("names that are not UTF-8 (issue 20 case 3)", () => {
  it("reads a cp1252-named log through its raw bytes and shows the name escaped", async () => {
    const root = await bundleWithLog();
    // "Überprüfung.log" as an old Windows zip stores it (cp1252), unpacked byte for byte
    const name = Buffer.from([...Buffer.from("\xdcberpr\xfcfung.log", "latin1")]);
    await copyFile(IIS_LOG, Buffer.concat([Buffer.from(root + "/"), name]));
    const result = await auditBundle(root);
    const entry = entryOf(result, "\\xDCberpr\\xFCfung.log");
    assert.equal(entry?.status, "parsed", JSON.stringify(result.inventory));
    assert.equal(entry?.records, entryOf(result, "W3SVC1/u_ex261005.log")?.records);
    assert.match(renderHtml(result), /\\xDCberpr\\xFCfung\.log/);
  });

  it("keeps UTF-8 names as they are and escapes only names that are not", () => {
    assert.equal(displayName(Buffer.from("Überprüfung.log", "utf8")), "Überprüfung.log");
    assert.equal(displayName(Buffer.from([0x61, 0xff, 0x0a, 0x62])), "a\\xFF\\x0Ab");
  });
});

describe("unreadable folders (issue 20 case 4)", () => {
  it("lists a folder that cannot be read and still audits the rest", async () => {
    const root = await bundleWithLog();
    const locked = join(root, "Locked");
    await mkdir(locked);
    await writeFile(join(locked, "secret.log"), "x");
    await chmod(locked, 0o000);
    // root reads any folder: make the listing fail as it does for a consultant's account
    const realReaddir = fsPromises.readdir;
    const denied = (async (path: unknown, ...rest: unknown[]) => {
      if (String(path).endsWith("Locked")) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), {
          code: "EACCES",
        });
      }
      return (realReaddir as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof realReaddir;
    fsPromises.readdir = denied;
    syncBuiltinESMExports();
    try {
      const result = await auditBundle(root);
      const entry = entryOf(result, "Locked/");
      assert.equal(entry?.status, "failed");
      assert.match(
        entry!.reason!,
        /folder could not be read \(access denied\): the files in it are not in this audit/,
      );
      assert.equal(entryOf(result, "W3SVC1/u_ex261005.log")?.status, "parsed");
    } finally {
      fsPromises.readdir = realReaddir;
      syncBuiltinESMExports();
      await chmod(locked, 0o700);
    }
  });
});
