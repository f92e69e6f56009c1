/** labelValue() reads a rendered message's field lines exactly as the LABEL_LINE pattern does. */
import { it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LABEL_LINE, labelValue } from "../../../src/collectors/nps/event-fields.js";

const viaPattern = (line: string): string | undefined => {
  const match = LABEL_LINE.exec(line);
  return match ? (match[2] ?? "") : undefined;
};

it("real message lines read as the pattern reads them", () => {
  for (const line of [
    "\tSecurity ID:\t\t\tCONTOSO\\PC-XP01$",
    "\tAccount Name:\t\t\thost/PC-XP01.contoso.local",
    "\tQuarantine Session ID:\t\t{5E0E29F1-2459-441D-A575-39224835F0FD} - 2026-11-17 08:00:00.100Z",
    "\tNAS Port:\t\t\t-",
    "\tKontoname:\t\t\tPC-DE01$",
    "User:",
    "\tNo colon here",
    "\tTime: 10:00",
    "  a:b: c ",
    "\t:value",
    "\tlabel\t: x",
    "\tlabel :\u00a0x",
    "\tlabel:",
  ]) {
    assert.equal(labelValue(line), viaPattern(line), JSON.stringify(line));
  }
});

it("any line over a field-like alphabet reads as the pattern reads it", () => {
  const alphabet = fc.constantFrom(" ", "\t", ":", "a", "B", "-", "\u00a0", "\v", "{", "0");
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 24 }).map((chars) => chars.join("")),
      (line) => {
        assert.equal(labelValue(line), viaPattern(line), JSON.stringify(line));
      },
    ),
    { numRuns: 20000 },
  );
});
