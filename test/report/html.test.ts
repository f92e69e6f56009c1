import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderHtml } from "../../src/report/index.js";
import { CHECKS } from "../../src/knowledge/checks.js";
import { failingWithShells, loadFixture, tempDir } from "./helpers.js";

// A 1×1 PNG.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082",
  "hex",
);

test("the HTML follows the report order: cover, contents, summary, findings, coverage, clients, outcomes, inventory, appendix", () => {
  const html = renderHtml(loadFixture("failing"));
  const positions = [
    'id="cover"',
    'id="toc"',
    'id="sec-summary"',
    'id="sec-findings"',
    'id="sec-coverage"',
    'id="sec-clients"',
    'id="sec-outcomes"',
    'id="sec-inventory"',
    'id="sec-appendix"',
  ].map((marker) => html.indexOf(marker));
  assert.ok(
    positions.every((p) => p > 0),
    `all sections present: ${positions.join(",")}`,
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
  );
  // Cover facts from bundle.json.
  for (const text of [
    "Fabrikam GmbH",
    "Berlin HQ",
    "wsus01.fabrikam.local:8530",
    "2026-11-18",
    "A. Consultant",
  ]) {
    assert.ok(html.slice(0, html.indexOf('id="toc"')).includes(text), text);
  }
});

test("the HTML is self-contained: CSP, inline assets only, and the one script allowed by its hash", () => {
  const html = renderHtml(loadFixture("failing"));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
  assert.match(csp, /default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const hash = createHash("sha256")
    .update(scripts[0]?.[1] ?? "", "utf8")
    .digest("base64");
  assert.ok(csp.includes(`'sha256-${hash}'`), "the CSP hash matches the inline script");
  assert.doesNotMatch(html, /<link\b|@import|url\(|(src|href)\s*=\s*"(?!#|data:)/i);
  assert.equal(
    (html.match(/<svg class="chart/g) ?? []).length,
    4,
    "severity, findings-by-area, hourly and last-contact charts",
  );
});

test("same result gives byte-identical HTML; only generatedAt changes it", () => {
  const result = loadFixture("failing");
  const first = renderHtml(result);
  assert.equal(renderHtml(structuredClone(result)), first);
  const later = renderHtml({ ...result, generatedAt: "2026-12-01T00:00:00.000Z" });
  assert.notEqual(later, first);
  assert.equal(later.replaceAll("2026-12-01T00:00:00.000Z", result.generatedAt), first);
});

test("findings carry evidence tables, file:line excerpts, numbered steps with commands, waiver and related links", () => {
  const html = renderHtml(loadFixture("failing"));
  assert.match(html, /<th>vDir<\/th>/);
  assert.match(html, /<span class="excerpt-loc">iis\/W3SVC1\/u_ex261117\.log:4711<\/span>/);
  assert.match(
    html,
    /<pre class="command"><code>icacls &quot;C:\\Windows\\Microsoft\.NET[^<\n]*\nicacls &quot;C:\\Windows\\Temp&quot; \/grant &quot;\*S-1-5-20:\(OI\)\(CI\)F&quot;\n/,
  );
  assert.match(html, /<code>http:\/\/wsus01\.fabrikam\.local:8530<\/code>/, "backtick spans become code");
  assert.match(html, /Waiver:<\/strong> Pool limits are owned by the hosting team/);
  assert.match(
    html,
    /<a class="related-link" href="#f\d+-acl-network-service-full-control">F\d+ NETWORK SERVICE/,
  );
  // 31 quarantined machines: 12 shown, 19 in the collapsible rest.
  assert.match(html, /<summary>Show 19 more rows<\/summary>/);
  assert.match(html, /19 more rows are in the HTML report and result\.json\./);
});

test("coverage lists every catalogue check with its status", () => {
  const html = renderHtml(loadFixture("failing"));
  const table = html.slice(html.indexOf('id="sec-coverage"'), html.indexOf('id="sec-clients"'));
  for (const check of CHECKS) assert.ok(table.includes(`>${check.id}<`), check.id);
  assert.match(table, /cov-row cov-failed">\s*<td class="mono nowrap">IIS\.401_1</);
  assert.match(table, /cov-row cov-accepted">\s*<td class="mono nowrap">IIS\.POOL_SETTINGS</);
  assert.match(table, /cov-row cov-not-evaluated">\s*<td class="mono nowrap">ACL\.PROCMON_DENIED</);
  assert.match(table, /cov-row cov-no-rule">\s*<td class="mono nowrap">GPO\.LINKED</);
});

test("a healthy result says so and leaves out empty views", () => {
  const html = renderHtml(loadFixture("healthy"));
  assert.match(html, /No open finding\. Every evaluated check passed\./);
  assert.match(html, /Nothing to fix: no open finding\./);
  assert.match(html, /verdict-badge verdict-pass">No blocking problem found/);
  assert.doesNotMatch(html, /id="sec-clients"/);
  assert.doesNotMatch(html, /id="toolbar"/);
});

test("every evidence-derived text is escaped", () => {
  const html = renderHtml(loadFixture("xss"));
  assert.equal((html.match(/<script/gi) ?? []).length, 1, "only the report's own script");
  assert.doesNotMatch(html, /<img src=x|<svg onload|<iframe/i);
  assert.doesNotMatch(html, /<[^>]*\son(error|load)\s*=/i, "no event handler attribute in any tag");
  assert.ok(html.includes("&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt;"));
  // The payloads reach the page as text (none dropped silently): decode the entities and find them.
  const text = html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, "=")
    .replace(/&#x60;/g, "`")
    .replace(/&amp;/g, "&");
  // 7 and 14 are object keys (shown as humanised column names), 13 and 17 carry no markup, 51-52 are
  // IIS service names the client table does not show.
  const notVerbatim = new Set([7, 13, 14, 17, 51, 52]);
  for (let n = 1; n <= 53; n += 1) {
    if (notVerbatim.has(n)) continue;
    assert.ok(
      text.includes(`<script>window.__xss=${n}</script>"><img src=x onerror="window.__xss=${n}">`),
      `payload ${n}`,
    );
  }
  assert.ok(text.includes("xss=7") && text.includes("xss=14"));
});

test("branding: customer, company, logo as data URI and a validated accent colour", () => {
  const dir = tempDir("branding");
  const logo = join(dir, "logo.png");
  writeFileSync(logo, PNG);
  const warnings: string[] = [];
  const html = renderHtml(loadFixture("failing"), {
    branding: {
      company: "Northwind Consulting",
      logo,
      accentColor: "#0b6e4f",
      customer: "Fabrikam AG",
      consultant: "C. Lead",
    },
    onWarning: (m) => warnings.push(m),
  });
  assert.equal(warnings.length, 0);
  assert.match(html, /<img class="cover-logo" src="data:image\/png;base64,iVBORw0KGgo/);
  assert.match(html, /:root\{--accent:#0b6e4f;\}/);
  assert.match(html, /<p class="cover-customer">Fabrikam AG<\/p>/);
  assert.match(html, /<dd>C\. Lead<\/dd>/);

  const bad = renderHtml(loadFixture("healthy"), {
    branding: { accentColor: "red;}body{display:none", logo: join(dir, "missing.png") },
    onWarning: (m) => warnings.push(m),
  });
  assert.match(bad, /:root\{--accent:#1f4e79;\}/);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? "", /is not a colour/);
  assert.match(warnings[1] ?? "", /could not be read/);
});

test("templatesDir overrides a partial or the stylesheet by name and falls back to the shipped files", () => {
  const dir = tempDir("templates");
  mkdirSync(join(dir, "partials"));
  writeFileSync(
    join(dir, "partials", "appendix.hbs"),
    '<section id="sec-appendix"><h2>Anhang</h2><p>{{tool.name}} {{bundleName}}</p></section>',
  );
  writeFileSync(join(dir, "report.css"), "body { font-family: Georgia, serif; }");
  const html = renderHtml(loadFixture("failing"), { templatesDir: dir });
  assert.match(html, /<h2>Anhang<\/h2><p>wsus-audit fabrikam-berlin-2026-11<\/p>/);
  assert.match(html, /body \{ font-family: Georgia, serif; \}/);
  assert.match(html, /id="sec-coverage"/, "other partials are the shipped ones");
  assert.throws(
    () => renderHtml(loadFixture("failing"), { templatesDir: join(dir, "nope") }),
    /does not exist/,
  );
});

test("each step's commands are one block labelled with its shell, with a copy button for the whole block", () => {
  const { result, steps } = failingWithShells();
  const html = renderHtml(result);
  const blocks = [
    ...html.matchAll(
      /<div class="command-block" data-shell="(\w+)">\s*<div class="command-head"><span class="command-shell">([^<]+)<\/span><button type="button" class="copy-commands"[^>]*hidden>Copy<\/button><\/div>\s*<pre class="command"><code>([^<]*)<\/code><\/pre>/g,
    ),
  ];
  assert.equal(blocks.length, steps.length, "one block per step with commands, each labelled");
  assert.deepEqual(blocks[0]!.slice(1, 3), ["powershell", "Windows PowerShell"]);
  assert.deepEqual(blocks[1]!.slice(1, 3), ["cmd", "Command Prompt (cmd.exe)"]);
  assert.deepEqual(blocks[2]!.slice(1, 3), ["unknown", "Commands"]);
  assert.equal(
    blocks[0]![3]!.split("\n").length,
    steps[0]!.commands.length,
    "the block holds every command, one per line",
  );
});
