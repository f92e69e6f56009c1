import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UserError } from "../../src/cli/errors.js";
import { explainText } from "../../src/cli/work/explain.js";
import { WU_ERROR_CODES } from "../../src/knowledge/wu-errors.js";
import { CHECKS } from "../../src/knowledge/checks.js";
import {
  formatWuCode,
  lookupWuCode,
  parseWuCode,
  splitHresult,
} from "../../src/knowledge/wu-error-decode.js";

/** Every spelling client-logs.md §4.1 lists for one code. */
function writtenForms(code: number, symbol: string): string[] {
  const hex = code.toString(16).padStart(8, "0");
  return [
    `0x${hex.toUpperCase()}`,
    `0X${hex}`,
    hex.toUpperCase(),
    hex,
    `[${hex.toUpperCase()}]`,
    `hr = ${hex.toUpperCase()}`,
    String(code | 0),
    String(code >>> 0),
    symbol,
    symbol.toLowerCase(),
  ];
}

describe("Windows Update error codes (client-logs.md §4)", () => {
  it("has one entry per code and per symbol", () => {
    assert.equal(new Set(WU_ERROR_CODES.map((e) => e.code)).size, WU_ERROR_CODES.length);
    assert.equal(new Set(WU_ERROR_CODES.map((e) => e.symbol)).size, WU_ERROR_CODES.length);
  });

  it("names only server-side checks that exist in the catalogue", () => {
    const ids = new Set(CHECKS.map((check) => check.id));
    for (const entry of WU_ERROR_CODES)
      for (const check of entry.serverChecks) assert.ok(ids.has(check), `${entry.symbol}: ${check}`);
  });

  it("maps the WU_E_PT_HTTP_STATUS_* block to its HTTP statuses (501/504 as the symbols say)", () => {
    const statuses = WU_ERROR_CODES.filter((e) => e.symbol.startsWith("WU_E_PT_HTTP_STATUS_") && e.httpStatus)
      .map((e) => [formatWuCode(e.code), e.httpStatus])
      .sort();
    assert.deepEqual(Object.fromEntries(statuses), {
      "0x80244016": 400,
      "0x80244017": 401,
      "0x80244018": 403,
      "0x80244019": 404,
      "0x8024401A": 405,
      "0x8024401B": 407,
      "0x8024401C": 408,
      "0x8024401D": 409,
      "0x8024401E": 410,
      "0x8024401F": 500,
      "0x80244020": 501,
      "0x80244021": 502,
      "0x80244022": 503,
      "0x80244023": 504,
      "0x80244024": 505,
    });
  });

  it("reads the issue's four spellings of 0x80244017 to the same code", () => {
    for (const form of ["0x80244017", "80244017", "-2145107945", "WU_E_PT_HTTP_STATUS_DENIED"])
      assert.equal(parseWuCode(form), 0x80244017, form);
    assert.equal(parseWuCode("-2145123272"), 0x80240438, "WU_E_PT_ENDPOINT_UNREACHABLE per windows-sys");
  });

  it("explains every code of the table in every written form", () => {
    for (const entry of WU_ERROR_CODES) {
      for (const form of writtenForms(entry.code, entry.symbol)) {
        const text = explainText(form);
        assert.ok(text.startsWith(`${formatWuCode(entry.code)} ${entry.symbol} `), `${form}: ${text}`);
        assert.ok(text.includes(entry.meaning), form);
        if (entry.category !== "noise" && entry.wsusCause) assert.ok(text.includes(entry.wsusCause), form);
      }
    }
  });

  it("says what to check on the WSUS server for a 401", () => {
    const text = explainText("80244017");
    assert.match(text, /HTTP 401/);
    assert.match(text, /anonymous/);
    assert.match(text, /Server-side checks: IIS\.401_1/);
    assert.match(text, /decimal -2145107945/);
  });

  it("marks the healthy-log codes of §2.5 as noise", () => {
    for (const code of [0x8024000c, 0x80240013, 0x80248007, 0x80240007, 0x8024000e]) {
      assert.equal(lookupWuCode(code)?.category, "noise", formatWuCode(code));
      assert.match(explainText(formatWuCode(code)), /not a problem/);
    }
  });

  it("still splits facility and code of an unknown HRESULT, and says it is unknown", () => {
    assert.deepEqual(splitHresult(0x80246003), {
      failure: true,
      facility: 36,
      facilityName: "FACILITY_WINDOWSUPDATE",
      code: 0x6003,
    });
    assert.throws(
      () => explainText("0x80246003"),
      (error: unknown) =>
        error instanceof UserError &&
        /"0x80246003" is not a code in the Windows Update or WSHV tables\. HRESULT parts: failure, FACILITY_WINDOWSUPDATE, code 24579 \(0x6003\)/.test(
          error.message,
        ),
    );
    assert.throws(() => explainText("0x80070002"), /FACILITY_WIN32 \(a Win32 error code\), code 2 \(0x2\)/);
  });

  it("does not take WSHV values for Windows Update codes", () => {
    assert.match(explainText("0xC0FF000C"), /E_MSSHAV_NO_WUS_SERVER/);
    assert.match(explainText("3237937164"), /E_MSSHAV_NO_WUS_SERVER/);
    assert.match(explainText("512"), /severity level Important/);
  });

  it("rejects text that is no code", () => {
    for (const text of ["", "hello", "0x123456789", "8024401", "WU_E_NOT_A_SYMBOL"])
      assert.equal(parseWuCode(text), undefined, text);
  });
});
