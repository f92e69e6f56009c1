/**
 * Rule authors may use regular expressions; a pathological one must not hang an audit.
 * Patterns are matched by RE2 (re2js, pure JavaScript), whose time is linear in the input:
 * `^.*.*.*.*.*.*.*.*!` passed the checks below yet took hours in JavaScript's backtracking
 * engine (ADR 0007). The checks stay, so authors hear about patterns that are exponential in
 * other engines, and at most MAX_REGEX_INPUT characters of a fact are tested.
 */
import { RE2JS } from "re2js";

export const MAX_REGEX_INPUT = 4096;

/** A compiled rule pattern: case-insensitive, linear time. */
export interface LinearPattern {
  test(text: string): boolean;
}

export function compileLinear(pattern: string): LinearPattern {
  const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  return { test: (text) => compiled.matcher(text).find() };
}

export function checkRegexSafety(pattern: string): string | undefined {
  if (pattern.length > 512) return "pattern is longer than 512 characters";
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern))
    return "back-references are not allowed (they can make matching exponential)";
  const linear = linearProblem(pattern);
  if (linear) return linear;
  // Walk groups; flag a group containing a quantifier or alternation that is itself quantified.
  const stack: { risky: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (char === "[") {
      const close = findClassEnd(pattern, i);
      i = close;
      continue;
    }
    if (char === "(") stack.push({ risky: false });
    else if (char === ")") {
      const group = stack.pop();
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "{" || next === "?";
      if (group?.risky && quantified && next !== "?") {
        return "nested quantifiers such as (a+)+ or (a|b)* are not allowed (they can make matching exponential)";
      }
      if (group?.risky && stack.length > 0) stack[stack.length - 1]!.risky = true;
      if (quantified && stack.length > 0) stack[stack.length - 1]!.risky = true;
    } else if ((char === "*" || char === "+" || char === "{" || char === "|") && stack.length > 0) {
      stack[stack.length - 1]!.risky = true;
    }
  }
  return undefined;
}

function findClassEnd(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "]") return i;
  }
  return pattern.length;
}

/** What RE2 refuses: look-arounds and other backtracking-only syntax. */
function linearProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, "");
    return `not supported by the linear-time matcher (${detail}); look-arounds and back-references cannot be used`;
  }
}
