/**
 * Appends an incremental update to a PDF that Chromium (Skia) printed: new versions of some objects
 * under their old numbers and one cross-reference section pointing at them. Nothing before the
 * update moves, so named destinations, the outline and the tags stay valid. Skia writes a classic
 * `trailer` (no cross-reference streams); anything else yields undefined and the caller keeps the
 * file as printed.
 */

export interface ReplacedObject {
  id: number;
  /** A stream object: its (already Flate-compressed) data. */
  stream?: Buffer;
  /** A plain object: its dictionary, written as is (`<< … >>`). */
  dict?: string;
}

export interface PdfTrailer {
  dict: string;
  size: number;
  startxref: number;
}

export function readTrailer(text: string): PdfTrailer | undefined {
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(text);
  const size = trailer ? /\/Size\s+(\d+)/.exec(trailer[1] ?? "") : null;
  if (!trailer || !size) return undefined;
  return { dict: trailer[1] ?? "", size: Number(size[1]), startxref: Number(trailer[2]) };
}

export function appendUpdate(pdf: Buffer, objects: readonly ReplacedObject[], trailer: PdfTrailer): Buffer {
  const parts: Buffer[] = [pdf];
  let offset = pdf.length;
  if (pdf[pdf.length - 1] !== 0x0a) {
    parts.push(Buffer.from("\n"));
    offset += 1;
  }
  const offsets: { id: number; offset: number }[] = [];
  for (const object of objects) {
    const body = object.stream
      ? [
          Buffer.from(
            `${object.id} 0 obj\n<</Filter /FlateDecode\n/Length ${object.stream.length}>>\nstream\n`,
            "latin1",
          ),
          object.stream,
          Buffer.from("\nendstream\nendobj\n", "latin1"),
        ]
      : [Buffer.from(`${object.id} 0 obj\n${object.dict ?? "<<>>"}\nendobj\n`, "latin1")];
    offsets.push({ id: object.id, offset });
    parts.push(...body);
    offset += body.reduce((sum, part) => sum + part.length, 0);
  }
  let xref = "xref\n0 1\n0000000000 65535 f \n";
  for (const { id, offset: at } of offsets.sort((x, y) => x.id - y.id))
    xref += `${id} 1\n${String(at).padStart(10, "0")} 00000 n \n`;
  const keep = ["Root", "Info"]
    .map((key) => new RegExp(`/${key}\\s+\\d+\\s+0\\s+R`).exec(trailer.dict)?.[0])
    .filter(Boolean)
    .join("\n");
  xref += `trailer\n<</Size ${trailer.size}\n${keep}\n/Prev ${trailer.startxref}>>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}
