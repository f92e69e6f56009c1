import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { splitStrictCsvLine } from "../../../src/collectors/nps/csv-line.js";

const viaCsvParse = (line: string): string[] =>
  (parse(line, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];

test("an ODBC accounting line splits as csv-parse splits it", () => {
  const line =
    '"NPS01","IAS",11/17/2026,14:01:00,1,"CONTOSO\\PC-XP01$","contoso.local/Computers/PC-XP01",,"00-15-5D-0A-01-17",,,"NAPDHCP01","10.20.0.5",,0,"10.20.0.5","NAPDHCP01",,,,,,,10,"NAP DHCP ""Noncompliant""",0';
  assert.deepEqual(splitStrictCsvLine(line), viaCsvParse(line));
  assert.equal(splitStrictCsvLine(line)![24], 'NAP DHCP "Noncompliant"');
});

test("any line of quoted and unquoted fields splits as csv-parse splits it", () => {
  const unquoted = fc.stringMatching(/^[^",\r\n]*$/);
  const quoted = fc.string().map((text) => `"${text.replace(/\r|\n/g, " ").replaceAll('"', '""')}"`);
  fc.assert(
    fc.property(fc.array(fc.oneof(unquoted, quoted), { minLength: 1, maxLength: 12 }), (fields) => {
      const line = fields.join(",");
      if (line === "") return;
      assert.deepEqual(splitStrictCsvLine(line), viaCsvParse(line));
    }),
    { numRuns: 1000 },
  );
});

test("a line outside the strict form is left to csv-parse", () => {
  for (const line of ['"open,"x"', '"a"b,c', 'a"b,c', '"unterminated']) {
    assert.equal(splitStrictCsvLine(line), undefined, line);
  }
});
