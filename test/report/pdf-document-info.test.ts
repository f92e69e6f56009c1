/**
 * Document properties and the running header's CSS, without a browser: the Info dictionary update
 * must keep what Chromium wrote, encode any character, and leave a file of another shape alone;
 * the margin boxes must carry the customer's own text safely (quotes, backslashes, line breaks).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { setDocumentInfo, pdfTextString } from "../../src/report/pdf/document-info.js";
import { pageMarginCss } from "../../src/report/pdf/session.js";

/** A minimal PDF laid out as Skia writes it: one entry per line in the Info dictionary. */
function skiaPdf(): Buffer {
  const objects = [
    "1 0 obj\n<</Title <FEFF0041>\n/Creator (Mozilla/5.0 \\(X11\\) HeadlessChrome/156.0.0.0)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261207191628+00'00')>>\nendobj\n",
    "2 0 obj\n<</Type /Catalog\n/Pages 3 0 R>>\nendobj\n",
    "3 0 obj\n<</Type /Pages\n/Count 0\n/Kids []>>\nendobj\n",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(body.length);
    body += object;
  }
  const xrefAt = body.length;
  body += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<</Size 4\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.from(body, "latin1");
}

function decodeTextString(hex: string): string {
  const bytes = Buffer.from(hex.slice(4), "hex");
  let text = "";
  for (let i = 0; i < bytes.length; i += 2) text += String.fromCharCode(bytes.readUInt16BE(i));
  return text;
}

test("setDocumentInfo appends an Info update that keeps Chromium's dates and producer", () => {
  const original = skiaPdf();
  const updated = setDocumentInfo(original, {
    title: "WSUS audit · Müller & Söhne «Köln»",
    author: "A. Consultant",
    subject: "WSUS audit · 2026-11-18",
    creator: "wsus-audit 1.2.3",
  });
  assert.ok(updated.subarray(0, original.length).equals(original), "nothing before the update moves");
  const update = updated.subarray(original.length).toString("latin1");
  const dict = /1 0 obj\n<<([\s\S]*?)>>\nendobj/.exec(update)?.[1] ?? "";
  const entries = new Map(
    dict.split("\n").map((line) => [line.split(" ")[0], line.slice(line.indexOf(" ") + 1)]),
  );
  assert.equal(
    decodeTextString((entries.get("/Title") ?? "").slice(1, -1)),
    "WSUS audit · Müller & Söhne «Köln»",
  );
  assert.equal(decodeTextString((entries.get("/Author") ?? "").slice(1, -1)), "A. Consultant");
  assert.equal(decodeTextString((entries.get("/Creator") ?? "").slice(1, -1)), "wsus-audit 1.2.3");
  assert.equal(entries.get("/Producer"), "(Skia/PDF m156)");
  assert.equal(entries.get("/CreationDate"), "(D:20261207191628+00'00')");
  assert.match(
    update,
    /trailer\n<<\/Size 4\n\/Root 2 0 R\n\/Info 1 0 R\n\/Prev \d+>>\nstartxref\n\d+\n%%EOF\n$/,
  );
  const xrefOffset = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(update)?.[1]);
  assert.equal(updated.subarray(xrefOffset, xrefOffset + 4).toString("latin1"), "xref");
});

test("setDocumentInfo leaves a file it cannot read as printed", () => {
  const noTrailer = Buffer.from("%PDF-1.5\n1 0 obj\n<</Type /XRef>>\nendobj\nstartxref\n9\n%%EOF", "latin1");
  assert.equal(setDocumentInfo(noTrailer, { title: "x" }), noTrailer);
  const oneLine = Buffer.from(
    skiaPdf().toString("latin1").replace("<FEFF0041>\n/Creator", "<FEFF0041> /Creator"),
    "latin1",
  );
  assert.equal(setDocumentInfo(oneLine, { title: "x" }), oneLine);
});

test("pdfTextString encodes any character as UTF-16BE with a byte-order mark", () => {
  assert.equal(pdfTextString("A·"), "<FEFF004100B7>");
  assert.equal(decodeTextString(pdfTextString("Ünïcødé (x) \\ ✓").slice(1, -1)), "Ünïcødé (x) \\ ✓");
});

test("the running header's CSS keeps the customer's text inside its string", () => {
  const css = pageMarginCss({
    paper: "a4",
    headerTitle: 'Audit · "Contoso" \\ Co\nLtd',
    footerText: "Northwind",
    pageLabel: "Seite",
    ofLabel: "von",
  });
  assert.match(css, /@top-left \{ content: "Audit · \\"Contoso\\" \\\\ Co Ltd";/);
  assert.match(css, /@bottom-right \{ content: "Seite " counter\(page\) " von " counter\(pages\);/);
  assert.match(css, /@page :first \{ @top-left \{ content: none \}/);
});
