/**
 * Test fixtures and sample evidence made by code: the NPS event exports and accounting logs in the
 * encodings Windows writes (test/fixtures/nps/generate.mjs → test/fixtures/nps/, samples/nps-*,
 * samples/healthy/nps/) and the report tests' AuditResult fixtures (test/fixtures/report/).
 */
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import { REPORT_FIXTURES } from "../../test/fixtures/report/build-fixtures.js";
import { absolute, ROOT, type Artefact } from "./artefact.js";

export async function fixtures(): Promise<Artefact[]> {
  // a plain script (.mjs, no types): loaded by URL, its list typed here
  const nps = (await import(pathToFileURL(absolute("test/fixtures/nps/generate.mjs")).href)) as {
    NPS_FILES: { path: string; bytes: Uint8Array }[];
  };
  return [
    ...nps.NPS_FILES.map(({ path, bytes }) => ({ path, content: bytes })),
    ...REPORT_FIXTURES.map(({ path, content }) => ({ path: relative(ROOT, path), content })),
  ];
}
