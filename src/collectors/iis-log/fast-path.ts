/**
 * The memory a W3cScanner keeps its per-line tables in, and the WebAssembly fast path that reads
 * and updates them (wasm/fast-lines.as.ts). JavaScript owns every table: it creates rows, decides
 * what may be counted without it, and turns the rows into facts. The fast path only adds to rows
 * JavaScript registered, for lines JavaScript would count the same way, and hands every other line
 * back — so the facts are the same with and without it (the golden and differential tests hold
 * both paths to that).
 *
 * Layout (byte offsets; the same constants are in wasm/fast-lines.as.ts):
 * - header, 512 bytes: i32 cells (H_*) at 4 × index, f64 cells (F_*) at 256 + 8 × index;
 * - stems: STEM_BUCKETS entries of 80 bytes (len, followed-by-slash, vdir, used, 64 bytes);
 * - vdir properties: 8 bytes per vdir (service index, flags);
 * - response hash: slots of 24 bytes (vdir, status, sub-status, win32, row + 1) and rows of four
 *   f64 (count, first, last, sampling closed);
 * - hour rows: seven f64 (total, 401.1, 401.2, 401.3, other 401, 500, 503);
 * - port rows: requests and one count per vdir (f64);
 * - server address cells (f64); the fast path's space positions (i32);
 * - client hash ([key, row + 1] pairs), client rows (CLIENT_STRIDE f64) and each row's key (f64);
 * - user agents the fast path recorded: per row [offset + 1, length] (i32) into a byte heap of
 *   UA_HEAP_PER_CLIENT bytes a client (the fast path leaves a user agent to JavaScript when full);
 * - the input area the log is read into, with room to read 64 bytes past its end.
 */
import { FAST_LINES_WASM } from "./wasm/fast-lines.generated.js";

export const H_NFIELDS = 0;
export const H_ROLES = 1;
export const H_DATE = 14;
export const H_MINUTE_WORD = 17;
export const H_MINUTE_BYTE = 18;
export const H_HOUR_ROW = 19;
export const H_PORT_ROW = 20;
export const H_SERVER_LEN = 21;
export const H_SERVER_CELL = 22;
export const H_CLIENT_BITS = 23;
export const H_CLIENT_TABLE = 24;
export const H_CLIENT_DATA = 25;
export const H_STEMS = 26;
export const H_VDIR_PROPS = 27;
export const H_RESP_TABLE = 28;
export const H_RESP_BITS = 29;
export const H_RESP_ROWS = 30;
export const H_HOUR_ROWS = 31;
export const H_PORT_ROWS = 32;
export const H_SERVER_CELLS = 33;
export const H_SPACES = 34;
export const H_CLIENT_COUNT = 35;
export const H_CLIENT_LIMIT = 36;
export const H_CLIENT_KEYS = 37;
export const H_UA_REFS = 38;
export const H_UA_HEAP = 39;
export const H_SERVER_BYTES = 40;
export const SERVER_BYTES_MAX = 64;
export const H_UA_USED = 56;
export const H_UA_END = 57;
export const F64_BASE = 256;
export const F_LINES = 0;
export const F_RECORDS = 1;
export const F_FIRST = 2;
export const F_LAST = 3;
export const F_MINUTE_SECS = 4;
export const F_DAY = 5;
export const F_HOUR_KEY = 6;
export const F_PORT = 7;

export const STEM_BUCKETS = 64;
export const STEM_ENTRY = 80;
export const STEM_BYTES_MAX = 64;
const VDIR_CAPACITY = 256;
const RESP_BITS = 13;
export const RESP_SLOT = 24;
export const RESP_CAPACITY = 4096;
export const RESP_STRIDE = 4;
export const HOUR_CAPACITY = 16_384;
export const HOUR_STRIDE = 7;
export const PORT_CAPACITY = 32;
export const SERVER_CAPACITY = 256;
const MAX_SPACES = 128;
export const CLIENT_MIN_BITS = 12;
/** Bytes of user-agent heap per client: a client records at most two, most are under 64 bytes. */
const UA_HEAP_PER_CLIENT = 128;
/** Slack after the input area: the fast path reads up to 31 bytes past the end of the data. */
const INPUT_SLACK = 64;

/** The tables in one memory, as views; `fast` and `responseSlot` when WebAssembly SIMD is there. */
export interface ScannerMemory {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly u8: Uint8Array;
  /** f64 index of the first response row, hour row, port row, server cell, client row. */
  readonly respRows: number;
  readonly hourRows: number;
  readonly portRows: number;
  readonly serverCells: number;
  readonly clientRows: number;
  /** f64 index of the first row's key; i32 index of the first row's user-agent reference. */
  readonly clientKeys: number;
  readonly uaRefs: number;
  /** i32 index of the client hash; its size is 2 << H_CLIENT_BITS cells, at most clientTableCells. */
  readonly clientTable: number;
  readonly clientTableCells: number;
  readonly stems: number;
  readonly vdirProps: number;
  /** The input area: a Buffer over bytes [inputBase, inputBase + input.length) of the memory. */
  readonly input: Buffer;
  readonly inputBase: number;
  readonly fast?: (start: number, end: number) => number;
  readonly responseSlot?: (vdir: number, status: number, sub: number, win32: number) => number;
}

export interface MemoryOptions {
  clientLimit: number;
  portStride: number;
  clientStride: number;
  inputBytes: number;
  /** False: plain memory, no WebAssembly (the reference path, and where SIMD is missing). */
  wasm: boolean;
}

export function clientTableBits(clientLimit: number): number {
  let bits = CLIENT_MIN_BITS;
  while (2 ** bits < 2 * (clientLimit + 1)) bits++;
  return bits;
}

export function createScannerMemory(options: MemoryOptions): ScannerMemory {
  let at = 512;
  const region = (bytes: number): number => {
    const start = at;
    at = Math.ceil((at + bytes) / 64) * 64;
    return start;
  };
  const stems = region(STEM_BUCKETS * STEM_ENTRY);
  const vdirProps = region(VDIR_CAPACITY * 8);
  const respTable = region((1 << RESP_BITS) * RESP_SLOT);
  const respRows = region(RESP_CAPACITY * RESP_STRIDE * 8);
  const hourRows = region(HOUR_CAPACITY * HOUR_STRIDE * 8);
  const portRows = region(PORT_CAPACITY * options.portStride * 8);
  const serverCells = region(SERVER_CAPACITY * 8);
  const spaces = region(MAX_SPACES * 4);
  const clientTableCells = 2 << clientTableBits(options.clientLimit);
  const clientTable = region(clientTableCells * 4);
  const clientRows = region(options.clientLimit * options.clientStride * 8);
  const clientKeys = region(options.clientLimit * 8);
  const uaRefs = region(options.clientLimit * 8);
  const uaHeapBytes = options.clientLimit * UA_HEAP_PER_CLIENT;
  const uaHeap = region(uaHeapBytes);
  const inputBase = region(options.inputBytes + INPUT_SLACK);
  const size = Math.ceil(at / 65536) * 65536;

  const wasm = options.wasm ? instantiate(size / 65536) : undefined;
  const buffer = wasm ? wasm.memory.buffer : new ArrayBuffer(size);
  const i32 = new Int32Array(buffer);
  const f64 = new Float64Array(buffer);
  i32[H_CLIENT_TABLE] = clientTable;
  i32[H_CLIENT_DATA] = clientRows;
  i32[H_STEMS] = stems;
  i32[H_VDIR_PROPS] = vdirProps;
  i32[H_RESP_TABLE] = respTable;
  i32[H_RESP_BITS] = RESP_BITS;
  i32[H_RESP_ROWS] = respRows;
  i32[H_HOUR_ROWS] = hourRows;
  i32[H_PORT_ROWS] = portRows;
  i32[H_SERVER_CELLS] = serverCells;
  i32[H_SPACES] = spaces;
  i32[H_CLIENT_LIMIT] = options.clientLimit;
  i32[H_CLIENT_KEYS] = clientKeys;
  i32[H_UA_REFS] = uaRefs;
  i32[H_UA_HEAP] = uaHeap;
  i32[H_UA_USED] = uaHeap;
  i32[H_UA_END] = uaHeap + uaHeapBytes;
  const memory: ScannerMemory = {
    i32,
    f64,
    u8: new Uint8Array(buffer),
    respRows: respRows / 8,
    hourRows: hourRows / 8,
    portRows: portRows / 8,
    serverCells: serverCells / 8,
    clientRows: clientRows / 8,
    clientKeys: clientKeys / 8,
    uaRefs: uaRefs / 4,
    clientTable: clientTable / 4,
    clientTableCells,
    stems,
    vdirProps,
    input: Buffer.from(buffer, inputBase, options.inputBytes),
    inputBase,
    ...(wasm ? { fast: wasm.fast, responseSlot: wasm.responseSlot } : {}),
  };
  return memory;
}

export function f64Cell(index: number): number {
  return F64_BASE / 8 + index;
}

/** Mirror a stem spelling into the bucket the fast path looks in (same hash as the scanner's). */
export function writeStem(
  memory: ScannerMemory,
  bucket: number,
  bytes: Uint8Array,
  slash: boolean,
  vdir: number,
) {
  if (bytes.length > STEM_BYTES_MAX) return;
  const at = memory.stems + bucket * STEM_ENTRY;
  const i = at / 4;
  memory.i32[i] = bytes.length;
  memory.i32[i + 1] = slash ? 1 : 0;
  memory.i32[i + 2] = vdir;
  memory.i32[i + 3] = 1;
  memory.u8.set(bytes, at + 16);
}

export const VDIR_API = 1;
export const VDIR_CONTENT = 2;

export function writeVdirProps(memory: ScannerMemory, idx: number, svc: number, flags: number): void {
  if (idx >= VDIR_CAPACITY) return;
  memory.i32[memory.vdirProps / 4 + idx * 2] = svc;
  memory.i32[memory.vdirProps / 4 + idx * 2 + 1] = flags;
}

/** Register a response row for the exact (vdir, status, sub, win32) the fast path will see. */
export function writeResponse(
  memory: ScannerMemory,
  row: number,
  vdir: number,
  status: number,
  sub: number,
  win32: number,
): void {
  if (!memory.responseSlot) return;
  if (sub < -1 || sub > 2 ** 31 - 1 || win32 < -1 || win32 > 2 ** 31 - 1) return;
  const slot = memory.responseSlot(vdir, status, sub, win32) / 4;
  memory.i32[slot] = vdir;
  memory.i32[slot + 1] = status;
  memory.i32[slot + 2] = sub;
  memory.i32[slot + 3] = win32;
  memory.i32[slot + 4] = row + 1;
}

interface FastLines {
  memory: WebAssembly.Memory;
  fast: (start: number, end: number) => number;
  responseSlot: (vdir: number, status: number, sub: number, win32: number) => number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module (once per thread), or undefined where WebAssembly SIMD is not available. */
function instantiate(pages: number): FastLines | undefined {
  if (compiled === undefined) {
    try {
      const bytes = Buffer.from(FAST_LINES_WASM, "base64");
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  const exports = instance.exports as unknown as Omit<FastLines, "memory">;
  return { memory, fast: exports.fast, responseSlot: exports.responseSlot };
}
