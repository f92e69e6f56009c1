/**
 * Custom operators: the second (and last) code extension point of rules, next to dynamic facts.
 * json-rules-engine's `equal` compares arrays by identity and its numeric operators quietly return
 * false on strings; these say what authors mean. Each is documented with an example for
 * docs/rule-authoring.md.
 */
import { checkRegexSafety, MAX_REGEX_INPUT } from "./safe-regex.js";

export interface OperatorDefinition {
  name: string;
  description: string;
  /** A condition using it, as it appears in a rule file. */
  example: Record<string, unknown>;
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

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

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

const compiledPatterns = new Map<string, RegExp>();
function compile(pattern: string): RegExp {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, "i");
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

const requireBoolean = (value: unknown): string | undefined =>
  typeof value === "boolean" ? undefined : "value must be true or false";
const requireArray = (value: unknown): string | undefined =>
  Array.isArray(value) ? undefined : "value must be an array";
const requireNumber = (value: unknown): string | undefined =>
  typeof value === "number" && Number.isFinite(value) ? undefined : "value must be a number";

export const CUSTOM_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: "nonEmpty",
    description: "The fact (array, string or object) has at least one element when value is true; none when false.",
    example: { fact: "deniedPaths", operator: "nonEmpty", value: true },
    evaluate: (fact, value) => ((sizeOf(fact) ?? 0) > 0) === value,
    validateValue: requireBoolean,
  },
  {
    name: "isEmpty",
    description: "The fact is undefined, null, or an empty array/string/object when value is true.",
    example: { fact: "gpo", path: "$.appliedGpos", operator: "isEmpty", value: true },
    evaluate: (fact, value) => (fact === undefined || fact === null || sizeOf(fact) === 0) === value,
    validateValue: requireBoolean,
  },
  {
    name: "sizeGreaterThan",
    description: "The fact's length (array, string) or key count (object) is greater than value.",
    example: { fact: "iisClients", path: "$.silent", operator: "sizeGreaterThan", value: 0 },
    evaluate: (fact, value) => (sizeOf(fact) ?? 0) > (value as number),
    validateValue: requireNumber,
  },
  {
    name: "containsAny",
    description:
      "The fact (a value or an array) contains at least one of the values listed (strings compare case-insensitively).",
    example: { fact: "npsCodes", operator: "containsAny", value: ["0xC0FF000F", "0xC0FF0012"] },
    evaluate: (fact, value) => asList(value).some((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "containsAll",
    description: "The fact (an array) contains every value listed (strings compare case-insensitively).",
    example: { fact: "gpo", path: "$.policyNames", operator: "containsAll", value: ["WUServer", "WUStatusServer"] },
    evaluate: (fact, value) => asList(value).every((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "containsNone",
    description: "The fact (a value or an array) contains none of the values listed (strings compare case-insensitively).",
    example: { fact: "iisStatuses", operator: "containsNone", value: [503] },
    evaluate: (fact, value) => !asList(value).some((wanted) => asList(fact).some((have) => sameValue(have, wanted))),
    validateValue: requireArray,
  },
  {
    name: "equalsIgnoreCase",
    description: "String equality ignoring case (and deep equality for arrays and objects).",
    example: { fact: "gpo", path: "$.effective.UseWUServer.state", operator: "equalsIgnoreCase", value: "enabled" },
    evaluate: (fact, value) => sameValue(normalise(fact), normalise(value)),
  },
  {
    name: "notEqualsIgnoreCase",
    description: "The negation of equalsIgnoreCase.",
    example: { fact: "iisConfig", path: "$.site.name", operator: "notEqualsIgnoreCase", value: "WSUS Administration" },
    evaluate: (fact, value) => !sameValue(normalise(fact), normalise(value)),
  },
  {
    name: "deepEqual",
    description: "Structural equality of arrays and objects (key order ignored).",
    example: { fact: "iisConfig", path: "$.site.httpsPorts", operator: "deepEqual", value: [8531] },
    evaluate: (fact, value) => stableStringify(fact) === stableStringify(value),
  },
  {
    name: "matches",
    description: `The fact (a string) matches the regular expression in value, case-insensitively. Patterns with nested quantifiers or back-references are refused at load time, and only the first ${MAX_REGEX_INPUT} characters are tested, so a pattern cannot hang a run.`,
    example: { fact: "gpo", path: "$.effective.WUServer.value", operator: "matches", value: "^https?://[^/]+:\\d+$" },
    evaluate: (fact, value) => typeof fact === "string" && compile(value as string).test(fact.slice(0, MAX_REGEX_INPUT)),
    validateValue: (value) => (typeof value === "string" ? checkRegexSafety(value) : "value must be a pattern string"),
  },
  {
    name: "notMatches",
    description: "The fact is not a string matching the regular expression in value (same safety limits as matches).",
    example: { fact: "gpo", path: "$.effective.WUServer.value", operator: "notMatches", value: "^https?://" },
    evaluate: (fact, value) => !(typeof fact === "string" && compile(value as string).test(fact.slice(0, MAX_REGEX_INPUT))),
    validateValue: (value) => (typeof value === "string" ? checkRegexSafety(value) : "value must be a pattern string"),
  },
  {
    name: "urlHasPort",
    description: "The fact (a URL) names an explicit port (http://wsus01:8530) when value is true; none when false.",
    example: { fact: "gpo", path: "$.effective.WUServer.value", operator: "urlHasPort", value: false },
    evaluate: (fact, value) => typeof fact === "string" && (urlPort(fact).explicit !== undefined) === value,
    validateValue: requireBoolean,
  },
  {
    name: "urlPortIn",
    description: "The fact (a URL)'s port — explicit, or 80/443 from its scheme — is one of the ports listed.",
    example: { fact: "gpo", path: "$.effective.WUServer.value", operator: "urlPortIn", value: [8530, 8531] },
    evaluate: (fact, value) => {
      const port = urlPort(fact).effective;
      return port !== undefined && asList(value).includes(port);
    },
    validateValue: requireArray,
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
export const OPERATOR_DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"] as const;

export function isKnownOperator(name: string): boolean {
  const parts = name.split(":");
  const base = parts.pop()!;
  const decoratorsKnown = parts.every((part) => (OPERATOR_DECORATORS as readonly string[]).includes(part));
  return (
    decoratorsKnown &&
    ((BUILT_IN_OPERATORS as readonly string[]).includes(base) || CUSTOM_OPERATORS.some((op) => op.name === base))
  );
}

export function findOperator(name: string): OperatorDefinition | undefined {
  const base = name.split(":").pop();
  return CUSTOM_OPERATORS.find((op) => op.name === base);
}
