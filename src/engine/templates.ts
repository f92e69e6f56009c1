/**
 * Handlebars for rule text (summary, remediation, not-evaluated reasons). Output is plain text:
 * no HTML escaping here — every renderer escapes for its own format.
 */
import Handlebars from "handlebars";
import type { CommandShell } from "./rule-file.js";
import { quoteInsertedValues, VALUE_END, VALUE_START } from "./shell-quoting.js";

const text = Handlebars.create();

text.registerHelper("join", (list: unknown, separator: unknown) =>
  Array.isArray(list)
    ? list
        .map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item)))
        .join(typeof separator === "string" ? separator : ", ")
    : "",
);
text.registerHelper("count", (value: unknown) =>
  Array.isArray(value)
    ? value.length
    : typeof value === "object" && value !== null
      ? Object.keys(value).length
      : 0,
);
text.registerHelper("plural", (count: unknown, singular: unknown, plural: unknown) =>
  count === 1 ? singular : typeof plural === "string" ? plural : `${String(singular)}s`,
);
text.registerHelper("eq", (a: unknown, b: unknown) => a === b);
text.registerHelper(
  "gt",
  (a: unknown, b: unknown) => typeof a === "number" && typeof b === "number" && a > b,
);
text.registerHelper("lower", (value: unknown) => String(value ?? "").toLowerCase());
text.registerHelper("upper", (value: unknown) => String(value ?? "").toUpperCase());
text.registerHelper("default", (value: unknown, fallback: unknown) =>
  value === undefined || value === null || value === "" ? fallback : value,
);
text.registerHelper("pluck", (list: unknown, key: unknown) =>
  Array.isArray(list) ? list.map((item) => (item as Record<string, unknown>)?.[String(key)]) : [],
);
text.registerHelper("first", (list: unknown) => (Array.isArray(list) ? list[0] : undefined));
text.registerHelper("json", (value: unknown) => JSON.stringify(value));
text.registerHelper("__inserted", (value: unknown) =>
  value === undefined || value === null
    ? ""
    : `${VALUE_START}${String(value).replaceAll(VALUE_START, "").replaceAll(VALUE_END, "")}${VALUE_END}`,
);

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function renderText(template: string, context: unknown): string {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = text.compile(template, { noEscape: true, strict: false });
    cache.set(template, compiled);
  }
  return compiled(context, {
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  }).trim();
}

const commandCache = new Map<string, Handlebars.TemplateDelegate>();

/**
 * A remediation command: like renderText, but each value the template inserts ({{path}},
 * {{default gpoName "…"}}) is quoted for where it lands in the command (src/engine/shell-quoting.ts).
 */
export function renderCommand(template: string, context: unknown, shell: CommandShell): string {
  let compiled = commandCache.get(template);
  if (!compiled) {
    compiled = text.compile(markInsertedValues(Handlebars.parse(template)), {
      noEscape: true,
      strict: false,
    });
    commandCache.set(template, compiled);
  }
  const rendered = compiled(context, {
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
  return quoteInsertedValues(rendered, shell).trim();
}

type Node = hbs.AST.Node & Record<string, unknown>;

/** Rewrites every `{{value}}` and `{{helper args}}` into `{{__inserted …}}`; block helpers keep theirs. */
function markInsertedValues(program: hbs.AST.Program): hbs.AST.Program {
  const rewrite = (node: Node): Node => {
    if (node.type === "MustacheStatement") {
      const mustache = node as unknown as hbs.AST.MustacheStatement;
      const called = mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0;
      const inner = called
        ? {
            type: "SubExpression",
            path: mustache.path,
            params: mustache.params,
            hash: mustache.hash,
            loc: mustache.loc,
          }
        : mustache.path;
      const marker = {
        type: "PathExpression",
        data: false,
        depth: 0,
        parts: ["__inserted"],
        original: "__inserted",
        loc: mustache.loc,
      };
      return { ...node, path: marker, params: [inner], hash: undefined } as unknown as Node;
    }
    if (node.type === "BlockStatement") {
      const block = node as unknown as hbs.AST.BlockStatement;
      return {
        ...node,
        program: block.program && markInsertedValues(block.program),
        inverse: block.inverse && markInsertedValues(block.inverse),
      } as unknown as Node;
    }
    return node;
  };
  return { ...program, body: program.body.map((statement) => rewrite(statement as Node)) } as hbs.AST.Program;
}
