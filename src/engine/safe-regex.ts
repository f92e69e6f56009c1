/**
 * Rule authors may use regular expressions; a pathological one (catastrophic backtracking)
 * must not hang an audit. JavaScript has no linear-time engine built in, so we refuse, at load
 * time, the constructs that make backtracking exponential — a quantified group that itself
 * contains a quantifier or an alternation, and back-references — and test at most
 * MAX_REGEX_INPUT characters of the fact.
 */
export const MAX_REGEX_INPUT = 4096;

export function checkRegexSafety(pattern: string): string | undefined {
  if (pattern.length > 512) return "pattern is longer than 512 characters";
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern))
    return "back-references are not allowed (they can make matching exponential)";
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
