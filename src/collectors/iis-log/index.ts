import type { EvidenceSource } from "../types.js";
import type { IisLogFacts } from "./facts.js";

export const iisLogSource: EvidenceSource<unknown, IisLogFacts> = {
  name: "iisLog",
  label: "IIS W3C logs",
  collectors: [],
  merge: () => ({}),
};
