/** What a generator produces: a file (repository-relative path) and the content it must have. */
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Artefact {
  /** Repository-relative, with forward slashes. */
  path: string;
  /** The content the file must have (text as UTF-8); undefined when only known by building (see `stale`). */
  content?: string | Uint8Array;
  /** Why the file is out of date without building it (the WebAssembly module's input digest). */
  stale?: string;
}

/** An artefact whose text is known without building. */
export interface TextArtefact extends Artefact {
  content: string;
}

export function absolute(path: string): string {
  return `${ROOT}${path}`;
}
