/**
 * Issue 20 case 11: a valid XML document whose root element starts after the first 64 KB (a long
 * comment, white space or DOCTYPE before it) was "not recognised": kinds are told apart by the root
 * element, and the probe held only the prelude.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { rootElementAt } from "../../src/bundle/xml-prelude.js";
import { collectOne, utf16le } from "../security/helpers.js";

const GPRESULT = readFileSync(new URL("../fixtures/gpo/gpresult-pc0042.xml", import.meta.url));
const APPLICATION_HOST = readFileSync(
  new URL("../../samples/healthy/iis/applicationHost.config", import.meta.url),
  "utf8",
);

describe("XML whose root element starts after the first 64 KB (issue 20 case 11)", () => {
  it("gpresult /x (UTF-16LE) behind a 100 KB comment is read like the original", async () => {
    const text = new TextDecoder("utf-16le").decode(GPRESULT); // BOM dropped
    const declarationEnd = text.indexOf("?>") + 2;
    const long = `${text.slice(0, declarationEnd)}<!-- ${"exported by a script that explains itself at length. ".repeat(2_000)}-->${text.slice(declarationEnd)}`;
    const original = await collectOne("gpo/PC0042.xml", GPRESULT);
    const padded = await collectOne("gpo/PC0042.xml", utf16le(long));
    assert.ok(Buffer.byteLength(long, "utf16le") - GPRESULT.length > 64 * 1024);
    assert.equal(original.entry.kind, "gpresult-xml");
    assert.equal(padded.entry.kind, "gpresult-xml", padded.entry.reason);
    assert.equal(padded.entry.status, "parsed");
    assert.equal(padded.entry.records, original.entry.records);
    assert.deepEqual(
      JSON.stringify(padded.collected.facts.gpo),
      JSON.stringify(original.collected.facts.gpo),
    );
  });

  it("applicationHost.config behind white space and a DOCTYPE whose subset holds '>' and ']' is read", async () => {
    const doctype = `<!DOCTYPE configuration [\r\n  <!-- a comment with > and ] inside -->\r\n  <!ENTITY note "a > b ]">\r\n]>`;
    const text = APPLICATION_HOST.replace(
      /^(\uFEFF?<\?xml[^>]*\?>)?/,
      (declaration) => `${declaration}\r\n${" ".repeat(70_000)}\r\n${doctype}\r\n`,
    );
    const { entry } = await collectOne("iis/applicationHost.config", Buffer.from(text));
    assert.equal(entry.kind, "iis-applicationhost-config", entry.reason);
    assert.equal(entry.status, "parsed");
  });

  it("finds the root element past any prelude, in one pass", () => {
    const document = '<?xml version="1.0"?>\n<!-- c -->\n<?pi x?>\n<root/>';
    assert.equal(rootElementAt(document), document.indexOf("<root"));
    assert.equal(rootElementAt("\uFEFF  <a>"), 3);
    const doctype = "<!DOCTYPE r [<!ENTITY e '<x>'>]><r/>";
    assert.equal(rootElementAt(doctype), doctype.indexOf("<r/>"));
    assert.equal(rootElementAt("<!-- not closed"), "incomplete");
    assert.equal(rootElementAt(`<!-- ${"x".repeat(100_000)}`), "incomplete");
    assert.equal(rootElementAt("#Software: Microsoft Internet Information Services"), "not-xml");
    assert.equal(rootElementAt("< not a tag"), "not-xml");
    const started = Date.now();
    rootElementAt(`<!DOCTYPE r [${"<!-- ] > -->".repeat(200_000)}`);
    // linear: tens of ms; a quadratic scan of this prelude would take minutes
    assert.ok(Date.now() - started < 5_000);
  });
});
