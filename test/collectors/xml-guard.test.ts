import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNoStrayLessThan, strayLessThan } from "../../src/collectors/xml-guard.js";

test("markup, comments and CDATA pass; a '<' that starts nothing is found where it is", () => {
  const fine =
    '<?xml version="1.0"?>\n<!DOCTYPE x>\n<a xmlns:q="u"><q:b c="1 &lt; 2"/><!-- a < b --><![CDATA[ x << y ]]>é</a>';
  assert.equal(strayLessThan(fine), -1);
  assert.equal(strayLessThan("<a>1 < 2</a>"), 5);
  assert.equal(strayLessThan("<a><<b/></a>"), 3);
  assert.equal(strayLessThan("<a>x<"), 4);
  assert.throws(
    () => assertNoStrayLessThan('<?xml version="1.0"?>\r\n<a>\r\n<<<</a>'),
    /at line 3 \(the file is damaged/,
  );
});

test("a megabyte of '<' is judged in linear time (fast-xml-parser alone took minutes)", () => {
  const damaged = `<?xml version="1.0"?>\n${"<".repeat(1_500_000)}<GPO/>`;
  const started = performance.now();
  assert.equal(strayLessThan(damaged), 22);
  // generous for a loaded CI machine: the pass takes a few milliseconds
  assert.ok(performance.now() - started < 2000);
});
