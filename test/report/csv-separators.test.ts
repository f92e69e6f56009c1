/**
 * Issue 20 case 6: findings.csv opened in German or French Excel (list separator `;`) or read as
 * tab-separated still yielded cells starting with `=cmd|…` and `@`: the guard only considered a
 * comma-separated reading. Hostile text is put in every column and the file is read with each
 * separator; no cell may start a formula.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { renderCsv } from "../../src/report/index.js";
import { csvField } from "../../src/report/csv.js";
import { loadFixture } from "./helpers.js";

const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '+HYPERLINK("http://evil.example")',
  "-2+3+cmd|' /C calc'!A0",
  'x;=cmd|" /C calc"!A0',
  "x; @SUM(A1)",
  'x;"=1+1"',
  'x;  "+1',
  "x,=cmd|' /C calc'!A0",
  "x\t=cmd|' /C calc'!A0",
  "x\t@SUM(A1)",
  "x\r\n=cmd|' /C calc'!A0",
  "a;b;=c;-d,@e\t+f",
];

/** What a spreadsheet would run: a cell whose text, after spaces and quotes, starts with = + - @. */
const FORMULA = /^[\s"]*[=+\-@]/;

function hostileResult() {
  const result = loadFixture("failing");
  result.findings.forEach((finding, index) => {
    const payload = PAYLOADS[index % PAYLOADS.length]!;
    finding.title = payload;
    finding.summary = `summary ${payload}`;
    finding.ruleId = `rule${payload}`;
    finding.checks = [payload];
    if (finding.remediation[0]) finding.remediation[0].text = payload;
  });
  return result;
}

describe("findings.csv in every list separator (issue 20 case 6)", () => {
  for (const delimiter of [",", ";", "\t"]) {
    it(`no cell starts a formula when the file is read with ${JSON.stringify(delimiter)}`, () => {
      const csv = renderCsv(hostileResult());
      const rows = parse(csv, {
        bom: true,
        delimiter,
        relax_quotes: true,
        relax_column_count: true,
      }) as string[][];
      assert.ok(rows.length > 1);
      for (const row of rows)
        for (const cell of row)
          assert.doesNotMatch(cell, FORMULA, `cell ${JSON.stringify(cell)} (${JSON.stringify(delimiter)})`);
    });
  }

  it("keeps the comma reading exact: the text is only prefixed where a cell could start", () => {
    const rows = parse(renderCsv(hostileResult()), { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(rows[0]!.title!.replace(/'(?=[=+\-@])/g, ""), PAYLOADS[0]);
    assert.equal(csvField("plain; text, here"), '"plain; text, here"');
    assert.equal(csvField("x;=1"), '"x;\'=1"');
    assert.equal(csvField("x\t@a"), "x @a");
  });
});
