/** The common ending of every NPS reader: parsed with facts, or skipped with why, and the problems. */
import type { CollectorOutput } from "../types.js";
import type { NpsFragmentBuilder } from "./fragment.js";
import type { ProblemLog } from "./problems.js";

export function finishRead(
  tally: { records: number; rejected: number },
  builder: NpsFragmentBuilder,
  problems: ProblemLog,
  skippedReason: string,
): CollectorOutput<ReturnType<NpsFragmentBuilder["build"]>> {
  const { records, rejected } = tally;
  if (records === 0)
    return { status: "skipped", reason: skippedReason, records, rejected, problems: problems.list() };
  return { status: "parsed", facts: builder.build(), records, rejected, problems: problems.list() };
}
