/**
 * The UTF-16LE byte reader of icacls dumps (icacls-utf16.ts, issue 19 second pass) against the
 * line reader it stands in for — the bundle's line splitter (splitLineBatches) feeding
 * IcaclsParser, which stays the reader of every other encoding: identical parse results, kept
 * objects (field for field, key order included) and objects offered to the keeper, on the
 * repository's real dumps, the samples, and random awkward dumps cut into random chunks.
 */
import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import { splitLineBatches } from "../../../src/bundle/evidence-file.js";
import { IcaclsParser, type AclObjectSink } from "../../../src/collectors/acl/icacls.js";
import { IcaclsUtf16Reader } from "../../../src/collectors/acl/icacls-utf16.js";
import type { AceInput } from "../../../src/collectors/acl/object.js";
import type { AclObject } from "../../../src/collectors/acl/facts.js";
import { FIXTURES } from "./helpers.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "..", "samples");

/** Records what the parser offers; keeps every third object offered (and the first five). */
class RecordingSink implements AclObjectSink {
  readonly offered: string[] = [];
  readonly objects: AclObject[] = [];
  wants(path: string, aces: readonly AceInput[]): boolean {
    this.offered.push(JSON.stringify([path, aces]));
    return this.offered.length <= 5 || this.offered.length % 3 === 0;
  }
  add(object: AclObject): void {
    this.objects.push(object);
  }
}

function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let index = 0; at < bytes.length; index++) {
    const size = sizes.length > 0 ? sizes[index % sizes.length]! : bytes.length;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

async function byLines(chunks: Buffer[], maxLineLength: number): Promise<string> {
  const sink = new RecordingSink();
  const parser = new IcaclsParser("acl/x.txt", sink, 3);
  for await (const batch of splitLineBatches(Readable.from(chunks), "utf-16le", maxLineLength))
    parser.push(batch);
  return JSON.stringify({ result: parser.end(), offered: sink.offered, objects: sink.objects });
}

function byBytes(chunks: Buffer[], maxLineLength: number): string {
  const sink = new RecordingSink();
  const parser = new IcaclsParser("acl/x.txt", sink, 3);
  const reader = new IcaclsUtf16Reader(parser, maxLineLength);
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return JSON.stringify({ result: parser.end(), offered: sink.offered, objects: sink.objects });
}

async function assertSame(bytes: Buffer, sizes: readonly number[], maxLineLength = 1 << 20): Promise<void> {
  const chunks = chunked(bytes, sizes);
  const expected = await byLines(chunks, maxLineLength);
  const actual = byBytes(chunks, maxLineLength);
  if (actual !== expected) {
    let at = 0;
    while (actual[at] === expected[at]) at++;
    assert.fail(
      `byte reader differs at ${at}:\n  lines: …${expected.slice(at - 120, at + 120)}\n  bytes: …${actual.slice(at - 120, at + 120)}`,
    );
  }
}

const utf16 = (text: string, bom = true): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);

const FILE_ACES = [
  "NT AUTHORITY\\NETWORK SERVICE:(I)(F)",
  "NT AUTHORITY\\SYSTEM:(I)(F)",
  "BUILTIN\\Administrators:(I)(F)",
  "BUILTIN\\Users:(I)(RX)",
];
const FOLDER_ACES = [
  "NT AUTHORITY\\NETWORK SERVICE:(I)(OI)(CI)(F)",
  "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)",
  "CREATOR OWNER:(I)(OI)(CI)(IO)(F)",
  "BUILTIN\\Users:(I)(OI)(CI)(RX)",
];
const ACE_LISTS: readonly (readonly string[])[] = [
  FILE_ACES,
  FILE_ACES,
  FOLDER_ACES,
  ["NT AUTHORITY\\NETWORK SERVICE:(DENY)(W)", ...FILE_ACES],
  ["NT-AUTORIT\u00c4T\\NETZWERKDIENST:(I)(F)", "VORDEFINIERT\\Administratoren:(I)(F)"],
  [...FILE_ACES, "Mandatory Label\\High Mandatory Level:(NW)"],
  ["BUILTIN\\Users:(I)(XYZ)", "NT AUTHORITY\\SYSTEM:(I)(F)"],
  ["NT AUTHORITY\\SYSTEM:(I)(F)"],
  ["S-1-5-21-1004336348-1177238915-682003330-1001:(F)", "BUILTIN\\Administrators:(I)(F) "],
  ["NT AUTHORITY\\SYSTEM:(I)(F)\u0000", "BUILTIN\\Administrators:(I)(F)"],
  ["CONTOSO\\WSUS Admins:(OI)(CI)(M)", "BUILTIN\\Administrators:(I)(F)"],
];
const PATHS = [
  "D:\\WSUS\\WsusContent\\0A\\3C2F5D1E0B9A8C7D6E5F4A3B2C1D0E9F8A7B6C5D.cab",
  "D:\\WSUS\\WsusContent\\0A\\3C2F5D1E0B9A8C7D6E5F4A3B2C1D0E9F8A7B6C5E.cab",
  "C:\\Program Files\\Update Services\\WebServices",
  "D:\\Donn\u00e9es\\\u00c4rger d\u00e9j\u00e0",
  "D:\\\ud83d\ude00\\x.cab",
  "D:\\lone\ud800\\x.cab",
  "D:\\lone\udc00",
  "1 Datei",
  "Successfully processed 3 files; Failed processing 0 files",
  "processed file: D:\\x",
  "Fichier trait\u00e9 : D:\\x",
  "D:\\with\u0000nul",
  "D:\\trailing ",
  " D:\\leading",
  "D:\\in\rside",
  "D:\\tab\there",
  "D:\\\u00a0nbsp\u00a0",
  "\\\\server\\share\\WsusContent",
  "x",
  `D:\\${"long\\".repeat(30)}end.cab`,
];
const EXTRA_LINES = [
  "Successfully processed 12 files; Failed processing 1 files",
  "12 Dateien erfolgreich verarbeitet, bei 0 Dateien ist ein Verarbeitungsfehler aufgetreten.",
  "D:\\WSUS\\locked.cab: Access is denied.",
  "processed file: D:\\WSUS",
  "some text a tool wrote",
  "   ",
  "\t",
  "NT AUTHORITY\\SYSTEM:(I)(F)",
];

/** One icacls block, printed in a well-formed or a damaged way. */
const block = fc
  .record({
    path: fc.constantFrom(...PATHS),
    aces: fc.constantFrom(...ACE_LISTS),
    form: fc.constantFrom("aligned", "aligned", "aligned", "short", "long", "tab", "pasted"),
    separator: fc.constantFrom("", "", "", "  ", "none"),
    extra: fc.option(fc.constantFrom(...EXTRA_LINES), { freq: 5 }),
  })
  .map(({ path, aces, form, separator, extra }) => {
    const indent =
      form === "aligned"
        ? " ".repeat(path.length + 1)
        : form === "short"
          ? " ".repeat(path.length)
          : form === "long"
            ? " ".repeat(path.length + 2)
            : form === "tab"
              ? "\t"
              : "";
    const lines = [`${path} ${aces[0]}`, ...aces.slice(1).map((ace) => indent + ace)];
    if (separator !== "none") lines.push(separator);
    if (extra !== null) lines.push(extra);
    return lines;
  });

const dump = fc.record({
  blocks: fc.array(block, { minLength: 1, maxLength: 14 }),
  eol: fc.constantFrom("\r\n", "\r\n", "\n", "\r", "mixed"),
  bom: fc.boolean(),
  finalBreak: fc.boolean(),
  sizes: fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 6 }),
  maxLineLength: fc.constantFrom(1 << 20, 1 << 20, 60),
});

function join16(lines: string[], eol: string): string {
  if (eol !== "mixed") return lines.join(eol);
  return lines.map((line, index) => line + ["\r\n", "\n", "\r\n", "\r"][index % 4]).join("");
}

describe("icacls UTF-16LE byte reader", () => {
  it("reads the repository's real icacls dumps and the samples' exactly as the line reader does", async () => {
    const files = [
      join(FIXTURES, "acl", "icacls-healthy-en-ps51.txt"),
      join(FIXTURES, "acl", "icacls-missing-fc-en-ps51.txt"),
      join(SAMPLES, "healthy", "acl", "icacls-wsus-paths.txt"),
      join(SAMPLES, "acl-missing-full-control", "acl", "icacls-wsus-paths.txt"),
      join(SAMPLES, "acl-localised-de", "acl", "icacls-wsus-pfade.txt"),
      join(SAMPLES, "quickstart", "acl", "icacls-wsus-paths.txt"),
    ];
    for (const path of files) {
      let bytes: Buffer = await readFile(path);
      // a cmd redirection (8-bit) is read by the line reader: here as the UTF-16 PowerShell writes
      if (bytes[0] !== 0xff) bytes = utf16(bytes.toString("latin1"));
      for (const sizes of [[], [1], [3], [4096], [7, 64, 1]]) await assertSame(bytes, sizes);
    }
  });

  it("a recursive dump: repeated blocks read as bytes, the first objects and every DENY kept as the line reader keeps them", async () => {
    const blocks: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const path = `D:\\WSUS\\WsusContent\\${(n % 7).toString(16)}\\${n.toString(16).padStart(40, "0")}.cab`;
      const aces = n % 501 === 3 ? ACE_LISTS[3]! : n % 97 === 0 ? FOLDER_ACES : FILE_ACES;
      blocks.push(
        [`${path} ${aces[0]}`, ...aces.slice(1).map((ace) => " ".repeat(path.length + 1) + ace)].join("\r\n"),
      );
    }
    const text = `${blocks.join("\r\n\r\n")}\r\n\r\nSuccessfully processed 3000 files; Failed processing 0 files\r\n`;
    await assertSame(utf16(text), [65_536]);
    await assertSame(utf16(text), [1021, 2, 333]);
  });

  it("reads random awkward dumps (damaged blocks, odd paths, every line break, any chunking) exactly as the line reader does", async () => {
    await fc.assert(
      fc.asyncProperty(dump, async ({ blocks, eol, bom, finalBreak, sizes, maxLineLength }) => {
        const text = join16(blocks.flat(), eol) + (finalBreak ? "\r\n" : "");
        await assertSame(utf16(text, bom), sizes, maxLineLength);
      }),
      { numRuns: 400 },
    );
  });
});
