/**
 * The Get-GPOReport splitter that cuts unread policies itself and counts each GPO's lines in the
 * cut text (issue 19 second pass) against the frozen splitter before it (reference-gpo-slices.ts)
 * followed by the cut, as the reader did: the same pieces, the same first lines, the same failures,
 * on the samples' reports and on random reports (CRLF, LF, lone CR, comments, damaged structure)
 * fed in random pieces.
 */
import { strict as assert } from "node:assert";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cutUnreadPolicies } from "../../../src/collectors/gpo/gpo-policy-cut.js";
import { GpoReportSplitter } from "../../../src/collectors/gpo/gpo-slices.js";
import { GpoReportSplitter as ReferenceSplitter } from "./reference-gpo-slices.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "..", "samples");

interface Splitter {
  push(text: string): { text: string; firstLine: number }[];
  end(): { text: string; firstLine: number }[];
}

function run(splitter: Splitter, pieces: readonly string[], cut: (text: string) => string): string {
  const out: string[] = [];
  try {
    for (const piece of pieces)
      for (const slice of splitter.push(piece)) out.push(`${slice.firstLine}|${cut(slice.text)}`);
    for (const slice of splitter.end()) out.push(`${slice.firstLine}|${cut(slice.text)}`);
  } catch (error) {
    out.push(`failed: ${(error as Error).message}`);
  }
  return out.join("\n=====\n");
}

function assertSame(text: string, sizes: readonly number[]): void {
  const pieces: string[] = [];
  for (let at = 0, index = 0; at < text.length; index++) {
    const size = sizes.length > 0 ? sizes[index % sizes.length]! : text.length;
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  const expected = run(new ReferenceSplitter(), pieces, cutUnreadPolicies);
  const actual = run(new GpoReportSplitter(cutUnreadPolicies), pieces, (piece) => piece);
  assert.equal(actual, expected);
}

/** What a GPO may hold that looks like its own tags: the splitter must count only real <GPO> and </GPO>. */
const GPO_LOOKALIKES = [
  "",
  "<GPOName>GPO 1</GPOName>",
  "<Name>GPO for GPOs</Name>",
  "<GPO><Name>nested</Name></GPO>",
  "<GPO\r\n  ><Name>nested, a break in the tag</Name></GPO>",
  "<GPO/>",
  "<Note>&lt;GPO&gt; and &lt;/GPO&gt;</Note>",
  "<!-- </GPO> in a comment -->",
  "</GPO >",
];

const GPO = (n: number, eol: string, policies: number, lookalike = ""): string => {
  const policy = (k: number): string =>
    [
      `        <q1:Policy>`,
      `          <q1:Name>${k % 3 === 0 ? "Specify intranet Microsoft update service location" : `Filler ${n}.${k}`}</q1:Name>`,
      `          <q1:State>Enabled</q1:State>`,
      `        </q1:Policy>`,
    ].join(eol);
  return [
    `<GPO xmlns="http://www.microsoft.com/GroupPolicy/Settings">`,
    `  <Name>GPO ${n}</Name>`,
    `  ${lookalike}`,
    `  <Computer>`,
    `    <ExtensionData>`,
    `      <Extension xmlns:q1="http://www.microsoft.com/GroupPolicy/Settings/Registry">`,
    ...Array.from({ length: policies }, (_, k) => policy(k)),
    `      </Extension>`,
    `    </ExtensionData>`,
    `  </Computer>`,
    `</GPO>`,
  ].join(eol);
};

const report = fc.record({
  gpos: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(...GPO_LOOKALIKES)), {
    minLength: 0,
    maxLength: 6,
  }),
  eol: fc.constantFrom("\r\n", "\n", "\r"),
  between: fc.constantFrom("\r\n", "\n", "\r\n  <!-- a\r\ncomment -->\r\n", "\r", " stray text ", "<Other/>"),
  ending: fc.constantFrom(
    "\r\n</report>\r\n",
    "\r\n</report>",
    "\r\n",
    "</report>\r\ntrailing",
    "\r\n</report>\r\n<!-- c -->\r",
  ),
  sizes: fc.array(fc.integer({ min: 1, max: 900 }), { maxLength: 5 }),
});

describe("Get-GPOReport splitter with the policy cut", () => {
  it("gives the samples' reports the same pieces and lines as the splitter before it, in any pieces", async () => {
    for (const name of ["healthy", "gpo-denied", "gpo-no-port", "gpo-unlinked", "clients-not-reporting"]) {
      const bytes = await readFile(join(SAMPLES, name, "gpo", "gpos-all.xml"));
      const text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-8").decode(bytes);
      for (const sizes of [[], [1], [7, 4096], [65_536]]) assertSame(text, sizes);
    }
  });

  it("gives random reports (every line break, comments, damaged structure) the same pieces, lines and failures", () => {
    fc.assert(
      fc.property(report, ({ gpos, eol, between, ending, sizes }) => {
        const text =
          `<?xml version="1.0" encoding="utf-16"?>${eol}<report>${eol}` +
          gpos.map(([policies, lookalike], n) => GPO(n, eol, policies, lookalike)).join(between) +
          ending;
        assertSame(text, sizes);
      }),
      { numRuns: 300 },
    );
  });
});
