/**
 * JSON text a piece at a time, byte for byte what `JSON.stringify(value, null, 2)` prints, so that
 * a result of any size is written without ever holding it as one string (V8 strings end near
 * 512 MiB: "Invalid string length"). Pieces are gathered into blocks of about BLOCK_CHARS and
 * handed to the sink; the caller decides where they go (a file, or a string for small results).
 */
import { closeSync, openSync, writeSync } from "node:fs";

const BLOCK_CHARS = 1 << 20;
const INDENT = "  ";

/** Receives the text in order; the last call may be shorter than a block. */
export type JsonSink = (text: string) => void;

class BlockWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly sink: JsonSink) {}

  push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= BLOCK_CHARS) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(""));
    this.parts = [];
    this.length = 0;
  }
}

/** What JSON.stringify does with a value before printing it: toJSON, then boxed primitives. */
function prepared(value: unknown, key: string): unknown {
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  return value;
}

/** Values JSON.stringify leaves out of objects and prints as null in arrays. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function writeValue(out: BlockWriter, value: unknown, indent: string): void {
  if (value === null || omitted(value)) {
    out.push("null");
    return;
  }
  if (typeof value === "number") {
    out.push(Number.isFinite(value) ? String(value) : "null");
    return;
  }
  if (typeof value !== "object") {
    out.push(JSON.stringify(value)); // strings, booleans; a bigint throws as in JSON.stringify
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    for (let index = 0; index < value.length; index++) {
      out.push(index === 0 ? `[\n${inner}` : `,\n${inner}`);
      writeItem(out, prepared(value[index], String(index)), inner);
    }
    out.push(`\n${indent}]`);
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = prepared((value as Record<string, unknown>)[key], key);
    if (omitted(item)) continue;
    out.push(`${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `);
    first = false;
    writeValue(out, item, inner);
  }
  out.push(first ? "{}" : `\n${indent}}`);
}

/**
 * An array item (a machine, a finding, an inventory entry) is printed by the native JSON.stringify,
 * many times faster than walking it, and re-indented; only an item too big for one string is walked.
 */
function writeItem(out: BlockWriter, item: unknown, indent: string): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(item, null, 2);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    writeValue(out, item, indent);
    return;
  }
  // A JSON string never holds a raw line break, so every "\n" is a line of the layout.
  out.push(text === undefined ? "null" : text.replaceAll("\n", `\n${indent}`));
}

/** Prints `value` as JSON.stringify(value, null, 2) would, followed by `suffix`, block by block. */
export function writeJson(value: unknown, sink: JsonSink, suffix = ""): void {
  const out = new BlockWriter(sink);
  const top = prepared(value, "");
  writeValue(out, top, "");
  out.push(suffix);
  out.flush();
}

/** The JSON text as one string: for results known to be small (tests, fixtures). */
export function jsonText(value: unknown, suffix = ""): string {
  const blocks: string[] = [];
  writeJson(value, (text) => blocks.push(text), suffix);
  return blocks.join("");
}

/** Writes the JSON to a file without building it in memory first. */
export function writeJsonFile(path: string, value: unknown, suffix = "\n"): void {
  const fd = openSync(path, "w");
  try {
    writeJson(value, (text) => writeSync(fd, text, null, "utf8"), suffix);
  } finally {
    closeSync(fd);
  }
}
