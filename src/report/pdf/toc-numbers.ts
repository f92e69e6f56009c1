/**
 * Table-of-contents page numbers from a single print. Before printing, every `.toc-page` holds a
 * probe: the ten digits 0–9 at 1 px in the entry's own font, right-aligned in the column the number
 * will use. Chromium then embeds all ten digit glyphs of that font (with their widths), and the
 * probe's text run tells where the column ends and where the baseline is. After the print we know
 * on which page every heading landed (named destinations of the same file), so each probe run is
 * replaced by the real number at the entry's size: the layout that was printed is the layout the
 * numbers describe, by construction. The change is written as an incremental update (new content
 * streams for the contents pages, a new xref section); nothing else in the file moves.
 *
 * Whenever the file is not what this expects (no probe, a probe split into several runs, a cross-
 * reference stream, an indirect /Length…) the answer is undefined and the caller prints again the
 * slow way: a wrong number is never drawn.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { appendUpdate, readTrailer, type ReplacedObject } from "./incremental-update.js";

/** The probe's digits, in this order: glyph i of a probe run draws digit i. */
export const TOC_PROBE_TEXT = "0123456789";
/** The probe's font size in CSS px: no real text is this small, and ten digits fit the column. */
export const TOC_PROBE_SIZE = 1;

export interface TocSlot {
  /** The id the entry links to (a named destination of the PDF). */
  target: string;
  /** The entry's font size in CSS px, the unit of the content stream's text space. */
  fontSize: number;
}

interface PdfObject {
  dict: string;
  /** Offset of the stream data in the file (latin1 string offsets equal byte offsets). */
  streamStart?: number;
}

interface ProbeRun {
  /** Offsets of "BT … ET" in the decoded content stream. */
  start: number;
  end: number;
  font: string;
  matrix: number[];
  glyphs: string[];
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
const PROBE_BLOCK = new RegExp(
  String.raw`BT\s+/([^\s/]+)\s+(${NUMBER})\s+Tf\s+((?:${NUMBER}\s+){6})Tm\s+<([0-9A-Fa-f]+)>\s*Tj\s+ET`,
  "g",
);

/** Every "N 0 obj" in file order; a later definition (incremental update) replaces an earlier one. */
function readObjects(text: string): Map<number, PdfObject> {
  const map = new Map<number, PdfObject>();
  const pattern = /(?:^|[\r\n\s])(\d+) 0 obj\b/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const start = match.index + match[0].length;
    const endobj = text.indexOf("endobj", start);
    const stream = text.indexOf("stream", start);
    if (endobj === -1) continue;
    if (stream !== -1 && stream < endobj) {
      const dataStart = stream + (text.startsWith("stream\r\n", stream) ? 8 : 7);
      map.set(Number(match[1]), { dict: text.slice(start, stream), streamStart: dataStart });
      // Skip the binary data so that bytes in it are never read as an object header.
      const length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(text.slice(start, stream));
      if (length) pattern.lastIndex = dataStart + Number(length[1]);
    } else {
      map.set(Number(match[1]), { dict: text.slice(start, endobj) });
    }
  }
  return map;
}

function ref(dict: string, key: string): number | undefined {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return match ? Number(match[1]) : undefined;
}

function pagesInOrder(objects: Map<number, PdfObject>, root: number): number[] {
  const pages: number[] = [];
  const visit = (id: number, depth: number) => {
    const dict = objects.get(id)?.dict;
    if (!dict || depth > 32) return;
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict);
    if (kids && /\/Type\s*\/Pages\b/.test(dict)) {
      for (const kid of (kids[1] ?? "").matchAll(/(\d+)\s+0\s+R/g)) visit(Number(kid[1]), depth + 1);
    } else pages.push(id);
  };
  visit(root, 0);
  return pages;
}

/** Glyph id → advance width in 1/1000 em, from a CIDFont's /W array (and /DW). */
function cidWidths(dict: string): (glyph: number) => number | undefined {
  const dw = /\/DW\s+([\d.]+)/.exec(dict);
  const fallback = dw ? Number(dw[1]) : undefined;
  const widths = new Map<number, number>();
  const start = dict.indexOf("/W");
  if (start !== -1 && /^\/W\s*\[/.test(dict.slice(start))) {
    // Tokens of the array: numbers and the brackets of its inner arrays.
    const open = dict.indexOf("[", start);
    const tokens: string[] = [];
    let depth = 0;
    for (const token of dict.slice(open).matchAll(/\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)/g)) {
      if (token[0] === "[") depth += 1;
      else if (token[0] === "]") depth -= 1;
      if (depth === 0) break;
      tokens.push(token[0]);
    }
    tokens.shift();
    for (let i = 0; i < tokens.length;) {
      const first = Number(tokens[i]);
      if (tokens[i + 1] === "[") {
        let j = i + 2;
        for (let glyph = first; tokens[j] !== "]" && j < tokens.length; j++, glyph++)
          widths.set(glyph, Number(tokens[j]));
        i = j + 1;
      } else {
        const last = Number(tokens[i + 1]);
        const width = Number(tokens[i + 2]);
        for (let glyph = first; glyph <= last && glyph - first < 65536; glyph++) widths.set(glyph, width);
        i += 3;
      }
    }
  }
  return (glyph) => widths.get(glyph) ?? fallback;
}

function fontWidths(
  objects: Map<number, PdfObject>,
  pageDict: string,
  fontName: string,
): ((glyph: number) => number | undefined) | undefined {
  const fontsStart = pageDict.indexOf("/Font");
  if (fontsStart === -1) return undefined;
  const fontRef = new RegExp(`/${fontName.replace(/[^\w-]/g, "\\$&")}\\s+(\\d+)\\s+0\\s+R`).exec(
    pageDict.slice(fontsStart),
  );
  const font = fontRef ? objects.get(Number(fontRef[1]))?.dict : undefined;
  if (!font || !/\/Subtype\s*\/Type0\b/.test(font) || !/\/Identity-H\b/.test(font)) return undefined;
  const descendant = /\/DescendantFonts\s*\[\s*(\d+)\s+0\s+R/.exec(font);
  const cid = descendant ? objects.get(Number(descendant[1]))?.dict : undefined;
  return cid ? cidWidths(cid) : undefined;
}

function probeRuns(content: string): ProbeRun[] {
  const runs: ProbeRun[] = [];
  for (const match of content.matchAll(PROBE_BLOCK)) {
    if (Number(match[2]) !== TOC_PROBE_SIZE) continue;
    const hex = match[4] ?? "";
    if (hex.length !== TOC_PROBE_TEXT.length * 4) continue;
    const glyphs = hex.match(/.{4}/g) ?? [];
    if (new Set(glyphs).size !== glyphs.length) continue;
    runs.push({
      start: match.index,
      end: match.index + match[0].length,
      font: match[1] ?? "",
      matrix: (match[3] ?? "").trim().split(/\s+/).map(Number),
      glyphs,
    });
  }
  return runs;
}

function format(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

/** The text block that draws `page` where the probe was, right-aligned to the probe's right edge. */
function numberBlock(
  run: ProbeRun,
  page: number,
  fontSize: number,
  width: (glyph: number) => number | undefined,
): string | undefined {
  const advance = (glyph: string) => width(parseInt(glyph, 16));
  let probeWidth = 0;
  for (const glyph of run.glyphs) {
    const w = advance(glyph);
    if (w === undefined || w <= 0) return undefined;
    probeWidth += (w * TOC_PROBE_SIZE) / 1000;
  }
  const glyphs = [...String(page)].map((digit) => run.glyphs[Number(digit)] ?? "");
  let textWidth = 0;
  for (const glyph of glyphs) textWidth += ((advance(glyph) ?? 0) * fontSize) / 1000;
  const [a = 1, b = 0, c = 0, d = -1, x = 0, y = 0] = run.matrix;
  // Tm's x axis is the text direction; Chromium writes [1 0 0 -1 x y] (no rotation, no skew).
  if (a !== 1 || b !== 0 || c !== 0 || Math.abs(d) !== 1) return undefined;
  const left = x + probeWidth - textWidth;
  return `BT\n/${run.font} ${format(fontSize)} Tf\n${a} ${b} ${c} ${d} ${format(left)} ${format(y)} Tm\n<${glyphs.join("")}> Tj\nET`;
}

/**
 * The PDF with every probe replaced by its entry's page number, or undefined when the probes are
 * not exactly one per slot, in order, each readable (the caller then prints again with the numbers
 * written into the HTML). An entry whose target has no destination gets no number.
 */
export function drawTocNumbers(
  pdf: Buffer,
  slots: readonly TocSlot[],
  pageOf: ReadonlyMap<string, number>,
): Buffer | undefined {
  if (slots.length === 0) return pdf;
  const text = pdf.toString("latin1");
  const trailer = readTrailer(text);
  if (!trailer) return undefined; // a cross-reference stream: not written by Chromium today
  const root = ref(trailer.dict, "Root");
  if (root === undefined) return undefined;
  const objects = readObjects(text);
  const pagesRoot = ref(objects.get(root)?.dict ?? "", "Pages");
  if (pagesRoot === undefined) return undefined;

  const replaced: ReplacedObject[] = [];
  let slot = 0;
  for (const pageId of pagesInOrder(objects, pagesRoot)) {
    if (slot === slots.length) break;
    const pageDict = objects.get(pageId)?.dict ?? "";
    const contentsId = ref(pageDict, "Contents");
    const contents = contentsId === undefined ? undefined : objects.get(contentsId);
    if (!contents || contents.streamStart === undefined) continue;
    const length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(contents.dict);
    if (!length || !/\/Filter\s*\/FlateDecode\b/.test(contents.dict) || /\/DecodeParms/.test(contents.dict))
      return undefined;
    let content: string;
    try {
      content = inflateSync(
        pdf.subarray(contents.streamStart, contents.streamStart + Number(length[1])),
      ).toString("latin1");
    } catch {
      return undefined;
    }
    const runs = probeRuns(content);
    if (runs.length === 0) continue;
    let rewritten = "";
    let at = 0;
    for (const run of runs) {
      const entry = slots[slot];
      if (!entry) return undefined;
      slot += 1;
      const width = fontWidths(objects, pageDict, run.font);
      if (!width) return undefined;
      const page = pageOf.get(entry.target);
      let block = "";
      if (page !== undefined) {
        const drawn = numberBlock(run, page, entry.fontSize, width);
        if (drawn === undefined) return undefined;
        block = drawn;
      }
      rewritten += content.slice(at, run.start) + block;
      at = run.end;
    }
    rewritten += content.slice(at);
    replaced.push({ id: contentsId!, stream: deflateSync(Buffer.from(rewritten, "latin1")) });
  }
  if (slot !== slots.length) return undefined;
  return appendUpdate(pdf, replaced, trailer);
}
