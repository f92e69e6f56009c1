import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { adComputersSource } from "../../../src/collectors/ad-computers/index.js";
import { containerOf } from "../../../src/collectors/ad-computers/dn.js";
import type { AdComputersFragment } from "../../../src/collectors/ad-computers/facts.js";
import { collectWith, fixture } from "../acl/helpers.js";

async function read(name: string): Promise<AdComputersFragment> {
  const { kind, output } = await collectWith(
    adComputersSource.collectors,
    await fixture("ad-computers", name),
  );
  assert.equal(kind, "ad-computers-csv");
  assert.equal(output.status, "parsed", output.reason);
  return output.facts as AdComputersFragment;
}

describe("Get-ADComputer exports", () => {
  for (const [name, order] of [
    ["ps51-en-US.csv", "mdy"],
    ["ps7-de-DE.csv", "dmy"],
  ] as const) {
    it(`reads ${name}: name, DNS name, OU from the DN, enabled, last logon`, async () => {
      const facts = await read(name);
      assert.equal(facts.file.dateOrder, order);
      assert.equal(facts.computers.length, 12);
      const kiosk = facts.computers.find((c) => c.key === "KIOSK-014")!;
      assert.equal(kiosk.ou, "contoso.com/Stores/Kiosks");
      assert.equal(kiosk.dnsName, "kiosk-014.contoso.com");
      assert.equal(kiosk.enabled, true);
      assert.equal(kiosk.lastLogon?.at, "2026-11-25T06:30:00Z");
      assert.equal(facts.computers.find((c) => c.key === "RETIRED-9")!.enabled, false);
      assert.equal(facts.computers.find((c) => c.key === "NEWPC-77")!.ou, "contoso.com/Computers");
      const prestaged = facts.computers.find((c) => c.key === "PRESTAGED-1")!;
      assert.equal(prestaged.dnsName, undefined);
      assert.equal(prestaged.lastLogon?.never, true);
      // the key comes from the DNS name: 5.1's ASCII default writes "M?NCHEN-01" for the Name
      const munich = facts.computers.find((c) => c.key === "MUENCHEN-01")!;
      assert.ok(munich.ou?.startsWith("contoso.com/Clients/B"));
      assert.equal(munich.line, name === "ps51-en-US.csv" ? 14 : 13);
    });
  }

  it("turns distinguished names into the canonical paths Group Policy reports links with", () => {
    assert.equal(
      containerOf("CN=KIOSK-014,OU=Kiosks,OU=Stores,DC=contoso,DC=com"),
      "contoso.com/Stores/Kiosks",
    );
    assert.equal(
      containerOf("CN=Smith\\, J,OU=Büro\\, München,DC=ad,DC=example,DC=de"),
      "ad.example.de/Büro, München",
    );
    assert.equal(containerOf("not a dn"), undefined);
  });
});
