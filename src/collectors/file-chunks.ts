/**
 * A file's bytes in big reads. A plain file is read a megabyte at a time into one reused buffer:
 * the stream's 64 KB chunks, each a new buffer piped through the bundle's read limit, cost more
 * than scanning them (issue 19: 130 MB of icacls or Get-GPOReport). The read limit is not bypassed:
 * the bundle has checked a plain file's size against it before the collector runs. A .gz or a zip
 * entry (no absolutePath) is read through its stream, limit included.
 */
import { open } from "node:fs/promises";
import type { EvidenceFile } from "../bundle/types.js";

const READ_BYTES = 1024 * 1024;

/** Calls `each` with the file's bytes in order; a chunk is only valid during the call (the buffer is reused). */
export async function forEachChunk(file: EvidenceFile, each: (chunk: Buffer) => void): Promise<void> {
  if (file.absolutePath === undefined || file.compression !== undefined) {
    for await (const chunk of file.open()) each(chunk as Buffer);
    return;
  }
  const handle = await open(file.absolutePath, "r");
  try {
    const buffer = Buffer.alloc(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      each(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
