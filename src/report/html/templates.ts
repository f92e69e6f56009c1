/**
 * Loads the report templates: the shipped ones in <package>/templates, each overridable by a
 * file of the same name in a consultant's templatesDir (report.hbs, report.css, report.js,
 * partials/<name>.hbs or <name>.hbs). A missing override falls back to the shipped file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface TemplateFiles {
  report: string;
  css: string;
  script: string;
  partials: Record<string, string>;
}

let shippedDir: string | undefined;

/** <package root>/templates, found by walking up from this module (works from src/ and dist/). */
export function shippedTemplatesDir(): string {
  if (shippedDir) return shippedDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "report.hbs")) && existsSync(join(dir, "package.json"))) {
      shippedDir = candidate;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("The shipped report templates were not found (templates/report.hbs).");
    dir = parent;
  }
}

function readOverride(overrideDir: string | undefined, ...names: string[]): string | undefined {
  if (!overrideDir) return undefined;
  for (const name of names) {
    const path = join(overrideDir, name);
    if (existsSync(path)) return readFileSync(path, "utf8");
  }
  return undefined;
}

function partialNames(dir: string): string[] {
  const partials = join(dir, "partials");
  if (!existsSync(partials)) return [];
  return readdirSync(partials)
    .filter((name) => name.endsWith(".hbs"))
    .map((name) => name.slice(0, -4));
}

export function loadTemplates(templatesDir?: string): TemplateFiles {
  const shipped = shippedTemplatesDir();
  const override = templatesDir ? resolve(templatesDir) : undefined;
  if (override && !existsSync(override)) throw new Error(`Templates directory ${override} does not exist.`);
  const read = (name: string) => readOverride(override, name) ?? readFileSync(join(shipped, name), "utf8");
  const names = new Set([...partialNames(shipped), ...(override ? partialNames(override) : [])]);
  const partials: Record<string, string> = {};
  for (const name of [...names].sort()) {
    partials[name] =
      readOverride(override, join("partials", `${name}.hbs`), `${name}.hbs`) ??
      readFileSync(join(shipped, "partials", `${name}.hbs`), "utf8");
  }
  return { report: read("report.hbs"), css: read("report.css"), script: read("report.js"), partials };
}
