import type { EvidenceSource } from "../types.js";
import type { HttpErrFacts } from "./facts.js";

export const httpErrSource: EvidenceSource<unknown, HttpErrFacts> = {
  name: "httpErr",
  label: "HTTP.sys error logs",
  collectors: [],
  merge: () => ({}),
};
