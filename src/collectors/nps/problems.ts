/** Bounded problem list: a few samples per kind of problem, then one "N more" line per kind. */
import type { Problem } from "../types.js";

export class ProblemLog {
  private readonly byKind = new Map<string, { problems: Problem[]; more: number }>();

  constructor(private readonly samplesPerKind: number) {}

  add(kind: string, problem: Problem): void {
    let entry = this.byKind.get(kind);
    if (!entry) {
      entry = { problems: [], more: 0 };
      this.byKind.set(kind, entry);
    }
    if (entry.problems.length < this.samplesPerKind) {
      entry.problems.push({ ...problem, sample: problem.sample?.slice(0, 160) });
    } else entry.more++;
  }

  list(): Problem[] {
    const out: Problem[] = [];
    for (const [kind, entry] of this.byKind) {
      out.push(...entry.problems);
      if (entry.more > 0) {
        out.push({
          message: `${entry.more} more of: ${kind}`,
          severity: entry.problems[0]?.severity ?? "warning",
        });
      }
    }
    return out;
  }
}
