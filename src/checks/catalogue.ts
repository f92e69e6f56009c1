/** The WSUS domain as the engine sees it: the fact catalogue (one module per area) and the shipped rules. */
import { packagePath } from "../package-root.js";
import type { FactCatalogue, FactDefinition } from "../engine/fact-definition.js";
import { gpoFacts } from "./gpo/facts.js";
import { aclFacts } from "./acl/facts.js";
import { procmonFacts } from "./acl/procmon-facts.js";
import { eventlogFacts } from "./evt/facts.js";
import { iisFacts } from "./iis/facts.js";
import { iisScopeFacts } from "./iis/log-scope.js";
import { npsFacts } from "./nps/facts.js";
import { npsRadiusFacts } from "./nps/radius-facts.js";
import { staticFacts } from "./evidence-facts.js";
import { clientFacts } from "./client/facts.js";
import { clientsFacts } from "./clients/facts.js";

/** The rule files wsus-audit ships, one folder per area. */
export const SHIPPED_RULES_DIR = packagePath("rules");

/** The rule-file schema (hand-written; the engine's validator is generated from it). */
export const RULE_SCHEMA_PATH = packagePath("rules", "rule.schema.json");

export const FACT_CATALOGUE: FactCatalogue = [
  ...staticFacts,
  ...gpoFacts,
  ...aclFacts,
  ...procmonFacts,
  ...eventlogFacts,
  ...iisFacts,
  ...iisScopeFacts,
  ...npsFacts,
  ...npsRadiusFacts,
  ...clientsFacts,
  ...clientFacts,
];

export function findFact(name: string): FactDefinition | undefined {
  return FACT_CATALOGUE.find((fact) => fact.name === name);
}
