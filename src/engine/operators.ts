/**
 * Custom operators: the second (and last) code extension point of rules, next to dynamic facts.
 * json-rules-engine's `equal` compares arrays by identity and its numeric operators quietly return
 * false on strings; these say what authors mean. Each is documented with an example for
 * docs/rule-authoring.md.
 */
import {
  checkPredicate,
  describePredicate,
  rowMatches,
  type RowOperators,
  type RowPredicate,
} from "./row-predicate.js";
import { checkRegexSafety, compileLinear, MAX_REGEX_INPUT, type LinearPattern } from "./safe-regex.js";

export interface OperatorDefinition {
  name: string;
  description: string;
  /** A condition using it, as it appears in a rule file. */
  example: Record<string, unknown>;
  /** The condition in words, after the fact's name: "is not empty", "names a port other than 8530". */
  phrase: (value: unknown) => string;
  evaluate: (factValue: unknown, value: unknown) => boolean;
  /** Checks the condition's `value` at load time; returns a problem or undefined. */
  validateValue?: (value: unknown) => string | undefined;
}

const sizeOf = (value: unknown): number | undefined => {
  if (Array.isArray(value) || typeof value === "string") return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value === "object" && value !== null) return Object.keys(value).length;
  return undefined;
};

const normalise = (value: unknown): unknown => (typeof value === "string" ? value.toLowerCase() : value);

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return stableStringify(a) === stableStringify(b);
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

const compiledPatterns = new Map<string, LinearPattern>();
function compile(pattern: string): LinearPattern {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    regex = compileLinear(pattern);
    compiledPatterns.set(pattern, regex);
  }
  return regex;
}

function urlPort(value: unknown): { explicit?: number; effective?: number } {
  if (typeof value !== "string") return {};
  const match = /^\s*(https?):\/\/(\[[^\]]+\]|[^/:?#\s]+)(?::(\d+))?/i.exec(value);
  if (!match) return {};
  const explicit = match[3] !== undefined ? Number(match[3]) : undefined;
  const scheme = match[1]!.toLowerCase();
  return { explicit, effective: explicit ?? (scheme === "https" ? 443 : 80) };
}

/** A condition's value, short, for sentences and docs. */
export function showValue(value: unknown): string {
  if (Array.isArray(value) && value.length > 8) {
    return `[${value.slice(0, 8).map(showValue).join(", ")}, … ${value.length - 8} more]`;
  }
  if (Array.isArray(value)) return `[${value.map(showValue).join(", ")}]`;
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const list = (value: unknown): string =>
  Array.isArray(value) ? value.map(showValue).join(", ") : showValue(value);

/** Windows paths compare case-insensitively, / and \ alike, without trailing separators. */
function normalisePath(value: string): string {
  return value.trim().replace(/\//g, "\\").replace(/\\+$/, "").toLowerCase();
}

const requireBoolean = (value: unknown): string | undefined =>
  typeof value === "boolean" ? undefined : "value must be true or false";
const requireArray = (value: unknown): string | undefined =>
  Array.isArray(value) ? undefined : "value must be an array";
const requireNumber = (value: unknown): string | undefined =>
  typeof value === "number" && Number.isFinite(value) ? undefined : "value must be a number";
const requireString = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? undefined : "value must be a non-empty string";
const requirePorts = (value: unknown): string | undefined =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((port) => Number.isInteger(port) && port > 0 && port < 65536)
    ? undefined
    : "value must be a non-empty array of port numbers";

export const CUSTOM_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: "nonEmpty",
    phrase: (value) => (value === true ? "is not empty" : "is empty"),
    description:
      "The fact (array, string or object) has at least one element when value is true; none when false.",
    example: { fact: "wsusHealth", params: { statuses: ["failing"] }, operator: "nonEmpty", value: true },
    evaluate: (fact, value) => (sizeOf(fact) ?? 0) > 0 === value,
    validateValue: requireBoolean,
  },
  {
    name: "isEmpty",
    phrase: (value) => (value === true ? "is empty or absent" : "is present and not empty"),
    description: "The fact is undefined, null, or an empty array/string/object when value is true.",
    example: { fact: "bundle", path: "$.wsus.server", operator: "isEmpty", value: true },
    evaluate: (fact, value) => (fact === undefined || fact === null || sizeOf(fact) === 0) === value,
    validateValue: requireBoolean,
  },
  {
    name: "sizeGreaterThan",
    phrase: (value) => `has more than ${showValue(value)} items`,
    description: "The fact's length (array, string) or key count (object) is greater than value.",
    example: { fact: "iisSilentClients", path: "$.clients", operator: "sizeGreaterThan", value: 0 },
    evaluate: (fact, value) => (sizeOf(fact) ?? 0) > (value as number),
    validateValue: requireNumber,
  },
  {
    name: "containsAny",
    phrase: (value) => `contains any of ${list(value)}`,
    description:
      "The fact (a value or an array) contains at least one of the values listed (strings compare case-insensitively).",
    example: { fact: "bundle", path: "$.sources", operator: "containsAny", value: ["iisLog", "httpErr"] },
    evaluate: (fact, value) =>
      asList(value).some((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "containsAll",
    phrase: (value) => `contains all of ${list(value)}`,
    description: "The fact (an array) contains every value listed (strings compare case-insensitively).",
    example: { fact: "bundle", path: "$.sources", operator: "containsAll", value: ["gpo", "nps"] },
    evaluate: (fact, value) =>
      asList(value).every((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "containsNone",
    phrase: (value) => `contains none of ${list(value)}`,
    description:
      "The fact (a value or an array) contains none of the values listed (strings compare case-insensitively).",
    example: { fact: "bundle", path: "$.sources", operator: "containsNone", value: ["acl", "procmon"] },
    evaluate: (fact, value) =>
      !asList(value).some((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "equalsIgnoreCase",
    phrase: (value) => `equals ${showValue(value)} (ignoring case)`,
    description: "String equality ignoring case (and deep equality for arrays and objects).",
    example: {
      fact: "bundle",
      path: "$.wsus.server",
      operator: "equalsIgnoreCase",
      value: "WSUS01.contoso.local",
    },
    evaluate: (fact, value) => sameValue(normalise(fact), normalise(value)),
  },
  {
    name: "notEqualsIgnoreCase",
    phrase: (value) => `does not equal ${showValue(value)} (ignoring case)`,
    description: "The negation of equalsIgnoreCase.",
    example: {
      fact: "bundle",
      path: "$.wsus.server",
      operator: "notEqualsIgnoreCase",
      value: "wsus01.contoso.local",
    },
    evaluate: (fact, value) => !sameValue(normalise(fact), normalise(value)),
  },
  {
    name: "deepEqual",
    phrase: (value) => `is exactly ${showValue(value)}`,
    description: "Structural equality of arrays and objects (key order ignored).",
    example: { fact: "bundle", path: "$.sources", operator: "deepEqual", value: ["eventlog"] },
    evaluate: (fact, value) => stableStringify(fact) === stableStringify(value),
  },
  {
    name: "matches",
    phrase: (value) => `matches the pattern /${String(value)}/i`,
    description: `The fact (a string) matches the regular expression in value, case-insensitively. Patterns run in RE2's linear time (no look-arounds or back-references); nested quantifiers are refused at load time, and only the first ${MAX_REGEX_INPUT} characters are tested, so a pattern cannot hang a run.`,
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "matches", value: "^https?://[^/]+:\\d+$" },
    evaluate: (fact, value) =>
      typeof fact === "string" && compile(value as string).test(fact.slice(0, MAX_REGEX_INPUT)),
    validateValue: (value) =>
      typeof value === "string" ? checkRegexSafety(value) : "value must be a pattern string",
  },
  {
    name: "notMatches",
    phrase: (value) => `does not match the pattern /${String(value)}/i`,
    description:
      "The fact is not a string matching the regular expression in value (same safety limits as matches).",
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "notMatches", value: "^https?://" },
    evaluate: (fact, value) =>
      !(typeof fact === "string" && compile(value as string).test(fact.slice(0, MAX_REGEX_INPUT))),
    validateValue: (value) =>
      typeof value === "string" ? checkRegexSafety(value) : "value must be a pattern string",
  },
  {
    name: "urlHasPort",
    phrase: (value) =>
      value === true ? "is a URL with an explicit port" : "is a URL without an explicit port",
    description:
      "The fact (a URL) names an explicit port (http://wsus01:8530) when value is true; none when false.",
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlHasPort", value: false },
    evaluate: (fact, value) => typeof fact === "string" && (urlPort(fact).explicit !== undefined) === value,
    validateValue: requireBoolean,
  },
  {
    name: "urlPortIn",
    phrase: (value) => `is a URL whose port (explicit, or 80/443 from the scheme) is one of ${list(value)}`,
    description:
      "The fact (a URL)'s port — explicit, or 80/443 from its scheme — is one of the ports listed.",
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlPortIn", value: [8530, 8531] },
    evaluate: (fact, value) => {
      const port = urlPort(fact).effective;
      return port !== undefined && asList(value).includes(port);
    },
    validateValue: requirePorts,
  },
  {
    name: "urlPortNotIn",
    phrase: (value) => `is a URL whose port (explicit, or 80/443 from the scheme) is none of ${list(value)}`,
    description:
      "The fact (a URL)'s port — explicit, or 80/443 from its scheme — is none of the ports listed. A value that is not an http(s) URL does not match (test the URL's form with another condition).",
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlPortNotIn", value: [8530, 8531] },
    evaluate: (fact, value) => {
      const port = urlPort(fact).effective;
      return port !== undefined && !asList(value).includes(port);
    },
    validateValue: requirePorts,
  },
  {
    name: "urlSchemeIs",
    phrase: (value) => `is a URL with the scheme ${showValue(value)}`,
    description: 'The fact (a URL) starts with the scheme given ("http" or "https"), ignoring case.',
    example: { fact: "gpoServerUrls", path: "$[0].raw", operator: "urlSchemeIs", value: "https" },
    evaluate: (fact, value) =>
      typeof fact === "string" &&
      new RegExp(`^\\s*${String(value)}://`, "i").test(fact.slice(0, MAX_REGEX_INPUT)),
    validateValue: (value) =>
      value === "http" || value === "https" ? undefined : 'value must be "http" or "https"',
  },
  {
    name: "startsWithIgnoreCase",
    phrase: (value) => `starts with ${showValue(value)} (ignoring case)`,
    description: "The fact (a string) starts with the string in value, ignoring case.",
    example: { fact: "bundle", path: "$.wsus.server", operator: "startsWithIgnoreCase", value: "wsus" },
    evaluate: (fact, value) =>
      typeof fact === "string" &&
      typeof value === "string" &&
      fact.toLowerCase().startsWith(value.toLowerCase()),
    validateValue: requireString,
  },
  {
    name: "pathUnder",
    phrase: (value) => `is the folder ${showValue(value)} or a path below it`,
    description:
      "The fact (a Windows path) is the folder in value or inside it: case-insensitive, / and \\ alike, trailing separators ignored (D:\\WSUS\\WSUSContent\\ is under D:\\WSUS). A prefix that stops mid-name does not count (D:\\WSUS2 is not under D:\\WSUS).",
    example: { fact: "bundle", path: "$.wsus.contentDir", operator: "pathUnder", value: "D:\\WSUS" },
    evaluate: (fact, value) => {
      if (typeof fact !== "string" || typeof value !== "string") return false;
      const path = normalisePath(fact);
      const folder = normalisePath(value);
      return path === folder || path.startsWith(`${folder}\\`);
    },
    validateValue: requireString,
  },
  {
    name: "someRow",
    phrase: (value) =>
      `has at least one row where ${describePredicate(value as RowPredicate, describeOperator)}`,
    description:
      'The fact (a table: an array of rows) has at least one row that satisfies the row predicate in value. A row comparison is {"field": "<row field>", "operator": "<any operator>", "value": <threshold>}; the value may be {"field": "<other field>"} to compare two fields of the row; "all", "any" and "not" combine comparisons. Evidence with "where" pointing at this condition shows exactly the rows it selected.',
    example: {
      fact: "gpoPort",
      path: "$.urls",
      operator: "someRow",
      value: {
        any: [
          { field: "port", operator: "notIn", value: { field: "sitePorts" } },
          { field: "portInUrl", operator: "equal", value: false },
        ],
      },
    },
    evaluate: (fact, value) =>
      Array.isArray(fact) && fact.some((row) => rowMatches(row, value as RowPredicate, ROW_OPERATORS)),
    validateValue: (value) => {
      const problem = checkPredicate(value, ROW_OPERATORS)[0];
      return problem ? `${problem[0] ? `at ${problem[0]}: ` : ""}${problem[1]}` : undefined;
    },
  },
  {
    name: "sizeLessThan",
    phrase: (value) => `has fewer than ${showValue(value)} items`,
    description:
      "The fact's length (array, string) or key count (object) is less than value; an absent fact has size 0.",
    example: { fact: "bundle", path: "$.sources", operator: "sizeLessThan", value: 2 },
    evaluate: (fact, value) => (sizeOf(fact) ?? 0) < (value as number),
    validateValue: requireNumber,
  },
];

/** json-rules-engine's own operators and decorators, which authors may use too. */
export const BUILT_IN_OPERATORS = [
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
] as const;
export const OPERATOR_DECORATORS = [
  "someFact",
  "someValue",
  "everyFact",
  "everyValue",
  "swap",
  "not",
] as const;

const numeric = (test: (a: number, b: number) => boolean) => (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number" && test(a, b);

/** json-rules-engine's built-in operators with its semantics, for comparisons inside a row. */
const BUILT_IN_EVALUATE: Record<
  (typeof BUILT_IN_OPERATORS)[number],
  (fact: unknown, value: unknown) => boolean
> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => Array.isArray(b) && b.includes(a),
  notIn: (a, b) => Array.isArray(b) && !b.includes(a),
  contains: (a, b) => Array.isArray(a) && a.includes(b),
  doesNotContain: (a, b) => Array.isArray(a) && !a.includes(b),
  lessThan: numeric((a, b) => a < b),
  lessThanInclusive: numeric((a, b) => a <= b),
  greaterThan: numeric((a, b) => a > b),
  greaterThanInclusive: numeric((a, b) => a >= b),
};

/** Every operator but the decorators (and someRow itself: rows do not nest), for row predicates. */
export const ROW_OPERATORS: RowOperators = {
  evaluate: (operator, fact, value) => {
    const builtIn = (BUILT_IN_EVALUATE as Record<string, ((a: unknown, b: unknown) => boolean) | undefined>)[
      operator
    ];
    if (builtIn) return builtIn(fact, value);
    return findOperator(operator)?.evaluate(fact, value) ?? false;
  },
  validate: (operator, value) => findOperator(operator)?.validateValue?.(value),
  known: (operator) => operator !== "someRow" && !operator.includes(":") && isKnownOperator(operator),
};

/** json-rules-engine's operators in words, for `rules show` and the docs. */
export const BUILT_IN_PHRASES: Record<(typeof BUILT_IN_OPERATORS)[number], (value: unknown) => string> = {
  equal: (value) => `equals ${showValue(value)}`,
  notEqual: (value) => `does not equal ${showValue(value)}`,
  in: (value) => `is one of ${list(value)}`,
  notIn: (value) => `is none of ${list(value)}`,
  contains: (value) => `contains ${showValue(value)}`,
  doesNotContain: (value) => `does not contain ${showValue(value)}`,
  lessThan: (value) => `is less than ${showValue(value)}`,
  lessThanInclusive: (value) => `is at most ${showValue(value)}`,
  greaterThan: (value) => `is greater than ${showValue(value)}`,
  greaterThanInclusive: (value) => `is at least ${showValue(value)}`,
};

const DECORATOR_PHRASES: Record<(typeof OPERATOR_DECORATORS)[number], (inner: string) => string> = {
  someFact: (inner) => `has at least one item that ${inner}`,
  everyFact: (inner) => `has only items that ${inner}`,
  someValue: (inner) => `${inner} (for at least one of the values)`,
  everyValue: (inner) => `${inner} (for every one of the values)`,
  swap: (inner) => `${inner} (fact and value swapped)`,
  not: (inner) => `does not satisfy: ${inner}`,
};

/** An operator (decorators included) and its value in words: "has at least one item that matches …". */
export function describeOperator(name: string, value: unknown): string {
  const parts = name.split(":");
  const base = parts.pop()!;
  const custom = CUSTOM_OPERATORS.find((op) => op.name === base);
  const builtIn = (BUILT_IN_PHRASES as Record<string, ((value: unknown) => string) | undefined>)[base];
  let text = custom ? custom.phrase(value) : builtIn ? builtIn(value) : `${base} ${showValue(value)}`;
  for (const decorator of parts.reverse()) {
    const phrase = (DECORATOR_PHRASES as Record<string, ((inner: string) => string) | undefined>)[decorator];
    if (phrase) text = phrase(text);
  }
  return text;
}

export function isKnownOperator(name: string): boolean {
  const parts = name.split(":");
  const base = parts.pop()!;
  const decoratorsKnown = parts.every((part) => (OPERATOR_DECORATORS as readonly string[]).includes(part));
  return (
    decoratorsKnown &&
    ((BUILT_IN_OPERATORS as readonly string[]).includes(base) ||
      CUSTOM_OPERATORS.some((op) => op.name === base))
  );
}

export function findOperator(name: string): OperatorDefinition | undefined {
  const base = name.split(":").pop();
  return CUSTOM_OPERATORS.find((op) => op.name === base);
}
