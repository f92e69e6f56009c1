/** The work of `wsus-audit facts`: collect a bundle and print its facts (or one fact). */
import { listBundle } from "../../bundle/open-bundle.js";
import { FACT_CATALOGUE, findFact } from "../../checks/catalogue.js";
import { collectFacts } from "../../pipeline/collect-facts.js";
import { UserError } from "../errors.js";

export interface FactsArgs {
  bundle: string;
  json: boolean;
  fact?: string;
  params?: string;
}

/** Parameters for a computed fact: a JSON object whose keys the catalogue declares. */
export function parseFactParams(
  factName: string,
  text: string | undefined,
  declared: Record<string, { required?: boolean }> | undefined,
): Record<string, unknown> {
  let params: unknown = {};
  if (text !== undefined) {
    try {
      params = JSON.parse(text);
    } catch (error) {
      throw new Error(`--params is not JSON: ${(error as Error).message}`);
    }
    if (typeof params !== "object" || params === null || Array.isArray(params))
      throw new Error("--params must be a JSON object");
  }
  const record = params as Record<string, unknown>;
  const known = Object.keys(declared ?? {});
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      throw new Error(
        `fact "${factName}" takes no parameter "${key}"${known.length ? `; it takes: ${known.join(", ")}` : ""}`,
      );
    }
  }
  for (const [key, spec] of Object.entries(declared ?? {})) {
    if (spec.required && record[key] === undefined)
      throw new Error(`fact "${factName}" needs the parameter "${key}" (--params '{"${key}": …}')`);
  }
  return record;
}

export async function printBundleFacts(args: FactsArgs): Promise<void> {
  if (args.params !== undefined && args.fact === undefined)
    throw new UserError("--params needs --fact <name>.");
  const definition = args.fact !== undefined ? findFact(args.fact) : undefined;
  if (args.fact !== undefined && !definition) {
    throw new UserError(
      `No fact "${args.fact}"; the catalogue has: ${FACT_CATALOGUE.map((f) => f.name).join(", ")}.`,
    );
  }
  let params: Record<string, unknown> = {};
  try {
    if (definition) params = parseFactParams(definition.name, args.params, definition.params);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const listing = await listBundle(args.bundle).catch((error: Error) => {
    throw new UserError(error.message);
  });
  try {
    const { facts, inventory } = await collectFacts(listing);
    const record = facts as unknown as Record<string, unknown>;
    const value = definition
      ? definition.compute
        ? definition.compute(facts, params)
        : record[definition.name]
      : facts;
    if (!args.json) {
      for (const entry of inventory) {
        console.error(
          `${entry.status.padEnd(7)} ${entry.kind.padEnd(18)} ${entry.path}${entry.reason ? ` — ${entry.reason}` : ""}`,
        );
      }
      if (definition && !definition.compute && value === undefined) {
        console.error(
          `The bundle holds no ${definition.name} evidence; sources present: ${facts.bundle.sources.join(", ") || "none"}.`,
        );
      }
    }
    console.log(JSON.stringify(value ?? null, null, 2));
  } finally {
    await listing.dispose?.();
  }
}
