/**
 * Which site and server a line names (s-sitename, s-computername), counted per value, and the site
 * a file is read for. IIS's central W3C logging writes every site of a server into one file, told
 * apart only by s-sitename; such a file is read a second time keeping the WSUS site's lines
 * (collector.ts).
 *
 * The fast path takes only lines of the file's first site and computer (or of the site the file is
 * read for): their bytes are mirrored into the scanner memory, and it hands back every other line.
 * So JavaScript counts the lines of the other names one by one, and the first names' counts are
 * the rest: requests read minus the others' (lines of blocks without the field count to them too).
 */
import { canonicalVdir } from "../../../knowledge/iis-vdirs.js";
import { writeScopeName, type ScannerMemory } from "../fast-path.js";
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
  /** The row the fast path may take lines of (-1: none yet). */
  primary = -1;
  private readonly byName = new Map<string, number>();
  private lastBytes: Uint8Array = new Uint8Array(0);
  private last = -1;

  constructor(
    private readonly memory: ScannerMemory,
    private readonly which: 0 | 1,
    /** The name (lower case) whose row is the primary one; undefined: the first name seen. */
    private readonly primaryName: string | undefined,
  ) {}

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
      if (this.primary < 0 && name !== OTHER && (this.primaryName ?? key) === key) {
        this.primary = row;
        writeScopeName(this.memory, this.which, this.lastBytes);
      }
    }
    this.last = row;
    return row;
  }

  /** A request of row `row`, when it is not the primary one (those are counted as the rest). */
  count(row: number, wsus: boolean): void {
    if (row < 0 || row === this.primary) return;
    const r = this.rows[row]!;
    r.requests++;
    if (wsus) r.wsusRequests++;
  }

  /** The rows, the primary one given what the others leave of the file's requests. */
  partial(records: number, wsusRecords: number): NameRow[] {
    const rows = this.rows.map((r) => ({ ...r }));
    const primary = rows[this.primary];
    if (primary) {
      const others = rows.filter((r) => r !== primary);
      primary.requests = records - others.reduce((n, r) => n + r.requests, 0);
      primary.wsusRequests = wsusRecords - others.reduce((n, r) => n + r.wsusRequests, 0);
    }
    return rows;
  }
}

export class LineScope {
  private readonly sites: NameCounter;
  private readonly computers: NameCounter;
  /** The one site whose lines are counted (lower case), when the file is read for one site. */
  private readonly keep: string | undefined;

  constructor(memory: ScannerMemory, keepSite: string | undefined) {
    this.keep = keepSite?.toLowerCase();
    this.sites = new NameCounter(memory, 0, this.keep);
    this.computers = new NameCounter(memory, 1, undefined);
  }

  /** The line's site row. */
  site(buf: Uint8Array, s: number, e: number): number {
    return this.sites.row(buf, s, e);
  }

  computer(buf: Uint8Array, s: number, e: number): number {
    return this.computers.row(buf, s, e);
  }

  /** False for a line of another site than the one the file is read for (counted as not counted). */
  keeps(site: number): boolean {
    if (this.keep === undefined || site < 0) return true;
    const row = this.sites.rows[site]!;
    if (row.name.toLowerCase() === this.keep) return true;
    row.notCounted++;
    return false;
  }

  /** A request read by JavaScript: per site (and whether to a WSUS virtual directory), per computer. */
  count(site: number, wsus: boolean, computer: number): void {
    this.sites.count(site, wsus);
    this.computers.count(computer, false);
  }

  /** `records`: the file's requests; `responses`: its response rows, for its WSUS-vDir requests. */
  partial(
    records: number,
    responses: readonly { vdir: string; count: number }[],
  ): Pick<PartialW3c, "sites" | "computers" | "keptSite"> {
    const wsus = responses.reduce((n, r) => n + (canonicalVdir(r.vdir) ? r.count : 0), 0);
    return {
      sites: this.sites.partial(records, wsus),
      computers: this.computers.partial(records, 0).map(({ name, requests }) => ({ name, requests })),
      ...(this.keep !== undefined
        ? { keptSite: this.sites.rows.find((r) => r.name.toLowerCase() === this.keep)?.name ?? this.keep }
        : {}),
    };
  }
}
