import type { FactDefinition } from "./types.js";

/** Facts derived from the eventlog evidence. */
export const eventlogFacts: FactDefinition[] = [];
