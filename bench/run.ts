/**
 * npm run bench: runs every bench/*.bench.ts (or those whose name contains an argument), each in a
 * process of its own so that one benchmark's heap never inflates the next one's peak RSS, and
 * prints a summary table. Each benchmark exports a default async function returning its figures
 * and whether it met its targets. Exit 1 when a target is missed.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchResult {
  name: string;
  metrics: Record<string, string | number>;
  targetsMet: boolean;
}

const RESULT_MARK = "BENCH_RESULT ";
const folder = fileURLToPath(new URL(".", import.meta.url));
const child = process.env["WSUS_AUDIT_BENCH_CHILD"];

if (child) {
  const module = (await import(pathToFileURL(join(folder, child)).href)) as {
    default: () => Promise<BenchResult>;
  };
  console.log(RESULT_MARK + JSON.stringify(await module.default()));
} else {
  const filter = process.argv.slice(2);
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".bench.ts"))
    .filter((name) => filter.length === 0 || filter.some((part) => name.includes(part)))
    .sort();

  const results: BenchResult[] = [];
  for (const file of files) {
    console.log(`\n== ${file}`);
    const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, WSUS_AUDIT_BENCH_CHILD: file },
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = run.stdout.split("\n");
    for (const line of lines) if (!line.startsWith(RESULT_MARK) && line !== "") console.log(line);
    const marked = lines.find((line) => line.startsWith(RESULT_MARK));
    results.push(
      marked
        ? (JSON.parse(marked.slice(RESULT_MARK.length)) as BenchResult)
        : { name: file, metrics: { error: `exit ${run.status}` }, targetsMet: false },
    );
  }
  console.log("\n== Summary");
  for (const result of results) {
    const metrics = Object.entries(result.metrics)
      .map(([key, value]) => `${key}=${value}`)
      .join("  ");
    console.log(`${result.targetsMet ? "met " : "MISS"}  ${result.name}  ${metrics}`);
  }
  if (results.some((result) => !result.targetsMet)) process.exitCode = 1;
}
