/** Reads a client fixture the way the pipeline does: classify by content, then collect. */
import assert from "node:assert/strict";
import { makeProbe, openEvidenceFile } from "../../../src/bundle/evidence-file.js";
import { classify } from "../../../src/collectors/classify.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import type { ClientFragment } from "../../../src/collectors/client/facts.js";

export async function readClientFixture(name: string, path = `clients/${name}`) {
  const file = await openEvidenceFile(`test/fixtures/client/${name}`, path);
  const { collector } = classify(await makeProbe(file));
  assert.ok(collector, `${name} is recognised`);
  const output = await collector.collect(file, { limits: DEFAULT_LIMITS });
  return { kind: collector.kind, output, facts: output.facts as ClientFragment };
}
