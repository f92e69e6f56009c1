import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { Readable } from "node:stream";
import { evidenceFileFromBytes, makeProbe, splitLines } from "../../src/bundle/evidence-file.js";
import { detectEncoding } from "../../src/bundle/encoding.js";
import { describeDamagedCompression, isDamagedCompression } from "../../src/bundle/damaged-compression.js";

const utf16le = (text: string, bom = true): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);
const utf16be = (text: string): Buffer => {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

async function collect(lines: AsyncIterable<{ text: string; number: number; truncated?: boolean }>) {
  const out = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe("encoding detection", () => {
  it("reads a UTF-16LE BOM whatever the XML declaration says", () => {
    const bytes = utf16le('<?xml version="1.0" encoding="utf-8"?>\r\n<Rsop/>');
    assert.deepEqual(detectEncoding(bytes), { encoding: "utf-16le", bomLength: 2 });
  });
  it("reads UTF-16BE and UTF-8 BOMs", () => {
    assert.equal(detectEncoding(utf16be("abc")).encoding, "utf-16be");
    assert.equal(detectEncoding(Buffer.from("\uFEFFabc", "utf8")).encoding, "utf-8");
  });
  it("recognises UTF-16LE without a BOM from its zero bytes", () => {
    assert.equal(
      detectEncoding(utf16le("C:\\Windows\\Temp NT AUTHORITY\\NETWORK SERVICE:(F)", false)).encoding,
      "utf-16le",
    );
  });
  it("tells UTF-8 from ANSI (Windows-1252) by validity", () => {
    assert.equal(detectEncoding(Buffer.from("NT-AUTORITÄT\\NETZWERKDIENST", "utf8")).encoding, "utf-8");
    assert.equal(
      detectEncoding(Buffer.from("NT-AUTORIT\xC4T\\NETZWERKDIENST", "latin1")).encoding,
      "windows-1252",
    );
  });
  it("calls binary formats binary", () => {
    assert.equal(detectEncoding(Buffer.from("PReg\x01\x00\x00\x00[\x00", "latin1")).encoding, undefined);
  });
});

describe("EvidenceFile", () => {
  it("decodes a UTF-16LE CRLF export into numbered lines without the BOM", async () => {
    const file = await evidenceFileFromBytes(
      "acl/icacls.txt",
      utf16le("C:\\WSUS NT AUTHORITY\\SYSTEM:(F)\r\n\r\nSuccessfully processed 1 files\r\n"),
    );
    assert.equal(file.encoding, "utf-16le");
    assert.equal(file.hasBom, true);
    const lines = await collect(file.lines());
    assert.deepEqual(
      lines.map((l) => [l.number, l.text]),
      [
        [1, "C:\\WSUS NT AUTHORITY\\SYSTEM:(F)"],
        [2, ""],
        [3, "Successfully processed 1 files"],
      ],
    );
    assert.equal((await file.readText()).startsWith("C:\\WSUS"), true);
  });

  it("reads gzip transparently and probes the decompressed text", async () => {
    const log =
      "#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time\r\n2026-11-18 10:00:00\r\n";
    const file = await evidenceFileFromBytes("u_ex261118.log.gz", gzipSync(Buffer.from(log)));
    assert.equal(file.compression, "gzip");
    assert.equal(file.encoding, "utf-8");
    const probe = await makeProbe(file);
    assert.match(probe.head, /^#Software: Microsoft Internet Information Services/);
    assert.equal((await collect(file.lines())).length, 3);
  });

  it("probes the first bytes of a .gz that was cut short, and says so when it is read whole", async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `2026-11-18 10:00:00 10.0.0.${i % 250}\r\n`);
    const log = `#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time c-ip\r\n${lines.join("")}`;
    const gz = gzipSync(Buffer.from(log));
    const file = await evidenceFileFromBytes("u_ex261118.log.gz", gz.subarray(0, gz.length - 40));
    assert.equal(file.encoding, "utf-8");
    assert.match((await makeProbe(file)).head, /^#Software: Microsoft Internet Information Services/);
    await assert.rejects(file.readBytes(), (error: unknown) => {
      assert.equal(isDamagedCompression(error), true);
      assert.match(
        describeDamagedCompression(error),
        /^the gzip data is cut short \(unexpected end of file\)$/,
      );
      return true;
    });
  });

  it("keeps a character split across chunks and CRLF split across chunks", async () => {
    const bytes = utf16le("Größe\r\nzweite Zeile\r\n", false);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 11), bytes.subarray(11, 12), bytes.subarray(12)];
    const lines = await collect(splitLines(Readable.from(chunks), "utf-16le", 1000));
    assert.deepEqual(
      lines.map((l) => l.text),
      ["Größe", "zweite Zeile"],
    );
    assert.deepEqual(
      lines.map((l) => l.number),
      [1, 2],
    );
  });

  it("accepts LF and lone CR line ends", async () => {
    const lines = await collect(splitLines(Readable.from([Buffer.from("a\nb\rc\r\nd")]), "utf-8", 1000));
    assert.deepEqual(
      lines.map((l) => l.text),
      ["a", "b", "c", "d"],
    );
  });

  it("cuts a pathological line, flags it, and keeps numbering the following lines", async () => {
    const huge = "x".repeat(50_000);
    const lines = await collect(
      splitLines(Readable.from([Buffer.from(`first\n${huge}\nlast\n`)]), "utf-8", 100),
    );
    assert.deepEqual(
      lines.map((l) => [l.number, l.text.length, l.truncated ?? false]),
      [
        [1, 5, false],
        [2, 100, true],
        [3, 4, false],
      ],
    );
  });
});
