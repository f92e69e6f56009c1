/**
 * Waiver values with `*` wildcards, matched without a regular expression: `*a*a*a…b` as a regex
 * backtracks polynomially and hung a run on a 400-character URL. This greedy matcher remembers
 * only the last `*`, so it takes at most (value length × pattern length) steps and, for the
 * patterns people write, about one pass over the value.
 */
export function wildcardMatches(value: string, pattern: string): boolean {
  const text = value.toLowerCase();
  const wanted = pattern.toLowerCase();
  let t = 0;
  let p = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (p < wanted.length && wanted[p] === "*") {
      starAt = p++;
      resumeAt = t;
    } else if (p < wanted.length && wanted[p] === text[t]) {
      p++;
      t++;
    } else if (starAt >= 0) {
      // let the last star swallow one more character and retry what follows it
      p = starAt + 1;
      t = ++resumeAt;
    } else return false;
  }
  while (p < wanted.length && wanted[p] === "*") p++;
  return p === wanted.length;
}
