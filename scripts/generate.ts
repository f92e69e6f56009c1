/**
 * npm run generate: writes every generated artefact (scripts/generate/all.ts lists them) whose
 * sources changed. `--check` writes nothing and exits 1 when one is stale; `--rebuild` compiles
 * the WebAssembly module even when its inputs are unchanged.
 */
import { generate } from "./generate/all.js";

const check = process.argv.includes("--check");
const outcomes = await generate({ write: !check, rebuild: process.argv.includes("--rebuild") });
for (const outcome of outcomes) {
  if (outcome.state === "written") console.log(`wrote ${outcome.path}`);
  if (outcome.state === "stale")
    console.error(`stale: ${outcome.path} (${outcome.reason}): run \`npm run generate\``);
}
if (outcomes.some((outcome) => outcome.state === "stale")) process.exitCode = 1;
else if (check) console.log(`${outcomes.length} generated files are up to date`);
