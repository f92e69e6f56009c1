/** The common ending of the NPS event readers (XML, CSV, wevtutil text, .evtx): one outcome, worded once. */
import type { CollectorOutput } from "../types.js";
import type { NpsFragmentBuilder } from "./fragment.js";
import type { ProblemLog } from "./problems.js";
import { finishRead } from "./finish-read.js";

export interface EventReadTally {
  records: number;
  rejected: number;
  /** Events of other IDs (or other providers) that were read and ignored. */
  otherEvents: number;
  /** Where the events were looked for, for the skipped reason: "the file", "the .evtx". */
  where: string;
}

export function finishEventRead(
  tally: EventReadTally,
  builder: NpsFragmentBuilder,
  problems: ProblemLog,
): CollectorOutput<ReturnType<NpsFragmentBuilder["build"]>> {
  const { records, rejected, otherEvents } = tally;
  if (otherEvents > 0) {
    problems.add("other events", {
      message: `${otherEvents} event(s) other than the NPS events 6272–6280 were ignored.`,
      severity: "info",
    });
  }
  return finishRead({ records, rejected }, builder, problems, `No NPS event 6272–6280 in ${tally.where}.`);
}
