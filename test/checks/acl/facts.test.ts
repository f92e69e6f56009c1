import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { aclSource, mergeAcl } from "../../../src/collectors/acl/index.js";
import type { AclFacts, AclFragment } from "../../../src/collectors/acl/facts.js";
import { parseIcacls } from "../../../src/collectors/acl/icacls.js";
import { textLines } from "../../../src/collectors/acl/decode.js";
import type { Facts } from "../../../src/collectors/facts.js";
import { networkServiceAccess } from "../../../src/checks/acl/facts.js";
import { collectWith, fixture } from "../../collectors/acl/helpers.js";

const rule = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../rules/acl/acl-network-service-full-control.json"), "utf8"),
);
const params = {
  paths: rule.params.paths.default,
  principal: "S-1-5-20",
  memberOf: rule.params.memberOf.default,
  required: "FullControl",
};

function facts(acl: AclFacts, contentDir?: string): Facts {
  return {
    bundle: { name: "t", manifest: {}, wsus: contentDir ? { contentDir } : {}, sources: ["acl"], kinds: [] },
    acl,
  };
}
async function fromFixture(name: string): Promise<AclFacts> {
  const { output } = await collectWith(aclSource.collectors, await fixture("acl", name));
  return mergeAcl([{ file: name, facts: output.facts as AclFragment }]);
}
function fromIcacls(text: string): AclFacts {
  const parsed = parseIcacls(textLines(text), "acl/t.txt");
  return mergeAcl([{ file: "acl/t.txt", facts: { objects: parsed.objects, errors: [] } }]);
}
const block = (path: string, aces: string[]): string =>
  [`${path} ${aces[0]}`, ...aces.slice(1).map((a) => `${" ".repeat(path.length + 1)}${a}`), ""].join("\r\n");

describe("networkServiceAccess", () => {
  it("passes the healthy dump: every Framework/Framework64 version folder, Temp, WSUSContent and WebServices", async () => {
    const result = networkServiceAccess(
      facts(await fromFixture("icacls-healthy-en-ps51.txt"), "D:\\WSUS\\WSUSContent"),
      params,
    );
    assert.equal(result.failingCount, 0);
    assert.equal(result.missingCount, 0);
    assert.equal(result.checkedCount, 7);
    assert.equal(result.checked.find((r) => r.path === "C:\\temp")!.status, "absent");
  });

  it("reports what NETWORK SERVICE has versus what it needs, with file and line, and groups count (Users' RX)", async () => {
    const result = networkServiceAccess(
      facts(await fromFixture("icacls-missing-fc-en-ps51.txt"), "D:\\WSUS\\WSUSContent"),
      params,
    );
    assert.deepEqual(
      result.failing.map((r) => [r.path, r.has, r.needs, r.missing, r.file, r.line]),
      [
        [
          "D:\\WSUS\\WSUSContent",
          "Modify (M)",
          "Full Control (F)",
          "DELETE_CHILD, WRITE_DAC, WRITE_OWNER",
          "acl/icacls-missing-fc-en-ps51.txt",
          43,
        ],
        [
          "C:\\Program Files\\Update Services\\WebServices",
          "Read & execute (RX)",
          "Full Control (F)",
          "WRITE_DATA, APPEND_DATA, WRITE_EA, DELETE_CHILD, WRITE_ATTRIBUTES, DELETE, WRITE_DAC, WRITE_OWNER",
          "acl/icacls-missing-fc-en-ps51.txt",
          52,
        ],
      ],
    );
    // Only Framework64 is in this dump: the 32-bit folders are not expected.
    assert.equal(result.missingCount, 0);
  });

  it("lets an explicit DENY win over inherited Full Control and says where to remove it", async () => {
    const result = networkServiceAccess(
      facts(await fromFixture("getacl-deny-en-ps51.txt"), "E:\\WSUS"),
      params,
    );
    assert.equal(result.contentDir.path, "E:\\WSUS\\WSUSContent");
    assert.equal(result.failing.length, 1);
    assert.match(
      result.failing[0]!.has,
      /DENY WRITE_DATA, APPEND_DATA, WRITE_EA, WRITE_ATTRIBUTES, DELETE, SYNCHRONIZE by NT AUTHORITY\\NETWORK SERVICE \(explicit\)/,
    );
    assert.deepEqual(
      result.denied.map((d) => [d.fixPath, d.principalArg, d.inherited]),
      [["E:\\WSUS\\WSUSContent", "*S-1-5-20", false]],
    );
  });

  it("counts a DENY for Everyone and finds an inherited DENY's origin in the dump", () => {
    const acl = fromIcacls(
      block("D:\\WSUS", ["Everyone:(OI)(CI)(DENY)(WDAC)", "NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)"]) +
        "\r\n" +
        block("D:\\WSUS\\WSUSContent", [
          "Everyone:(I)(OI)(CI)(DENY)(WDAC)",
          "NT AUTHORITY\\NETWORK SERVICE:(I)(OI)(CI)(F)",
        ]),
    );
    const result = networkServiceAccess(facts(acl, "D:\\WSUS"), params);
    const row = result.checked.find((r) => r.path === "D:\\WSUS\\WSUSContent")!;
    assert.equal(row.status, "fail");
    assert.equal(row.missing, "WRITE_DAC");
    assert.deepEqual(
      result.denied.map((d) => [d.fixPath, d.principalArg]),
      [["D:\\WSUS", "*S-1-1-0"]],
    );
  });

  it("lists folders the dump lacks as missing (not passed), including a second .NET version's CONFIG", () => {
    const acl = fromIcacls(
      block("C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\CONFIG", [
        "NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)",
      ]) +
        "\r\n" +
        block("C:\\Windows\\Microsoft.NET\\Framework64\\v3.5", ["BUILTIN\\Users:(RX)"]),
    );
    const result = networkServiceAccess(facts(acl), params);
    assert.equal(result.failingCount, 0);
    assert.deepEqual(
      result.missing.map((r) => r.path),
      [
        "C:\\Windows\\Microsoft.NET\\Framework64\\v2.0.50727\\Temporary ASP.NET Files",
        "C:\\Windows\\Temp",
        "C:\\WSUS\\WSUSContent",
        "C:\\Program Files\\Update Services\\WebServices",
      ],
    );
    assert.match(result.contentDir.source, /guide's default/);
  });

  it("does not call a path failed when the only candidate account is an unknown NT-authority name", () => {
    const acl = fromIcacls(
      block("C:\\Windows\\Temp", [
        "ZARZĄDZANIE NT\\USŁUGA SIECIOWA:(OI)(CI)(F)",
        "BUILTIN\\Administrators:(OI)(CI)(F)",
      ]),
    );
    const row = networkServiceAccess(facts(acl), params).checked.find((r) => r.path === "C:\\Windows\\Temp")!;
    assert.equal(row.status, "unresolved");
  });
});
