/**
 * The memory a W3cScanner keeps its per-line tables in, and the WebAssembly fast path that reads
 * and updates them (wasm/fast-lines.as.ts). JavaScript owns every table: it creates rows, decides
 * what may be counted without it, and turns the rows into facts. The fast path only adds to rows
 * JavaScript registered, for lines JavaScript would count the same way, and hands every other line
 * back — so the facts are the same with and without it (the golden and differential tests hold
 * both paths to that).
 *
 * The layout is memory-layout.ts (one table, generated into the AssemblyScript side too).
 */
import { FAST_LINES_WASM } from "./wasm/fast-lines.generated.js";
import {
  CLIENT_MIN_BITS,
  C_STRIDE,
  HEADER_BYTES,
  F64_BASE,
  HOUR_CAPACITY,
  HOUR_STRIDE,
  H_CLIENT_DATA,
  H_CLIENT_KEYS,
  H_CLIENT_LIMIT,
  H_CLIENT_TABLE,
  H_COMPUTER_COL,
  H_COMPUTER_LEN,
  H_HOUR_ROWS,
  H_PORT_ROWS,
  H_RESP_BITS,
  H_RESP_ROWS,
  H_RESP_TABLE,
  H_SCOPE_BYTES,
  H_SERVER_CELLS,
  H_SITE_LEN,
  H_SPACES,
  H_STEMS,
  H_UA_END,
  H_UA_HEAP,
  H_UA_REFS,
  H_UA_USED,
  H_VDIR_PROPS,
  INPUT_SLACK,
  MAX_SPACES,
  PORT_CAPACITY,
  PORT_STRIDE,
  RESP_BITS,
  RESP_CAPACITY,
  RESP_SLOT,
  RESP_SLOT_ROW,
  RESP_SLOT_STATUS,
  RESP_SLOT_SUB,
  RESP_SLOT_VDIR,
  RESP_SLOT_WIN32,
  RESP_STRIDE,
  SCOPE_BYTES_MAX,
  SERVER_CAPACITY,
  STEM_BUCKETS,
  STEM_BYTES,
  STEM_BYTES_MAX,
  STEM_ENTRY,
  STEM_LEN,
  STEM_SLASH,
  STEM_USED,
  STEM_VDIR,
  UA_HEAP_PER_CLIENT,
  VDIR_CAPACITY,
  VDIR_PROPS,
  VDIR_PROP_FLAGS,
  VDIR_PROP_SVC,
} from "./memory-layout.js";

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
  let at = HEADER_BYTES;
  const region = (bytes: number): number => {
    const start = at;
    at = Math.ceil((at + bytes) / 64) * 64;
    return start;
  };
  const stems = region(STEM_BUCKETS * STEM_ENTRY);
  const vdirProps = region(VDIR_CAPACITY * VDIR_PROPS);
  const respTable = region((1 << RESP_BITS) * RESP_SLOT);
  const respRows = region(RESP_CAPACITY * RESP_STRIDE * 8);
  const hourRows = region(HOUR_CAPACITY * HOUR_STRIDE * 8);
  const portRows = region(PORT_CAPACITY * PORT_STRIDE * 8);
  const serverCells = region(SERVER_CAPACITY * 8);
  const spaces = region(MAX_SPACES * 4);
  const scopeBytes = region(2 * SCOPE_BYTES_MAX);
  const clientTableCells = 2 << clientTableBits(options.clientLimit);
  const clientTable = region(clientTableCells * 4);
  const clientRows = region(options.clientLimit * C_STRIDE * 8);
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
  i32[H_SCOPE_BYTES] = scopeBytes;
  i32[H_SITE_LEN] = -1;
  i32[H_COMPUTER_LEN] = -1;
  i32[H_COMPUTER_COL] = -1;
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
  memory.i32[i + STEM_LEN / 4] = bytes.length;
  memory.i32[i + STEM_SLASH / 4] = slash ? 1 : 0;
  memory.i32[i + STEM_VDIR / 4] = vdir;
  memory.i32[i + STEM_USED / 4] = 1;
  memory.u8.set(bytes, at + STEM_BYTES);
}

/** Let the fast path take the lines naming this site (which 0) or computer (which 1): their bytes. */
export function writeScopeName(memory: ScannerMemory, which: 0 | 1, bytes: Uint8Array): void {
  const len = which === 0 ? H_SITE_LEN : H_COMPUTER_LEN;
  if (bytes.length > SCOPE_BYTES_MAX) {
    memory.i32[len] = -1;
    return;
  }
  memory.u8.set(bytes, memory.i32[H_SCOPE_BYTES]! + which * SCOPE_BYTES_MAX);
  memory.i32[len] = bytes.length;
}

export function writeVdirProps(memory: ScannerMemory, idx: number, svc: number, flags: number): void {
  if (idx >= VDIR_CAPACITY) return;
  const at = (memory.vdirProps + idx * VDIR_PROPS) / 4;
  memory.i32[at + VDIR_PROP_SVC / 4] = svc;
  memory.i32[at + VDIR_PROP_FLAGS / 4] = flags;
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
  memory.i32[slot + RESP_SLOT_VDIR / 4] = vdir;
  memory.i32[slot + RESP_SLOT_STATUS / 4] = status;
  memory.i32[slot + RESP_SLOT_SUB / 4] = sub;
  memory.i32[slot + RESP_SLOT_WIN32 / 4] = win32;
  memory.i32[slot + RESP_SLOT_ROW / 4] = row + 1;
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
