/**
 * Reads the named destinations of a PDF that Chromium printed: for every element id that a link
 * targets (the table of contents links every heading), the page it landed on. This is how the
 * table of contents gets its page numbers: print once, read where each heading is, fill the numbers
 * in, print again. Chromium (Skia) writes plain dictionaries (no object streams), so a small
 * reader of "N 0 obj << … >>" is enough; anything it cannot read yields an empty map.
 */

function objects(pdf: string): Map<number, string> {
  const map = new Map<number, string>();
  const pattern = /(?:^|[\r\n\s])(\d+) 0 obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(pdf)) !== null) {
    const start = match.index + match[0].length;
    const ends = [pdf.indexOf("endobj", start), pdf.indexOf("stream", start)].filter((i) => i !== -1);
    if (ends.length === 0) continue;
    map.set(Number(match[1]), pdf.slice(start, Math.min(...ends)));
  }
  return map;
}

function ref(dict: string, key: string): number | undefined {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return match ? Number(match[1]) : undefined;
}

function decodeName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Page object number → 1-based page index, walking the page tree in order. */
function pageIndex(all: Map<number, string>, root: number): Map<number, number> {
  const pages = new Map<number, number>();
  const visit = (id: number, depth: number) => {
    const dict = all.get(id);
    if (!dict || depth > 32) return;
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict);
    if (kids && /\/Type\s*\/Pages\b/.test(dict)) {
      for (const kid of (kids[1] ?? "").matchAll(/(\d+)\s+0\s+R/g)) visit(Number(kid[1]), depth + 1);
    } else {
      pages.set(id, pages.size + 1);
    }
  };
  visit(root, 0);
  return pages;
}

export function pdfDestinations(pdf: Buffer): Map<string, number> {
  const text = pdf.toString("latin1");
  const all = objects(text);
  const result = new Map<string, number>();
  const catalog = [...all.values()].find((dict) => /\/Type\s*\/Catalog\b/.test(dict));
  if (!catalog) return result;
  const pagesRoot = ref(catalog, "Pages");
  const destsId = ref(catalog, "Dests");
  if (pagesRoot === undefined || destsId === undefined) return result;
  const pages = pageIndex(all, pagesRoot);
  const dests = all.get(destsId) ?? "";
  for (const match of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const page = pages.get(Number(match[2]));
    if (page !== undefined) result.set(decodeName(match[1] ?? ""), page);
  }
  return result;
}

/** The number of pages, from the page tree's root (0 when unreadable). */
export function pdfPageCount(pdf: Buffer): number {
  let count = 0;
  for (const dict of objects(pdf.toString("latin1")).values()) {
    if (!/\/Type\s*\/Pages\b/.test(dict)) continue;
    const match = /\/Count\s+(\d+)/.exec(dict);
    if (match) count = Math.max(count, Number(match[1]));
  }
  return count;
}
