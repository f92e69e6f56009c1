import { CLIENT_SERVICES } from "../../../knowledge/iis-vdirs.js";
import type { ScannerMemory } from "../fast-path.js";
import {
  CLIENT_MIN_BITS,
  C_FIRST,
  C_LAST,
  C_REQUESTS,
  C_STRIDE,
  C_SVC,
  C_UA_RANK,
  H_CLIENT_BITS,
  H_CLIENT_COUNT,
  SVC_FIRST,
  SVC_LAST,
  SVC_OK,
  SVC_REQUESTS,
  SVC_STRIDE,
} from "../memory-layout.js";
import type { PartialClient, PartialService } from "../partial.js";
import { userAgentText } from "./bytes.js";

/**
 * Client rows by address key, laid out for the cache: an open-addressing table of [key, row + 1]
 * pairs (IPv4 keys; a Map for the rare others) and one contiguous Float64Array of rows, so a line
 * costs a probe and a row instead of chasing several objects per client. All of it lives in the
 * scanner memory: the fast path adds IPv4 clients too (while the table need not grow), and records
 * user agents into the memory's heap; JavaScript reads both from there.
 */
export class ClientTable {
  private bits = CLIENT_MIN_BITS;
  private table: Int32Array;
  private readonly other = new Map<number, number>();
  /** Rows for clientLimit clients, in the scanner memory (the fast path updates them too). */
  readonly data: Float64Array;
  /** Each row's address key. */
  private readonly keys: Float64Array;
  /** Per row [offset + 1, length] of the user agent the fast path recorded last, or [0, 0]. */
  private readonly uaRefs: Int32Array;
  /** User agents JavaScript recorded (each clears the row's fast-path reference: the last one wins). */
  private readonly userAgentTexts: (string | undefined)[] = [];

  constructor(
    private readonly memory: ScannerMemory,
    clientLimit: number,
  ) {
    this.data = memory.f64.subarray(memory.clientRows, memory.clientRows + clientLimit * C_STRIDE);
    this.keys = memory.f64.subarray(memory.clientKeys, memory.clientKeys + clientLimit);
    this.uaRefs = memory.i32.subarray(memory.uaRefs, memory.uaRefs + 2 * clientLimit);
    this.table = this.tableOf(this.bits);
  }

  get size(): number {
    return this.memory.i32[H_CLIENT_COUNT]!;
  }

  /** Row index of a key, or -1. */
  get(key: number): number {
    if (key !== (key | 0)) return this.other.get(key) ?? -1;
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const row = table[2 * i + 1]!;
      if (row === 0) return -1;
      if (table[2 * i] === key) return row - 1;
      i = (i + 1) & mask;
    }
  }

  /** A new row (the caller keeps the count under clientLimit). */
  add(key: number): number {
    const row = this.size;
    if (key !== (key | 0)) this.other.set(key, row);
    else {
      // the same condition as the fast path's: it leaves a new client to JavaScript when the table must grow
      if ((row + 1) * 2 > 1 << this.bits) this.grow();
      this.place(key, row);
    }
    this.keys[row] = key;
    this.memory.i32[H_CLIENT_COUNT] = row + 1;
    return row;
  }

  /**
   * A request of the client in `row` at t, to WSUS service `svc` (-1: none) with `status`. Returns
   * the rank of the user agent recorded so far: 2 from a SOAP call, 1 from another request, 0 none.
   */
  count(row: number, t: number, svc: number, status: number): number {
    const data = this.data;
    const o = row * C_STRIDE;
    if (data[o + C_REQUESTS] === 0 || t < data[o + C_FIRST]!) data[o + C_FIRST] = t;
    if (t > data[o + C_LAST]!) data[o + C_LAST] = t;
    data[o + C_REQUESTS]!++;
    if (svc >= 0) {
      const v = o + C_SVC + svc * SVC_STRIDE;
      if (data[v + SVC_REQUESTS] === 0 || t < data[v + SVC_FIRST]!) data[v + SVC_FIRST] = t;
      if (t > data[v + SVC_LAST]!) data[v + SVC_LAST] = t;
      data[v + SVC_REQUESTS]!++;
      if (status >= 200 && status < 400) data[v + SVC_OK]!++;
    }
    return data[o + C_UA_RANK]!;
  }

  setUserAgent(row: number, text: string, soap: boolean): void {
    this.userAgentTexts[row] = text;
    this.uaRefs[2 * row] = 0;
    this.data[row * C_STRIDE + C_UA_RANK] = soap ? 2 : 1;
  }

  /** The rows as plain data, addresses named by `nameOf`. */
  partial(nameOf: (key: number) => string): PartialClient[] {
    const data = this.data;
    const clients: PartialClient[] = [];
    for (let row = 0; row < this.size; row++) {
      const o = row * C_STRIDE;
      const services: PartialService[] = [];
      for (let i = 0; i < CLIENT_SERVICES.length; i++) {
        const v = o + C_SVC + i * SVC_STRIDE;
        if (data[v + SVC_REQUESTS]! > 0) {
          services.push({
            service: CLIENT_SERVICES[i]!,
            first: data[v + SVC_FIRST]!,
            last: data[v + SVC_LAST]!,
            requests: data[v + SVC_REQUESTS]!,
            ok: data[v + SVC_OK]!,
          });
        }
      }
      clients.push({
        ip: nameOf(this.keys[row]!),
        requests: data[o + C_REQUESTS]!,
        first: data[o + C_FIRST]!,
        last: data[o + C_LAST]!,
        userAgent: this.userAgent(row),
        userAgentRank: data[o + C_UA_RANK]!,
        services,
      });
    }
    return clients;
  }

  private userAgent(row: number): string | undefined {
    const ref = this.uaRefs[2 * row]!;
    if (ref === 0) return this.userAgentTexts[row];
    const start = ref - 1;
    return userAgentText(this.memory.u8, start, start + this.uaRefs[2 * row + 1]!);
  }

  private tableOf(bits: number): Int32Array {
    this.memory.i32[H_CLIENT_BITS] = bits;
    const table = this.memory.i32.subarray(this.memory.clientTable, this.memory.clientTable + (2 << bits));
    table.fill(0);
    return table;
  }

  private place(key: number, row: number): void {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.table[2 * i] = key;
    this.table[2 * i + 1] = row + 1;
  }

  private grow(): void {
    this.bits++;
    this.table = this.tableOf(this.bits);
    for (let row = 0; row < this.size; row++) {
      const key = this.keys[row]!;
      if (key === (key | 0)) this.place(key, row);
    }
  }
}
