/**
 * Every remediation command of every shipped rule is valid where it says it runs. PowerShell
 * commands (the default shell) go through a real PowerShell grammar (tree-sitter-powershell) plus
 * the Windows PowerShell 5.1 and cmd-only checks of test/helpers/powershell-grammar.ts, each line
 * alone and each step's block as a whole (the report copies the block whole).
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { RuleFile } from "../../src/engine/rule-file.js";
import { ROOT } from "../helpers/cli.js";
import { windowsPowerShellProblems } from "../helpers/powershell-grammar.js";

const RULES = join(ROOT, "rules");

function shippedRules(): [string, RuleFile][] {
  return readdirSync(RULES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(RULES, dir.name))
        .filter((name) => name.endsWith(".json") && !name.endsWith(".test.json"))
        .map((name): [string, RuleFile] => [
          `${dir.name}/${name}`,
          JSON.parse(readFileSync(join(RULES, dir.name, name), "utf8")) as RuleFile,
        ]),
    );
}

/**
 * A command template with its Handlebars filled by a plain value: block helpers keep their body
 * ({{else}} branches dropped), each {{value}} becomes a word that is valid in any position.
 */
export function fillTemplate(template: string): string {
  return template
    .replace(/\{\{else\}\}.*?\{\{\/if\}\}/g, "")
    .replace(/\{\{[#/][^}]*\}\}/g, "")
    .replace(/\{\{[^}]*\}\}/g, "Value1");
}

describe("remediation commands", () => {
  const rules = shippedRules();

  it("the shipped rules hold commands, each step's shell is powershell or cmd", () => {
    const steps = rules.flatMap(([, rule]) => rule.remediation.filter((step) => typeof step !== "string"));
    assert.ok(steps.filter((step) => (step.commands ?? []).length > 0).length > 50);
    for (const step of steps)
      assert.ok([undefined, "powershell", "cmd"].includes(step.shell), String(step.shell));
  });

  it("fillTemplate keeps the command and fills every value", () => {
    assert.equal(
      fillTemplate(
        '{{#if gpoName}}Set-GPLink -Name "{{gpoName}}" -Enforced {{#if x}}Yes{{else}}No{{/if}}{{/if}}',
      ),
      'Set-GPLink -Name "Value1" -Enforced Yes',
    );
  });

  for (const [file, rule] of shippedRules()) {
    it(`${file}: every PowerShell command parses and runs in Windows PowerShell 5.1`, async () => {
      const problems: string[] = [];
      for (const [index, step] of rule.remediation.entries()) {
        if (typeof step === "string" || !step.commands?.length || step.shell === "cmd") continue;
        const lines = step.commands.map(fillTemplate).filter((line) => line.trim() !== "");
        // a comment alone is no program for the grammar; it is checked within its block below
        for (const line of lines.filter((text) => !/^\s*#/.test(text)))
          for (const problem of await windowsPowerShellProblems(line))
            problems.push(`/remediation/${index}: ${line}\n    ${problem}`);
        for (const problem of await windowsPowerShellProblems(lines.join("\r\n")))
          problems.push(`/remediation/${index} as a block: ${problem}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it("the checks catch what breaks in Windows PowerShell 5.1", async () => {
    for (const broken of [
      "net stop W3SVC && net start W3SVC",
      'icacls "%ProgramFiles%\\Update Services" /grant "*S-1-5-20:(OI)(CI)F"',
      '"C:\\Program Files\\Update Services\\Tools\\wsusutil.exe" checkhealth',
      "cd /d c:\\Inetpub\\AdminScripts",
      "Test-NetConnection <wsus server> -Port 8530",
      "sc config wuauserv start= auto",
    ])
      assert.notDeepEqual(await windowsPowerShellProblems(broken), [], broken);
  });
});
