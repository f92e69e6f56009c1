/**
 * Virtual directories: a cs-uri-stem's first segment, named as the knowledge table spells the WSUS
 * ones (`ClientWebService`), "/" for a file at the root and "(other)" past MAX_VDIRS names. Each vDir
 * and each stem spelling seen is mirrored into the scanner memory, where the fast path finds them.
 */
import { CLIENT_SERVICES, canonicalVdir } from "../../../knowledge/iis-vdirs.js";
import { writeStem, writeVdirProps, type ScannerMemory } from "../fast-path.js";
import { MAX_VDIRS, STEM_BITS, STEM_BUCKETS, VDIR_API, VDIR_CONTENT } from "../memory-layout.js";
import { copyBytes, decodeLatin1, sameLower } from "./bytes.js";

export const API_VDIR = "ApiRemoting30";
const OTHER = "(other)";

export interface VdirEntry {
  idx: number;
  name: string;
  lower: Uint8Array;
  /** Index in CLIENT_SERVICES, -1 for none. */
  svc: number;
  api: boolean;
  /** One of the WSUS virtual directories (knowledge/iis-vdirs.md). */
  wsus: boolean;
}

/** A cs-uri-stem spelling up to and including its first segment's '/' (or the whole stem). */
interface StemEntry {
  bytes: Uint8Array;
  /** bytes as little-endian 32-bit words (the whole words only). */
  words: Int32Array;
  slash: boolean;
  vdir: VdirEntry;
}

export class VdirTable {
  private readonly list: VdirEntry[] = [];
  private readonly byKey = new Map<number, VdirEntry>();
  private readonly byName = new Map<string, VdirEntry>();
  private readonly stems: (StemEntry | undefined)[] = new Array<StemEntry | undefined>(STEM_BUCKETS);
  private stemCount = 0;

  constructor(private readonly memory: ScannerMemory) {
    this.named(OTHER); // index 0: what every vDir past MAX_VDIRS becomes
  }

  /** The name of vDir `idx`. */
  nameOf(idx: number): string {
    return this.list[idx]?.name ?? OTHER;
  }

  /** The vDir of that name if a line named it. */
  find(name: string): VdirEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * The vDir of a cs-uri-stem. A stem's first segment is checked against the exact spellings seen
   * before ("/ClientWebService/"), four bytes at a time; only a new spelling takes the lower-casing
   * path (ofSegment), whose answer for the same bytes never changes, so caching it is exact.
   */
  of(buf: Uint8Array, view: DataView, s: number, e: number): VdirEntry {
    if (e - s < 4 || buf[s] !== 47) return this.ofSegment(buf, s, e);
    const first = view.getInt32(s, true);
    const bucket = Math.imul(first, 0x9e3779b1) >>> (32 - STEM_BITS);
    const entry = this.stems[bucket];
    if (entry !== undefined) {
      const len = entry.bytes.length;
      if (entry.slash ? len <= e - s : len === e - s) {
        const words = entry.words;
        let same = true;
        for (let w = 0; same && w < words.length; w++) same = view.getInt32(s + 4 * w, true) === words[w];
        for (let p = words.length * 4; same && p < len; p++) same = buf[s + p] === entry.bytes[p];
        if (same) return entry.vdir;
      }
      return this.ofSegment(buf, s, e);
    }
    const vdir = this.ofSegment(buf, s, e);
    if (this.stemCount < STEM_BUCKETS / 2) {
      let p = s + 1;
      while (p < e && buf[p] !== 47) p++;
      const slash = p < e;
      const bytes = copyBytes(buf, s, slash ? p + 1 : e);
      const words = new Int32Array(bytes.length >> 2);
      for (let w = 0; w < words.length; w++) words[w] = view.getInt32(s + 4 * w, true);
      this.stems[bucket] = { bytes, words, slash, vdir };
      writeStem(this.memory, bucket, bytes, slash, vdir.idx);
      this.stemCount++;
    }
    return vdir;
  }

  private ofSegment(buf: Uint8Array, s: number, e: number): VdirEntry {
    if (e <= s || buf[s] !== 47) return this.other();
    let h = 0;
    let p = s + 1;
    for (; p < e; p++) {
      let c = buf[p]!;
      if (c === 47) break;
      if (c >= 65 && c <= 90) c += 32;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const len = p - s - 1;
    const slash = p < e ? 1 : 0;
    // a small integer key (fast Map hashing); a collision is caught by comparing the bytes below
    const key = (((h * 64 + Math.min(len, 63)) | 0) * 2 + slash) | 0;
    const entry = this.byKey.get(key);
    if (entry !== undefined && sameLower(entry.lower, buf, s + 1, p)) return entry;
    const lower = decodeLatin1(buf, s + 1, p).toLowerCase();
    const known = canonicalVdir(lower);
    const name = known ?? (slash ? lower : "/");
    const resolved = this.named(name);
    // only a known vdir, or a segment followed by '/', identifies the entry by its segment bytes
    // the key includes "followed by '/'", so a root file and a vdir of the same name stay apart;
    // on a hash collision the first entry keeps the key and the other takes this slow path
    if (entry === undefined) this.byKey.set(key, { ...resolved, lower: Buffer.from(lower, "latin1") });
    return resolved;
  }

  other(): VdirEntry {
    return this.named(OTHER);
  }

  named(name: string): VdirEntry {
    let entry = this.byName.get(name);
    if (entry !== undefined) return entry;
    if (this.list.length >= MAX_VDIRS) return this.list[0]!; // "(other)", created first
    const svc = (CLIENT_SERVICES as readonly string[]).indexOf(name);
    entry = {
      idx: this.list.length,
      name,
      lower: new Uint8Array(0),
      svc,
      api: name === API_VDIR,
      wsus: canonicalVdir(name) !== undefined,
    };
    this.list.push(entry);
    this.byName.set(name, entry);
    const flags = (entry.api ? VDIR_API : 0) | (name === "Content" ? VDIR_CONTENT : 0);
    writeVdirProps(this.memory, entry.idx, svc, flags);
    return entry;
  }
}
