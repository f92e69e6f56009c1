/**
 * A .gz copy that was cut short (a transfer stopped, a log still being compressed) or corrupted makes
 * zlib fail while a reader streams it. That is a property of the evidence, not a bug of the reader:
 * these helpers recognise the failure and say it in a consultant's words.
 */

/** zlib's codes for data it cannot inflate (node:zlib errors carry them in `code`). */
const DAMAGED_DATA_CODES = new Set(["Z_DATA_ERROR", "Z_BUF_ERROR", "Z_NEED_DICT", "Z_STREAM_ERROR"]);

export function isDamagedCompression(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DAMAGED_DATA_CODES.has(code);
}

/** "the gzip data is cut short (unexpected end of file)": what happened, with zlib's own words. */
export function describeDamagedCompression(error: unknown): string {
  const code = (error as { code?: string }).code;
  const detail = (error as Error).message;
  const what = code === "Z_BUF_ERROR" ? "cut short" : "corrupt";
  return `the gzip data is ${what} (${detail})`;
}

/** Why and how to get a good copy: the same words wherever a damaged .gz is reported. */
export const DAMAGED_COMPRESSION_ADVICE =
  "copy the file again from the server (or test it with `gzip -t`) and re-run the audit";
