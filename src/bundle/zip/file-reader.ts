/**
 * The bytes of a zip file on disk, for yauzl. yauzl's own file reader queues reads behind one
 * another and forgets its file when a stream is destroyed: a queued read of an entry that was only
 * glanced at (a probe stops after 64 KiB) then ran against a closed file and crashed the process.
 * Here every entry stream is an ordinary Node file stream over one shared descriptor, and the
 * descriptor is closed only after every stream has settled (Node waits for a read in flight before
 * a destroyed stream emits "close").
 */
import { close as closeFd, createReadStream, fstat, open, read as readFd } from "node:fs";
import { promisify } from "node:util";
import type { Readable } from "node:stream";
import yauzl from "yauzl";

const openFd = promisify(open);
const fstatFd = promisify(fstat);

/**
 * A Node file stream closes its descriptor when destroyed, whatever autoClose says; the
 * descriptor is shared by every entry, so the streams get a close that leaves it open.
 */
const SHARED_FD = {
  open,
  read: readFd,
  close: (_fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void => callback(null),
};

export class SettlingFileReader extends yauzl.RandomAccessReader {
  private streamsOpen = 0;
  private closeWhenSettled: (() => void) | undefined;

  private constructor(private readonly fd: number) {
    super();
  }

  /** Opens the file with a plain descriptor (a FileHandle would close it behind yauzl's back when collected). */
  static async open(path: string): Promise<{ reader: SettlingFileReader; size: number }> {
    const fd = await openFd(path, "r");
    try {
      const { size } = await fstatFd(fd);
      return { reader: new SettlingFileReader(fd), size };
    } catch (error) {
      closeFd(fd, () => undefined);
      throw error;
    }
  }

  override _readStreamForRange(start: number, end: number): Readable {
    this.streamsOpen += 1;
    const stream = createReadStream("", { fd: this.fd, start, end: end - 1, fs: SHARED_FD });
    stream.once("close", () => {
      this.streamsOpen -= 1;
      if (this.streamsOpen === 0) this.closeWhenSettled?.();
    });
    return stream;
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    this.streamsOpen += 1;
    const settle = (error: Error | null): void => {
      this.streamsOpen -= 1;
      callback(error);
      if (this.streamsOpen === 0) this.closeWhenSettled?.();
    };
    readFd(this.fd, buffer, offset, length, position, (error, bytesRead) => {
      if (error) settle(error);
      else if (bytesRead < length) settle(new Error("unexpected end of file"));
      else settle(null);
    });
  }

  /** yauzl calls this once nothing refers to the archive; the file closes when every read settled. */
  override close(callback: (err: Error | null) => void): void {
    const closeNow = (): void => {
      this.closeWhenSettled = undefined;
      closeFd(this.fd, (error) => callback(error));
    };
    if (this.streamsOpen === 0) closeNow();
    else this.closeWhenSettled = closeNow;
  }
}
