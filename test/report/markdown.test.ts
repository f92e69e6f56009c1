import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/report/index.js";
import { mdCode, mdText } from "../../src/report/markdown.js";
import { failingWithShells, loadFixture } from "./helpers.js";

test("Markdown report has the site, verdict, fix-first list, findings with steps and coverage", () => {
  const md = renderMarkdown(loadFixture("failing"));
  assert.match(md, /^# WSUS client reporting audit — Fabrikam GmbH\n/);
  assert.match(md, /\*\*Verdict: Action required\.\*\* Clients cannot report/);
  assert.match(
    md,
    /### What to fix first\n\n1\. \*\*F1 \[Critical\] WSUS web services reject clients with HTTP 401\.1\*\*/,
  );
  // Causes before symptoms: the policy (GPO) comes before the health events among the highs.
  assert.ok(md.indexOf("[High] The policy's WSUS URL") < md.indexOf("[High] WSUS health monitoring"));
  assert.match(md, /### F2 · The policy's WSUS URL has no port/);
  // a step's commands are one fenced block (results written before shells: labelled "Commands")
  assert.match(
    md,
    /_Commands:_\n\n {3}```\n {3}icacls "C:\\Windows\\Microsoft\.NET[^\n]*\n {3}icacls "C:\\Windows\\Temp" \/grant "\*S-1-5-20:\(OI\)\(CI\)F"/,
  );
  assert.match(md, /\| `IIS\.401_1` \| Failed \| `iis-401-1-invalid-credentials` \|/);
  assert.match(md, /_11 more rows in result\.json\._/);
  assert.match(md, /\| `eventlog\/System\.evtx` \| evtx \| failed: The file is truncated/);
});

test("Markdown escapes evidence so it never becomes HTML, links or table breaks", () => {
  const md = renderMarkdown(loadFixture("xss"));
  const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, "");
  assert.doesNotMatch(outsideCode, /(^|[^\\])<(script|img|svg)/i);
  assert.doesNotMatch(outsideCode, /(^|[^\\])\[link\]\(/);
  assert.equal(mdText("a|b <i> [x](y)"), "a\\|b \\<i\\> \\[x\\](y)");
  assert.equal(mdCode("has ` tick"), "``has ` tick``");
});

test("each step's commands are one block labelled with its shell, fenced for highlighting", () => {
  const { result, steps } = failingWithShells();
  const md = renderMarkdown(result);
  const block = (step: (typeof steps)[number]) => step.commands.map((line) => `   ${line}`).join("\n");
  assert.ok(md.includes(`   _Windows PowerShell:_\n\n   \`\`\`powershell\n${block(steps[0]!)}\n   \`\`\``));
  assert.ok(md.includes(`   _Command Prompt (cmd.exe):_\n\n   \`\`\`bat\n${block(steps[1]!)}\n   \`\`\``));
});

test("a CR carried in from CRLF evidence never reaches the Markdown: one line ending throughout", () => {
  const result = loadFixture("failing");
  const step = result.findings.flatMap((finding) => finding.remediation).find((s) => s.commands.length)!;
  step.commands = ['icacls "C:\\WSUS\r\nContent"', "Restart-Service W3SVC\r"];
  step.shell = "powershell";
  const md = renderMarkdown(result);
  assert.doesNotMatch(md, /\r/);
  assert.ok(md.includes('   icacls "C:\\WSUS\n   Content"\n   Restart-Service W3SVC\n   ```'));
});
