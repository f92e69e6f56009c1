import { strict as assert } from "node:assert";
import { mkdtemp, mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listBundleFolder, parseManifest } from "../../src/bundle/discover.js";

describe("bundle discovery", () => {
  it("lists every file recursively in a stable order and sets the manifest and links aside", async () => {
    const root = await mkdtemp(join(tmpdir(), "wsus-bundle-"));
    await mkdir(join(root, "iis", "W3SVC1"), { recursive: true });
    await writeFile(join(root, "iis", "W3SVC1", "u_ex261118.log"), "#Fields: date\r\n");
    await writeFile(join(root, "a.txt"), "hello");
    await writeFile(
      join(root, "bundle.json"),
      JSON.stringify({ customer: "Fabrikam", wsus: { server: "wsus01", port: "8530" } }),
    );
    await symlink("/etc/passwd", join(root, "passwd-link"));
    const listing = await listBundleFolder(root);
    assert.deepEqual(
      listing.files.map((f) => f.path),
      ["a.txt", "iis/W3SVC1/u_ex261118.log"],
    );
    assert.deepEqual(listing.manifest, { customer: "Fabrikam", wsus: { server: "wsus01", port: 8530 } });
    assert.deepEqual(
      listing.setAside.map((f) => [f.path, f.kind, f.status]),
      [
        ["bundle.json", "manifest", "parsed"],
        ["passwd-link", "link", "skipped"],
      ],
    );
  });

  it("reports a missing bundle as an error a user understands", async () => {
    await assert.rejects(listBundleFolder("/nonexistent/bundle"), /does not exist/);
  });
});

describe("bundle.json", () => {
  it("types the port and reports wrong values instead of using them", () => {
    const { manifest, problems } = parseManifest(
      JSON.stringify({ wsus: { port: "eighty", ssl: "yes", server: "wsus01" } }),
    );
    assert.deepEqual(manifest, { wsus: { server: "wsus01" } });
    assert.equal(problems.length, 2);
  });
  it("ignores a broken manifest with a reason", () => {
    const { manifest, problems } = parseManifest("{ customer: Fabrikam");
    assert.deepEqual(manifest, {});
    assert.match(problems[0]!, /not valid JSON/);
  });
  it("ignores __proto__ keys", () => {
    const { manifest } = parseManifest('{"__proto__": {"polluted": true}, "customer": "X"}');
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    assert.equal(manifest.customer, "X");
  });
});

describe("bundle.json wsus.contentDir is a Windows path whatever system audits it", () => {
  it("drive letters and UNC shares are kept, separators tidied; anything else is a problem", () => {
    const read = (contentDir: string) => parseManifest(JSON.stringify({ wsus: { contentDir } }));
    assert.equal(read("D:/WSUS/").manifest.wsus?.contentDir, "D:\\WSUS");
    assert.equal(read("d:\\WSUS\\\\WSUSContent\\").manifest.wsus?.contentDir, "d:\\WSUS\\WSUSContent");
    assert.equal(read("\\\\nas01\\wsus$\\").manifest.wsus?.contentDir, "\\\\nas01\\wsus$");
    assert.equal(read("//nas01/wsus/WsusContent").manifest.wsus?.contentDir, "\\\\nas01\\wsus\\WsusContent");
    assert.equal(read("E:\\").manifest.wsus?.contentDir, "E:\\");
    // a backslash path keeps its other characters as typed (a name may hold a slash-like payload)
    assert.equal(read("D:\\WSUS\\a</b>").manifest.wsus?.contentDir, "D:\\WSUS\\a</b>");
    for (const wrong of ["WSUS", "/srv/wsus", "D:WSUS"]) {
      const parsed = read(wrong);
      assert.equal(parsed.manifest.wsus?.contentDir, undefined, wrong);
      assert.match(
        parsed.problems.join(" "),
        /must be a Windows path with a drive letter or a UNC share/,
        wrong,
      );
    }
  });
});
