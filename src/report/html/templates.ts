/**
 * Loads the report templates: the shipped ones in <package>/templates, each overridable by a
 * file of the same name in a consultant's templatesDir (report.hbs, report.css, report.js,
 * partials/<name>.hbs or <name>.hbs). A missing override falls back to the shipped file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { packagePath } from "../../package-root.js";

export interface TemplateFiles {
  report: string;
  css: string;
  script: string;
  partials: Record<string, string>;
}

/** <package root>/templates. */
export function shippedTemplatesDir(): string {
  const dir = packagePath("templates");
  if (!existsSync(join(dir, "report.hbs")))
    throw new Error("The shipped report templates were not found (templates/report.hbs).");
  return dir;
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
