/**
 * The NPS code rules decide on `npsResults` rows (their codes against the rule's codes); their
 * evidence table comes from `npsMachinesWithCodes`, which words the matched codes. On every NPS
 * sample both must name the same results, so the table shows exactly what the rule decided on.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { listBundle } from "../../../src/bundle/open-bundle.js";
import { npsMachinesWithCodes, npsResults } from "../../../src/checks/nps/facts.js";
import { ROW_OPERATORS } from "../../../src/engine/operators.js";
import { selectRows, type RowPredicate } from "../../../src/engine/row-predicate.js";
import { collectFacts } from "../../../src/pipeline/collect-facts.js";
import { ROOT } from "../../helpers/cli.js";

interface NpsRule {
  id: string;
  params: Record<string, { default: unknown }>;
  conditions: { all: { fact: string; value: RowPredicate }[] };
  evidence: { id: string; fact: string }[];
}

const RULES = join(ROOT, "rules", "nps");
const codeRules = readdirSync(RULES)
  .filter((name) => name.endsWith(".json") && !name.endsWith(".test.json"))
  .map((name) => JSON.parse(readFileSync(join(RULES, name), "utf8")) as NpsRule)
  .filter((rule) => rule.evidence.some((spec) => spec.fact === "npsMachinesWithCodes"));
const samples = readdirSync(join(ROOT, "samples")).filter((name) => name.startsWith("nps-"));

/** The rule's predicate with its parameters' defaults in place of {"$param"}. */
function resolved(value: unknown, params: NpsRule["params"]): unknown {
  if (Array.isArray(value)) return value.map((item) => resolved(item, params));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record["$param"] === "string") return params[record["$param"]]!.default;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolved(item, params)]));
}

describe("NPS code rules: the evidence table names the results the condition selected", () => {
  it("there are code rules and NPS samples", () => {
    assert.ok(codeRules.length >= 9 && samples.length >= 3);
  });

  for (const sample of samples) {
    it(sample, async () => {
      const listing = await listBundle(join(ROOT, "samples", sample));
      const { facts } = await collectFacts(listing);
      let selectedSomewhere = 0;
      for (const rule of codeRules) {
        const scope = rule.params["scope"]!.default;
        const predicate = resolved(rule.conditions.all[0]!.value, rule.params) as RowPredicate;
        const selected = selectRows(npsResults(facts, { scope }), predicate, ROW_OPERATORS) as {
          machine: string;
          time: string;
          line: number;
        }[];
        const shown = npsMachinesWithCodes(facts, { scope, codes: rule.params["codes"]!.default });
        const key = (row: { machine: string; time: string; line: number }) =>
          `${row.machine}|${row.time}|${row.line}`;
        assert.deepEqual(shown.map(key), selected.map(key), `${rule.id} on ${sample}`);
        selectedSomewhere += selected.length;
      }
      assert.ok(selectedSomewhere > 0, `${sample} fires some NPS code rule`);
    });
  }
});
