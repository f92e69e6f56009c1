/** Bounded problem list: a few samples per problem type, then one "N more" line per type. */
import type { Problem } from "../types.js";

const MAX_SAMPLE_LENGTH = 200;

export class ProblemLog {
  private readonly byType = new Map<
    string,
    { kept: Problem[]; more: number; severity: Problem["severity"] }
  >();

  constructor(private readonly perType = 5) {}

  add(type: string, problem: Problem): void {
    const entry = this.byType.get(type) ?? { kept: [], more: 0, severity: problem.severity };
    this.byType.set(type, entry);
    if (entry.kept.length < this.perType) {
      const sample = problem.sample?.slice(0, MAX_SAMPLE_LENGTH);
      entry.kept.push(sample === undefined ? problem : { ...problem, sample });
    } else entry.more++;
  }

  problems(): Problem[] {
    return [...this.byType.values()].flatMap((entry) =>
      entry.more > 0
        ? [...entry.kept, { message: `${entry.more} more like the above.`, severity: entry.severity }]
        : entry.kept,
    );
  }
}
