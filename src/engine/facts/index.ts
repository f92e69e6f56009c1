/** The fact catalogue, assembled from one module per area. */
import type { FactDefinition } from "./types.js";
import { gpoFacts } from "./gpo.js";
import { aclFacts } from "./acl.js";
import { procmonFacts } from "./procmon.js";
import { eventlogFacts } from "./eventlog.js";
import { iisFacts } from "./iis.js";
import { npsFacts } from "./nps.js";
import { staticFacts } from "./static.js";
import { clientFacts } from "../../checks/clients/facts.js";

export const FACT_CATALOGUE: readonly FactDefinition[] = [
  ...staticFacts,
  ...gpoFacts,
  ...aclFacts,
  ...procmonFacts,
  ...eventlogFacts,
  ...iisFacts,
  ...npsFacts,
  ...clientFacts,
];

export function findFact(name: string): FactDefinition | undefined {
  return FACT_CATALOGUE.find((fact) => fact.name === name);
}
