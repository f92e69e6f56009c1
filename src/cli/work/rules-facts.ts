/**
 * `wsus-audit rules facts [name]`: the fact catalogue (src/checks/catalogue.ts) — every fact a rule may
 * name, its parameters and the shape of its value. The unknown-fact error of load-rules.ts
 * points here.
 */
import { FACT_CATALOGUE, findFact } from "../../checks/catalogue.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { UserError } from "../errors.js";

export function factCatalogueRows(): {
  name: string;
  description: string;
  sources: string[];
  params: Record<string, { type: string; description: string; required: boolean }>;
  returns: string;
  example: unknown;
}[] {
  return FACT_CATALOGUE.map((fact) => ({
    name: fact.name,
    description: fact.description,
    sources: fact.sources,
    params: Object.fromEntries(
      Object.entries(fact.params ?? {}).map(([name, spec]) => [
        name,
        { type: spec.type, description: spec.description, required: spec.required === true },
      ]),
    ),
    returns: fact.returns,
    example: fact.example,
  }));
}

function describeFact(fact: FactDefinition, detailed: boolean): string[] {
  const kind = fact.compute
    ? fact.params && Object.keys(fact.params).length
      ? "parameterised"
      : "computed"
    : "evidence";
  const lines = [`${fact.name}  (${kind}${fact.sources.length ? `; needs ${fact.sources.join(", ")}` : ""})`];
  lines.push(`    ${fact.description}`);
  for (const [name, spec] of Object.entries(fact.params ?? {})) {
    lines.push(`    param ${name}: ${spec.type}${spec.required ? " (required)" : ""} — ${spec.description}`);
  }
  lines.push(`    value: ${fact.returns}`);
  if (detailed)
    lines.push(
      "    example value:",
      ...JSON.stringify(fact.example, null, 2)
        .split("\n")
        .map((line) => `      ${line}`),
    );
  return lines;
}

export function printFactCatalogue(args: { name?: string; json: boolean }): number {
  if (args.name !== undefined) {
    const fact = findFact(args.name);
    if (!fact) {
      throw new UserError(
        `No fact "${args.name}"; the catalogue has: ${FACT_CATALOGUE.map((f) => f.name).join(", ")}.`,
      );
    }
    if (args.json)
      console.log(
        JSON.stringify(
          factCatalogueRows().find((row) => row.name === args.name),
          null,
          2,
        ),
      );
    else console.log(describeFact(fact, true).join("\n"));
    return 0;
  }
  if (args.json) {
    console.log(JSON.stringify(factCatalogueRows(), null, 2));
    return 0;
  }
  for (const fact of FACT_CATALOGUE) console.log(describeFact(fact, false).join("\n"));
  console.log(
    `${FACT_CATALOGUE.length} facts. \`wsus-audit rules facts <name>\` shows an example value; \`wsus-audit facts <bundle> --fact <name>\` shows a bundle's real one.`,
  );
  return 0;
}
