/**
 * Requests per hour (with their 401 sub-statuses, 500s and 503s), per listening port (and vDir) and
 * per server address. Rows live in the scanner memory while it has room; the row of the previous
 * line's hour, port and server address is noted in its header, where the fast path counts the
 * lines that share them.
 */
import { f64Cell, type ScannerMemory } from "../fast-path.js";
import {
  F_HOUR_KEY,
  F_PORT,
  HOUR_401_1,
  HOUR_401_2,
  HOUR_401_3,
  HOUR_401_OTHER,
  HOUR_500,
  HOUR_503,
  HOUR_CAPACITY,
  HOUR_STRIDE,
  HOUR_TOTAL,
  H_HOUR_ROW,
  H_PORT_ROW,
  H_SERVER_BYTES,
  H_SERVER_CELL,
  H_SERVER_LEN,
  PORT_BY_VDIR,
  PORT_CAPACITY,
  PORT_REQUESTS,
  PORT_STRIDE,
  SERVER_BYTES_MAX,
  SERVER_CAPACITY,
} from "../memory-layout.js";
import type { PartialHour, PartialW3c } from "../partial.js";
import { EMPTY_ADDRESS, type AddressKeys } from "./addresses.js";
import { copyBytes } from "./bytes.js";

/** Counter cells of a row: cells[at…], in the scanner memory or an array of its own. */
interface Cells {
  cells: Float64Array;
  at: number;
}

interface HourRow extends Cells {
  hour: number;
}

export class HourTable {
  private readonly rows = new Map<number, HourRow>();
  private last: HourRow | undefined;

  constructor(private readonly memory: ScannerMemory) {
    memory.i32[H_HOUR_ROW] = -1;
  }

  count(t: number, status: number, sub: number): void {
    const hourKey = Math.floor(t / 3600);
    let hour = this.last;
    if (hour === undefined || hour.hour !== hourKey) {
      hour = this.rows.get(hourKey);
      if (hour === undefined) {
        hour = this.newRow(hourKey);
        this.rows.set(hourKey, hour);
      }
      this.last = hour;
      const memory = this.memory;
      memory.f64[f64Cell(F_HOUR_KEY)] = hourKey;
      memory.i32[H_HOUR_ROW] = hour.cells === memory.f64 ? (hour.at - memory.hourRows) / HOUR_STRIDE : -1;
    }
    const hc = hour.cells;
    const ha = hour.at;
    hc[ha + HOUR_TOTAL]!++;
    if (status === 401) {
      if (sub === 1) hc[ha + HOUR_401_1]!++;
      else if (sub === 2) hc[ha + HOUR_401_2]!++;
      else if (sub === 3) hc[ha + HOUR_401_3]!++;
      else hc[ha + HOUR_401_OTHER]!++;
    } else if (status === 500) hc[ha + HOUR_500]!++;
    else if (status === 503) hc[ha + HOUR_503]!++;
  }

  partial(): PartialHour[] {
    return [...this.rows.values()].map(({ hour, cells, at }) => ({
      hour,
      total: cells[at + HOUR_TOTAL]!,
      s401_1: cells[at + HOUR_401_1]!,
      s401_2: cells[at + HOUR_401_2]!,
      s401_3: cells[at + HOUR_401_3]!,
      s401_other: cells[at + HOUR_401_OTHER]!,
      s500: cells[at + HOUR_500]!,
      s503: cells[at + HOUR_503]!,
    }));
  }

  private newRow(hour: number): HourRow {
    const used = this.rows.size;
    if (used < HOUR_CAPACITY)
      return { hour, cells: this.memory.f64, at: this.memory.hourRows + used * HOUR_STRIDE };
    return { hour, cells: new Float64Array(HOUR_STRIDE), at: 0 };
  }
}

type PortRow = Cells & { byVdir: Float64Array };

export class PortTable {
  private readonly rows = new Map<number, PortRow>();
  private lastPort = -1;
  private last: PortRow | undefined;

  constructor(private readonly memory: ScannerMemory) {
    memory.i32[H_PORT_ROW] = -1;
    memory.f64[f64Cell(F_PORT)] = -1;
  }

  count(port: number, vdir: number): void {
    let row = port === this.lastPort ? this.last : this.rows.get(port);
    if (row === undefined) {
      row = this.newRow();
      this.rows.set(port, row);
    }
    if (port !== this.lastPort) {
      const memory = this.memory;
      memory.f64[f64Cell(F_PORT)] = port;
      memory.i32[H_PORT_ROW] = row.cells === memory.f64 ? (row.at - memory.portRows) / PORT_STRIDE : -1;
    }
    this.lastPort = port;
    this.last = row;
    row.cells[row.at + PORT_REQUESTS]!++;
    row.byVdir[vdir]!++;
  }

  partial(vdirName: (idx: number) => string): PartialW3c["ports"] {
    return [...this.rows.entries()].map(([port, row]) => {
      const byVdir: Record<string, number> = {};
      row.byVdir.forEach((count, idx) => {
        if (count > 0) byVdir[vdirName(idx)] = count;
      });
      return { port, requests: row.cells[row.at + PORT_REQUESTS]!, byVdir };
    });
  }

  private newRow(): PortRow {
    const used = this.rows.size;
    const cells = used < PORT_CAPACITY ? this.memory.f64 : new Float64Array(PORT_STRIDE);
    const at = used < PORT_CAPACITY ? this.memory.portRows + used * PORT_STRIDE : 0;
    return { cells, at, byVdir: cells.subarray(at + PORT_BY_VDIR, at + PORT_STRIDE) };
  }
}

export class ServerTable {
  private readonly rows = new Map<number, Cells>();
  private lastBytes: Uint8Array = new Uint8Array(0);
  private last: Cells | undefined;

  constructor(
    private readonly memory: ScannerMemory,
    private readonly addresses: AddressKeys,
  ) {
    memory.i32[H_SERVER_LEN] = -1;
    memory.i32[H_SERVER_CELL] = -1;
  }

  /** A request to the server address buf[s, e): almost always the previous line's bytes, so compare before parsing. */
  count(buf: Uint8Array, s: number, e: number): void {
    const lastBytes = this.lastBytes;
    let same = lastBytes.length === e - s && this.last !== undefined;
    for (let p = 0; same && p < lastBytes.length; p++) same = buf[s + p] === lastBytes[p];
    if (!same) {
      const key = this.addresses.key(buf, s, e);
      // a copy: Buffer#slice would be a view of the input area, which the next read overwrites
      this.lastBytes = copyBytes(buf, s, e);
      if (key === EMPTY_ADDRESS) this.last = undefined;
      else {
        let row = this.rows.get(key);
        if (row === undefined) {
          row = this.newRow();
          this.rows.set(key, row);
        }
        this.last = row;
      }
      this.mirror();
    }
    if (this.last !== undefined) this.last.cells[this.last.at]!++;
  }

  partial(): PartialW3c["serverAddresses"] {
    return [...this.rows.entries()].map(([key, row]) => ({
      ip: this.addresses.name(key),
      requests: row.cells[row.at]!,
    }));
  }

  private newRow(): Cells {
    const used = this.rows.size;
    if (used < SERVER_CAPACITY) return { cells: this.memory.f64, at: this.memory.serverCells + used };
    return { cells: new Float64Array(1), at: 0 };
  }

  /** The previous line's server address bytes and row, for the fast path's comparison. */
  private mirror(): void {
    const memory = this.memory;
    const bytes = this.lastBytes;
    const row = this.last;
    const inMemory = row === undefined || row.cells === memory.f64;
    if (bytes.length > SERVER_BYTES_MAX || !inMemory) {
      memory.i32[H_SERVER_LEN] = -1;
      return;
    }
    memory.u8.set(bytes, H_SERVER_BYTES * 4);
    memory.i32[H_SERVER_LEN] = bytes.length;
    memory.i32[H_SERVER_CELL] = row === undefined ? -1 : row.at - memory.serverCells;
  }
}
