/**
 * Where an XML document's root element starts, past its prelude: the declaration, comments,
 * processing instructions, a DOCTYPE (internal subset included) and white space. Kinds are told
 * apart by their root element, and a valid document may put it after a long comment or DOCTYPE —
 * past the 64 KB a probe holds. One linear pass; no parsing of anything else.
 */

/** The offset of the root element's '<'; "incomplete" when the prelude runs to the end of the text; "not-xml" otherwise. */
export function rootElementAt(text: string): number | "incomplete" | "not-xml" {
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  while (at < text.length) {
    if (text.startsWith("<?", at)) at = after(text, "?>", at + 2);
    else if (text.startsWith("<!--", at)) at = after(text, "-->", at + 4);
    else if (text.startsWith("<!DOCTYPE", at)) at = afterDoctype(text, at + 9);
    else if (text[at] === "<" && /[A-Za-z_:\u00C0-\uFFFF]/.test(text.charAt(at + 1))) return at;
    else return "not-xml";
    if (at < 0) return "incomplete";
    at = skipSpace(text, at);
  }
  return "incomplete";
}

/** The text a probe shows for a document whose prelude is long: its declaration, then the root element on. */
export function headPastPrelude(text: string, length: number): string | undefined {
  const root = rootElementAt(text);
  if (typeof root !== "number") return undefined;
  const declaration = /^\uFEFF?\s*(<\?xml[^>]*\?>)/.exec(text)?.[1];
  return (declaration ? `${declaration}\r\n` : "") + text.slice(root, root + length);
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text.charAt(at))) at++;
  return at;
}

function after(text: string, end: string, from: number): number {
  const found = text.indexOf(end, from);
  return found < 0 ? -1 : found + end.length;
}

/** Past `<!DOCTYPE name … [internal subset]>`; quoted strings and comments may hold '>' or ']'. */
function afterDoctype(text: string, from: number): number {
  let inSubset = false;
  for (let at = from; at < text.length; at++) {
    const ch = text[at];
    if (ch === '"' || ch === "'") {
      at = text.indexOf(ch, at + 1);
      if (at < 0) return -1;
    } else if (inSubset && text.startsWith("<!--", at)) {
      at = text.indexOf("-->", at + 4);
      if (at < 0) return -1;
      at += 2;
    } else if (ch === "[") inSubset = true;
    else if (ch === "]") inSubset = false;
    else if (ch === ">" && !inSubset) return at + 1;
  }
  return -1;
}
