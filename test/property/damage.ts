/**
 * Ways customers' evidence really arrives damaged, as fast-check arbitraries that describe the damage
 * (so a failure prints a readable counterexample) and a function that applies it to real bytes.
 */
import fc from "fast-check";

export type Damage =
  | { type: "truncate"; at: number }
  | {
      type: "reencode";
      how:
        | "utf16le-bom"
        | "utf16be-bom"
        | "utf8-of-utf16"
        | "latin1-of-utf8"
        | "strip-bom"
        | "add-utf8-bom"
        | "mixed";
    }
  | { type: "nul"; positions: number[] }
  | { type: "long-line"; at: number; length: number; char: string }
  | { type: "random-splice"; at: number; bytes: Uint8Array }
  | { type: "empty" }
  | { type: "line-ends"; to: "lf" | "cr" | "crlf" }
  | { type: "none" };

/** Positions are fractions of the file length (0..1) so one counterexample fits any file. */
export const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant("truncate" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("reencode" as const),
      how: fc.constantFrom(
        "utf16le-bom",
        "utf16be-bom",
        "utf8-of-utf16",
        "latin1-of-utf8",
        "strip-bom",
        "add-utf8-bom",
        "mixed",
      ) as fc.Arbitrary<
        | "utf16le-bom"
        | "utf16be-bom"
        | "utf8-of-utf16"
        | "latin1-of-utf8"
        | "strip-bom"
        | "add-utf8-bom"
        | "mixed"
      >,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("nul" as const),
      positions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("long-line" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 70_000, max: 1_500_000 }),
      char: fc.constantFrom("A", ",", "\t", '"', "<", "é", " "),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("random-splice" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 512 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ type: "empty" as const }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant("line-ends" as const),
      to: fc.constantFrom("lf", "cr", "crlf") as fc.Arbitrary<"lf" | "cr" | "crlf">,
    }),
    weight: 1,
  },
);

const position = (bytes: Buffer, at: number): number => Math.min(bytes.length, Math.floor(bytes.length * at));

/** Text of the bytes in the encoding Windows most likely wrote them in (BOM first). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString("utf8");
  return bytes.toString("utf8");
}

function reencode(bytes: Buffer, how: Extract<Damage, { type: "reencode" }>["how"]): Buffer {
  const text = decode(bytes);
  switch (how) {
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case "utf16be-bom": {
      const le = Buffer.from(text, "utf16le");
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case "utf8-of-utf16":
      // A UTF-16 file read as if it were UTF-8 and saved again: every other byte a NUL, mangled.
      return Buffer.from(bytes.toString("utf8"), "utf8");
    case "latin1-of-utf8":
      // Double-encoded: UTF-8 bytes taken as Windows-1252 and saved as UTF-8 ("Ã¤" for "ä").
      return Buffer.from(Buffer.from(text, "utf8").toString("latin1"), "utf8");
    case "strip-bom":
      return bytes[0] === 0xff && bytes[1] === 0xfe
        ? bytes.subarray(2)
        : bytes[0] === 0xef && bytes[1] === 0xbb
          ? bytes.subarray(3)
          : bytes;
    case "add-utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "mixed": {
      // Two exports appended by a script: first half UTF-16LE with BOM, second half UTF-8.
      const half = Math.floor(text.length / 2);
      return Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.slice(0, half), "utf16le"),
        Buffer.from(text.slice(half), "utf8"),
      ]);
    }
  }
}

export function applyDamage(bytes: Buffer, damage: Damage): Buffer {
  switch (damage.type) {
    case "truncate":
      return bytes.subarray(0, position(bytes, damage.at));
    case "reencode":
      return reencode(bytes, damage.how);
    case "nul": {
      const copy = Buffer.from(bytes);
      for (const at of damage.positions)
        if (copy.length > 0) copy[Math.min(copy.length - 1, position(copy, at))] = 0;
      return copy;
    }
    case "long-line": {
      // Inserted at a line start so it really is one long line.
      let at = position(bytes, damage.at);
      const lf = bytes.indexOf(0x0a, at);
      at = lf < 0 ? bytes.length : lf + 1;
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
      const line = damage.char.repeat(damage.length) + "\r\n";
      const encoded = utf16 ? Buffer.from(line, "utf16le") : Buffer.from(line, "utf8");
      if (utf16 && at % 2 === 1) at += 1;
      return Buffer.concat([bytes.subarray(0, at), encoded, bytes.subarray(at)]);
    }
    case "random-splice": {
      const at = position(bytes, damage.at);
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(damage.bytes),
        bytes.subarray(Math.min(bytes.length, at + damage.bytes.length)),
      ]);
    }
    case "empty":
      return Buffer.alloc(0);
    case "line-ends": {
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
      const text = decode(bytes).replace(
        /\r\n|\r|\n/g,
        damage.to === "lf" ? "\n" : damage.to === "cr" ? "\r" : "\r\n",
      );
      return utf16
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
        : Buffer.from(text, "utf8");
    }
    case "none":
      return bytes;
  }
}
