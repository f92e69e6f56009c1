/**
 * The Computers chapter and the summary's lead, shaped for the templates: plain strings and
 * numbers (escaped by {{ }}), the cut notes already worded, rows in display order.
 */
import type { ComputersAnswer } from "../../result/types.js";
import {
  COMPUTERS_CSV,
  MAX_GROUPS,
  computerGroups,
  computersSummary,
  verdictName,
} from "../computers-view.js";
import { formatLabel, type Labels } from "../labels.js";

/** "2026-11-30T08:12:44Z" → "2026-11-30 08:12" (UTC); "a or b" keeps both. */
function shortTimes(text: string): string {
  return text.replace(/(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z/g, "$1 $2");
}

export function computersChapter(answer: ComputersAnswer | undefined, labels: Labels) {
  if (!answer) return undefined;
  const summary = computersSummary(answer);
  const printed = computerGroups(answer);
  const verdicts = printed.groups
    .map((g) => ({ value: g.verdict, name: g.verdictName }))
    .filter((v, i, all) => all.findIndex((w) => w.value === v.value) === i);
  return {
    evaluable: answer.evaluable,
    reason: answer.reason,
    notes: answer.notes ?? [],
    summary,
    causes: answer.causes.slice(0, MAX_GROUPS).map((c) => ({
      verdictName: verdictName(c.verdict),
      cause: c.cause,
      count: c.count.toLocaleString("en-US"),
    })),
    moreCauses: Math.max(0, answer.causes.length - MAX_GROUPS),
    verdicts,
    groups: printed.groups.map((group, i) => ({
      id: `computers-${i + 1}`,
      verdict: group.verdict,
      verdictName: group.verdictName,
      cause: group.cause,
      count: group.count.toLocaleString("en-US"),
      rows: group.rows.map((row) => ({
        ...row,
        lastSync: shortTimes(row.lastSync),
        lastReport: shortTimes(row.lastReport),
        verdictName: group.verdictName,
      })),
      cut:
        group.more > 0
          ? formatLabel(labels.computersGroupCut, {
              n: group.rows.length.toLocaleString("en-US"),
              total: group.count.toLocaleString("en-US"),
            })
          : "",
    })),
    moreGroups:
      printed.moreGroups > 0
        ? formatLabel(labels.computersMoreGroups, { n: printed.moreGroups.toLocaleString("en-US") })
        : "",
    csvNote: formatLabel(labels.computersCsvNote, { file: COMPUTERS_CSV }),
  };
}
