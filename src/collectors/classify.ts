/** Choose the collector for a file from its content: the highest detect() score wins. */
import type { Probe } from "../bundle/types.js";
import { COLLECTORS } from "./index.js";
import type { Collector } from "./types.js";

export interface Classification {
  collector?: Collector;
  score: number;
  /** detect() functions that threw: bugs, reported rather than fatal. */
  errors: string[];
}

export function classify(probe: Probe, collectors: readonly Collector[] = COLLECTORS): Classification {
  let best: Collector | undefined;
  let bestScore = 0;
  const errors: string[] = [];
  for (const collector of collectors) {
    let score = 0;
    try {
      score = collector.detect(probe);
    } catch (error) {
      errors.push(`${collector.kind}: ${(error as Error).message}`);
    }
    if (score > bestScore) {
      best = collector;
      bestScore = score;
    }
  }
  return { ...(best ? { collector: best } : {}), score: bestScore, errors };
}
