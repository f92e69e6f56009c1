import type { EvidenceSource } from "../types.js";
import type { ProcmonFacts } from "./facts.js";

export const procmonSource: EvidenceSource<unknown, ProcmonFacts> = {
  name: "procmon",
  label: "Process Monitor capture",
  collectors: [],
  merge: () => ({}),
};
