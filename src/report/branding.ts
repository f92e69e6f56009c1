/**
 * Branding without code: customer, consultant, company, logo and accent colour from options.
 * The logo is embedded as a data URI (the report makes no request); the accent colour is
 * validated before it reaches the stylesheet so it cannot inject CSS.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";

export interface Branding {
  company?: string;
  /** Path to a png/jpg/svg file, embedded as a data URI. */
  logo?: string;
  /** A CSS colour: #rgb, #rrggbb, rgb(r, g, b) or a colour name. */
  accentColor?: string;
  /** Language of the fixed labels (src/report/labels.ts). */
  language?: "en";
  /** Overrides bundle.json's customer. */
  customer?: string;
  /** Overrides bundle.json's consultant. */
  consultant?: string;
}

export const DEFAULT_ACCENT = "#1f4e79";

const COLOUR = /^(#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)|[a-z]{3,20})$/i;

export function accentColour(value: string | undefined, warn: (message: string) => void): string {
  if (value === undefined || value === "") return DEFAULT_ACCENT;
  const trimmed = value.trim();
  if (COLOUR.test(trimmed)) return trimmed;
  warn(
    `Accent colour "${value}" is not a colour (#rrggbb, #rgb, rgb(r, g, b) or a name); the default is used.`,
  );
  return DEFAULT_ACCENT;
}

function mimeOf(bytes: Buffer, path: string): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const head = bytes.subarray(0, 1024).toString("utf8");
  if (/<svg[\s>]/i.test(head) || extname(path).toLowerCase() === ".svg") return "image/svg+xml";
  return undefined;
}

/** The logo as a data URI, or undefined with a warning when it cannot be read or is not an image. */
export function logoDataUri(path: string | undefined, warn: (message: string) => void): string | undefined {
  if (!path) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    warn(
      `Logo ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? "error"}); the report has no logo.`,
    );
    return undefined;
  }
  const mime = mimeOf(bytes, path);
  if (!mime) {
    warn(`Logo ${path} is not a PNG, JPEG or SVG image; the report has no logo.`);
    return undefined;
  }
  return `data:${mime};base64,${bytes.toString("base64")}`;
}
