import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { UserError } from "../../src/cli/errors.js";
import { explainText } from "../../src/cli/work/explain.js";
import { WSHV_SEED_CODES } from "../../src/knowledge/wshv.js";

describe("wsus-audit explain", () => {
  it("explains every code of the seed's error table, with or without the L suffix", () => {
    for (const entry of WSHV_SEED_CODES) {
      for (const form of [entry.printed, entry.printed.replace(/L$/, "").toLowerCase()]) {
        const text = explainText(form);
        assert.ok(text.includes(entry.symbol), form);
        assert.ok(text.includes(entry.description), form);
        assert.ok(text.includes(`Check: ${entry.check}`), form);
      }
    }
  });

  it("accepts decimal", () => {
    assert.match(explainText("3237937164"), /^0xC0FF000C E_MSSHAV_NO_WUS_SERVER/);
  });

  it("keeps the seed's printed form next to the normalised code", () => {
    assert.match(explainText("0xc0ff004e"), /^0xC0FF004EL \(0xC0FF004E\) E_MSSHAV_BAD_UPDATE_SOURCE_MU/);
  });

  it("splits an update-source bitmask into names", () => {
    const text = explainText("0x00024000");
    assert.match(text, /Windows Update \+ Microsoft Update/);
    assert.match(text, /0x00004000 Windows Update/);
    assert.match(text, /0x00020000 Microsoft Update/);
    assert.match(text, /WSUS \(0x00010000\) is not among the sources/);
    assert.match(explainText("0x30000"), /Windows Server Update Services \(WSUS\) \+ Microsoft Update/);
  });

  it("names severity levels", () => {
    assert.match(explainText("0x40"), /severity level Unspecified/);
    assert.match(explainText("0x0400"), /severity level Critical/);
    assert.match(explainText("512"), /severity level Important/);
  });

  it("explains 0x0 and marks codes beyond the seed", () => {
    assert.match(explainText("0x0"), /compliant/);
    assert.match(explainText("0xC0FF0007"), /Not in the seed's table; source: MS-WSH/);
  });

  it("refuses an unknown code with exit code 2 and one clear sentence", () => {
    assert.throws(
      () => explainText("0x12345678"),
      (error: unknown) =>
        error instanceof UserError &&
        error.exitCode === 2 &&
        /is not a code in the WSHV tables/.test(error.message),
    );
    assert.throws(() => explainText("hello"), UserError);
  });

  it("runs as a command: stdout for a known code, exit 2 and stderr for an unknown one", () => {
    const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
    const ok = spawnSync(process.execPath, ["--import", "tsx", main, "explain", "0xC0FF000CL"], {
      encoding: "utf8",
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /E_MSSHAV_NO_WUS_SERVER/);
    const bad = spawnSync(process.execPath, ["--import", "tsx", main, "explain", "0xDEAD"], {
      encoding: "utf8",
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /"0xDEAD" is not a code in the WSHV tables/);
    assert.equal(bad.stdout, "");
  });
});
