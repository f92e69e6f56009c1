/**
 * A real PowerShell grammar for tests: tree-sitter-powershell (WASM, shipped in its npm package)
 * through web-tree-sitter — no PowerShell install, no download. The grammar follows PowerShell 7,
 * so `windowsPowerShellProblems` adds what Windows PowerShell 5.1 rejects or runs differently,
 * and what only cmd.exe understands.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Node } from "web-tree-sitter";

const require = createRequire(import.meta.url);
let parser: Promise<Parser> | undefined;

async function load(): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm"));
  const created = new Parser();
  created.setLanguage(language);
  return created;
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* walk(child);
}

/** Syntax errors (with their line) in a script, per the grammar. */
export async function syntaxErrors(script: string): Promise<string[]> {
  const tree = (await (parser ??= load())).parse(script);
  if (!tree) return ["the parser returned no tree"];
  const errors: string[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.isError || node.isMissing) {
      const line = node.startPosition.row + 1;
      const text = script.split("\n")[node.startPosition.row]?.trim() ?? "";
      errors.push(`line ${line}: ${node.isMissing ? `missing ${node.type}` : "syntax error"} near: ${text}`);
    }
  }
  tree.delete();
  return errors;
}

/**
 * What the grammar accepts but Windows PowerShell 5.1 does not, and cmd.exe syntax that
 * PowerShell would run differently: pipeline chains (&& ||, PowerShell 7), ternary and ?? (7),
 * %VAR% (cmd; PowerShell passes it literally), `cd /d` (cmd), `sc` (Set-Content in PowerShell),
 * 7-only encodings and switches, an unquoted `<` (reserved), and a quoted executable followed by
 * arguments without the call operator `&` (a parse error in 5.1).
 */
export async function windowsPowerShellProblems(script: string): Promise<string[]> {
  const problems = await syntaxErrors(script);
  const tree = (await (parser ??= load())).parse(script);
  if (tree) {
    for (const node of walk(tree.rootNode)) {
      const line = node.startPosition.row + 1;
      if (node.type === "pipeline_chain_tail")
        problems.push(`line ${line}: && / || pipeline chains need PowerShell 7 (use ; or if ($?) { … })`);
      if (node.type === "ternary_expression") problems.push(`line ${line}: ?: needs PowerShell 7`);
    }
    tree.delete();
  }
  const rules: [RegExp, string][] = [
    [/\?\?=?/, "?? needs PowerShell 7"],
    [/%[A-Za-z_][A-Za-z0-9_()]*%/, "%VAR% is cmd syntax: use $env:VAR"],
    [/(^|[;|]\s*)cd\s+\/d\b/im, "cd /d is cmd syntax: use Set-Location"],
    [/-Encoding\s+utf8(NoBOM|BOM)\b/i, "utf8NoBOM/utf8BOM encodings need PowerShell 7"],
    [/(^|[;|{]\s*)sc\s/i, "sc is Set-Content in PowerShell: use sc.exe or Set-Service"],
    [/ForEach-Object\s+-Parallel/i, "ForEach-Object -Parallel needs PowerShell 7"],
    [/ConvertFrom-Json\b[^\n]*-AsHashtable/i, "ConvertFrom-Json -AsHashtable needs PowerShell 7"],
    [
      /(^|[;{]\s*)"[^"\n]+\.exe"\s+[\w/-]/im,
      'a quoted executable with arguments needs the call operator: & "…" args',
    ],
  ];
  // block comments (<# … #>, the scripts' help) are no code: blanked, keeping the line numbers
  const code = script.replace(/<#[\s\S]*?#>/g, (comment) => comment.replace(/[^\n]/g, ""));
  code.split(/\r?\n/).forEach((text, index) => {
    if (/^\s*#/.test(text)) return;
    for (const [pattern, message] of rules)
      if (pattern.test(text)) problems.push(`line ${index + 1}: ${message}: ${text.trim()}`);
    // "The '<' operator is reserved for future use": a placeholder such as <server> must be quoted.
    if (/</.test(text.replace(/'[^']*'|"(?:[^"`]|`.)*"/g, "").replace(/#.*$/, "")))
      problems.push(
        `line ${index + 1}: < is reserved in PowerShell: quote placeholders ('<server>'): ${text.trim()}`,
      );
  });
  return problems;
}
