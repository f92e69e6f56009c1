/** What a generator produces: a file (repository-relative path) and the content it must have. */
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Artefact {
  /** Repository-relative, with forward slashes. */
  path: string;
  /** The content the file must have; undefined when only known by building (see `stale`). */
  content?: string;
  /** Why the file is out of date without building it (the WebAssembly module's input digest). */
  stale?: string;
}

export function absolute(path: string): string {
  return `${ROOT}${path}`;
}
