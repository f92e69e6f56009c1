/** Problems of one file: every occurrence counted, a few samples per kind kept, then "N more". */
import type { Problem } from "../types.js";

const SAMPLE_LENGTH = 160;

export class ProblemLog {
  private readonly kept: Problem[] = [];
  private readonly counts = new Map<string, { count: number; severity: Problem["severity"] }>();

  constructor(private readonly samplesPerKind: number) {}

  add(kind: string, problem: Problem): void {
    const entry = this.counts.get(kind) ?? { count: 0, severity: problem.severity };
    entry.count++;
    this.counts.set(kind, entry);
    if (entry.count <= this.samplesPerKind) {
      this.kept.push(problem.sample ? { ...problem, sample: cut(problem.sample) } : problem);
    }
  }

  list(): Problem[] {
    const more: Problem[] = [];
    for (const [kind, { count, severity }] of this.counts) {
      if (count > this.samplesPerKind) {
        more.push({ severity, message: `${count - this.samplesPerKind} more of: ${kind}` });
      }
    }
    return [...this.kept, ...more];
  }
}

export function cut(text: string): string {
  const oneLine = text.replace(/\r?\n/g, "⏎");
  return oneLine.length > SAMPLE_LENGTH ? `${oneLine.slice(0, SAMPLE_LENGTH)}…` : oneLine;
}
