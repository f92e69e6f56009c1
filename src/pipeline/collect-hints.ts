/**
 * What `wsus-audit formats` says about collecting each evidence source, for "what to collect next":
 * the kind a consultant should ask for first (the guide's own exports), else the source's first kind.
 */
import { SOURCES } from "../collectors/index.js";
import type { CollectHint } from "../result/completeness.js";

const ASK_FOR_FIRST = ["gpresult-xml", "icacls", "eventlog-evtx", "iis-w3c-log", "nps-accounting-log"];

export function collectHints(): CollectHint[] {
  return SOURCES.flatMap((source) => {
    const readable = source.collectors.filter((c) => c.status !== "recognised");
    const collector = readable.find((c) => ASK_FOR_FIRST.includes(c.kind)) ?? readable[0];
    return collector
      ? [{ source: source.name, label: collector.label, howToCollect: collector.howToCollect }]
      : [];
  });
}
