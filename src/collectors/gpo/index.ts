import type { EvidenceSource } from "../types.js";
import type { GpoFacts } from "./facts.js";

export const gpoSource: EvidenceSource<unknown, GpoFacts> = {
  name: "gpo",
  label: "Group Policy",
  collectors: [],
  merge: () => ({}),
};
