import type { FactDefinition } from "./types.js";

/** Facts derived from the iis evidence. */
export const iisFacts: FactDefinition[] = [];
