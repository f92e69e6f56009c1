/**
 * renderHtml: one self-contained HTML file from the AuditResult (inline CSS, inline SVG, images as
 * data URIs, one small script allowed by its hash in the CSP, no request anywhere).
 * Evidence text only ever goes through Handlebars' escaping {{ }}; the helpers below escape too.
 */
import { createHash } from "node:crypto";
import Handlebars from "handlebars";
import type { AuditResult } from "../../result/types.js";
import { accentColour, logoDataUri } from "../branding.js";
import type { Branding } from "../branding.js";
import { formatLabel, labelsFor } from "../labels.js";
import { loadTemplates } from "./templates.js";
import { buildViewModel } from "./view-model.js";

export interface RenderOptions {
  /** A folder whose files override the shipped templates by name (report.hbs, partials/…, report.css). */
  templatesDir?: string;
  paper?: "a4" | "letter";
  branding?: Branding;
  /** Receives non-fatal problems (unreadable logo, invalid colour). */
  onWarning?: (message: string) => void;
}

function escape(text: string): string {
  return Handlebars.Utils.escapeExpression(text);
}

/** Escapes the text, then shows `backtick spans` as <code>. */
export function richText(text: unknown): Handlebars.SafeString {
  const parts = String(text ?? "").split("`");
  // An unpaired backtick stays a literal backtick.
  if (parts.length % 2 === 0) return new Handlebars.SafeString(escape(String(text ?? "")));
  const html = parts.map((part, i) => (i % 2 === 1 ? `<code>${escape(part)}</code>` : escape(part))).join("");
  return new Handlebars.SafeString(html);
}

function environment(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper("richText", (text: unknown) => richText(text));
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("gt", (a: unknown, b: unknown) => Number(a) > Number(b));
  hbs.registerHelper("join", (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.join(typeof separator === "string" ? separator : ", ") : "",
  );
  hbs.registerHelper("fmt", (template: unknown, n: unknown) =>
    formatLabel(String(template ?? ""), { n: String(n) }),
  );
  return hbs;
}

interface CompiledTemplates {
  files: ReturnType<typeof loadTemplates>;
  template: Handlebars.TemplateDelegate;
}

/** Templates compiled once per folder: a batch renders many reports with the same ones. */
const compiledByFolder = new Map<string, CompiledTemplates>();

function compiledTemplates(templatesDir: string | undefined): CompiledTemplates {
  const key = templatesDir ?? "";
  let compiled = compiledByFolder.get(key);
  if (!compiled) {
    const files = loadTemplates(templatesDir);
    const hbs = environment();
    for (const [name, source] of Object.entries(files.partials)) {
      hbs.registerPartial(name, hbs.compile(source, { preventIndent: true }));
    }
    compiled = { files, template: hbs.compile(files.report, { preventIndent: true }) };
    compiledByFolder.set(key, compiled);
  }
  return compiled;
}

export function renderHtml(result: AuditResult, options: RenderOptions = {}): string {
  const warn = options.onWarning ?? (() => undefined);
  const branding = options.branding ?? {};
  const labels = labelsFor(branding.language);
  const { files, template } = compiledTemplates(options.templatesDir);

  const accent = accentColour(branding.accentColor, warn);
  const script = files.script.trim();
  const scriptHash = createHash("sha256").update(script, "utf8").digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const view = buildViewModel(result, labels, {
    customer: branding.customer,
    consultant: branding.consultant,
  });

  return template({
    ...view,
    labels,
    lang: branding.language ?? "en",
    paper: options.paper ?? "a4",
    // Built from constants and a hash: no evidence in it.
    csp: new Handlebars.SafeString(csp),
    branding: { company: branding.company, logo: logoDataUri(branding.logo, warn) },
    // Trusted assets (shipped or the consultant's own templates), never evidence.
    css: new Handlebars.SafeString(`:root{--accent:${accent};}\n${files.css}`),
    script: new Handlebars.SafeString(script),
    charts: {
      severity: new Handlebars.SafeString(view.charts.severity),
      areas: view.charts.areas,
      hourly: view.charts.hourly ? new Handlebars.SafeString(view.charts.hourly) : undefined,
      histogram: view.charts.histogram ? new Handlebars.SafeString(view.charts.histogram) : undefined,
      histogramReference: view.charts.histogramReference,
      computers: view.charts.computers ? new Handlebars.SafeString(view.charts.computers) : undefined,
      computersAge: view.charts.computersAge,
    },
  });
}
