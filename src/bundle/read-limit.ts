/**
 * A size limit on what is read, not on what is stored: a 100 KB .gz may inflate to gigabytes, and
 * a zip entry's size is only what the archive claims. The view counts the bytes that really come
 * out of open() (decompressed) and stops the stream with a ReadLimitError past the limit, so every
 * reader — streaming or whole-file — is held to it without knowing.
 */
import { Transform } from "node:stream";
import { wrapReads } from "./evidence-file.js";
import type { EvidenceFile } from "./types.js";

export class ReadLimitError extends Error {
  override name = "ReadLimitError";
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes when read`);
  }
}

/**
 * The same file, whose content stops with a ReadLimitError after `limit` bytes. `onLimit` is told
 * even when a reader catches the error and carries on as if the file had ended.
 */
export function limitReads(file: EvidenceFile, limit: number, onLimit: () => void): EvidenceFile {
  return wrapReads(file, (content) => {
    let read = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        read += chunk.length;
        if (read > limit) {
          onLimit();
          done(new ReadLimitError(limit));
        } else done(null, chunk);
      },
    });
    content.on("error", (error) => counted.destroy(error));
    counted.on("close", () => content.destroy());
    return content.pipe(counted);
  });
}
