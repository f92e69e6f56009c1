import type { EvidenceSource } from "../types.js";
import type { IisConfigFacts } from "./facts.js";

export const iisConfigSource: EvidenceSource<unknown, IisConfigFacts> = {
  name: "iisConfig",
  label: "IIS configuration",
  collectors: [],
  merge: () => ({}),
};
