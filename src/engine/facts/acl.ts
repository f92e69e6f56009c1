import type { FactDefinition } from "./types.js";

/** Facts derived from the acl evidence. */
export const aclFacts: FactDefinition[] = [];
