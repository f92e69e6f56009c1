import { test } from "node:test";
import assert from "node:assert/strict";
import { renderJson } from "../../src/report/index.js";
import { loadFixture } from "./helpers.js";

test("renderJson is the complete result: parsing it gives the same AuditResult", () => {
  const result = loadFixture("failing");
  assert.deepEqual(JSON.parse(renderJson(result)), result);
});

test("renderJson is deterministic and orders keys as documented, whatever the input order", () => {
  const result = loadFixture("failing");
  const shuffled = JSON.parse(JSON.stringify(result), function (this: unknown, _key, value: unknown) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse());
    }
    return value;
  }) as typeof result;
  assert.equal(renderJson(result), renderJson(structuredClone(result)));
  const json = renderJson(shuffled);
  const parsed = JSON.parse(json) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed).slice(0, 6), [
    "tool",
    "generatedAt",
    "bundle",
    "verdict",
    "summary",
    "findings",
  ]);
  const finding = (parsed.findings as Record<string, unknown>[])[0] ?? {};
  assert.deepEqual(Object.keys(finding).slice(0, 5), ["ruleId", "checks", "severity", "status", "title"]);
  const rows = (parsed.inventory as Record<string, unknown>[])[0] ?? {};
  assert.deepEqual(Object.keys(rows).slice(0, 3), ["path", "kind", "label"]);
  assert.equal(json.includes('"tool": {\n    "name": "wsus-audit",\n    "version"'), true);
  // Evidence values keep their own key order: table columns depend on it.
  const row = (parsed.findings as { evidence: { value: Record<string, unknown>[] }[] }[])[0]?.evidence[0]
    ?.value[0];
  assert.deepEqual(Object.keys(row ?? {}), ["lastSeen", "firstSeen", "clients", "count", "status", "vdir"]);
});

test("renderJson uses two-space indentation and ends with a newline", () => {
  const json = renderJson(loadFixture("healthy"));
  assert.match(json, /^\{\n {2}"tool": \{\n {4}"name"/);
  assert.equal(json.endsWith("}\n"), true);
});
