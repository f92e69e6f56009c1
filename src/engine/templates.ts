/**
 * Handlebars for rule text (summary, remediation, not-evaluated reasons). Output is plain text:
 * no HTML escaping here — every renderer escapes for its own format.
 */
import Handlebars from "handlebars";

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
