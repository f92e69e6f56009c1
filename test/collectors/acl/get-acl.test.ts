import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { aclSource } from "../../../src/collectors/acl/index.js";
import type { AclFragment } from "../../../src/collectors/acl/facts.js";
import { parseSddl } from "../../../src/collectors/acl/sddl.js";
import { resolvePrincipal } from "../../../src/knowledge/principals.js";
import { collectWith, fixture } from "./helpers.js";

describe("Get-Acl, SDDL and icacls /save", () => {
  it("reads Get-Acl | Format-List (UTF-16LE) and re-joins the Sddl value wrapped at the console width", async () => {
    const { kind, output } = await collectWith(
      aclSource.collectors,
      await fixture("acl", "getacl-deny-en-ps51.txt"),
    );
    assert.equal(kind, "get-acl-list");
    assert.equal(output.rejected, 0);
    const facts = output.facts as AclFragment;
    assert.equal(facts.objects.length, 5);
    const content = facts.objects.find((o) => o.path === "E:\\WSUS\\WSUSContent")!;
    assert.equal(content.line, 57);
    assert.equal(content.owner, "BUILTIN\\Administrators");
    // Every ACE of the wrapped SDDL is read: the explicit deny first, then the inherited allows.
    assert.deepEqual(
      content.aces.map((a) => `${a.type}:${a.principal.sid}:${a.inherited}`),
      [
        "deny:S-1-5-20:false",
        "allow:S-1-5-20:true",
        "allow:S-1-5-18:true",
        "allow:S-1-5-32-544:true",
        "allow:S-1-5-32-545:true",
        "allow:S-1-3-0:true",
      ],
    );
    const ns = content.effective.find((e) => e.sid === "S-1-5-20")!;
    assert.equal(ns.fullControl, false, "an explicit DENY wins over inherited Full Control");
    assert.equal(ns.hasDeny, true);
    assert.equal(ns.deniedMask, 0x110116);
  });

  it("reads French names and, without Sddl, the Access column with unknown inheritance", async () => {
    const { output } = await collectWith(aclSource.collectors, await fixture("acl", "getacl-fr-ps51.txt"));
    const [content, web] = (output.facts as AclFragment).objects;
    assert.equal(content!.effective.find((e) => e.sid === "S-1-5-20")!.printedAs[0], "NS");
    assert.equal(web!.path, "C:\\Program Files\\Update Services\\WebServices");
    assert.match(web!.notes.join(" "), /No Sddl value/);
    const ns = web!.aces.find((a) => a.principal.raw === "AUTORITE NT\\SERVICE RÉSEAU")!;
    assert.equal(ns.principal.sid, "S-1-5-20");
    assert.equal(ns.flagsKnown, false);
    const system = web!.aces.filter((a) => a.principal.sid === "S-1-5-18");
    assert.deepEqual(
      system.map((a) => a.inheritOnly),
      [false, true],
      "the numeric generic entry is the inherit-only half",
    );
    assert.equal(web!.effective.find((e) => e.sid === "S-1-5-20")!.has, "Read & execute (RX)");
  });

  it("reads Get-Acl | ConvertTo-Json from PowerShell 7 (Sddl, or Access rules with numbers and names)", async () => {
    const { kind, output } = await collectWith(aclSource.collectors, await fixture("acl", "getacl-ps7.json"));
    assert.equal(kind, "get-acl-json");
    const [temp, content] = (output.facts as AclFragment).objects;
    assert.equal(temp!.protected, true);
    assert.equal(temp!.effective.find((e) => e.sid === "S-1-5-20")!.fullControl, true);
    assert.equal(content!.line, 8);
    const ns = content!.aces[0]!;
    assert.deepEqual(
      [ns.principal.sid, ns.mask, ns.inherited, ns.objectInherit, ns.containerInherit],
      ["S-1-5-20", 1245631, true, true, true],
    );
    assert.equal(content!.aces[1]!.principal.sid, "S-1-5-18");
  });

  it("reads icacls /save output (UTF-16LE without BOM): name and SDDL pairs", async () => {
    const { kind, output } = await collectWith(
      aclSource.collectors,
      await fixture("acl", "icacls-save-utf16le.txt"),
    );
    assert.equal(kind, "icacls-save");
    const objects = (output.facts as AclFragment).objects;
    assert.deepEqual(
      objects.map((o) => [o.path, o.line, o.aces.length]),
      [
        ["WSUSContent", 1, 4],
        ["UpdateServicesDbFiles", 3, 2],
      ],
    );
  });

  it("parses SDDL aliases, hex masks, registry rights and skips audit entries", () => {
    const parsed = parseSddl(
      "O:BAG:SYD:PAI(A;CI;KA;;;NS)(D;;0x10000;;;WD)(A;OICIIO;GR;;;S-1-5-17)S:AI(AU;SA;FA;;;WD)",
    );
    assert.equal(parsed.owner, "BUILTIN\\Administrators");
    assert.equal(parsed.group, "NT AUTHORITY\\SYSTEM");
    assert.equal(parsed.protected, true);
    assert.deepEqual(
      parsed.aces.map((a) => [a.type, a.principal.sid, a.mask, a.inheritOnly]),
      [
        ["allow", "S-1-5-20", 0xf003f, false],
        ["deny", "S-1-1-0", 0x10000, false],
        ["allow", "S-1-5-17", 0x80000000, true],
      ],
    );
  });

  it("normalises NETWORK SERVICE in English, German, French, by SID, and flags unknown NT-authority names", () => {
    for (const name of [
      "NT AUTHORITY\\NETWORK SERVICE",
      "NT-AUTORITÄT\\NETZWERKDIENST",
      "AUTORITE NT\\SERVICE RÉSEAU",
      "autorité nt\\service reseau",
      "S-1-5-20",
      "*S-1-5-20",
    ]) {
      assert.equal(resolvePrincipal(name).sid, "S-1-5-20", name);
    }
    const polish = resolvePrincipal("ZARZĄDZANIE NT\\USŁUGA SIECIOWA");
    assert.equal(polish.resolved, false);
    assert.equal(polish.unresolvedBuiltin, true);
    assert.equal(resolvePrincipal("CONTOSO\\wsus-admins").unresolvedBuiltin, undefined);
  });
});
