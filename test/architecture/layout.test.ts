/**
 * The layout ADR 0007 describes, checked on the source: the engine holds only generic machinery
 * (it never imports the WSUS checks, the result stage, reports, the pipeline or the CLI), no
 * stage reaches back to a later one, and no module graph cycle exists (static, dynamic and
 * type-only imports all count: a cycle is a cycle to a reader).
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { SOURCE_NAMES } from "../../src/collectors/sources.js";
import { ROOT } from "../helpers/cli.js";

const SRC = join(ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".as.ts") ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;

/** src-relative module → the src-relative modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)].map((match) =>
      relative(SRC, resolve(dirname(file), (match[1] ?? match[2]!).replace(/\.js$/, ".ts"))),
    );
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

const graph = importGraph();
const stageOf = (module: string): string => module.split(/[\\/]/)[0]!;

describe("source layout", () => {
  it("the rule schema's source enums are the source table", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "rules", "rule.schema.json"), "utf8")) as {
      properties: Record<string, { items?: { enum?: string[] } }>;
    };
    assert.deepEqual(schema.properties["requires"]?.items?.enum, [...SOURCE_NAMES]);
    assert.deepEqual(schema.properties["requiresAny"]?.items?.enum, [...SOURCE_NAMES]);
  });

  it("the import scanner sees the pipeline's imports", () => {
    assert.ok(graph.get(join("pipeline", "audit-bundle.ts"))?.includes(join("engine", "evaluate.ts")));
  });

  it("has no import cycle", () => {
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.join(" → ")}`);
  });

  it("the engine imports no domain, result, report, pipeline or CLI module", () => {
    const allowed = new Set(["engine", "collectors"]);
    const offending = [...graph]
      .filter(([module]) => stageOf(module) === "engine")
      .flatMap(([module, targets]) =>
        targets.filter((target) => !allowed.has(stageOf(target))).map((target) => `${module} → ${target}`),
      );
    assert.deepEqual(offending, []);
  });

  it("the engine reads only the collectors' contract, never a collector", () => {
    const contract = new Set([
      join("collectors", "types.ts"),
      join("collectors", "facts.ts"),
      join("collectors", "sources.ts"),
    ]);
    const offending = [...graph]
      .filter(([module]) => stageOf(module) === "engine")
      .flatMap(([module, targets]) =>
        targets
          .filter((target) => stageOf(target) === "collectors" && !contract.has(target))
          .map((target) => `${module} → ${target}`),
      );
    assert.deepEqual(offending, []);
  });

  it("renderers and diff read the result stage, not the pipeline or the engine's internals", () => {
    const offending = [...graph]
      .filter(([module]) => ["report", "diff", "result"].includes(stageOf(module)))
      .flatMap(([module, targets]) =>
        targets
          .filter(
            (target) =>
              ["pipeline", "cli"].includes(stageOf(target)) || target === join("diff", "read-result.ts"),
          )
          .map((target) => `${module} → ${target}`),
      );
    assert.deepEqual(offending, []);
  });

  it("CLI command modules stay thin: no static import of work, and no *-impl pairs", () => {
    const cli = [...graph].filter(([module]) => module.startsWith(join("cli", "")));
    assert.deepEqual(
      cli.map(([module]) => module).filter((module) => /-impl\.ts$/.test(module)),
      [],
    );
    for (const [module] of cli.filter(([module]) => module.startsWith(join("cli", "commands", "")))) {
      const text = readFileSync(join(SRC, module), "utf8");
      const statics = [...text.matchAll(/^import (?!type )[^;]*from\s+"(\.[^"]+)"/gm)].map((m) => m[1]!);
      const heavy = statics.filter(
        (target) =>
          !/^\.\.\/(shared-options|severity|errors)\.js$/.test(target) && !/\/types\.js$/.test(target),
      );
      assert.deepEqual(
        heavy,
        [],
        `${module} loads only option helpers at start-up; work is imported when run`,
      );
    }
  });
});
