/**
 * The value array of a template instance (libyal §4.9): a count, then a (size, type) descriptor per
 * value, then the values back to back. Only the descriptors are read up front; a value is decoded
 * when a field asks for it, so an event of no interest costs a few descriptor reads. Values are
 * formatted as Event Viewer's XML shows them (decimal numbers, 0x… hex, {GUID}, S-1-… SIDs, ISO
 * times), with the control characters that XML cannot carry removed.
 */
import { BINXML_TYPE, BinXmlReader, type EvtxChunk, type XNode } from "./evtx-binxml.js";

const STRING_ARRAY = 0x81;
/** A sanity bound: Windows templates have tens of values, never thousands. */
const MAX_VALUES = 4096;
const FILETIME_EPOCH_MS = 11_644_473_600_000;
/** Characters XML 1.0 cannot carry (C0 but tab, LF, CR; DEL and C1), which Event Viewer drops too. */
const CONTROL_CLASS = "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]";
const CONTROL = new RegExp(CONTROL_CLASS);
const CONTROLS = new RegExp(CONTROL_CLASS, "g");

/** Bytes of one element of a fixed-size type (arrays of them are 0x80 | type). */
const FIXED_SIZE: Record<number, number> = {
  0x03: 1,
  0x04: 1,
  0x05: 2,
  0x06: 2,
  0x07: 4,
  0x08: 4,
  0x09: 8,
  0x0a: 8,
  0x0b: 4,
  0x0c: 8,
  0x0d: 4,
  0x0f: 16,
  0x11: 8,
  0x12: 16,
  0x14: 4,
  0x15: 8,
};

/** A fragment embedded in a value: its nodes and the values they substitute. */
export interface EmbeddedXml {
  nodes: XNode[];
  values: TemplateValues;
}

export class TemplateValues {
  private readonly offsets: number[] = [];
  private readonly sizes: number[] = [];
  private readonly types: number[] = [];

  /** Reads the descriptors of the value array at `at`; values past `end` are out of reach. */
  constructor(
    private readonly chunk: EvtxChunk,
    at: number,
    end: number,
    private readonly depth: number,
  ) {
    if (at + 4 > end) return; // a record cut right after its template: no values
    const count = chunk.u32(at);
    if (count > MAX_VALUES) throw new RangeError(`${count} template values`);
    let value = at + 4 + count * 4;
    for (let i = 0; i < count; i++) {
      const size = chunk.u16(at + 4 + i * 4);
      this.offsets.push(value);
      this.sizes.push(size);
      this.types.push(chunk.u8(at + 6 + i * 4));
      value += size;
    }
    if (value > end) throw new RangeError("template values run past the record");
  }

  /** An empty array, for fragments without a template. */
  static none(chunk: EvtxChunk): TemplateValues {
    return new TemplateValues(chunk, 0, 0, 0);
  }

  get count(): number {
    return this.offsets.length;
  }

  type(index: number): number {
    return this.types[index] ?? 0;
  }

  /** The value as text ("" when absent or null). */
  text(index: number): string {
    if (index >= this.offsets.length) return "";
    const type = this.types[index]!;
    if (type === STRING_ARRAY) return this.strings(index).join(", ");
    return this.scalar(type & 0x7f, this.offsets[index]!, this.sizes[index]!, type >= 0x80);
  }

  /**
   * A string array (type 0x81) as its strings: Windows renders one `<Data>` per string, and none for
   * an empty array or a null value.
   */
  strings(index: number): string[] {
    const type = this.types[index] ?? 0;
    if (type === 0x00) return [];
    if (type !== STRING_ARRAY) return [this.text(index)];
    const size = this.sizes[index]!;
    if (size === 0) return [];
    const at = this.offsets[index]!;
    const text = this.chunk.bytes.toString("utf16le", at, at + size).replace(/\0+$/, "");
    return text.split("\0").map(clean);
  }

  /** An embedded BinXML value (type 0x21): a template instance of its own, or plain elements. */
  embedded(index: number): EmbeddedXml | undefined {
    if (this.types[index] !== BINXML_TYPE) return undefined;
    const at = this.offsets[index]!;
    const end = at + this.sizes[index]!;
    const reader = new BinXmlReader(this.chunk, at, end, this.depth + 1);
    if (at < end && reader.atTemplateInstance()) {
      const { template, valuesAt } = reader.templateInstance();
      return { nodes: template, values: new TemplateValues(this.chunk, valuesAt, end, this.depth + 1) };
    }
    return { nodes: reader.fragment(), values: TemplateValues.none(this.chunk) };
  }

  private scalar(type: number, at: number, size: number, array: boolean): string {
    if (array) {
      const each = FIXED_SIZE[type];
      if (!each) return this.scalar(0x0e, at, size, false);
      const items: string[] = [];
      for (let item = at; item + each <= at + size; item += each)
        items.push(this.scalar(type, item, each, false));
      return items.join(", ");
    }
    const bytes = this.chunk.bytes;
    if (at + size > bytes.length) throw new RangeError("value runs past the chunk");
    switch (type) {
      case 0x00:
        return "";
      case 0x01:
        return clean(bytes.toString("utf16le", at, at + size).replace(/\0+$/, ""));
      case 0x02:
        return clean(bytes.toString("utf8", at, at + size).replace(/\0+$/, ""));
      case 0x03:
        return String(bytes.readInt8(at));
      case 0x04:
        return String(bytes.readUInt8(at));
      case 0x05:
        return String(bytes.readInt16LE(at));
      case 0x06:
        return String(bytes.readUInt16LE(at));
      case 0x07:
        return String(bytes.readInt32LE(at));
      case 0x08:
        return String(bytes.readUInt32LE(at));
      case 0x09:
        return String(bytes.readBigInt64LE(at));
      case 0x0a:
        return String(bytes.readBigUInt64LE(at));
      case 0x0b:
        return String(bytes.readFloatLE(at));
      case 0x0c:
        return String(bytes.readDoubleLE(at));
      case 0x0d:
        return String(bytes.readUInt32LE(at) !== 0);
      case 0x0e:
        return bytes.toString("hex", at, at + size).toUpperCase();
      case 0x0f:
        return guid(bytes, at);
      case 0x10:
        return String(size === 8 ? bytes.readBigUInt64LE(at) : bytes.readUInt32LE(at));
      case 0x11:
        return fileTime(bytes, at);
      case 0x12:
        return systemTime(bytes, at);
      case 0x13:
        return sid(bytes, at, size);
      case 0x14:
        return `0x${bytes.readUInt32LE(at).toString(16)}`;
      case 0x15:
        return `0x${bytes.readBigUInt64LE(at).toString(16)}`;
      default:
        return bytes.toString("hex", at, at + size).toUpperCase();
    }
  }
}

function clean(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, "") : text;
}

/** FILETIME (100 ns since 1601) → ISO text to the millisecond, as Event Viewer's SystemTime. */
export function fileTime(bytes: Buffer, at: number): string {
  const ms = Number(bytes.readBigUInt64LE(at) / 10_000n) - FILETIME_EPOCH_MS;
  return new Date(ms).toISOString();
}

function systemTime(bytes: Buffer, at: number): string {
  const part = (i: number): number => bytes.readUInt16LE(at + i * 2);
  const ms = Date.UTC(part(0), part(1) - 1, part(3), part(4), part(5), part(6), part(7));
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString();
}

function guid(bytes: Buffer, at: number): string {
  const hex = (from: number, to: number): string => bytes.toString("hex", at + from, at + to);
  const data1 = bytes.readUInt32LE(at).toString(16).padStart(8, "0");
  const data2 = bytes
    .readUInt16LE(at + 4)
    .toString(16)
    .padStart(4, "0");
  const data3 = bytes
    .readUInt16LE(at + 6)
    .toString(16)
    .padStart(4, "0");
  return `{${data1}-${data2}-${data3}-${hex(8, 10)}-${hex(10, 16)}}`.toUpperCase();
}

/** S-revision-authority-subauthorities; the authority is 48-bit big-endian. */
function sid(bytes: Buffer, at: number, size: number): string {
  const count = bytes.readUInt8(at + 1);
  if (8 + count * 4 > size) throw new RangeError("SID longer than its value");
  const authority = bytes.readUIntBE(at + 2, 6);
  let text = `S-${bytes.readUInt8(at)}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${bytes.readUInt32LE(at + 8 + i * 4)}`;
  return text;
}
