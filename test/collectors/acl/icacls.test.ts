import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { aclSource } from "../../../src/collectors/acl/index.js";
import type { AclFragment } from "../../../src/collectors/acl/facts.js";
import { parseIcacls, parseIcaclsAce, splitPathLine } from "../../../src/collectors/acl/icacls.js";
import { textLines } from "../../../src/collectors/acl/decode.js";
import { collectWith, fixture, fromText } from "./helpers.js";

const NS = "S-1-5-20";

describe("icacls display output", () => {
  it("reads a PowerShell 5.1 dump (UTF-16LE, BOM, CRLF, one call per path) with paths containing spaces", async () => {
    const { kind, output } = await collectWith(
      aclSource.collectors,
      await fixture("acl", "icacls-healthy-en-ps51.txt"),
    );
    assert.equal(kind, "icacls");
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    const facts = output.facts as AclFragment;
    assert.deepEqual(
      facts.objects.map((o) => o.path),
      [
        "C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\Temporary ASP.NET Files",
        "C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\CONFIG",
        "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files",
        "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\CONFIG",
        "C:\\Windows\\Temp",
        "D:\\WSUS\\WSUSContent",
        "C:\\Program Files\\Update Services\\WebServices",
      ],
    );
    const webServices = facts.objects[6]!;
    assert.equal(webServices.line, 87);
    assert.equal(webServices.aces.length, 13);
    const users = webServices.aces.find((a) => a.printed === "(I)(OI)(CI)(IO)(GR,GE)")!;
    assert.equal(users.principal.sid, "S-1-5-32-545");
    assert.ok(users.inherited && users.inheritOnly && users.objectInherit && users.containerInherit);
    assert.equal(users.appliesTo, "subfolders and files only");
    const ns = webServices.effective.find((e) => e.sid === NS)!;
    assert.equal(ns.fullControl, true);
    assert.equal(ns.explicit, true);
    assert.deepEqual(ns.appliesTo, ["this folder, subfolders and files"]);
    // The absent C:\temp is an error line, not a rejected line.
    assert.deepEqual(
      facts.errors.map((e) => [e.path, e.line, e.message]),
      [["C:\\temp", 76, "The system cannot find the file specified."]],
    );
  });

  it("reads German output redirected from cmd (OEM code page 850) and maps NETZWERKDIENST to S-1-5-20", async () => {
    const { output } = await collectWith(
      aclSource.collectors,
      await fixture("acl", "icacls-de-cmd-cp850.txt"),
    );
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    assert.match(output.problems[0]!.message, /code page 850/);
    const facts = output.facts as AclFragment;
    const web = facts.objects.find((o) => o.path.endsWith("WebServices"))!;
    const ns = web.effective.find((e) => e.sid === NS)!;
    assert.deepEqual(ns.printedAs, ["NT-AUTORITÄT\\NETZWERKDIENST"]);
    assert.equal(ns.has, "Read & execute (RX)");
    assert.equal(ns.fullControl, false);
    assert.equal(facts.errors[0]!.message, "Das System kann die angegebene Datei nicht finden.");
  });

  it("splits the path from the first ACE by the continuation indent, or by the principal when there is none", () => {
    const line = "C:\\Program Files\\Update Services\\WebServices NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)";
    assert.deepEqual(splitPathLine(line), {
      path: "C:\\Program Files\\Update Services\\WebServices",
      ace: "NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)",
    });
    assert.deepEqual(splitPathLine("D:\\WSUS Data\\WSUSContent CONTOSO\\WSUS Administrators:(OI)(CI)(M)"), {
      path: "D:\\WSUS Data\\WSUSContent",
      ace: "CONTOSO\\WSUS Administrators:(OI)(CI)(M)",
    });
    const padded = " ".repeat("D:\\A B\\C".length + 1) + "BUILTIN\\Users:(RX)";
    assert.deepEqual(splitPathLine("D:\\A B\\C Jeder:(R)", padded), { path: "D:\\A B\\C", ace: "Jeder:(R)" });
  });

  it("reads DENY, specific rights, bare SIDs, mixed-case Rc and skips mandatory labels", () => {
    const deny = parseIcaclsAce(
      "S-1-5-21-1004336348-1177238915-682003330-1001:(I)(OI)(CI)(IO)(DENY)(W,D,Rc,GW,DC)",
      3,
    );
    assert.ok(deny && deny !== "label");
    assert.equal(deny.type, "deny");
    assert.equal(deny.principal.resolved, true);
    assert.equal(deny.mask, (0x100116 | 0x10000 | 0x20000 | 0x40000000 | 0x40) >>> 0);
    const empty = parseIcaclsAce("S-1-5-88-3-0:(N)", 4);
    assert.ok(empty && empty !== "label" && empty.mask === 0);
    assert.equal(parseIcaclsAce("Mandatory Label\\High Mandatory Level:(NW)", 5), "label");
    assert.equal(parseIcaclsAce("BUILTIN\\Users:(XYZ)", 6), undefined);
  });

  it("reads LF-only text, several objects of one /T call and counts a broken line with its number", () => {
    const text = [
      "D:\\WSUS\\WSUSContent NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)",
      "                    BUILTIN\\Administrators:(OI)(CI)(F)",
      "",
      "D:\\WSUS\\WSUSContent\\00 NT AUTHORITY\\NETWORK SERVICE:(I)(OI)(CI)(F)",
      "",
      "garbage that is not icacls",
      "",
      "Successfully processed 2 files; Failed processing 0 files",
    ].join("\n");
    const result = parseIcacls(textLines(text), "acl/t.txt");
    assert.equal(result.objects.length, 2);
    assert.equal(result.objects[0]!.aces.length, 2);
    assert.equal(result.rejected, 1);
    assert.equal(result.problems[0]!.line, 6);
    assert.deepEqual(result.summaries, [{ processed: 2, failed: 0, line: 8 }]);
  });

  it("recognises the French summary line and does not mistake it for a path", async () => {
    const text =
      "C:\\Windows\\Temp AUTORITE NT\\SERVICE RÉSEAU:(OI)(CI)(F)\r\n                AUTORITE NT\\Système:(OI)(CI)(F)\r\n\r\n1 fichiers correctement traités ; échec du traitement de 0 fichiers\r\n";
    const { output } = await collectWith(
      aclSource.collectors,
      await fromText("acl/fr.txt", text, "utf-16le-bom"),
    );
    assert.equal(output.status, "parsed");
    assert.equal(output.rejected, 0);
    const object = (output.facts as AclFragment).objects[0]!;
    assert.deepEqual(
      object.effective.map((e) => [e.sid, e.fullControl]),
      [
        [NS, true],
        ["S-1-5-18", true],
      ],
    );
  });
});
