/**
 * A tiny zip writer for tests (yauzl only reads): enough of PKZIP to build real archives the way
 * Windows and 7-Zip write them, and hostile ones (zip-slip names, links, lying sizes, many entries).
 */
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntrySpec {
  /** Stored exactly as given (backslashes, `..`, drive letters included). */
  name: string;
  data?: Buffer | string;
  /** 8 = Deflate (default for files), 0 = Stored. */
  method?: 0 | 8;
  /** Host system in "version made by" (0 = MS-DOS/Windows, 3 = Unix). */
  host?: number;
  externalAttributes?: number;
  /** Lie about the uncompressed size in the headers (zip bombs). */
  declaredSize?: number;
}

export function makeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const name = Buffer.from(spec.name, "utf8");
    const data =
      typeof spec.data === "string" ? Buffer.from(spec.data, "utf8") : (spec.data ?? Buffer.alloc(0));
    const isDir = spec.name.endsWith("/") || spec.name.endsWith("\\");
    const method = isDir ? 0 : (spec.method ?? 8);
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data) >>> 0;
    const size = spec.declaredSize ?? data.length;
    const flags = 0x0800; // names are UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x6000, 10); // 12:00
    local.writeUInt16LE(0x5b71, 12); // 2025-11-17
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(((spec.host ?? 0) << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x6000, 12);
    central.writeUInt16LE(0x5b71, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((spec.externalAttributes ?? (isDir ? 0x10 : 0x20)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Unix symbolic link entry as Info-ZIP stores it (mode 0120777 in the high 16 bits). */
export function symlinkEntry(name: string, target: string): ZipEntrySpec {
  return { name, data: target, method: 0, host: 3, externalAttributes: (0o120777 << 16) >>> 0 };
}
