/**
 * A zip may hold the same path twice (the format allows it; `a\b.log` and `a/./b.log` also name
 * `a/b.log`). Every entry is still listed, each under its own name, so that a finding citing
 * "logs/a.log" points at one entry: the second is "logs/a.log (2nd entry)", and so on.
 */
export class DistinctPaths {
  private readonly seen = new Map<string, number>();

  /** The path as the report shows it: itself the first time, with its ordinal after that. */
  take(path: string): string {
    const count = (this.seen.get(path) ?? 0) + 1;
    this.seen.set(path, count);
    return count === 1 ? path : `${path} (${ordinal(count)} entry)`;
  }
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}
