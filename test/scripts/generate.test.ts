/**
 * Every generated artefact (scripts/generate/all.ts) must be what its sources give today: this is
 * the check `npm run generate -- --check` runs, inside `npm test`. The WebAssembly module is held
 * to the digest of its inputs recorded beside it (compiling it takes seconds).
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { generate } from "../../scripts/generate/all.js";
import { wasmLayout } from "../../scripts/generate/wasm-layout.js";
import { WASM_MODULE, wasmModule } from "../../scripts/generate/wasm-module.js";

describe("npm run generate", () => {
  it("every generated file is up to date with its sources (else run `npm run generate`)", async () => {
    const outcomes = await generate({ write: false });
    const stale = outcomes.filter((outcome) => outcome.state !== "current");
    assert.deepEqual(
      stale.map((outcome) => `${outcome.path}: ${outcome.reason}`),
      [],
      "stale generated files: run `npm run generate` and commit the result",
    );
    const paths = outcomes.map((outcome) => outcome.path);
    for (const expected of [
      "src/collectors/iis-log/wasm/layout.generated.as.ts",
      WASM_MODULE,
      "src/engine/rule-validator.generated.ts",
      "src/engine/checked-templates.generated.ts",
      "docs/rules.md",
      "docs/rule-authoring.md",
      "test/fixtures/report/failing.json",
      "test/fixtures/nps/Security-NPS-wevtutil.txt",
      "samples/nps-mixed-client-states/nps/Security-NPS.csv",
      "samples/gpo-dual-scan/gpo/PC0311-rsop.xml",
      "samples/iis-pool-outage/W3SVC1572271583/u_ex261006.log",
      "test/e2e/expected/evt-german.json",
      "test/fixtures/hostile/bundle/bundle.json",
    ])
      assert.ok(paths.includes(expected), expected);
    // rules are hand-written sources: nothing generates a file under rules/
    assert.deepEqual(
      paths.filter((path) => path.startsWith("rules/")),
      [],
    );
  });

  it("a changed layout table makes the WebAssembly module stale without compiling it", () => {
    const layout = wasmLayout();
    assert.equal(wasmModule(layout, { build: false }).stale, undefined);
    const changed = {
      ...layout,
      content: layout.content.replace("export const H_DATE = 14;", "export const H_DATE = 15;"),
    };
    assert.notEqual(changed.content, layout.content);
    assert.match(wasmModule(changed, { build: false }).stale ?? "", /other inputs/);
  });
});
