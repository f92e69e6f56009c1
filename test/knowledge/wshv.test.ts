import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  checksOfEntry,
  decodeEntry,
  decodeUpdateSources,
  detectClientOs,
  formatCode,
  lookupCode,
  parseWshvCode,
  severityName,
} from "../../src/knowledge/wshv-decode.js";
import { WSHV_ELEMENTS, WSHV_SEED_CODES } from "../../src/knowledge/wshv.js";

/** The seed's error-code table, as printed (code, symbol, start of the description). */
const SEED_ERROR_TABLE: [string, string, string, string | undefined][] = [
  [
    "0xC0FF0001",
    "E_MSSHV_PRODUCT_NOT_ENABLED",
    "A system health component is not enabled.",
    "NPS.COMPONENT_STATE",
  ],
  [
    "0xC0FF0002",
    "E_MSSHAV_PRODUCT_NOT_INSTALLED",
    "A system health component is not installed.",
    "NPS.COMPONENT_STATE",
  ],
  [
    "0xC0FF0003",
    "E_MSSHAV_WSC_SERVICE_DOWN",
    "The Windows Security Center service is not running.",
    "NPS.WSC_DOWN",
  ],
  [
    "0xC0FF0004",
    "E_MSSHV_PRODUCT_NOT_UPTODATE",
    "The signatures for a specific system health component are not up to date.",
    "NPS.COMPONENT_STATE",
  ],
  [
    "0x00FF0008",
    "E_MSSHAV_WUA_SERVICE_NOT_STARTED_SINCE_BOOT",
    "The Windows Server Update Services has not started.",
    "NPS.WUA_SERVICE",
  ],
  [
    "0xC0FF000C",
    "E_MSSHAV_NO_WUS_SERVER",
    "The Windows Update Agent on this computer is not configured to synchronize with a Windows Server Update Services server.",
    "NPS.NO_WSUS_SERVER",
  ],
  [
    "0xC0FF000D",
    "E_MSSHAV_NO_CLIENT_ID",
    "Windows failed to determine the Windows Server Update Services client ID of this computer.",
    "NPS.NO_CLIENT_ID",
  ],
  [
    "0xC0FF000E",
    "E_MSSHAV_WUA_SERVICE_DISABLED",
    "The Windows Update Agent service has been disabled or not configured to start automatically.",
    "NPS.WUA_SERVICE",
  ],
  [
    "0xC0FF000F",
    "E_MSSHAV_WUA_COMM_FAILURE",
    "The periodic scan of this computer for security updates failed.",
    "NPS.WUA_COMM_FAILURE",
  ],
  [
    "0xC0FF0010",
    "E_MSSHAV_UPDATES_INSTALLED_REQUIRE_REBOOT",
    "Security updates have been installed and require this computer to be restarted.",
    "NPS.REBOOT_REQUIRED",
  ],
  [
    "0xC0FF0012",
    "E_MSSHV_WUS_SHC_FAILURE",
    "The NPS server failed to validate the security update status of this computer.",
    "NPS.WUA_COMM_FAILURE",
  ],
  ["0xC0FF0014", "E_MSSHV_UNKNOWN_CLIENT", "Unknown client", "NPS.INVALID_SOH"],
  [
    "0xC0FF0017",
    "E_MSSHV_INVALID_SOH",
    "The Windows Security Health Validator did not process the latest Statement of Health (SoH) because the SoH is not valid.",
    "NPS.INVALID_SOH",
  ],
  [
    "0xC0FF0018",
    "E_MSSHAV_WSC_SERVICE_NOT_STARTED_SINCE_BOOT",
    "The Windows Security Center service has not started.",
    "NPS.WSC_DOWN",
  ],
  [
    "0xC0FF0047",
    "E_MSSHV_THIRD_PARTY_PRODUCT_NOT_ENABLED",
    "A third-party system health component is not enabled.",
    "NPS.COMPONENT_STATE",
  ],
  [
    "0xC0FF0048",
    "E_MSSHV_THIRD_PARTY_PRODUCT_NOT_UPTODATE",
    "The signatures for a specific third-party system health component are not up to date.",
    "NPS.COMPONENT_STATE",
  ],
  [
    "0xC0FF004EL",
    "E_MSSHAV_BAD_UPDATE_SOURCE_MU",
    "This computer is not configured to receive security updates from a source approved for this network.",
    "NPS.UPDATE_SOURCE",
  ],
  [
    "0xC0FF004FL",
    "E_MSSHAV_BAD_UPDATE_SOURCE_WUMU",
    "This computer is not configured to receive security updates from a source approved for this network.",
    "NPS.UPDATE_SOURCE",
  ],
  [
    "0xC0FF0050L",
    "E_MSSHAV_BAD_UPDATE_SOURCE_MUWSUS",
    "This computer is not configured to receive security updates from a source approved for this network.",
    "NPS.UPDATE_SOURCE",
  ],
  [
    "0xC0FF0051L",
    "E_MSSHAV_NO_UPDATE_SOURCE",
    "The Windows Update Agent on this computer is not configured to receive security updates.",
    "NPS.UPDATE_SOURCE",
  ],
];

describe("WSHV error-code table (seed, every row)", () => {
  it("has exactly the seed's twenty codes, in its order", () => {
    assert.deepEqual(
      WSHV_SEED_CODES.map((code) => code.printed),
      SEED_ERROR_TABLE.map(([printed]) => printed),
    );
  });

  for (const [printed, symbol, description, check] of SEED_ERROR_TABLE) {
    it(`decodes ${printed} as ${symbol}`, () => {
      const forms = [
        printed,
        printed.toLowerCase(),
        printed.replace(/L$/, ""),
        String(parseInt(printed.slice(2, 10), 16)),
      ];
      for (const form of forms) {
        const code = parseWshvCode(form);
        assert.equal(code, parseInt(printed.slice(2, 10), 16), `parse ${form}`);
        const entry = lookupCode(code!);
        assert.ok(entry, `lookup ${form}`);
        assert.equal(entry.symbol, symbol);
        assert.ok(entry.description.startsWith(description), `${symbol} description`);
        assert.equal(entry.check, check);
        assert.equal(entry.origin, "seed");
      }
    });
  }

  it("keeps 0x00FF0008 an error although it lacks the 0xC0 prefix, with the agent named correctly", () => {
    const entry = lookupCode(0x00ff0008)!;
    assert.equal(entry.kind, "error");
    assert.match(entry.correctedDescription!, /Windows Update Agent service has not started since boot/);
  });

  it("does not invent codes the public sources do not have", () => {
    for (const missing of [0xc0ff0005, 0xc0ff0006, 0xc0ff0009, 0xc0ff0011, 0xc0ff0013])
      assert.equal(lookupCode(missing), undefined);
    assert.equal(
      decodeEntry([0, 0, 0, 0, 0, 0, 0xc0ff0013, 0x40]).elements[6]!.words,
      "unknown WSHV code 0xC0FF0013",
    );
  });

  it("reads signed and C-suffixed spellings and refuses text", () => {
    assert.equal(parseWshvCode("-1057030132"), 0xc0ff000c);
    assert.equal(parseWshvCode("0xc0ff0051UL"), 0xc0ff0051);
    assert.equal(parseWshvCode("C0FF000C"), 0xc0ff000c);
    assert.equal(parseWshvCode("0x0"), 0);
    assert.equal(parseWshvCode("compliant"), undefined);
    assert.equal(parseWshvCode("0x1FFFFFFFF"), undefined);
    assert.equal(formatCode(0x40), "0x00000040");
  });
});

describe("severity levels (seed table)", () => {
  const table: [number, string][] = [
    [0x0040, "Unspecified"],
    [0x0080, "Low"],
    [0x0100, "Moderate"],
    [0x0200, "Important"],
    [0x0400, "Critical"],
  ];
  for (const [code, name] of table) {
    it(`${formatCode(code)} is ${name}`, () => {
      assert.equal(severityName(code), name);
      assert.equal(severityName(parseWshvCode(`0x${code.toString(16)}`)!), name);
    });
  }
  it("has no name for other values", () => assert.equal(severityName(0x0300), undefined));
});

describe("legitimate update sources (seed table, combinable)", () => {
  const table: [string, string[], boolean][] = [
    ["0x00004000", ["Windows Update"], false],
    ["0x00010000", ["Windows Server Update Services (WSUS)"], true],
    ["0x00020000", ["Microsoft Update"], false],
    ["0x00024000", ["Windows Update", "Microsoft Update"], false],
    ["0x00030000", ["Windows Server Update Services (WSUS)", "Microsoft Update"], true],
    ["0x00014000", ["Windows Update", "Windows Server Update Services (WSUS)"], true],
    ["0x00034000", ["Windows Update", "Windows Server Update Services (WSUS)", "Microsoft Update"], true],
  ];
  for (const [hex, names, wsus] of table) {
    it(`${hex} = ${names.join(" + ")}`, () => {
      const sources = decodeUpdateSources(parseWshvCode(hex)!);
      assert.deepEqual(sources.names, names);
      assert.equal(sources.includesWsus, wsus);
      assert.equal(sources.unknownBits, 0);
    });
  }
});

describe("element order and layouts", () => {
  it("follows the seed's order of the nine elements", () => {
    assert.deepEqual(
      WSHV_ELEMENTS.map((element) => element.key),
      [
        "firewall",
        "antivirusOn",
        "antivirusUpToDate",
        "antispywareOn",
        "antispywareUpToDate",
        "automaticUpdates",
        "securityUpdates",
        "severity",
        "updateSources",
      ],
    );
  });

  it("eight codes: Vista, positions 1-8", () => {
    const entry = decodeEntry([0, 0, 0, 0, 0, 0, 0xc0ff000f, 0x200]);
    assert.equal(entry.layout, "vista");
    assert.equal(entry.osByCount, "Windows Vista or later");
    assert.deepEqual(
      entry.elements.map((e) => e.position),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.equal(entry.severity?.name, "Important");
    assert.deepEqual(checksOfEntry(entry), ["NPS.WUA_COMM_FAILURE"]);
  });

  it("six codes: XP, no antispyware (positions 1-3, 6-8); a seventh source code is split off", () => {
    const xp = decodeEntry([0xc0ff0001, 0, 0, 0, 0xc0ff0010, 0x80]);
    assert.equal(xp.layout, "xp");
    assert.equal(xp.osByCount, "Windows XP");
    assert.deepEqual(
      xp.elements.map((e) => e.element),
      ["firewall", "antivirusOn", "antivirusUpToDate", "automaticUpdates", "securityUpdates", "severity"],
    );
    const withSource = decodeEntry([0, 0, 0, 0, 0xc0ff0050, 0x40, 0x00024000]);
    assert.equal(withSource.layout, "xp+source");
    assert.deepEqual(withSource.updateSources?.names, ["Windows Update", "Microsoft Update"]);
  });

  it("Security Center down: only NPS.WSC_DOWN, whatever else the entry carries", () => {
    const entry = decodeEntry([0xc0ff0018, 0, 0, 0, 0, 0, 0xc0ff000d, 0x40, 0x4000]);
    assert.equal(entry.wscDown, true);
    assert.deepEqual(checksOfEntry(entry), ["NPS.WSC_DOWN"]);
  });

  it("an unknown layout still decodes each code by value", () => {
    const entry = decodeEntry([0, 0xc0ff000c, 0x40]);
    assert.equal(entry.layout, "unknown");
    assert.equal(entry.elements[1]!.symbol, "E_MSSHAV_NO_WUS_SERVER");
    assert.equal(entry.elements[1]!.position, undefined);
  });
});

describe("client OS", () => {
  it("prefers OS-Version", () => {
    assert.equal(
      detectClientOs("6.0.5495 0.0 x86 Workstation", undefined).name,
      "Windows Vista (build 5495, x86, Workstation)",
    );
    assert.equal(
      detectClientOs("5.1.2600 3.0 x86 Workstation", undefined).name,
      "Windows XP (build 2600, SP3, x86, Workstation)",
    );
    assert.equal(
      detectClientOs("6.1.7601 1.0 x64 Server", undefined).name,
      "Windows Server 2008 R2 (build 7601, SP1, x64, Server)",
    );
  });
  it("falls back to the number of codes: eight Vista, six XP", () => {
    assert.deepEqual(detectClientOs(undefined, decodeEntry([0, 0, 0, 0, 0, 0, 0, 0x40])), {
      name: "Windows Vista or later",
      from: "code count",
    });
    assert.deepEqual(detectClientOs("", decodeEntry([0, 0, 0, 0, 0, 0x40])), {
      name: "Windows XP",
      from: "code count",
    });
    assert.equal(detectClientOs(undefined, decodeEntry([0, 0x40])).from, "unknown");
  });
});
