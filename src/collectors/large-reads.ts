/**
 * A file's bytes in reads of 256 KiB, for readers of files of hundreds of MB (Process Monitor,
 * HTTPERR, icacls, Get-GPOReport), instead of the stream default of 64 KiB: each read is a round trip to libuv's thread
 * pool. A plain file is read into two reused buffers, the next read under way while the caller
 * works on the current one (as the IIS reader's scanFileRange): no allocation per read, and the
 * caller must be done with a buffer when it asks for the next. Measured on the loaded machine
 * (issue 19, HTTPERR 128 MB): 1 MiB reads cost the same CPU but up to twice the wall time of
 * 256 KiB reads, which had the lowest of 64 KiB, 256 KiB and 1 MiB. A .gz or a zip entry has no
 * path on disk and is read through EvidenceFile.open() as before; a plain file's size was checked
 * against the limits before its collector runs.
 */
import { open } from "node:fs/promises";
import type { EvidenceFile } from "../bundle/types.js";

const READ_BYTES = 256 * 1024;

export async function* largeReads(file: EvidenceFile): AsyncGenerator<Buffer> {
  const path = file.absolutePath;
  if (!path) {
    for await (const chunk of file.open()) yield chunk as Buffer;
    return;
  }
  const handle = await open(path, "r");
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)];
  let current = 0;
  let pending = handle.read(buffers[current]!, 0, READ_BYTES, null);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const read = buffers[current]!.subarray(0, bytesRead);
      current = 1 - current;
      pending = handle.read(buffers[current]!, 0, READ_BYTES, null);
      yield read;
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}
