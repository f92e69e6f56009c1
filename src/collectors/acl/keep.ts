/**
 * Which objects of an ACL dump the `acl` fact keeps. `icacls D:\WSUS /T` of a content store prints
 * 100,000–1,000,000 files; kept whole, they took 2.1 GB and a 172 MB result.json (ADR 0024), while
 * the check needs the guide's folders (near the top of the tree) and the entries someone changed.
 * Kept: the first objects of the dump, then every object with a DENY entry, an explicit
 * (non-inherited) entry or no entry at all, then every folder (an entry with (OI) or (CI): files
 * cannot carry them), each up to a bound; the others — files whose every entry is inherited from
 * their folder — are counted per folder, so the report can say what was read and not kept.
 */
import type { AceInput } from "./object.js";
import type { AclNotKept, AclObject } from "./facts.js";
import type { AclObjectSink } from "./icacls.js";

export const KEEP_LIMITS = {
  /** Every object up to this many. */
  first: 2_000,
  /** Then objects with a DENY, an explicit entry or none, up to this many more. */
  notable: 10_000,
  /** Then folders, up to this many more. */
  folders: 5_000,
  /** Error lines ("access is denied") kept; the rest counted. */
  errors: 10_000,
  /** Folders the not-kept objects are counted in, by name; the rest in one sum. */
  countedFolders: 1_000,
} as const;

/** An object someone changed, or that takes rights away: always worth keeping. */
export function isNotable(aces: readonly AceInput[]): boolean {
  return aces.length === 0 || aces.some((ace) => ace.type === "deny" || !ace.inherited);
}

/** A folder (or registry key): only containers carry object- or container-inherit entries. */
export function isContainer(aces: readonly AceInput[]): boolean {
  return aces.some((ace) => ace.objectInherit || ace.containerInherit);
}

export class AclKeeper implements AclObjectSink {
  readonly objects: AclObject[] = [];
  private notable = 0;
  private folders = 0;
  private readonly byFolder = new Map<string, number>();
  private notKept = 0;
  private inOtherFolders = 0;
  private lastFolder: string | undefined;
  private lastCount = 0;

  wants(path: string, aces: readonly AceInput[]): boolean {
    if (this.objects.length < KEEP_LIMITS.first) return true;
    if (this.notable < KEEP_LIMITS.notable && isNotable(aces)) {
      this.notable++;
      return true;
    }
    if (this.folders < KEEP_LIMITS.folders && isContainer(aces)) {
      this.folders++;
      return true;
    }
    this.count(path);
    return false;
  }

  add(object: AclObject): void {
    this.objects.push(object);
  }

  /** What was read and not kept; undefined when every object was kept. */
  summary(): AclNotKept | undefined {
    this.flushFolder();
    if (this.notKept === 0) return undefined;
    return {
      objects: this.notKept,
      byFolder: [...this.byFolder].map(([folder, objects]) => ({ folder, objects })),
      inOtherFolders: this.inOtherFolders,
    };
  }

  private count(path: string): void {
    this.notKept++;
    const folder = path.slice(0, Math.max(0, path.lastIndexOf("\\"))) || path;
    // files of one folder come one after another: counted here, added to the map once per run
    if (folder === this.lastFolder) {
      this.lastCount++;
      return;
    }
    this.flushFolder();
    this.lastFolder = folder;
    this.lastCount = 1;
  }

  private flushFolder(): void {
    if (this.lastFolder === undefined) return;
    const seen = this.byFolder.get(this.lastFolder);
    if (seen !== undefined) this.byFolder.set(this.lastFolder, seen + this.lastCount);
    else if (this.byFolder.size < KEEP_LIMITS.countedFolders)
      this.byFolder.set(this.lastFolder, this.lastCount);
    else this.inOtherFolders += this.lastCount;
    this.lastFolder = undefined;
    this.lastCount = 0;
  }
}
