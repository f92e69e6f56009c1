/**
 * Row predicates: the comparison a rule makes on each row of an observation table (a fact that is
 * an array of rows: one per policy URL, per vDir, per machine …). Facts observe; the predicate in
 * the rule decides, with every threshold visible:
 *
 *   {"all": [{"field": "rate", "operator": "greaterThanInclusive", "value": 0.02},
 *            {"field": "port", "operator": "notIn", "value": {"field": "sitePorts"}}]}
 *
 * A leaf compares a row's field (a dotted path) with a value, or with another field of the same
 * row (`{"field": …}` as value). `all`, `any` and `not` combine leaves. The same predicate selects
 * the rows an evidence table shows, so the table and the decision cannot disagree.
 */

/** The operators a row comparison may use (src/engine/operators.ts supplies them). */
export interface RowOperators {
  evaluate(operator: string, fact: unknown, value: unknown): boolean;
  /** A problem with the value for this operator, or undefined. */
  validate(operator: string, value: unknown): string | undefined;
  known(operator: string): boolean;
}

export type RowPredicate =
  | { all: RowPredicate[] }
  | { any: RowPredicate[] }
  | { not: RowPredicate }
  | { field: string; operator: string; value: unknown };

type Row = Record<string, unknown>;

/** The value of a dotted field ("a.b") in a row; undefined when a step is missing. */
export function fieldValue(row: unknown, field: string): unknown {
  let at: unknown = row;
  for (const step of field.split(".")) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, step)) return undefined;
    at = (at as Row)[step];
  }
  return at;
}

const isFieldRef = (value: unknown): value is { field: string } =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  typeof (value as { field?: unknown }).field === "string";

/** Whether one row satisfies the predicate. */
export function rowMatches(row: unknown, predicate: RowPredicate, operators: RowOperators): boolean {
  if ("all" in predicate) return predicate.all.every((part) => rowMatches(row, part, operators));
  if ("any" in predicate) return predicate.any.some((part) => rowMatches(row, part, operators));
  if ("not" in predicate) return !rowMatches(row, predicate.not, operators);
  const value = isFieldRef(predicate.value) ? fieldValue(row, predicate.value.field) : predicate.value;
  return operators.evaluate(predicate.operator, fieldValue(row, predicate.field), value);
}

/** The rows of a table (an array; anything else has none) that satisfy the predicate (or, negated, do not). */
export function selectRows(
  table: unknown,
  predicate: RowPredicate,
  operators: RowOperators,
  negate = false,
): unknown[] {
  return Array.isArray(table) ? table.filter((row) => rowMatches(row, predicate, operators) !== negate) : [];
}

/** Every field a predicate reads, in order of first use (for `--explain` and evidence). */
export function predicateFields(predicate: RowPredicate): string[] {
  const fields: string[] = [];
  const walk = (part: RowPredicate): void => {
    if ("all" in part) part.all.forEach(walk);
    else if ("any" in part) part.any.forEach(walk);
    else if ("not" in part) walk(part.not);
    else {
      fields.push(part.field);
      if (isFieldRef(part.value)) fields.push(part.value.field);
    }
  };
  walk(predicate);
  return [...new Set(fields)];
}

/** The predicate in words: `rate is at least 0.02 and port is none of the field sitePorts`. */
export function describePredicate(
  predicate: RowPredicate,
  describeOperator: (operator: string, value: unknown) => string,
): string {
  if ("all" in predicate)
    return predicate.all.map((part) => wrap(part, describePredicate(part, describeOperator))).join(" and ");
  if ("any" in predicate)
    return predicate.any.map((part) => wrap(part, describePredicate(part, describeOperator))).join(" or ");
  if ("not" in predicate) return `not (${describePredicate(predicate.not, describeOperator)})`;
  const value = predicate.value;
  // Phrase the operator with a placeholder, then name the other field where the value would stand.
  const compared = isFieldRef(value)
    ? describeOperator(predicate.operator, FIELD_PLACEHOLDER)
        .split(JSON.stringify(FIELD_PLACEHOLDER))
        .join(FIELD_PLACEHOLDER)
        .split(FIELD_PLACEHOLDER)
        .join(`the row's ${value.field}`)
    : describeOperator(predicate.operator, value);
  return `${predicate.field} ${compared}`;
}

const FIELD_PLACEHOLDER = "@@field@@";

const wrap = (part: RowPredicate, text: string): string =>
  "all" in part || "any" in part ? `(${text})` : text;

/** Load-time check of a predicate: a problem per bad part, as [pointer suffix, message]. */
export function checkPredicate(predicate: unknown, operators: RowOperators, at = ""): [string, string][] {
  if (typeof predicate !== "object" || predicate === null || Array.isArray(predicate))
    return [[at, 'a row predicate is an object: {"field", "operator", "value"}, or all / any / not']];
  const record = predicate as Record<string, unknown>;
  for (const group of ["all", "any"] as const) {
    if (group in record) {
      const parts = record[group];
      if (!Array.isArray(parts) || parts.length === 0)
        return [[`${at}/${group}`, `"${group}" holds a non-empty array of row predicates`]];
      return parts.flatMap((part, index) => checkPredicate(part, operators, `${at}/${group}/${index}`));
    }
  }
  if ("not" in record) return checkPredicate(record["not"], operators, `${at}/not`);
  const problems: [string, string][] = [];
  const extra = Object.keys(record).filter((key) => !["field", "operator", "value"].includes(key));
  if (extra.length > 0)
    problems.push([`${at}/${extra[0]!}`, `unknown property; a row comparison holds field, operator, value`]);
  if (typeof record["field"] !== "string" || record["field"] === "")
    problems.push([`${at}/field`, "names the row's field to compare"]);
  const operator = record["operator"];
  if (typeof operator !== "string" || operator.includes(":") || !operators.known(operator))
    problems.push([`${at}/operator`, `unknown operator ${JSON.stringify(operator)} in a row comparison`]);
  else if (!("value" in record)) problems.push([at, 'needs a value (or {"field": …})']);
  else if (!isFieldRef(record["value"])) {
    const problem = operators.validate(operator, record["value"]);
    if (problem) problems.push([`${at}/value`, `${operator}: ${problem}`]);
  }
  return problems;
}
