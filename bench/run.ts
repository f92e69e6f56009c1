/**
 * npm run bench: runs every bench/*.bench.ts (or those whose name contains an argument) and
 * prints a summary table. Each benchmark exports a default async function returning its figures
 * and whether it met its targets. Exit 1 when a target is missed.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";

export interface BenchResult {
  name: string;
  metrics: Record<string, string | number>;
  targetsMet: boolean;
}

const folder = fileURLToPath(new URL(".", import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filter.length === 0 || filter.some((part) => name.includes(part)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const module = (await import(pathToFileURL(join(folder, file)).href)) as {
    default: () => Promise<BenchResult>;
  };
  results.push(await module.default());
}
console.log("\n== Summary");
for (const result of results) {
  const metrics = Object.entries(result.metrics)
    .map(([key, value]) => `${key}=${value}`)
    .join("  ");
  console.log(`${result.targetsMet ? "met " : "MISS"}  ${result.name}  ${metrics}`);
}
if (results.some((result) => !result.targetsMet)) process.exitCode = 1;
