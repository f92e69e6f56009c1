import type { EvidenceSource } from "../types.js";
import type { EventLogFacts } from "./facts.js";

export const eventlogSource: EvidenceSource<unknown, EventLogFacts> = {
  name: "eventlog",
  label: "Application event log",
  collectors: [],
  merge: () => ({}),
};
