/**
 * Binary XML of one .evtx chunk (libyal's "Windows XML Event Log format" §4): template definitions
 * and embedded fragments become small trees whose names are resolved and whose values are either
 * literal text or "substitution i" — never an XML string. Templates and names live at offsets inside
 * their 64 KiB chunk and are shared by its records, so each is decoded once per chunk and cached.
 * Every read is bounded by the chunk: damage throws a RangeError, which the reader counts against the
 * record, never the run.
 */

export interface XSubstitution {
  kind: "sub";
  index: number;
  /** The value type the template declares (0x21 = embedded BinXML, 0x81 = string array …). */
  type: number;
}

/** Literal text or a substitution of the record's value array. */
export type XPart = string | XSubstitution;

export interface XAttribute {
  name: string;
  value: XPart[];
}

export interface XElement {
  kind: "element";
  name: string;
  attributes: XAttribute[];
  children: XNode[];
}

export type XNode = XElement | XPart;

/** Value type of an embedded BinXML fragment (an EventData or UserData of a manifest event). */
export const BINXML_TYPE = 0x21;

const TOKEN = {
  endOfStream: 0x00,
  openStart: 0x01,
  closeStart: 0x02,
  closeEmpty: 0x03,
  end: 0x04,
  value: 0x05,
  attribute: 0x06,
  cdata: 0x07,
  charRef: 0x08,
  entityRef: 0x09,
  piTarget: 0x0a,
  piData: 0x0b,
  templateInstance: 0x0c,
  normalSub: 0x0d,
  optionalSub: 0x0e,
  fragmentHeader: 0x0f,
} as const;

/** The 0x40 bit says "more follows" (attributes, value parts): the kind is in the low bits. */
const kindOf = (token: number): number => token & 0x0f;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** Templates nest only through embedded fragments; deeper than this is damage or a loop. */
const MAX_DEPTH = 32;

export class EvtxChunk {
  private readonly names = new Map<number, string>();
  /** undefined while a template is being decoded: a template that includes itself is damage. */
  private readonly templates = new Map<number, XNode[] | undefined>();

  constructor(readonly bytes: Buffer) {}

  u8(at: number): number {
    return this.bytes.readUInt8(at);
  }
  u16(at: number): number {
    return this.bytes.readUInt16LE(at);
  }
  u32(at: number): number {
    return this.bytes.readUInt32LE(at);
  }

  /** UTF-16LE text of `chars` characters at `at`, bounded by the chunk. */
  utf16(at: number, chars: number): string {
    const end = at + chars * 2;
    if (end > this.bytes.length) throw new RangeError(`text runs past the chunk at ${at}`);
    return this.bytes.toString("utf16le", at, end);
  }

  /** A name structure: next offset (4), hash (2), character count (2), characters, NUL. */
  name(offset: number): string {
    let name = this.names.get(offset);
    if (name === undefined) {
      name = this.utf16(offset + 8, this.u16(offset + 6));
      this.names.set(offset, name);
    }
    return name;
  }

  /** Bytes a name structure takes when it is written inline, where it is first used. */
  inlineNameBytes(offset: number): number {
    return 8 + this.u16(offset + 6) * 2 + 2;
  }

  /** A template definition: next offset (4), GUID (16), data size (4), then its BinXML fragment. */
  template(offset: number, depth: number): XNode[] {
    if (this.templates.has(offset)) {
      const cached = this.templates.get(offset);
      if (cached === undefined) throw new RangeError(`template at ${offset} includes itself`);
      return cached;
    }
    this.templates.set(offset, undefined);
    try {
      const start = offset + 24;
      const end = start + this.u32(offset + 20);
      if (end > this.bytes.length) throw new RangeError(`template at ${offset} runs past the chunk`);
      const nodes = new BinXmlReader(this, start, end, depth + 1).fragment();
      this.templates.set(offset, nodes);
      return nodes;
    } catch (error) {
      this.templates.delete(offset); // damaged: each record that uses it is rejected with the reason
      throw error;
    }
  }

  /** Size of a template definition written inline in a record: its header plus its data. */
  templateDefinitionBytes(offset: number): number {
    return 24 + this.u32(offset + 20);
  }
}

/** Reads tokens from `pos` up to `end` within one chunk. */
export class BinXmlReader {
  constructor(
    private readonly chunk: EvtxChunk,
    public pos: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new RangeError("BinXML nested too deeply");
  }

  private peek(): number {
    if (this.pos >= this.end) throw new RangeError(`BinXML runs past its end at ${this.pos}`);
    return this.chunk.u8(this.pos);
  }

  /** A fragment of a template definition: optional header, elements up to end of stream. */
  fragment(): XNode[] {
    const nodes: XNode[] = [];
    while (this.pos < this.end) {
      const token = this.peek();
      if (token === TOKEN.endOfStream) break;
      if (token === TOKEN.fragmentHeader) this.pos += 4;
      else if (kindOf(token) === TOKEN.openStart) nodes.push(this.element());
      else this.content(nodes, token);
    }
    return nodes;
  }

  /** At a template instance: where its template is and where its value array begins. */
  templateInstance(): { template: XNode[]; valuesAt: number } {
    this.pos += 2; // token, unknown byte
    this.pos += 4; // template identifier (the GUID's first 4 bytes)
    const definition = this.chunk.u32(this.pos);
    this.pos += 4;
    // The first record that uses a template carries its definition inline, right here.
    if (definition === this.pos) this.pos += this.chunk.templateDefinitionBytes(definition);
    return { template: this.chunk.template(definition, this.depth), valuesAt: this.pos };
  }

  /** True when the next token (after a fragment header) is a template instance. */
  atTemplateInstance(): boolean {
    if (this.peek() === TOKEN.fragmentHeader) this.pos += 4;
    return this.peek() === TOKEN.templateInstance;
  }

  private nameAt(): string {
    const offset = this.chunk.u32(this.pos);
    this.pos += 4;
    const name = this.chunk.name(offset);
    if (offset === this.pos) this.pos += this.chunk.inlineNameBytes(offset);
    return name;
  }

  private element(): XElement {
    const token = this.chunk.u8(this.pos);
    this.pos += 1 + 2 + 4; // token, dependency identifier, data size
    const name = this.nameAt();
    if (token & 0x40) this.pos += 4; // attribute list size
    const attributes: XAttribute[] = [];
    while (kindOf(this.peek()) === TOKEN.attribute) {
      this.pos += 1;
      const attributeName = this.nameAt();
      const value: XPart[] = [];
      while (this.valuePart(value, this.peek()));
      attributes.push({ name: attributeName, value });
    }
    const element: XElement = { kind: "element", name, attributes, children: [] };
    const close = this.peek();
    this.pos += 1;
    if (close === TOKEN.closeEmpty) return element;
    if (close !== TOKEN.closeStart)
      throw new RangeError(`unexpected token 0x${close.toString(16)} in <${name}>`);
    for (;;) {
      const next = this.peek();
      if (next === TOKEN.end) {
        this.pos += 1;
        return element;
      }
      if (kindOf(next) === TOKEN.openStart) element.children.push(this.element());
      else this.content(element.children, next);
    }
  }

  private content(into: XNode[], token: number): void {
    if (this.valuePart(into, token)) return;
    const kind = kindOf(token);
    if (kind === TOKEN.piTarget) {
      this.pos += 1;
      this.nameAt();
    } else if (kind === TOKEN.piData) {
      this.pos += 3 + this.chunk.u16(this.pos + 1) * 2;
    } else {
      throw new RangeError(`unexpected BinXML token 0x${token.toString(16)} at ${this.pos}`);
    }
  }

  /** Reads one text, substitution or reference into `into`; false when the token is none of them. */
  private valuePart(into: XNode[] | XPart[], token: number): boolean {
    switch (kindOf(token)) {
      case TOKEN.value: {
        const type = this.chunk.u8(this.pos + 1);
        if (type !== 0x01) throw new RangeError(`value text of type 0x${type.toString(16)}`);
        const chars = this.chunk.u16(this.pos + 2);
        into.push(this.chunk.utf16(this.pos + 4, chars));
        this.pos += 4 + chars * 2;
        return true;
      }
      case TOKEN.cdata: {
        const chars = this.chunk.u16(this.pos + 1);
        into.push(this.chunk.utf16(this.pos + 3, chars));
        this.pos += 3 + chars * 2;
        return true;
      }
      case TOKEN.charRef:
        into.push(String.fromCharCode(this.chunk.u16(this.pos + 1)));
        this.pos += 3;
        return true;
      case TOKEN.entityRef: {
        this.pos += 1;
        const name = this.nameAt();
        into.push(ENTITIES[name] ?? `&${name};`);
        return true;
      }
      case TOKEN.normalSub:
      case TOKEN.optionalSub:
        if (token !== TOKEN.normalSub && token !== TOKEN.optionalSub) return false;
        into.push({ kind: "sub", index: this.chunk.u16(this.pos + 1), type: this.chunk.u8(this.pos + 3) });
        this.pos += 4;
        return true;
      default:
        return false;
    }
  }
}
