/**
 * Branding without code: customer, consultant, company, logo and accent colour from options.
 * The logo is embedded as a data URI (the report makes no request); the accent colour is
 * validated before it reaches the stylesheet so it cannot inject CSS.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
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

/** A logo is embedded in every report; a bigger file is not a logo (or is /dev/zero). */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** The logo option names something that is not a logo: the user's mistake, said in one sentence. */
export class BrandingError extends Error {
  override name = "BrandingError";
}

/**
 * The logo as a data URI, or undefined with a warning when the file cannot be opened. A device,
 * a pipe, a file over MAX_LOGO_BYTES or one that is not a PNG, JPEG or SVG is a BrandingError: it
 * is never read to the end (a logo at /dev/zero used to be read until memory ran out).
 */
export function logoDataUri(path: string | undefined, warn: (message: string) => void): string | undefined {
  if (!path) return undefined;
  let bytes: Buffer;
  try {
    bytes = readLogo(path);
  } catch (error) {
    if (error instanceof BrandingError) throw error;
    warn(
      `Logo ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? "error"}); the report has no logo.`,
    );
    return undefined;
  }
  const mime = mimeOf(bytes, path);
  if (!mime) throw new BrandingError(`The logo ${path} is not a PNG, JPEG or SVG image.`);
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

/** Checks the logo before an audit starts, so a wrong path is said before minutes of work. */
export function checkLogo(path: string | undefined): void {
  logoDataUri(path, () => undefined);
}

function readLogo(path: string): Buffer {
  const notAFile = new BrandingError(`The logo ${path} is not a file (a device, pipe or folder).`);
  // opening a named pipe would wait for a writer: look before opening, and never block (POSIX)
  if (!statSync(path).isFile()) throw notAFile;
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notAFile;
    if (info.size > MAX_LOGO_BYTES) {
      throw new BrandingError(
        `The logo ${path} is ${(info.size / 1024 / 1024).toFixed(1)} MB; a logo may be at most ${MAX_LOGO_BYTES / 1024 / 1024} MB.`,
      );
    }
    // read at most the limit, even if the file grows while we read it
    const buffer = Buffer.alloc(Math.min(info.size, MAX_LOGO_BYTES));
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
