import type { EvidenceSource } from "../types.js";
import type { NpsFacts } from "./facts.js";

export const npsSource: EvidenceSource<unknown, NpsFacts> = {
  name: "nps",
  label: "NPS / NAP health validation",
  collectors: [],
  merge: () => ({}),
};
