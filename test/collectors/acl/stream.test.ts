/**
 * A recursive icacls dump read as it streams (ADR 0024): the objects kept are exactly those the
 * whole-text parser reads for the same paths, the rest are counted per folder, and chunk
 * boundaries (UTF-16 code units, CRLF pairs, 8-bit code pages) change nothing.
 */
import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import { aclSource, mergeAcl } from "../../../src/collectors/acl/index.js";
import type { AclFacts, AclFragment } from "../../../src/collectors/acl/facts.js";
import { parseIcacls } from "../../../src/collectors/acl/icacls.js";
import { parseIcaclsSave } from "../../../src/collectors/acl/get-acl.js";
import { textLines } from "../../../src/collectors/acl/decode.js";
import { KEEP_LIMITS } from "../../../src/collectors/acl/keep.js";
import { networkServiceAccess } from "../../../src/checks/acl/facts.js";
import type { Facts } from "../../../src/collectors/facts.js";
import { FIXTURES, collectWith } from "./helpers.js";

/**
 * `icacls D:\WSUS /T` as Windows prints it: folders carry (OI)(CI) entries, files only inherited
 * plain ones; WSUSContent has explicit entries (WSUS setup adds them); every 997th file has an
 * explicit DENY. Paths aligned, blocks separated by an empty line, the summary at the end.
 */
function recursiveDump(files: number): string {
  const folderAces = [
    "NT AUTHORITY\\NETWORK SERVICE:(I)(OI)(CI)(F)",
    "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)",
    "BUILTIN\\Administrators:(I)(OI)(CI)(F)",
    "CREATOR OWNER:(I)(OI)(CI)(IO)(F)",
    "BUILTIN\\Users:(I)(OI)(CI)(RX)",
  ];
  const fileAces = [
    "NT AUTHORITY\\NETWORK SERVICE:(I)(F)",
    "NT AUTHORITY\\SYSTEM:(I)(F)",
    "BUILTIN\\Administrators:(I)(F)",
    "BUILTIN\\Users:(I)(RX)",
  ];
  const blocks: string[] = [];
  const block = (path: string, aces: string[]): void => {
    blocks.push(
      [`${path} ${aces[0]}`, ...aces.slice(1).map((ace) => " ".repeat(path.length + 1) + ace)].join("\r\n"),
    );
  };
  block(
    "D:\\WSUS",
    folderAces.map((ace) => ace.replace("(I)", "")),
  );
  block("D:\\WSUS\\WsusContent", ["NT AUTHORITY\\NETWORK SERVICE:(OI)(CI)(F)", ...folderAces]);
  let objects = 2;
  for (let folder = 0; folder < 16 && objects - 2 < files; folder++) {
    const name = `D:\\WSUS\\WsusContent\\${folder.toString(16).toUpperCase().padStart(2, "0")}`;
    block(name, folderAces);
    for (let n = 0; n < files / 16; n++) {
      const index = folder * Math.ceil(files / 16) + n;
      const aces = index % 997 === 7 ? ["NT AUTHORITY\\NETWORK SERVICE:(DENY)(W)", ...fileAces] : fileAces;
      block(`${name}\\${(index * 2654435761).toString(16).toUpperCase().padStart(8, "0")}.cab`, aces);
    }
    objects += 1 + files / 16;
  }
  return `${blocks.join("\r\n\r\n")}\r\nSuccessfully processed ${objects} files; Failed processing 0 files\r\n`;
}

async function collectChunks(bytes: Buffer, chunkBytes: number, path = "acl/icacls-wsus.txt") {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkBytes) chunks.push(bytes.subarray(at, at + chunkBytes));
  const file = await evidenceFileFrom({ path, size: bytes.length, openRaw: () => Readable.from(chunks) });
  return collectWith(aclSource.collectors, file);
}

const utf16 = (text: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);

describe("icacls streamed", () => {
  const text = recursiveDump(16 * 1000);

  it("keeps the first objects, every DENY and every folder, counts the inherited-only files per folder", async () => {
    const { kind, output } = await collectChunks(utf16(text), 65_536);
    assert.equal(kind, "icacls");
    assert.equal(output.status, "parsed");
    const facts = output.facts as AclFragment;
    const whole = parseIcacls(textLines(text), "acl/icacls-wsus.txt");
    assert.equal(whole.objects.length, 16_018);
    assert.equal(output.records, whole.records, "every ACE is read, kept or not");

    const denies = whole.objects.filter((object) => object.aces.some((ace) => ace.type === "deny"));
    const folders = whole.objects.filter((object) => object.aces.some((ace) => ace.containerInherit));
    const expected = whole.objects.filter(
      (object, index) => index < KEEP_LIMITS.first || denies.includes(object) || folders.includes(object),
    );
    assert.ok(denies.length > 10 && folders.length === 18);
    // the kept objects are the whole-text parser's, field for field
    assert.deepEqual(facts.objects, expected);

    const notKept = facts.notKept!;
    assert.equal(notKept.objects, whole.objects.length - expected.length);
    assert.equal(
      notKept.byFolder.reduce((sum, entry) => sum + entry.objects, 0) + notKept.inOtherFolders,
      notKept.objects,
    );
    assert.ok(notKept.byFolder.some((entry) => entry.folder === "D:\\WSUS\\WsusContent\\0F"));
    assert.ok(output.problems.some((problem) => /counted per folder, not kept/.test(problem.message)));
  });

  it("gives the same facts in 3-byte chunks (code units and CRLF pairs split) as in one piece", async () => {
    const small = recursiveDump(2_400);
    const one = await collectChunks(utf16(small), 1 << 30);
    const tiny = await collectChunks(utf16(small), 3);
    assert.deepEqual(tiny.output, one.output);
    const kept = one.output.facts as AclFragment;
    assert.equal(
      kept.objects.length + kept.notKept!.objects,
      parseIcacls(textLines(small), "x").objects.length,
    );
  });

  it("reads a big dump redirected from cmd in the OEM code page, the code page decided once for the stream", async () => {
    const german = (await readFile(join(FIXTURES, "acl", "icacls-de-cmd-cp850.txt"))).toString("latin1");
    const decoded = iconv.decode(Buffer.from(german, "latin1"), "cp850");
    // the localized dump, then enough ASCII blocks to fill many chunks
    const big = `${decoded}\r\n${recursiveDump(1_600)}`;
    const { output } = await collectChunks(iconv.encode(big, "cp850"), 4_099);
    assert.equal(output.status, "parsed");
    assert.match(output.problems[0]!.message, /code page 850/);
    const facts = output.facts as AclFragment;
    const web = facts.objects.find((object) => object.path.endsWith("WebServices"))!;
    assert.ok(
      web.aces.some((ace) => ace.principal.sid === "S-1-5-20"),
      "NT-AUTORITÄT\\NETZWERKDIENST resolved",
    );
    assert.deepEqual(
      facts.objects.map((object) => object.path),
      parseIcacls(textLines(big), "x")
        .objects.map((object) => object.path)
        .slice(0, facts.objects.length),
    );
  });

  it("streams an icacls /save of a content store: the same keeper, the kept objects as the whole-text parser reads them", async () => {
    const lines: string[] = ["WsusContent", "D:PAI(A;OICI;FA;;;NS)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"];
    for (let n = 0; n < 6_000; n++) {
      lines.push(
        `WsusContent\\${(n % 16).toString(16).toUpperCase()}0\\${n.toString(16).padStart(8, "0")}.cab`,
      );
      lines.push(
        n % 1_000 === 500
          ? "D:AI(D;;FA;;;NS)(A;ID;FA;;;NS)(A;ID;FA;;;SY)"
          : "D:AI(A;ID;FA;;;NS)(A;ID;FA;;;SY)(A;ID;FA;;;BA)",
      );
    }
    const save = `${lines.join("\r\n")}\r\n`;
    const { kind, output } = await collectChunks(utf16(save), 8_191, "acl/acl-save.txt");
    assert.equal(kind, "icacls-save");
    assert.equal(output.status, "parsed");
    const facts = output.facts as AclFragment;
    const whole = parseIcaclsSave(textLines(save), "acl/acl-save.txt");
    const expected = whole.objects.filter(
      (object, index) =>
        index < KEEP_LIMITS.first || object.aces.some((ace) => ace.type === "deny" || !ace.inherited),
    );
    assert.deepEqual(facts.objects, expected);
    assert.equal(facts.notKept!.objects, whole.objects.length - expected.length);
    assert.equal(output.records, whole.records);
  });

  it("a guide path among the counted files is 'not among the objects kept', never 'not in the dump'", () => {
    const facts: AclFacts = mergeAcl([
      {
        file: "acl/icacls-wsus.txt",
        facts: {
          objects: [],
          errors: [],
          notKept: { objects: 40, byFolder: [{ folder: "C:\\Windows", objects: 40 }], inOtherFolders: 0 },
        },
      },
    ]);
    const result = networkServiceAccess({ acl: facts, bundle: { wsus: {} } } as unknown as Facts, {
      paths: [{ path: "%windir%\\Temp", label: "Windows Temp" }],
    });
    assert.equal(result.missing[0]!.status, "missing");
    assert.match(result.missing[0]!.detail, /Not among the objects kept.*40 objects/);
  });
});
