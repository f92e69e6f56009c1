/**
 * Finding the delimiters of W3C lines (space and line feed) 16 bytes at a time with WebAssembly
 * SIMD: the one job a JavaScript byte loop is too slow for on a 1 GB log. The module is assembled
 * here from its opcodes (no build step, no dependency); `scan(start, end, out)` writes the offset of
 * every space, and of every line feed with bit 31 set, to `out` and returns how many it wrote.
 *
 * Equivalent JavaScript (the fallback when WebAssembly SIMD is unavailable):
 *   for (i = start; i < end; i++) if (b[i] === 32 || b[i] === 10) out[n++] = i | (b[i] === 10 ? 1 << 31 : 0);
 */

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32: (value: number) => [0x41, value], // values below 64: one-byte signed LEB128
  add: [0x6a],
  sub: [0x6b],
  and: [0x71],
  or: [0x72],
  shl: [0x74],
  eq: [0x46],
  eqz: [0x45],
  gtU: [0x4b],
  geU: [0x4f],
  ctz: [0x68],
  load8u: [0x2d, 0x00, 0x00],
  store32: [0x36, 0x02, 0x00],
  v128load: [0xfd, 0x00, 0x00, 0x00],
  i8x16splat: [0xfd, 0x0f],
  i8x16eq: [0xfd, 0x23],
  v128or: [0xfd, 0x50],
  i8x16bitmask: [0xfd, 0x64],
};

// locals: 0 start/i, 1 end, 2 out, 3 count, 4 mask, 5 pos, 6 byte, 7 spaces, 8 line feeds, 9 vector
const [I, END, OUT, COUNT, MASK, POS, BYTE, SPACES, LFS, VEC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** out[count++] = pos | (byte at pos is LF) << 31 */
const emit = (pos: number[]): number[] => [
  ...op.get(OUT),
  ...op.get(COUNT),
  ...op.i32(2),
  ...op.shl,
  ...op.add,
  ...pos,
  ...pos,
  ...op.load8u,
  ...op.i32(10),
  ...op.eq,
  ...op.i32(31),
  ...op.shl,
  ...op.or,
  ...op.store32,
  ...op.get(COUNT),
  ...op.i32(1),
  ...op.add,
  ...op.set(COUNT),
];

const body = [
  ...op.i32(32),
  ...op.i8x16splat,
  ...op.set(SPACES),
  ...op.i32(10),
  ...op.i8x16splat,
  ...op.set(LFS),
  ...op.block,
  ...op.loop,
  ...op.get(I),
  ...op.i32(16),
  ...op.add,
  ...op.get(END),
  ...op.gtU,
  ...op.brIf(1),
  ...op.get(I),
  ...op.v128load,
  ...op.tee(VEC),
  ...op.get(SPACES),
  ...op.i8x16eq,
  ...op.get(VEC),
  ...op.get(LFS),
  ...op.i8x16eq,
  ...op.v128or,
  ...op.i8x16bitmask,
  ...op.set(MASK),
  ...op.block,
  ...op.loop,
  ...op.get(MASK),
  ...op.eqz,
  ...op.brIf(1),
  ...op.get(I),
  ...op.get(MASK),
  ...op.ctz,
  ...op.add,
  ...op.set(POS),
  ...emit(op.get(POS)),
  ...op.get(MASK),
  ...op.get(MASK),
  ...op.i32(1),
  ...op.sub,
  ...op.and,
  ...op.set(MASK),
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.get(I),
  ...op.i32(16),
  ...op.add,
  ...op.set(I),
  ...op.br(0),
  ...op.end,
  ...op.end,
  // the last bytes one at a time
  ...op.block,
  ...op.loop,
  ...op.get(I),
  ...op.get(END),
  ...op.geU,
  ...op.brIf(1),
  ...op.get(I),
  ...op.load8u,
  ...op.tee(BYTE),
  ...op.i32(32),
  ...op.eq,
  ...op.get(BYTE),
  ...op.i32(10),
  ...op.eq,
  ...op.or,
  ...op.if,
  ...emit(op.get(I)),
  ...op.end,
  ...op.get(I),
  ...op.i32(1),
  ...op.add,
  ...op.set(I),
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.get(COUNT),
  ...op.end,
];

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
const name = (text: string): number[] => [text.length, ...Buffer.from(text, "latin1")];

function moduleBytes(pages: number): Uint8Array<ArrayBuffer> {
  const locals = [0x02, 0x04, I32, 0x03, V128];
  const code = [...locals, ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, 0x03, I32, I32, I32, 0x01, I32]),
    ...section(2, [0x01, ...name("env"), ...name("mem"), 0x02, 0x00, ...leb(pages)]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name("scan"), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(code.length), ...code]),
  ]);
}

/** Bytes scanned per call: the output of one call (4 bytes per delimiter) fits in OUT_BYTES. */
export const SLICE_BYTES = 1024 * 1024;
const OUT_BYTES = SLICE_BYTES * 4;

export interface DelimiterScanner {
  /** Input area: read the log into it (a Buffer over the WebAssembly memory, or a plain Buffer). */
  readonly input: Buffer;
  /** Delimiter offsets written by the last `scan` (valid up to the returned count). */
  readonly out: Int32Array;
  /** Delimiters of input[start, end); end - start ≤ SLICE_BYTES. */
  scan(start: number, end: number): number;
}

/** A scanner with an input area of at least `inputBytes`; WebAssembly SIMD when available. */
export function createDelimiterScanner(inputBytes: number): DelimiterScanner {
  const inputSize = Math.ceil((inputBytes + 16) / 16) * 16;
  try {
    const pages = Math.ceil((inputSize + OUT_BYTES) / 65536);
    const bytes = moduleBytes(pages);
    if (!WebAssembly.validate(bytes)) return jsScanner(inputSize);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } });
    const scan = instance.exports.scan as (start: number, end: number, out: number) => number;
    const input = Buffer.from(memory.buffer, 0, inputSize);
    const out = new Int32Array(memory.buffer, inputSize, SLICE_BYTES);
    return { input, out, scan: (start, end) => scan(start, end, inputSize) };
  } catch {
    return jsScanner(inputSize);
  }
}

function jsScanner(inputSize: number): DelimiterScanner {
  const input = Buffer.allocUnsafe(inputSize);
  const out = new Int32Array(SLICE_BYTES);
  return {
    input,
    out,
    scan(start, end) {
      let n = 0;
      for (let i = start; i < end; i++) {
        const c = input[i]!;
        if (c === 32) out[n++] = i;
        else if (c === 10) out[n++] = i | (1 << 31);
      }
      return n;
    },
  };
}

/** For tests: force the JavaScript fallback. */
export function createJsDelimiterScanner(inputBytes: number): DelimiterScanner {
  return jsScanner(Math.ceil((inputBytes + 16) / 16) * 16);
}
