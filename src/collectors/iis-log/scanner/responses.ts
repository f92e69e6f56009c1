/**
 * Requests counted by vDir × status × sub-status × win32 status, each with its first and last time,
 * and the first few lines of each vDir × status sampled. Rows live in the scanner memory while it
 * has room, registered in its hash so the fast path counts the same row; a row is "closed" for
 * sampling once its group has its samples, and only then may the fast path count it.
 */
import { writeResponse, type ScannerMemory } from "../fast-path.js";
import {
  RESP_CAPACITY,
  RESP_CLOSED,
  RESP_COUNT,
  RESP_FIRST,
  RESP_LAST,
  RESP_STRIDE,
} from "../memory-layout.js";
import type { PartialLine, PartialResponse } from "../partial.js";
import { decodeUtf8 } from "./bytes.js";
import { IntMap } from "./int-map.js";
import type { VdirEntry } from "./vdirs.js";

/** Distinct win32 codes and (status, sub-status) pairs with a key of their own; the rest share the last. */
const WIN32_KEYS = 1023;
const STATUS_SUB_KEYS = 4095;

interface ResponseRow {
  vdir: number;
  status: number;
  sub: number;
  win32: number;
  /** count, first, last and closed at cells[at + RESP_*]: the memory, or an array of its own. */
  cells: Float64Array;
  at: number;
  group: { n: number };
}

export class Responses {
  readonly samples: PartialLine[] = [];
  private readonly rows = new IntMap<ResponseRow>();
  private readonly sampleGroups = new Map<number, { n: number }>();
  private readonly win32Keys = new Map<number, number>();
  private readonly statusSubKeys = new Map<number, number>();
  // one-entry caches: consecutive lines mostly share these
  private lastWin32 = -2;
  private lastWin32Key = 0;
  private lastStatusSub = -1;
  private lastStatusSubKey = 0;
  private lastRowKey = -1;
  private lastRow: ResponseRow | undefined;

  constructor(
    private readonly memory: ScannerMemory,
    private readonly maxSamples: number,
  ) {}

  /** The key a win32 code has in the response keys (shared by the authentication failure rows). */
  win32Key(win32: number): number {
    return Math.min(this.win32Keys.get(win32) ?? WIN32_KEYS, WIN32_KEYS);
  }

  /** Count a request at t; the line buf[ls, le) is sampled while its group has room. */
  count(
    vdir: VdirEntry,
    status: number,
    sub: number,
    win32: number,
    t: number,
    line: number,
    buf: Uint8Array,
    ls: number,
    le: number,
  ): void {
    let wKey: number;
    if (win32 === this.lastWin32) wKey = this.lastWin32Key;
    else {
      let found = this.win32Keys.get(win32);
      if (found === undefined) {
        found = this.win32Keys.size < WIN32_KEYS ? this.win32Keys.size : WIN32_KEYS;
        if (this.win32Keys.size < WIN32_KEYS) this.win32Keys.set(win32, found);
      }
      wKey = found;
      this.lastWin32 = win32;
      this.lastWin32Key = wKey;
    }
    // (status, sub) pairs are interned so the key stays a small integer (fast Map hashing)
    const ss = status * 10001 + (sub + 1);
    let ssKey: number;
    if (ss === this.lastStatusSub) ssKey = this.lastStatusSubKey;
    else {
      let found = this.statusSubKeys.get(ss);
      if (found === undefined) {
        found = Math.min(this.statusSubKeys.size, STATUS_SUB_KEYS);
        if (this.statusSubKeys.size < STATUS_SUB_KEYS) this.statusSubKeys.set(ss, found);
      }
      ssKey = found;
      this.lastStatusSub = ss;
      this.lastStatusSubKey = ssKey;
    }
    const key = (vdir.idx * 4096 + ssKey) * 1024 + wKey;
    let row = key === this.lastRowKey ? this.lastRow : this.rows.get(key);
    if (row === undefined) {
      const groupKey = vdir.idx * 1000 + status;
      let group = this.sampleGroups.get(groupKey);
      if (group === undefined) {
        group = { n: 0 };
        this.sampleGroups.set(groupKey, group);
      }
      row = this.newRow(vdir.idx, status, sub, win32, t, group);
      this.rows.set(key, row);
    }
    this.lastRowKey = key;
    this.lastRow = row;
    const cells = row.cells;
    const at = row.at;
    cells[at + RESP_COUNT]!++;
    if (t < cells[at + RESP_FIRST]!) cells[at + RESP_FIRST] = t;
    if (t > cells[at + RESP_LAST]!) cells[at + RESP_LAST] = t;
    if (row.group.n < this.maxSamples) {
      row.group.n++;
      this.samples.push({
        vdir: vdir.name,
        status,
        substatus: sub,
        win32,
        line,
        text: decodeUtf8(buf, ls, le),
      });
    }
    // the fast path may count this response once no line of its group is sampled any more
    if (row.group.n >= this.maxSamples) cells[at + RESP_CLOSED] = 1;
  }

  partial(vdirName: (idx: number) => string): PartialResponse[] {
    return this.rows.values().map((r) => ({
      vdir: vdirName(r.vdir),
      status: r.status,
      substatus: r.sub,
      win32: r.win32,
      count: r.cells[r.at + RESP_COUNT]!,
      first: r.cells[r.at + RESP_FIRST]!,
      last: r.cells[r.at + RESP_LAST]!,
    }));
  }

  /** A row in the memory (registered for the fast path) while there is room. */
  private newRow(
    vdir: number,
    status: number,
    sub: number,
    win32: number,
    t: number,
    group: { n: number },
  ): ResponseRow {
    const used = this.rows.values().length;
    let cells: Float64Array;
    let at: number;
    if (used < RESP_CAPACITY) {
      cells = this.memory.f64;
      at = this.memory.respRows + used * RESP_STRIDE;
      writeResponse(this.memory, used, vdir, status, sub, win32);
    } else {
      cells = new Float64Array(RESP_STRIDE);
      at = 0;
    }
    cells[at + RESP_COUNT] = 0;
    cells[at + RESP_FIRST] = t;
    cells[at + RESP_LAST] = t;
    cells[at + RESP_CLOSED] = 0;
    return { vdir, status, sub, win32, cells, at, group };
  }
}
