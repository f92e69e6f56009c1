/**
 * Every generated artefact of the repository, in the order they must be written (the WebAssembly
 * module is compiled from the layout file written before it). `npm run generate` writes those
 * that differ; `npm run generate -- --check` and test/generate.test.ts list the stale ones.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { buildDocs } from "../gen-rules-doc.js";
import { absolute, ROOT, type Artefact } from "./artefact.js";
import { checkedTemplates } from "./checked-templates.js";
import { fixtures } from "./fixtures.js";
import { ruleValidator } from "./rule-validator.js";
import { wasmLayout } from "./wasm-layout.js";
import { wasmModule } from "./wasm-module.js";

export interface Outcome {
  path: string;
  state: "current" | "written" | "stale";
  reason?: string;
}

export interface GenerateOptions {
  /** Write what differs (else only report it). */
  write: boolean;
  /** Compile the WebAssembly module even when its recorded input digest matches. */
  rebuild?: boolean;
}

export async function generate(options: GenerateOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const emit = async (artefact: Artefact): Promise<void> => {
    if (artefact.content === undefined) {
      outcomes.push({ path: artefact.path, state: "stale", reason: artefact.stale });
      return;
    }
    const onDisk = await readFile(absolute(artefact.path)).catch(() => undefined);
    const wanted =
      typeof artefact.content === "string" ? Buffer.from(artefact.content, "utf8") : artefact.content;
    if (onDisk?.equals(wanted)) outcomes.push({ path: artefact.path, state: "current" });
    else if (options.write) {
      await mkdir(dirname(absolute(artefact.path)), { recursive: true });
      await writeFile(absolute(artefact.path), wanted);
      outcomes.push({ path: artefact.path, state: "written" });
    } else
      outcomes.push({ path: artefact.path, state: "stale", reason: "differs from what its sources give" });
  };
  const layout = wasmLayout();
  await emit(layout);
  await emit(wasmModule(layout, { build: options.write, rebuild: options.rebuild }));
  await emit(ruleValidator());
  // The rules below are read through the validator this process imported at start: when it was
  // just rewritten (or is stale), reading them here would use the old schema. Stop; the caller
  // runs again in a fresh process (generate.ts), or reports the stale validator (--check).
  if (outcomes.at(-1)?.state !== "current") return outcomes;
  await emit(await checkedTemplates());
  for (const doc of await buildDocs()) await emit({ path: relative(ROOT, doc.path), content: doc.content });
  for (const fixture of await fixtures()) await emit(fixture);
  return outcomes;
}
