/** ACL evidence as it really arrives: pasted from a ticket or a mail, SDDL with any alias Windows defines. */
import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { aclSource } from "../../../src/collectors/acl/index.js";
import type { AclFragment } from "../../../src/collectors/acl/facts.js";
import { parseSddl } from "../../../src/collectors/acl/sddl.js";
import { FIXTURES, collectWith, fixture, fromText } from "./helpers.js";

async function objectsOf(file: Awaited<ReturnType<typeof fromText>>) {
  const { kind, output } = await collectWith(aclSource.collectors, file);
  assert.equal(kind, "icacls");
  return { output, objects: (output.facts as AclFragment).objects };
}

describe("icacls output pasted without its indentation", () => {
  it("reads the same objects and ACEs as the original dump; no folder is named after an account", async () => {
    const original = await objectsOf(await fixture("acl", "icacls-healthy-en-ps51.txt"));
    const text = (await readFile(join(FIXTURES, "acl", "icacls-healthy-en-ps51.txt")))
      .subarray(2)
      .toString("utf16le");
    const pasted = text
      .split("\r\n")
      .map((line) => line.trimStart())
      .join("\n");
    assert.match(pasted, /^NT AUTHORITY\\SYSTEM:\(I\)\(F\)$/m, "the pasted form really has bare ACE lines");
    const { output, objects } = await objectsOf(await fromText("acl/pasted.txt", pasted));
    assert.equal(output.rejected, 0);
    assert.deepEqual(
      objects.map((o) => o.path),
      original.objects.map((o) => o.path),
    );
    assert.deepEqual(
      objects.map((o) => o.aces.length),
      original.objects.map((o) => o.aces.length),
    );
    assert.ok(!objects.some((o) => /^(NT|BUILTIN|CREATOR|APPLICATION)\b/.test(o.path)));
  });

  it("a localised pasted block (German) keeps its ACEs with the path", async () => {
    const pasted = [
      "D:\\WSUS\\WSUSContent NT-AUTORITÄT\\NETZWERKDIENST:(OI)(CI)(F)",
      "NT-AUTORITÄT\\SYSTEM:(I)(OI)(CI)(F)",
      "VORDEFINIERT\\Administratoren:(I)(OI)(CI)(F)",
      "ERSTELLER-BESITZER:(I)(OI)(CI)(IO)(F)",
      "",
      "1 Dateien erfolgreich verarbeitet, bei 0 Dateien ist ein Verarbeitungsfehler aufgetreten.",
    ].join("\r\n");
    const { output, objects } = await objectsOf(await fromText("acl/pasted-de.txt", pasted));
    assert.equal(output.rejected, 0);
    assert.deepEqual(
      objects.map((o) => [o.path, o.aces.length]),
      [["D:\\WSUS\\WSUSContent", 4]],
    );
  });
});

describe("SDDL trustee aliases", () => {
  it("resolves every alias Windows defines, e.g. AC, CO, ED, SI; domain-relative ones by name and RID", () => {
    const parsed = parseSddl(
      "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICIIO;FA;;;CO)(A;OICI;0x1200a9;;;AC)(A;;FA;;;ED)(A;;FR;;;DA)(A;;FR;;;RD)",
    );
    assert.deepEqual(parsed.invalid, []);
    assert.deepEqual(
      parsed.aces.map((ace) => [ace.principal.name, ace.principal.sid ?? null]),
      [
        ["NT AUTHORITY\\SYSTEM", "S-1-5-18"],
        ["CREATOR OWNER", "S-1-3-0"],
        ["APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES", "S-1-15-2-1"],
        ["NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS", "S-1-5-9"],
        ["Domain Admins (domain RID 512)", null],
        ["BUILTIN\\Remote Desktop Users", "S-1-5-32-555"],
      ],
    );
  });
});
