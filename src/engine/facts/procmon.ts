import type { FactDefinition } from "./types.js";

/** Facts derived from the procmon evidence. */
export const procmonFacts: FactDefinition[] = [];
