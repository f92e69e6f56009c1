/**
 * Evidence values inserted into remediation commands stay one literal argument: quoted for where
 * they land ('…', "…", bare, a comment) by Windows PowerShell's rules, checked with a real PowerShell
 * grammar (tree-sitter-powershell) on values a customer's estate really has (apostrophes in folder
 * names, $ and quotes in GPO names, typographic quotes pasted from mail) and on arbitrary ones.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import fc from "fast-check";
import { createRequire } from "node:module";
import { Language, Parser, type Node } from "web-tree-sitter";
import { renderCommand } from "../../src/engine/templates.js";

const require = createRequire(import.meta.url);
let parser: Promise<Parser> | undefined;
async function parse(script: string): Promise<Node> {
  parser ??= (async () => {
    await Parser.init();
    const created = new Parser();
    created.setLanguage(
      await Language.load(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")),
    );
    return created;
  })();
  return (await parser).parse(script)!.rootNode;
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* walk(child);
}

/**
 * tree-sitter-powershell reads a `#` right after an escape (`"`"#"`, `"`$#"`) as a comment, where
 * PowerShell reads the string `"#` (fast-check found it: seed -1681681453). A backtick before that `#`
 * means the same to PowerShell in every context (an escaped `#` is `#`; in '…' it stays one string),
 * so the grammar is shown the command with it: the shape it reports is PowerShell's.
 */
const avoidGrammarEscapeBug = (script: string): string => script.replace(/(`[^#])#/g, "$1`#");

/** What the grammar sees: how many commands, how many arguments each, and anything that would run. */
async function shape(script: string): Promise<string> {
  const root = await parse(avoidGrammarEscapeBug(script));
  const nodes = [...walk(root)];
  if (nodes.some((node) => node.isError || node.isMissing)) return "syntax error";
  const commands = nodes.filter((node) => node.type === "command");
  const active = nodes.filter((node) => ["variable", "sub_expression", "script_block"].includes(node.type));
  return JSON.stringify({
    commands: commands.map(
      (command) =>
        command
          .childForFieldName("command_elements")
          ?.children.filter((c) => c?.type !== "command_argument_sep").length ?? 0,
    ),
    active: active.map((node) => node.text),
  });
}

const GPO_LINK = 'Set-GPLink -Name "{{gpoName}}" -Target "{{linkTarget}}" -Enforced Yes';
const GET_ACL =
  "(Get-Acl -Path '{{psPath}}').Sddl | Out-File \"$env:USERPROFILE\\Desktop\\acl-{{index}}.txt\"";
const ICACLS_BARE = "icacls {{path}} /grant *S-1-5-20:F";

describe("values inserted into remediation commands", () => {
  it("a GPO name with quotes and $ stays the name, inside double quotes", async () => {
    const command = renderCommand(
      GPO_LINK,
      { gpoName: 'WSUS "Prod" $Clients `x', linkTarget: "OU=Clients,DC=contoso,DC=local" },
      "powershell",
    );
    assert.equal(
      command,
      'Set-GPLink -Name "WSUS `"Prod`" `$Clients ``x" -Target "OU=Clients,DC=contoso,DC=local" -Enforced Yes',
    );
    assert.equal(
      await shape(command),
      await shape(renderCommand(GPO_LINK, { gpoName: "A", linkTarget: "B" }, "powershell")),
    );
  });

  it("a folder with an apostrophe (and a typographic one from mail) inside single quotes", async () => {
    const command = renderCommand(GET_ACL, { psPath: "D:\\Bob's ‘updates’", index: 2 }, "powershell");
    assert.equal(
      command,
      "(Get-Acl -Path 'D:\\Bob''s ‘‘updates’’').Sddl | Out-File \"$env:USERPROFILE\\Desktop\\acl-2.txt\"",
    );
    // $env:USERPROFILE is the template's own variable, the only one that runs
    assert.deepEqual(JSON.parse(await shape(command)).active, ["$env:USERPROFILE"]);
  });

  it("a bare value with a space or a ; is single-quoted; a plain path stays as it is", async () => {
    assert.equal(
      renderCommand(ICACLS_BARE, { path: "D:\\WSUS\\WsusContent" }, "powershell"),
      "icacls D:\\WSUS\\WsusContent /grant *S-1-5-20:F",
    );
    const spaced = renderCommand(ICACLS_BARE, { path: "D:\\WSUS Content; Remove-Item C:\\" }, "powershell");
    assert.equal(spaced, "icacls 'D:\\WSUS Content; Remove-Item C:\\' /grant *S-1-5-20:F");
    assert.deepEqual(JSON.parse(await shape(spaced)).commands, [3]);
  });

  it("a value never adds a line; in a comment it stays in the comment", () => {
    const command = renderCommand(
      "# {{computer}}\nGet-Service wuauserv",
      { computer: "PC1\r\nStop-Computer" },
      "powershell",
    );
    assert.equal(command, "# PC1 Stop-Computer\nGet-Service wuauserv");
  });

  it("block helpers and helper calls still work, and the helper's result is quoted", () => {
    const template =
      '{{#if (eq fix "link")}}New-GPLink -Name "{{default gpoName "<WSUS GPO>"}}" -LinkEnabled Yes{{/if}}';
    assert.equal(
      renderCommand(template, { fix: "link" }, "powershell"),
      'New-GPLink -Name "<WSUS GPO>" -LinkEnabled Yes',
    );
    assert.equal(
      renderCommand(template, { fix: "link", gpoName: "Pol$1" }, "powershell"),
      'New-GPLink -Name "Pol`$1" -LinkEnabled Yes',
    );
    assert.equal(renderCommand(template, { fix: "unblock" }, "powershell"), "");
  });

  it("cmd steps keep their values as written (only line breaks go)", () => {
    assert.equal(
      renderCommand('icacls "{{path}}" /T', { path: "D:\\a$b\nc" }, "cmd"),
      'icacls "D:\\a$b c" /T',
    );
  });

  it("any value keeps the command's shape in each quoting context", async () => {
    const templates = [GPO_LINK, GET_ACL, ICACLS_BARE];
    const reference = await Promise.all(
      templates.map((template) =>
        shape(
          renderCommand(
            template,
            { gpoName: "A", linkTarget: "B", psPath: "C", index: 1, path: "D" },
            "powershell",
          ),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 30 }), async (value) => {
        for (const [i, template] of templates.entries()) {
          const command = renderCommand(
            template,
            { gpoName: value, linkTarget: "B", psPath: value, index: 1, path: value },
            "powershell",
          );
          assert.equal(await shape(command), reference[i], `${JSON.stringify(value)} → ${command}`);
        }
      }),
      { numRuns: 500, examples: [['"#'], ["$#"], ["`#"], ["'#"]] },
    );
  });
});
