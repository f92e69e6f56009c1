/**
 * Which site and server a line names (s-sitename, s-computername), counted per value, and the site
 * a file is read for. IIS's central W3C logging writes every site of a server into one file, told
 * apart only by s-sitename; such a file is read a second time keeping the WSUS site's lines
 * (collector.ts). Blocks with either field are read by JavaScript alone (directives.ts turns the
 * fast path off for them), so every line of such a block passes here.
 */
import type { PartialW3c } from "../partial.js";
import { copyBytes, decodeLatin1 } from "./bytes.js";

/** Distinct names kept per file; further names are counted under "(other)". */
const MAX_NAMES = 32;
const OTHER = "(other)";

interface NameRow {
  name: string;
  requests: number;
  wsusRequests: number;
  notCounted: number;
}

/** Values of one field, keyed by name; the previous line's bytes are compared before any decoding. */
class NameCounter {
  readonly rows: NameRow[] = [];
  private readonly byName = new Map<string, number>();
  private lastBytes: Uint8Array = new Uint8Array(0);
  private last = -1;

  /** The row of the value buf[s, e). */
  row(buf: Uint8Array, s: number, e: number): number {
    const lastBytes = this.lastBytes;
    let same = this.last >= 0 && lastBytes.length === e - s;
    for (let p = 0; same && p < lastBytes.length; p++) same = buf[s + p] === lastBytes[p];
    if (same) return this.last;
    this.lastBytes = copyBytes(buf, s, e);
    let name = decodeLatin1(buf, s, e);
    if (!this.byName.has(name.toLowerCase()) && this.rows.length >= MAX_NAMES) name = OTHER;
    const key = name.toLowerCase();
    let row = this.byName.get(key);
    if (row === undefined) {
      row = this.rows.length;
      this.rows.push({ name, requests: 0, wsusRequests: 0, notCounted: 0 });
      this.byName.set(key, row);
    }
    this.last = row;
    return row;
  }
}

export class LineScope {
  private readonly sites = new NameCounter();
  private readonly computers = new NameCounter();
  /** The one site whose lines are counted (lower case), when the file is read for one site. */
  private readonly keep: string | undefined;

  constructor(keepSite: string | undefined) {
    this.keep = keepSite?.toLowerCase();
  }

  /** The line's site row, or -1 (no s-sitename column). */
  site(buf: Uint8Array, s: number, e: number): number {
    return this.sites.row(buf, s, e);
  }

  /** False for a line of another site than the one the file is read for (counted as not counted). */
  keeps(site: number): boolean {
    if (this.keep === undefined || site < 0) return true;
    const row = this.sites.rows[site]!;
    if (row.name.toLowerCase() === this.keep) return true;
    row.notCounted++;
    return false;
  }

  /** A request read: per site (and whether to a WSUS virtual directory), and per computer name. */
  count(site: number, wsus: boolean, computer: number): void {
    if (site >= 0) {
      const row = this.sites.rows[site]!;
      row.requests++;
      if (wsus) row.wsusRequests++;
    }
    if (computer >= 0) this.computers.rows[computer]!.requests++;
  }

  computer(buf: Uint8Array, s: number, e: number): number {
    return this.computers.row(buf, s, e);
  }

  partial(): Pick<PartialW3c, "sites" | "computers" | "keptSite"> {
    return {
      sites: this.sites.rows.map((r) => ({ ...r })),
      computers: this.computers.rows.map(({ name, requests }) => ({ name, requests })),
      ...(this.keep !== undefined
        ? { keptSite: this.sites.rows.find((r) => r.name.toLowerCase() === this.keep)?.name ?? this.keep }
        : {}),
    };
  }
}
