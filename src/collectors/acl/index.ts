import type { EvidenceSource } from "../types.js";
import type { AclFacts } from "./facts.js";

export const aclSource: EvidenceSource<unknown, AclFacts> = {
  name: "acl",
  label: "File system permissions",
  collectors: [],
  merge: () => ({}),
};
