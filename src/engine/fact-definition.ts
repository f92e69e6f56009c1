/**
 * The fact catalogue: every fact a rule may name, with its shape and an example.
 * Static facts are the evidence sources themselves (`gpo`, `iisLog` …) and `bundle`.
 * Dynamic facts compute a value from the merged facts and the rule's `params`: they keep
 * checks declarative (the list of paths lives in the rule file, the logic here).
 * Loading a rule fails when it names a fact or a parameter that is not declared here.
 */
import type { Facts } from "../collectors/facts.js";
import type { SourceName } from "../collectors/types.js";

export type ParamType = "string" | "number" | "boolean" | "string[]" | "number[]" | "object" | "object[]";

export interface ParamDefinition {
  type: ParamType;
  description: string;
  required?: boolean;
}

export interface FactDefinition {
  name: string;
  description: string;
  /** Evidence sources the fact reads; the fact is usable only when they are present. */
  sources: SourceName[];
  /** The parameters a rule may pass (json-rules-engine `params`). Unknown keys are a load error. */
  params?: Record<string, ParamDefinition>;
  /** The shape of the value, for docs/rule-authoring.md, in TypeScript-like notation. */
  returns: string;
  /** A realistic example value, for the docs. */
  example: unknown;
  /** Absent for static facts (the value is `facts[name]`). Must not throw on absent optional sources. */
  compute?: (facts: Facts, params: Record<string, unknown>) => unknown;
}

/** The facts a domain offers its rules; the engine loads and evaluates rules against one. */
export type FactCatalogue = readonly FactDefinition[];
