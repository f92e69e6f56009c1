import type { FactDefinition } from "./types.js";

/** Facts derived from the gpo evidence. */
export const gpoFacts: FactDefinition[] = [];
