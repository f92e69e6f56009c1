/**
 * GPO processing from a GPO report or backup (issue 15, Build 4): security filtering read from the
 * GPO's ACL, WMI filters known by name only, and Windows Update values in User Configuration. Reports
 * are written as Get-GPOReport writes them (UTF-16LE with BOM, CRLF, the Settings / Types / Security
 * namespaces) and read by the real collector; the real GPMC backups of test/fixtures/gpo/real give the
 * default ACL every new GPO gets.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import type { Facts } from "../../../src/collectors/facts.js";
import type { GpoDefinition, GpoFacts } from "../../../src/collectors/gpo/facts.js";
import { mergeGpo } from "../../../src/collectors/gpo/merge.js";
import { gpoLinkage } from "../../../src/checks/gpo/facts.js";
import { gpoReach, securityReach } from "../../../src/checks/gpo/filtering.js";
import { ouCoverage } from "../../../src/checks/clients/coverage.js";
import { collectBytes, collectFixture, utf16le } from "../../collectors/gpo/helpers.js";

const DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
const APPLY = "edacfd8f-ffb3-11d1-b41d-00a0c968f939";
/** The DACL GPMC gives a new GPO (as in the real backups): Authenticated Users read and apply. */
const DEFAULT_DACL = `(OA;CI;CR;${APPLY};;AU)(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;CI;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;CI;LCRPLORC;;;ED)(A;CI;LCRPLORC;;;AU)(A;CI;CCDCLCSWRPWPDTLOSDRCWDWO;;;SY)(A;CIIO;CCDCLCSWRPWPDTLOSDRCWDWO;;;CO)`;
const WSUS_VALUES = `
        <q1:RegistrySetting>
          <q1:KeyPath>Software\\Policies\\Microsoft\\Windows\\WindowsUpdate</q1:KeyPath>
          <q1:AdmSetting>false</q1:AdmSetting>
          <q1:Value>
            <q1:Name>WUServer</q1:Name>
            <q1:String>http://wsus01.corp.fabrikam.local:8530</q1:String>
          </q1:Value>
        </q1:RegistrySetting>
        <q1:RegistrySetting>
          <q1:KeyPath>Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU</q1:KeyPath>
          <q1:AdmSetting>false</q1:AdmSetting>
          <q1:Value>
            <q1:Name>UseWUServer</q1:Name>
            <q1:Number>1</q1:Number>
          </q1:Value>
        </q1:RegistrySetting>`;

interface ReportOptions {
  dacl?: string;
  /** [name, sid, allow/deny, GPMC grouped access] */
  permissions?: [string, string, "Allow" | "Deny", string][];
  wmiFilter?: string;
  side?: "Computer" | "User";
  /** false: no LinksTo (an unlinked GPO, or a backup of one). */
  linked?: boolean;
  /** Bundle path (a backup's gpreport.xml). */
  path?: string;
}

function extension(): string {
  return `
    <ExtensionData>
      <Extension xmlns:q1="http://www.microsoft.com/GroupPolicy/Settings/Registry" xsi:type="q1:RegistrySettings">${WSUS_VALUES}
      </Extension>
      <Name>Registry</Name>
    </ExtensionData>`;
}

/** A single-GPO Get-GPOReport XML of "WSUS - Clients", linked (enabled) to the Clients OU. */
function report(options: ReportOptions): Buffer {
  const side = options.side ?? "Computer";
  const sddl =
    options.dacl === undefined
      ? ""
      : `\n    <SDDL xmlns="http://www.microsoft.com/GroupPolicy/Types/Security">O:DAG:DAD:PAI${options.dacl}</SDDL>`;
  const permissions = (options.permissions ?? [])
    .map(
      ([name, sid, type, access]) => `
      <TrusteePermissions>
        <Trustee>
          <SID xmlns="http://www.microsoft.com/GroupPolicy/Types">${sid}</SID>
          <Name xmlns="http://www.microsoft.com/GroupPolicy/Types">${name}</Name>
        </Trustee>
        <Type xsi:type="PermissionType">
          <PermissionType>${type}</PermissionType>
        </Type>
        <Inherited>false</Inherited>
        <Standard>
          <GPOGroupedAccessEnum>${access}</GPOGroupedAccessEnum>
        </Standard>
        <AccessMask>0</AccessMask>
      </TrusteePermissions>`,
    )
    .join("");
  const xml = `<?xml version="1.0" encoding="utf-16"?>
<GPO xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.microsoft.com/GroupPolicy/Settings">
  <Identifier>
    <Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">{6F0B2C1D-4E5A-4B8C-9D7E-1A2B3C4D5E6F}</Identifier>
    <Domain xmlns="http://www.microsoft.com/GroupPolicy/Types">corp.fabrikam.local</Domain>
  </Identifier>
  <Name>WSUS - Clients</Name>
  <IncludeComments>true</IncludeComments>
  <SecurityDescriptor>${sddl}
    <PermissionsPresent xmlns="http://www.microsoft.com/GroupPolicy/Types/Security">true</PermissionsPresent>
    <Permissions xmlns="http://www.microsoft.com/GroupPolicy/Types/Security">
      <InheritsFromParent>false</InheritsFromParent>${permissions}
    </Permissions>
    <AuditingPresent xmlns="http://www.microsoft.com/GroupPolicy/Types/Security">false</AuditingPresent>
  </SecurityDescriptor>
  <FilterDataAvailable>true</FilterDataAvailable>${options.wmiFilter ? `\n  <FilterName>${options.wmiFilter}</FilterName>` : ""}
  <Computer>
    <VersionDirectory>9</VersionDirectory>
    <VersionSysvol>9</VersionSysvol>
    <Enabled>true</Enabled>${side === "Computer" ? extension() : ""}
  </Computer>
  <User>
    <VersionDirectory>${side === "User" ? 3 : 0}</VersionDirectory>
    <VersionSysvol>${side === "User" ? 3 : 0}</VersionSysvol>
    <Enabled>true</Enabled>${side === "User" ? extension() : ""}
  </User>
${
  options.linked === false
    ? ""
    : `  <LinksTo>
    <SOMName>Clients</SOMName>
    <SOMPath>corp.fabrikam.local/Clients</SOMPath>
    <Enabled>true</Enabled>
    <NoOverride>false</NoOverride>
  </LinksTo>
`
}</GPO>
`;
  return utf16le(xml.replace(/\n/g, "\r\n"));
}

async function gpoFacts(options: ReportOptions): Promise<GpoFacts> {
  const path = options.path ?? "gpo/wsus-clients.xml";
  const output = await collectBytes(path, report(options));
  assert.equal(output.kind, "gpo-report-xml");
  assert.equal(output.status, "parsed");
  return mergeGpo([{ file: path, facts: output.facts! }]);
}

function factsOf(gpo: GpoFacts): Facts {
  return { bundle: { name: "t", manifest: {}, wsus: {}, sources: ["gpo"], kinds: gpo.kinds }, gpo };
}

async function linkageOf(options: ReportOptions) {
  return gpoLinkage(factsOf(await gpoFacts(options)));
}

describe("security filtering from the GPO's ACL", () => {
  it("the real backups' default ACL (Authenticated Users: Read + Apply) lets every computer apply the GPO", async () => {
    for (const path of [
      "real/nsacyber-SHB-a0bdd66/{A2A38432-E322-437F-9975-B7CC7F16F4AA}/gpreport.xml",
      "real/sos-telemetry-and-security/gpreport.xml",
    ]) {
      const output = await collectFixture(path);
      const gpo = (output.facts as { gpos: GpoDefinition[] }).gpos[0]!;
      assert.equal(gpo.security?.from, "sddl");
      const users = gpo.security?.trustees.find((t) => t.sid === "S-1-5-11");
      assert.deepEqual(
        [users?.name, users?.read, users?.apply],
        ["NT AUTHORITY\\Authenticated Users", true, true],
      );
      // Domain Admins read and edit but do not apply (GPMC's "Edit, delete, modify security")
      assert.equal(gpo.security?.trustees.find((t) => t.rid === 512)?.apply, false);
      assert.equal(securityReach(gpo.security)?.kind, "reaches");
    }
  });

  it("the default ACL on a linked WSUS GPO: GPO.LINKED passes and names who may apply it", async () => {
    const linkage = await linkageOf({ dacl: DEFAULT_DACL });
    assert.equal(linkage.evaluable, true);
    assert.deepEqual(linkage.failing, []);
    assert.match(linkage.checked[0]!.problem ?? "", /Apply Group Policy: NT AUTHORITY\\Authenticated Users/);
  });

  it("Authenticated Users replaced by a named group: not evaluated, the group named (membership unknown)", async () => {
    const group = `${DOMAIN_SID}-1607`;
    const linkage = await linkageOf({
      dacl: `(OA;CI;CR;${APPLY};;${group})(A;CI;LCRPLORC;;;${group})(A;CI;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;CI;LCRPLORC;;;ED)`,
      permissions: [["FABRIKAM\\WSUS Berlin Clients", group, "Allow", "Apply Group Policy"]],
    });
    assert.equal(linkage.evaluable, false);
    assert.match(linkage.reason, /only FABRIKAM\\WSUS Berlin Clients may apply it/);
    assert.match(linkage.reason, /gpresult \/x of an affected client/);
  });

  it("Deny Apply Group Policy for Domain Computers: a finding, remediated with the GPO's permissions", async () => {
    const linkage = await linkageOf({
      dacl: `(OD;CI;CR;${APPLY};;DC)${DEFAULT_DACL}`,
      permissions: [["FABRIKAM\\Domain Computers", `${DOMAIN_SID}-515`, "Deny", "Apply Group Policy"]],
    });
    assert.equal(linkage.evaluable, true);
    const row = linkage.failing.find((r) => r.gpo === "WSUS - Clients")!;
    assert.equal(row.fix, "security");
    assert.match(
      row.problem ?? "",
      /denies Apply Group Policy to FABRIKAM\\Domain Computers: every computer account/,
    );
  });

  it("the MS16-072 case: Apply for a group that cannot read the GPO, Authenticated Users removed", async () => {
    const group = `${DOMAIN_SID}-1607`;
    const linkage = await linkageOf({
      dacl: `(OA;CI;CR;${APPLY};;${group})(A;CI;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;CI;LCRPLORC;;;ED)`,
    });
    const row = linkage.failing.find((r) => r.gpo === "WSUS - Clients")!;
    assert.equal(row.fix, "read");
    assert.match(row.problem ?? "", /cannot read the GPO.*MS16-072/);
  });

  it("Apply held only by Domain Users (a user filter on a computer policy): no computer applies it", async () => {
    const linkage = await linkageOf({
      dacl: `(OA;CI;CR;${APPLY};;DU)(A;CI;LCRPLORC;;;DU)(A;CI;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)`,
      permissions: [["FABRIKAM\\Domain Users", `${DOMAIN_SID}-513`, "Allow", "Apply Group Policy"]],
    });
    const row = linkage.failing.find((r) => r.gpo === "WSUS - Clients")!;
    assert.equal(row.fix, "security");
    assert.match(
      row.problem ?? "",
      /only FABRIKAM\\Domain Users may apply it, which hold no client computer/,
    );
  });

  it("without SDDL, GPMC's grouped permissions are read; 'Custom' is not judged", async () => {
    const grouped = await gpoFacts({
      permissions: [
        ["NT AUTHORITY\\Authenticated Users", "S-1-5-11", "Allow", "Apply Group Policy"],
        ["FABRIKAM\\Domain Admins", `${DOMAIN_SID}-512`, "Allow", "Edit, delete, modify security"],
      ],
    });
    assert.equal(grouped.gpos[0]!.security?.from, "permissions");
    assert.equal(gpoReach(grouped.gpos[0]!).kind, "reaches");
    const custom = await linkageOf({
      permissions: [["FABRIKAM\\Helpdesk", `${DOMAIN_SID}-1200`, "Allow", "Custom"]],
    });
    assert.equal(custom.evaluable, false);
    assert.match(custom.reason, /custom permissions for FABRIKAM\\Helpdesk/);
  });
});

describe("WMI filters known by name only", () => {
  it("the only linked WSUS GPO has a WMI filter: not evaluated, naming the filter and how to judge it", async () => {
    const linkage = await linkageOf({ dacl: DEFAULT_DACL, wmiFilter: "Windows 10 and 11 only" });
    assert.equal(linkage.evaluable, false);
    assert.match(
      linkage.reason,
      /WMI filter "Windows 10 and 11 only": the report names the filter, not its query/,
    );
    assert.equal(linkage.checked[0]!.wmiFilter, "Windows 10 and 11 only");
  });
});

describe("Windows Update values in User Configuration (loopback does not help)", () => {
  it("a GPO that sets WUServer only on its user side: GPO.LINKED fails, saying so for that GPO", async () => {
    const facts = await gpoFacts({ dacl: DEFAULT_DACL, side: "User" });
    assert.equal(facts.gpos[0]!.setsWsus, false);
    assert.deepEqual(facts.gpos[0]!.userSideWsus?.names, ["WUServer", "UseWUServer"]);
    const linkage = gpoLinkage(factsOf(facts));
    assert.equal(linkage.evaluable, true);
    assert.deepEqual(
      linkage.failing.map((row) => [row.gpo, row.setting, row.value, row.fix]),
      [
        [
          "WSUS - Clients",
          "Windows Update values in User Configuration",
          "WUServer, UseWUServer",
          "move-to-computer",
        ],
      ],
    );
    assert.match(linkage.failing[0]!.problem ?? "", /loopback processing changes only user policy/);
    assert.equal(linkage.failing[0]!.file, "gpo/wsus-clients.xml");
    assert.ok(linkage.failing[0]!.line! > 1);
  });
});

describe("gpresult: Windows Update values that applied to the user, not the computer", () => {
  const GPO_ID = "{0C6A4D2E-7B1F-4E3A-9C5D-2F8B1A6E4D37}";
  const source = `
          <GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings/Base">
            <Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">${GPO_ID}</Identifier>
            <Domain xmlns="http://www.microsoft.com/GroupPolicy/Types">corp.fabrikam.local</Domain>
          </GPO>
          <Precedence xmlns="http://www.microsoft.com/GroupPolicy/Settings/Base">1</Precedence>`;
  const rsop = `<?xml version="1.0" encoding="utf-16"?>
<Rsop xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.microsoft.com/GroupPolicy/Rsop">
  <ReadTime>2026-11-17T08:41:12.4467702Z</ReadTime>
  <DataType>LoggedData</DataType>
  <UserResults>
    <Version>2883595</Version>
    <Name>FABRIKAM\\jdoe</Name>
    <Domain>corp.fabrikam.local</Domain>
    <SOM>corp.fabrikam.local/Users</SOM>
    <Site>Berlin-HQ</Site>
    <GPO>
      <Name>WSUS - Users</Name>
      <Path>
        <Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">${GPO_ID}</Identifier>
        <Domain xmlns="http://www.microsoft.com/GroupPolicy/Types">corp.fabrikam.local</Domain>
      </Path>
      <VersionDirectory>3</VersionDirectory>
      <VersionSysvol>3</VersionSysvol>
      <Enabled>true</Enabled>
      <IsValid>true</IsValid>
      <FilterAllowed>true</FilterAllowed>
      <AccessDenied>false</AccessDenied>
      <Link>
        <SOMPath>corp.fabrikam.local/Users</SOMPath>
        <SOMOrder>1</SOMOrder>
        <AppliedOrder>1</AppliedOrder>
        <LinkOrder>1</LinkOrder>
        <Enabled>true</Enabled>
        <NoOverride>false</NoOverride>
      </Link>
    </GPO>
    <ExtensionData>
      <Extension xmlns:q2="http://www.microsoft.com/GroupPolicy/Settings/Registry" xsi:type="q2:RegistrySettings" xmlns="http://www.microsoft.com/GroupPolicy/Settings">
        <q2:RegistrySetting>${source}
          <q2:KeyPath>Software\\Policies\\Microsoft\\Windows\\WindowsUpdate</q2:KeyPath>
          <q2:AdmSetting>false</q2:AdmSetting>
          <q2:Value>
            <q2:Name>WUServer</q2:Name>
            <q2:String>http://wsus01.corp.fabrikam.local:8530</q2:String>
          </q2:Value>
        </q2:RegistrySetting>
      </Extension>
      <Name xmlns="http://www.microsoft.com/GroupPolicy/Settings">Registry</Name>
    </ExtensionData>
  </UserResults>
  <ComputerResults>
    <Version>2228228</Version>
    <Name>FABRIKAM\\PC0042$</Name>
    <Domain>corp.fabrikam.local</Domain>
    <SOM>corp.fabrikam.local/Clients/Berlin</SOM>
    <Site>Berlin-HQ</Site>
    <GPO>
      <Name>Default Domain Policy</Name>
      <Path>
        <Identifier xmlns="http://www.microsoft.com/GroupPolicy/Types">{31B2F340-016D-11D2-945F-00C04FB984F9}</Identifier>
        <Domain xmlns="http://www.microsoft.com/GroupPolicy/Types">corp.fabrikam.local</Domain>
      </Path>
      <VersionDirectory>12</VersionDirectory>
      <VersionSysvol>12</VersionSysvol>
      <Enabled>true</Enabled>
      <IsValid>true</IsValid>
      <FilterAllowed>true</FilterAllowed>
      <AccessDenied>false</AccessDenied>
      <Link>
        <SOMPath>corp.fabrikam.local</SOMPath>
        <SOMOrder>1</SOMOrder>
        <AppliedOrder>1</AppliedOrder>
        <LinkOrder>1</LinkOrder>
        <Enabled>true</Enabled>
        <NoOverride>false</NoOverride>
      </Link>
    </GPO>
  </ComputerResults>
</Rsop>
`;

  it("the GPO is named, with the values it set on the user side and the move to Computer Configuration", async () => {
    const output = await collectBytes("gpo/pc0042-rsop.xml", utf16le(rsop.replace(/\n/g, "\r\n")));
    assert.equal(output.kind, "gpresult-xml");
    const gpo = mergeGpo([{ file: "gpo/pc0042-rsop.xml", facts: output.facts! }]);
    assert.equal(gpo.views[0]!.wsusPolicyPresent, false, "user-side values are not machine policy");
    const linkage = gpoLinkage(factsOf(gpo));
    const row = linkage.failing.find((r) => r.setting === "Windows Update values in User Configuration");
    assert.deepEqual(
      [row?.gpo, row?.value, row?.fix, row?.file],
      ["WSUS - Users", "WUServer", "move-to-computer", "gpo/pc0042-rsop.xml"],
    );
    assert.match(row?.problem ?? "", /loopback processing changes only user policy/);
    // the summary row does not tell the consultant to link a GPO: moving the values is the fix
    assert.equal(linkage.failing.find((r) => r.setting === "Windows Update policies")?.fix, "");
  });
});

describe("per computer: the OU's WSUS GPO link and its security filtering", () => {
  it("a computer in the linked OU is 'filtered' when a Deny keeps every computer out, 'linked' with the default ACL", async () => {
    const denied = await gpoFacts({ dacl: `(OD;CI;CR;${APPLY};;DC)${DEFAULT_DACL}` });
    const coverage = ouCoverage("corp.fabrikam.local/Clients/Berlin", denied);
    assert.equal(coverage.state, "filtered");
    assert.match(
      coverage.text,
      /"WSUS - Clients" is linked to corp.fabrikam.local\/Clients, but security filtering denies/,
    );
    assert.equal(coverage.file, "gpo/wsus-clients.xml");
    const open = await gpoFacts({ dacl: DEFAULT_DACL });
    assert.equal(ouCoverage("corp.fabrikam.local/Clients/Berlin", open).state, "linked");
    // a named-group filter is not claimed either way for one computer: the link stands
    const named = await gpoFacts({
      dacl: `(OA;CI;CR;${APPLY};;${DOMAIN_SID}-1607)(A;CI;LCRPLORC;;;${DOMAIN_SID}-1607)`,
    });
    assert.equal(ouCoverage("corp.fabrikam.local/Clients/Berlin", named).state, "linked");
  });
});

describe("a backup's gpreport.xml without links", () => {
  it("says the GPO was not linked when the backup was taken (a backup is a snapshot)", async () => {
    const linkage = gpoLinkage(
      factsOf(
        await gpoFacts({
          dacl: DEFAULT_DACL,
          linked: false,
          path: "gpo/backups/{47471704-C7E7-4384-B2F9-48BC421F745D}/gpreport.xml",
        }),
      ),
    );
    assert.deepEqual(
      linkage.failing.map((row) => [row.value, row.fix]),
      [["not linked when the backup was taken", "link"]],
    );
  });
});
