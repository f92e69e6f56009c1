/**
 * Test fixtures and sample evidence made by code, in the bytes Windows writes: each generator under
 * test/fixtures/ lists its files when imported (test/fixtures/file-sink.mjs), and the report tests'
 * AuditResults come from test/fixtures/report/build-fixtures.ts. Text files Prettier formats (the
 * end-to-end expectations, sample bundle.json files) are formatted as `npm run format` would.
 */
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { format, getFileInfo, resolveConfig } from "prettier";
import { REPORT_FIXTURES } from "../../test/fixtures/report/build-fixtures.js";
import { absolute, ROOT, type Artefact } from "./artefact.js";

/** The generators, in the order they ran by hand: a later one's file wins. */
export const FIXTURE_GENERATORS = [
  "test/fixtures/iis/make-fixtures.mjs",
  "test/fixtures/iis/make-samples.mjs",
  "test/fixtures/config/generate.mjs",
  "test/fixtures/eventlog/generate.mjs",
  "test/fixtures/gpo/generate.mjs",
  "test/fixtures/hostile/generate.mjs",
  "test/fixtures/localisation/generate.mjs",
  "test/fixtures/nps/generate.mjs",
];

async function formatted(path: string, bytes: Uint8Array): Promise<Uint8Array | string> {
  const file = absolute(path);
  const info = await getFileInfo(file, { ignorePath: absolute(".prettierignore") });
  if (info.ignored || !info.inferredParser) return bytes;
  return format(Buffer.from(bytes).toString("utf8"), { ...(await resolveConfig(file)), filepath: file });
}

export async function fixtures(): Promise<Artefact[]> {
  const byPath = new Map<string, Uint8Array>();
  for (const generator of FIXTURE_GENERATORS) {
    // plain scripts (.mjs, no types): loaded by URL, their list typed here
    const module = (await import(pathToFileURL(absolute(generator)).href)) as {
      FILES: { path: string; bytes: Uint8Array }[];
    };
    for (const { path, bytes } of module.FILES) byPath.set(relative(ROOT, path), bytes);
  }
  const artefacts: Artefact[] = [];
  for (const [path, bytes] of byPath) artefacts.push({ path, content: await formatted(path, bytes) });
  for (const { path, content } of REPORT_FIXTURES) artefacts.push({ path: relative(ROOT, path), content });
  return artefacts;
}
