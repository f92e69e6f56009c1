/**
 * Get-GPOReport read GPO by GPO (gpo-slices.ts, gpo-policy-cut.ts; ADR 0024): the facts of a grown
 * -All report, streamed in small chunks, equal what the tree code reads from the whole document —
 * every GPO's Windows Update settings and policies with their file lines.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { evidenceFileFrom } from "../../../src/bundle/evidence-file.js";
import { parseGpoReport } from "../../../src/collectors/gpo/gpo-report.js";
import { cutUnreadPolicies } from "../../../src/collectors/gpo/gpo-policy-cut.js";
import { GpoReportSplitter, GpoSliceError } from "../../../src/collectors/gpo/gpo-slices.js";
import { readRegistryExtension, registryExtensions } from "../../../src/collectors/gpo/registry-extension.js";
import { NS, kid, kids, parseXml } from "../../../src/collectors/gpo/xml-tree.js";
import type { GpoFragment } from "../../../src/collectors/gpo/facts.js";
import { FIXTURES, collectFile } from "./helpers.js";

const fixtureText = async (name: string): Promise<string> =>
  (await readFile(join(FIXTURES, name))).subarray(2).toString("utf16le");

/**
 * The fixture's -All report with filler administrative-template policies added to every GPO's
 * Computer side (as a big domain's GPOs hold), a comment between two GPOs, and N copies of it all.
 */
async function grownReport(copies: number): Promise<string> {
  const text = await fixtureText("gporeport-all.xml");
  const gpos = text.match(/<GPO[ >][\s\S]*?<\/GPO>/g)!;
  const head = text.slice(0, text.indexOf(gpos[0]!));
  const tail = text.slice(text.lastIndexOf("</GPO>") + "</GPO>".length);
  const filler = (n: number): string =>
    `<q9:Policy>\r\n        <q9:Name>Filler setting ${n} &amp; more</q9:Name>\r\n        <q9:State>Enabled</q9:State>\r\n      </q9:Policy>\r\n` +
    `<q9:Policy>\r\n        <q9:Name>Turn off Autoplay ${n}</q9:Name>\r\n        <q9:State>Enabled</q9:State>\r\n        <q9:Category>System/Filler</q9:Category>\r\n      </q9:Policy>\r\n`;
  const grown: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const gpo of gpos) {
      const block =
        '<ExtensionData>\r\n      <Extension xmlns:q9="http://www.microsoft.com/GroupPolicy/Settings/Registry" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="q9:RegistrySettings">\r\n' +
        Array.from({ length: 20 }, (_, n) => filler(n)).join("") +
        "      </Extension>\r\n      <Name>Registry</Name>\r\n    </ExtensionData>\r\n  </Computer>";
      grown.push(
        gpo.replace("</Computer>", block).replace(/<Name>([^<]*)<\/Name>/, `<Name>$1 ${copy}</Name>`),
      );
    }
  }
  return head + grown.join("\r\n  <!-- next GPO -->\r\n") + tail;
}

function utf16Chunks(text: string, size: number): Readable {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

async function streamed(text: string, chunkBytes: number): Promise<GpoFragment> {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const file = await evidenceFileFrom({
    path: "gpo/gpos-all.xml",
    size: bytes.length,
    openRaw: () => utf16Chunks(text, chunkBytes),
  });
  const output = await collectFile(file);
  assert.equal(output.kind, "gpo-report-xml");
  assert.equal(output.status, "parsed", output.reason);
  return output.facts!;
}

test("a grown -All report streamed in odd chunks gives every GPO the whole-document tree gives, lines included", async () => {
  const text = await grownReport(3);
  const facts = await streamed(text, 1001); // odd: UTF-16 code units and tags split across chunks
  assert.equal(facts.kind, "gpo-report-xml");
  assert.ok(facts.kind === "gpo-report-xml" && facts.complete);
  const whole = parseXml(text)!;
  const nodes = kids(whole, "GPO", NS.settings);
  assert.equal(facts.kind === "gpo-report-xml" && facts.gpos.length, nodes.length);
  assert.equal(nodes.length, 15);
  if (facts.kind !== "gpo-report-xml") return;
  nodes.forEach((node, index) => {
    const gpo = facts.gpos[index]!;
    assert.equal(gpo.line, node.line, `line of GPO ${index}`);
    const computer = kid(node, "Computer", NS.settings);
    const expected = { settings: [] as unknown[], policies: [] as unknown[] };
    for (const extension of registryExtensions(kids(computer, "ExtensionData", NS.settings))) {
      const read = readRegistryExtension(extension, {
        file: "gpo/gpos-all.xml",
        kind: "gpo-report-xml",
        gpo: gpo.name,
        gpoId: gpo.id,
        problems: [],
      });
      expected.settings.push(...read.settings);
      expected.policies.push(...read.policies);
    }
    assert.deepEqual(gpo.settings, expected.settings, `settings of ${gpo.name}`);
    assert.deepEqual(gpo.policies, expected.policies, `policies of ${gpo.name}`);
  });
  assert.ok(facts.gpos.some((gpo) => gpo.setsWsus && gpo.settings.length > 0));
});

test("the same facts whether the report arrives in one piece or in 7-byte chunks", async () => {
  const text = await grownReport(1);
  assert.deepEqual(await streamed(text, 7), parseGpoReport(text, "gpo/gpos-all.xml").facts);
});

test("cutting unread policies keeps Windows Update ones, names with entities, and every line break", async () => {
  const text = await grownReport(1);
  const gpo = text.match(/<GPO[ >][\s\S]*?<\/GPO>/)![0];
  const cut = cutUnreadPolicies(gpo);
  assert.ok(cut.length < gpo.length, "the filler is cut");
  assert.equal(cut.split("\n").length, gpo.split("\n").length, "every line keeps its number");
  assert.ok(!cut.includes("Turn off Autoplay"));
  assert.ok(cut.includes("Filler setting 0 &amp; more"), "a name with an entity is left to the parser");
  const wu = (await fixtureText("gporeport-all.xml")).match(/<q1:Policy>[\s\S]*?<\/q1:Policy>/g)!;
  for (const policy of wu)
    assert.ok(cutUnreadPolicies(text).includes(policy), "Windows Update policies stay");
});

test("a prefix bound to Registry in one extension and to another namespace elsewhere is not cut", () => {
  const gpo =
    '<GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings"><Computer><ExtensionData><Extension xmlns:q1="http://www.microsoft.com/GroupPolicy/Settings/Registry">' +
    "<q1:Policy><q1:Name>Turn off Autoplay</q1:Name></q1:Policy></Extension></ExtensionData><ExtensionData>" +
    '<Extension xmlns:q1="http://www.microsoft.com/GroupPolicy/Settings/Security"><q1:Policy><q1:Name>Other</q1:Name></q1:Policy></Extension>' +
    "</ExtensionData></Computer></GPO>";
  assert.equal(cutUnreadPolicies(gpo), gpo);
});

function split(
  text: string,
  pieces = [text],
): { slices: { text: string; firstLine: number }[]; root?: string } {
  const splitter = new GpoReportSplitter();
  const slices = pieces.flatMap((piece) => splitter.push(piece));
  slices.push(...splitter.end());
  return { slices, root: splitter.root };
}

const GPO = (name: string) =>
  `<GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings"><Name>${name}</Name></GPO>`;

test("splitter: line numbers across CRLF, LF and lone CR, a nested <GPOName>, comments between GPOs", () => {
  const text = `<?xml version="1.0"?>\r\n<report xmlns:x="urn:x">\r\n${GPO("a")}\n<!-- c -->\r${GPO("b").replace("<Name>", "<GPOName>x</GPOName><Name>")}\r\n</report>\r\n`;
  const whole = split(text);
  assert.equal(whole.root, "report");
  assert.deepEqual(
    whole.slices.map((slice) => slice.firstLine),
    [3, 5],
  );
  assert.ok(whole.slices[0]!.text.startsWith('<report xmlns:x="urn:x"><GPO'));
  assert.ok(whole.slices[1]!.text.endsWith("</GPO></report>"));
  const byChar = split(text, [...text]);
  assert.deepEqual(byChar, whole);
});

test("splitter: a single-GPO report, an empty -All report, and broken documents say what is wrong", () => {
  assert.deepEqual(split(`\uFEFF${GPO("one")}\r\n`).slices, [{ text: GPO("one"), firstLine: 1 }]);
  assert.deepEqual(split("<report/>").slices, []);
  const broken: [string, RegExp][] = [
    [`<report>${GPO("a")}`, /ends before <\/report>/],
    [`<report>${GPO("a")}stray text</report>`, /text between GPOs/],
    [`<report><Other/></report>`, /other than <GPO>/],
    [`<report></report><more/>`, /text after <\/report>/],
    [`<Rsop></Rsop>`, /neither a GPO report/],
    [`not xml at all`, /not well-formed/],
  ];
  for (const [text, reason] of broken) {
    assert.throws(
      () => split(text),
      (error: unknown) => error instanceof GpoSliceError && reason.test(error.message),
      text,
    );
  }
});

test("a GPO whose own XML is broken fails the file, naming the GPO's line", () => {
  const output = parseGpoReport(
    `<report>\r\n${GPO("a")}\r\n<GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings"><Name>b < c</Name></GPO>\r\n</report>`,
    "x.xml",
  );
  assert.equal(output.status, "failed");
  assert.match(output.reason ?? "", /not well-formed XML.*line 3/);
});
