/**
 * A guard in front of fast-xml-parser: a '<' that starts no tag, comment, CDATA section,
 * declaration or processing instruction is never well-formed XML, and a long run of them (a file
 * damaged in transfer) makes the parser's time grow with the square of the run — a megabyte took
 * minutes. One linear pass finds the first such '<' so that the reader fails at once, with where.
 */

/**
 * How far entities declared in a document's DOCTYPE may expand, for every XML reader: stated here,
 * not left to the parser's defaults. A billion-laughs document stops at 100,000 expanded characters
 * (per document); no entity is ever fetched from outside the file.
 */
export const XML_ENTITIES = {
  enabled: true,
  /** Characters in one declared entity's value. */
  maxEntitySize: 10_000,
  /** Entities one DOCTYPE may declare. */
  maxEntityCount: 1_000,
  /** Characters all expansions of one document may add. */
  maxExpandedLength: 100_000,
  /**
   * The bounds count the entities a DOCTYPE declares, not `&amp;` and its kin: a large GPO report
   * holds thousands of those, and counting them failed it as "not well-formed".
   */
  appliesTo: "external",
} as const;

/** A character that may follow '<' in well-formed XML: a name start, '/', '!' or '?'. */
const TAG_START = /[A-Za-z_:/!?\u00C0-\uFFFF]/;

/** The offset of the first '<' outside comments and CDATA that cannot start markup, or -1. */
export function strayLessThan(text: string): number {
  let at = text.indexOf("<");
  while (at >= 0) {
    if (text.startsWith("<!--", at)) {
      const end = text.indexOf("-->", at + 4);
      if (end < 0) return -1; // an unterminated comment: the parser reports it, in linear time
      at = text.indexOf("<", end + 3);
      continue;
    }
    if (text.startsWith("<![CDATA[", at)) {
      const end = text.indexOf("]]>", at + 9);
      if (end < 0) return -1;
      at = text.indexOf("<", end + 3);
      continue;
    }
    if (!TAG_START.test(text.charAt(at + 1))) return at;
    at = text.indexOf("<", at + 1);
  }
  return -1;
}

/** Throws, as the parser would, when the text has a stray '<'; says on which line. */
export function assertNoStrayLessThan(text: string): void {
  const at = strayLessThan(text);
  if (at < 0) return;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
  throw new Error(`a '<' that starts no element at line ${line} (the file is damaged or is not XML)`);
}
