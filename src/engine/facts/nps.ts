import type { FactDefinition } from "./types.js";

/** Facts derived from the nps evidence. */
export const npsFacts: FactDefinition[] = [];
